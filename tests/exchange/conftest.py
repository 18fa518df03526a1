"""Shared pieces of the exchange tests: a small interview, its codes, and readers of a project."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

from tests.conftest import run
from tests.exchange.builders import Code, Selection

TEXT = (
    "Interviewer: How do cases reach you?\n"
    "Respondent: Mostly from the sheriff's office. We also get calls from the hotline.\n"
    "Interviewer: What gets in the way?\n"
    "Respondent: Money. We have two staff for the whole county.\n"
)

POLICE = Code("Law enforcement", description="The referral came from police.")
HOTLINE = Code("Hotline", description="Calls from a hotline.")
RESOURCES = Code("Resources", description="Not enough money or staff.")
CODES = [
    Code("Referral streams", [POLICE, HOTLINE], codable=False, description="How cases arrive."),
    Code("Challenges", [RESOURCES], codable=False),
]


def select(
    text: str, words: str, code: Code, user: str, *, name: bool = True, nth: int = 0
) -> Selection:
    """A selection of the ``nth`` occurrence of ``words`` in ``text`` (code points)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return Selection(start, start + len(words), [(code.guid, user)], name=words if name else "")


def codings(project: Path) -> list[tuple[str, str, str]]:
    """Every (segment id, coder, code) with a code, from `codings export`."""
    result = run("codings", "export", project)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))[1:]
    return sorted((row[0], row[1], row[2]) for row in rows if row[2])


def query(project: Path, sql: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(project)
    try:
        return list(connection.execute(sql).fetchall())
    finally:
        connection.close()


def segments(project: Path) -> list[tuple[str, str, str]]:
    """(document, speaker, text) of every segment in reading order."""
    return [
        (str(d), str(s), str(t))
        for d, s, t in query(
            project,
            "SELECT d.name, s.speaker, s.text FROM segments s JOIN documents d "
            "ON d.id = s.document_id ORDER BY d.name, s.n",
        )
    ]


def memos(project: Path) -> list[tuple[str, str, object, str]]:
    """(coder, document, segment n or None, text) of every memo that is not a note on a code."""
    return sorted(
        query(
            project,
            "SELECT c.name, d.name, s.n, m.text FROM memos m JOIN coders c ON c.id = m.coder_id "
            "LEFT JOIN segments s ON s.id = m.segment_id JOIN documents d "
            "ON d.id = COALESCE(m.document_id, s.document_id) WHERE m.code_id IS NULL",
        ),
        key=str,
    )
