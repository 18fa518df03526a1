"""Reading transcripts: files, formats, speaker turns and segmentation."""
