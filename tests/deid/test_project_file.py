"""SPEC §6: the project file never holds identifying text.

The whole annotated test set is imported with deidentification, then the SQLite file's bytes
(and its -wal file, if one is left) are searched for every annotated identifier.

Which values are checked, honestly: a value is skipped only when it could legitimately be in the
file for another reason, namely
- it is shorter than 4 characters (such a string, e.g. "Lan" or "Vo", occurs inside ordinary
  words and in binary page data: "Landscaping", "Vocational"); these are checked instead as
  whole words in every row of the database (its SQL dump);
- it also occurs in a transcript outside any annotation (as ordinary text that is not an
  identifier there), or in the codebook, which the project stores.
Every other value must be absent. The skipped values are listed and asserted below, so a change
in what is skipped is visible.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from tests.conftest import CODEBOOK, run
from tests.deid.annotated import AnnotatedTranscript


def _unannotated(transcript: AnnotatedTranscript) -> str:
    chars = list(transcript.text)
    for annotation in transcript.identifiers:
        for i in range(annotation.start, annotation.end):
            chars[i] = " "
    return "".join(chars)


def test_no_original_identifier_is_in_the_project_file(
    tmp_path: Path, test_set: list[AnnotatedTranscript]
) -> None:
    folder = tmp_path / "transcripts"
    folder.mkdir()
    for transcript in test_set:
        (folder / f"{transcript.name}.txt").write_text(transcript.text, encoding="utf-8")
    project = tmp_path / "deid.qualcode"
    assert run("new", project, "--codebook", CODEBOOK).exit_code == 0
    result = run("add", project, folder)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Added 12 document(s), 228 segments (turn)")

    data = project.read_bytes()
    wal = Path(f"{project}-wal")
    if wal.exists():
        data += wal.read_bytes()
    ordinary = "\n".join(_unannotated(t) for t in test_set) + CODEBOOK.read_text(encoding="utf-8")
    values = sorted({a.text for t in test_set for a in t.identifiers})
    too_short = [v for v in values if len(v) < 4]
    elsewhere = [v for v in values if len(v) >= 4 and v in ordinary]
    checked = [v for v in values if len(v) >= 4 and v not in ordinary]

    assert too_short == ["Lan", "Luz", "Sam", "Vo"]
    assert elsewhere == []
    assert len(checked) == len(values) - 4 == 372
    leaked = [value for value in checked if value.encode("utf-8") in data]
    assert leaked == []
    with sqlite3.connect(project) as connection:
        content = "\n".join(connection.iterdump())
    assert "[PERSON_1]" in content  # the dump does hold the segments
    words = [v for v in too_short if re.search(rf"(?<![\w-]){re.escape(v)}(?![\w-])", content)]
    assert words == []


def test_the_byte_search_finds_text_that_was_not_deidentified(
    tmp_path: Path, test_set: list[AnnotatedTranscript]
) -> None:
    """A control for the test above: the same search does find identifiers when they are
    stored (a transcript imported with --no-deidentify)."""
    first = test_set[0]
    path = tmp_path / f"{first.name}.txt"
    path.write_text(first.text, encoding="utf-8")
    project = tmp_path / "raw.qualcode"
    run("new", project, "--codebook", CODEBOOK)
    assert run("add", project, path, "--no-deidentify").exit_code == 0
    data = project.read_bytes()
    wal = Path(f"{project}-wal")
    if wal.exists():
        data += wal.read_bytes()
    values = {a.text for a in first.identifiers if len(a.text) >= 4}
    assert all(value.encode("utf-8") in data for value in values)
