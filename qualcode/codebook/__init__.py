"""Codebooks: the YAML format of SPEC §5, validation with positions, and revision rules."""

from qualcode.codebook.parse import (
    CodebookError,
    Problem,
    content_hash,
    load_codebook,
    parse_codebook,
)

__all__ = ["CodebookError", "Problem", "content_hash", "load_codebook", "parse_codebook"]
