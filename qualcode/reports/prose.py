"""Documents made of headings, paragraphs, bullets and quotes, written as Markdown or Word
(python-docx): the codebook appendix and the quote book share them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO

#: Characters XML 1.0 cannot hold (a .docx is XML); tab, line feed and carriage return can.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

KINDS = ("title", "heading", "paragraph", "label", "bullet", "quote", "source")


@dataclass(frozen=True)
class Block:
    """``kind`` is one of :data:`KINDS`; ``level`` is a heading's level (1 to 4)."""

    kind: str
    text: str
    level: int = 1


def write_markdown(blocks: Sequence[Block], out: IO[str]) -> None:
    lines: list[str] = []
    previous = ""
    for block in blocks:
        text = " ".join(block.text.split())
        if block.kind == "bullet":
            if previous != "bullet":
                lines.append("")
            lines.append(f"- {text}")
        else:
            lines.append("")
            if block.kind == "title":
                lines.append(f"# {text}")
            elif block.kind == "heading":
                lines.append(f"{'#' * min(block.level + 1, 6)} {text}")
            elif block.kind == "label":
                lines.append(f"**{text}**")
            elif block.kind == "quote":
                lines.append(f"> {text}")
            elif block.kind == "source":
                lines.append(f"— {text}")
            else:
                lines.append(text)
        previous = block.kind
    out.write("\n".join(lines).lstrip("\n") + "\n")


def write_docx(blocks: Sequence[Block], out: IO[bytes]) -> None:
    from docx import Document
    from docx.shared import Pt

    document = Document()
    for block in blocks:
        text = _XML_ILLEGAL.sub("", block.text)
        if block.kind == "title":
            document.add_heading(text, level=0)
        elif block.kind == "heading":
            document.add_heading(text, level=min(block.level, 4))
        elif block.kind == "label":
            document.add_paragraph().add_run(text).bold = True
        elif block.kind == "bullet":
            document.add_paragraph(text, style="List Bullet")
        elif block.kind == "quote":
            document.add_paragraph(text, style="Quote")
        elif block.kind == "source":
            paragraph = document.add_paragraph()
            run = paragraph.add_run(text)
            run.italic = True
            run.font.size = Pt(9)
        else:
            document.add_paragraph(text)
    document.save(out)
