"""The codebook as a methods appendix, and the quote book, as :class:`Block` documents.

The appendix gives, family by family, each code's label and id, definition, when to use it,
when not to, and examples: the structure of team-based codebooks (SPEC §5.1). The quote book
gives every coded segment under its family and code, with participant, role and segment id.
"""

from __future__ import annotations

from collections.abc import Sequence

from qualcode.model import Code, Codebook
from qualcode.reports.prose import Block
from qualcode.reports.quotes import Quote


def codebook_appendix(codebook: Codebook) -> list[Block]:
    version = f", version {codebook.version}" if codebook.version else ""
    blocks = [Block("title", f"Codebook: {codebook.name}{version}")]
    if codebook.description:
        blocks.append(Block("paragraph", codebook.description))
    codes = sum(1 for code in codebook.codes() if not code.retired)
    blocks.append(
        Block(
            "paragraph",
            f"{len(codebook.families)} code families and {codes} codes. Code ids "
            "(family.code) are the ones the data files use; a code's sub-codes are listed "
            "under it, and a segment coded with a sub-code counts for its parent too.",
        )
    )
    for family in codebook.families:
        blocks.append(Block("heading", f"{family.label} ({family.id})", 1))
        if family.description:
            blocks.append(Block("paragraph", family.description))
        if family.exclusive:
            blocks.append(Block("paragraph", "At most one code of this family per segment."))
        for code in family.walk():
            blocks += _code(code)
    return blocks


def _code(code: Code) -> list[Block]:
    depth = code.id.count(".")  # 1 for family.code, 2 for a sub-code
    retired = " — retired, kept for earlier codings" if code.retired else ""
    blocks = [Block("heading", f"{code.label} ({code.id}){retired}", min(depth + 1, 4))]
    blocks.append(Block("paragraph", f"Definition: {code.definition}"))
    for title, items in (
        ("Use when", code.include),
        ("Do not use when", code.exclude),
        ("Examples", code.examples),
    ):
        if items:
            blocks.append(Block("label", title))
            kind = "quote" if title == "Examples" else "bullet"
            blocks += [Block(kind, item) for item in items]
    return blocks


def quote_book(codebook: Codebook, quotes: Sequence[Quote], source: str) -> list[Block]:
    """Quotes under family and code headings (codebook order), each with its participant,
    role and segment id."""
    by_code: dict[str, list[Quote]] = {}
    for quote in quotes:
        by_code.setdefault(quote.code, []).append(quote)
    blocks = [
        Block("title", f"Quote book: {codebook.name}"),
        Block(
            "paragraph",
            f"{len(quotes)} quotes: every coded segment, under its code (a parent code also "
            f"lists its sub-codes' segments). Source of codings: {source}.",
        ),
    ]
    for family in codebook.families:
        codes = [code for code in family.walk() if code.id in by_code]
        if not codes:
            continue
        blocks.append(Block("heading", family.label, 1))
        for code in codes:
            found = by_code[code.id]
            count = f"{len(found)} quote{'s' if len(found) != 1 else ''}"
            depth = code.id.count(".")
            blocks.append(Block("heading", f"{code.label} ({code.id}): {count}", depth + 1))
            for quote in found:
                blocks.append(Block("quote", quote.text))
                participant = quote.participant_id or quote.document
                role = quote.attributes.get("role") or "role not recorded"
                blocks.append(Block("source", f"{participant}, {role}, {quote.segment_id}"))
    return blocks
