"""Which transcript files qualcode reads, by extension."""

from __future__ import annotations

from pathlib import Path

from qualcode.errors import InputFileError

TEXT_FORMATS = {".txt": "txt", ".md": "md", ".vtt": "vtt", ".srt": "srt"}
FORMATS = {**TEXT_FORMATS, ".docx": "docx"}


def transcript_format(path: Path) -> str:
    """The reader for a file, by its extension; raises for unsupported files."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        supported = ", ".join(sorted(FORMATS))
        raise InputFileError(
            f"{path}: unsupported file type '{path.suffix or '(none)'}'. qualcode reads "
            f"{supported}; convert the transcript to one of these."
        )
    return fmt
