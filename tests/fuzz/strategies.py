"""Hypothesis strategies shared by the fuzz tests: nasty values and generic mutations.

Mutations are lists of small operations drawn one by one, so that hypothesis shrinks a failing
input to the fewest operations at the smallest positions.
"""

from __future__ import annotations

import codecs

from hypothesis import strategies as st

#: YAML nested 5,000 levels deep, in one line.
DEEP_YAML = "[" * 5000 + "]" * 5000
#: A "billion laughs" in one line of YAML flow style: nine levels of nine aliases.
ALIAS_BOMB = (
    "[&a0 [x, x, x, x, x, x, x, x, x], "
    + ", ".join(f"&a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10))
    + "]"
)

#: Values that have broken parsers before: YAML specials, CSV and spreadsheet specials, markup,
#: control characters, bidi overrides, BOMs, surrogate-looking text and very long strings.
NASTY_STRINGS = [
    "",
    " ",
    "\t",
    "\x00",
    "\x0b\x0c",
    "\x1b[31m",
    "\ufeff",
    "\u202e",
    "\u2028",
    "\x85",
    "🙂",
    "ﬁ",
    "é",
    "Ω≈ç√",
    "訪談",
    "null",
    "~",
    "yes",
    "no",
    "1e400",
    "0x1F",
    "2024-02-30",
    "- ",
    ": ",
    "? ",
    "[",
    "]",
    "{",
    "}",
    "&a",
    "*a",
    "!!python/object/apply:os.system ['true']",
    "!!binary AAAA",
    "%YAML 1.1",
    "---",
    "...",
    "|",
    ">-",
    "#",
    "'",
    '"',
    '""',
    ",",
    '","',
    "=cmd|' /C calc'!A0",
    "+1",
    "-1",
    "@SUM(A1)",
    "<script>alert(1)</script>",
    "'; DROP TABLE segments; --",
    "%s%n",
    "{0}",
    "\\",
    "C:\\temp\\x.txt",
    "../../etc/passwd",
    "Interviewer:",
    "Respondent:",
    "x" * 300,
    "long " * 2000,
    DEEP_YAML,
    ALIAS_BOMB,
]

nasty = st.sampled_from(NASTY_STRINGS)

#: Short free text, any code point except surrogates.
free_text = st.text(max_size=24)

interesting = st.one_of(nasty, free_text)


@st.composite
def mutated_lines(draw: st.DrawFn, text: str, pool: st.SearchStrategy[str] = interesting) -> str:
    """``text`` with up to five line-level or character-level edits."""
    lines = text.split("\n")
    count = draw(st.integers(min_value=1, max_value=5))
    for _ in range(count):
        if not lines:
            lines = [""]
        where = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        op = draw(
            st.sampled_from(
                [
                    "delete",
                    "duplicate",
                    "swap",
                    "insert",
                    "replace_value",
                    "insert_chars",
                    "indent",
                    "dedent",
                    "tabs",
                    "truncate",
                    "long_line",
                    "blank_out",
                ]
            )
        )
        line = lines[where]
        if op == "delete":
            del lines[where]
        elif op == "duplicate":
            lines.insert(where, line)
        elif op == "swap":
            other = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            lines[where], lines[other] = lines[other], line
        elif op == "insert":
            lines.insert(where, draw(pool))
        elif op == "replace_value":
            head, sep, _ = line.partition(":")
            lines[where] = head + (sep or ":") + " " + draw(pool)
        elif op == "insert_chars":
            at = draw(st.integers(min_value=0, max_value=len(line)))
            lines[where] = line[:at] + draw(pool) + line[at:]
        elif op == "indent":
            lines[where] = draw(st.sampled_from([" ", "  ", "   ", "\t"])) + line
        elif op == "dedent":
            lines[where] = line.lstrip()
        elif op == "tabs":
            lines[where] = line.replace("  ", "\t")
        elif op == "truncate":
            cut = draw(st.integers(min_value=0, max_value=len(line)))
            lines = [*lines[:where], line[:cut]]
        elif op == "long_line":
            lines[where] = line + draw(st.sampled_from(["x", "word ", ": ", "- ["])) * draw(
                st.sampled_from([1_000, 100_000])
            )
        elif op == "blank_out":
            lines[where] = draw(st.sampled_from(["", " ", "\t", "\u00a0", "\u3000"]))
    return "\n".join(lines)


#: Encodings text files arrive in: those qualcode detects, and some it must refuse or be told.
ENCODINGS = [
    "utf-8",
    "utf-8-sig",
    "utf-16",
    "utf-16-le",
    "utf-16-be",
    "utf-32",
    "cp1252",
    "latin-1",
    "mac-roman",
    "shift_jis",
]


@st.composite
def encoded(draw: st.DrawFn, text: str) -> tuple[bytes, str]:
    """``text`` in a random encoding and line ending, with the encoding's name; characters the
    encoding lacks are replaced."""
    encoding = draw(st.sampled_from(ENCODINGS))
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return text.replace("\n", ending).encode(encoding, errors="replace"), encoding


#: File signatures that readers sniff.
MAGIC = [
    b"%PDF-1.7\n",
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff\xe0",
    b"GIF89a",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"{\\rtf1",
    b"PK\x03\x04",
    b"\x1f\x8b\x08",
    codecs.BOM_UTF8,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
    codecs.BOM_UTF32_LE,
]


@st.composite
def mutated_bytes(draw: st.DrawFn, data: bytes, max_ops: int = 4) -> bytes:
    """``data`` with up to ``max_ops`` byte-level edits."""
    buffer = bytearray(data)
    for _ in range(draw(st.integers(min_value=1, max_value=max_ops))):
        where = draw(st.integers(min_value=0, max_value=len(buffer)))
        op = draw(
            st.sampled_from(
                ["flip", "insert", "delete", "truncate", "nul", "overwrite", "magic", "append"]
            )
        )
        if op == "flip" and where < len(buffer):
            buffer[where] ^= draw(st.integers(min_value=1, max_value=255))
        elif op == "insert":
            buffer[where:where] = draw(st.binary(min_size=1, max_size=16))
        elif op == "delete":
            size = draw(st.integers(min_value=1, max_value=64))
            del buffer[where : where + size]
        elif op == "truncate":
            del buffer[where:]
        elif op == "nul":
            buffer[where:where] = b"\x00"
        elif op == "overwrite":
            chunk = draw(st.binary(min_size=1, max_size=64))
            buffer[where : where + len(chunk)] = chunk
        elif op == "magic":
            buffer[0:0] = draw(st.sampled_from(MAGIC))
        elif op == "append":
            buffer += draw(st.binary(min_size=1, max_size=64))
    return bytes(buffer)


#: Whole-file replacements that every reader must refuse or accept cleanly.
DEGENERATE_FILES = [
    b"",
    b" ",
    b"\n\n\n",
    " \t\r\n \u3000\u00a0".encode(),
    b"\x00",
    b"\x00" * 1000,
    codecs.BOM_UTF8,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF8 + b"\n",
    b"\xff\xfe\x00",
    b"\xff" * 64,
    b"\x80\x81\x82",
    b"\r",
    b"\r\n" * 10,
    b"---",
    b"---\n---\n",
    b",,,\n",
    b'"',
]

degenerate_files = st.sampled_from(DEGENERATE_FILES)
