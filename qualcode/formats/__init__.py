"""File formats qualcode reads and writes: text decoding, CSV, the codings CSV."""
