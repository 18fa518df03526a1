"""Copies between backends (exact) and merging a coder's work from another copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualcode.project import open_project
from qualcode.project.coding import CodingSession
from qualcode.project.reconciliation import ReconcileSession
from tests.conftest import content, dump, run

GOOD = (
    "segment_id,coder,code\n"
    "int01:2,ana,referral.law_enforcement\n"
    "int01:4,ana,challenges.resources\n"
    "int01:2,ben,referral.hotline\n"
    "int01:4,ben,challenges.resources\n"
)


def csv(tmp_path: Path, text: str, name: str = "c.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def code(location: str, coder: str, n: int, code_id: str, document: str = "int01") -> None:
    """One toggle in the coding service, as the coding UI makes it."""
    with open_project(location) as opened:
        session = CodingSession(opened, coder)
        document_id = next(d.id for d in session.documents() if d.name == document)
        session.open(document_id, document)
        index = next(i for i, s in enumerate(session.document.segments) if s.n == n)  # type: ignore[union-attr]
        change = session.toggle(index, code_id)
        session.apply(change)
        session.write(change)


def memo(location: str, coder: str, n: int | None, text: str) -> None:
    with open_project(location) as opened:
        session = CodingSession(opened, coder)
        document_id = next(d.id for d in session.documents() if d.name == "int01")
        session.open(document_id, "int01")
        index = None if n is None else n - 1
        session.save_memo(index, text)()


def codings_of(location: str, coder: str) -> list[tuple[str, int, str]]:
    tables = content(location)
    documents = {row[0]: row[1] for row in tables["documents"]}
    segments = {row[0]: (documents[row[1]], row[2]) for row in tables["segments"]}
    coder_ids = {row[1]: row[0] for row in tables["coders"]}
    return sorted(
        (*segments[row[0]], row[2]) for row in tables["codings"] if row[1] == coder_ids[coder]
    )


@pytest.fixture
def lead(project: Path, tmp_path: Path) -> str:
    """The lead's project (a file) with two coders' codings, a reconciliation and a note."""
    assert run("codings", "import", project, csv(tmp_path, GOOD)).exit_code == 0
    memo(str(project), "ana", 2, "Sheriff refers most cases.")
    with open_project(project) as opened:
        session = ReconcileSession(opened, "ana", "ben", "lee")
        unit = next(u for u in session.disputes)
        session.write([session.decide(unit, "a", note="Police named first.")])
        session.save_code_note("referral.hotline", "Split state and national hotlines?")
    return str(project)


def test_file_to_server_to_file_is_exact(lead: str, pg_url: str, tmp_path: Path) -> None:
    back = tmp_path / "back.qualcode"
    to_server = run("copy", lead, pg_url)
    assert to_server.exit_code == 0, to_server.stderr
    assert ":" not in to_server.stdout.split(" to ")[1].split("@")[0].split("//")[1]
    assert run("copy", pg_url, back).exit_code == 0
    assert content(pg_url) == content(lead)
    assert content(back) == content(lead)
    # The two SQLite files hold the same schema and rows (in another physical order).
    assert sorted(dump(back)) == sorted(dump(Path(lead)))
    # The copy on the server goes on with the next ids, and its output is the file's.
    for command in (("codings", "export"), ("kappa",), ("documents",)):
        assert run(*command[:1], *command[1:], pg_url).stdout == run(
            *command[:1], *command[1:], lead
        ).stdout.replace(lead, pg_url)
    code(pg_url, "ana", 4, "referral.hotline")
    assert content(pg_url)["audit_log"][-1][0] == content(lead)["audit_log"][-1][0] + 1


def test_copy_refuses_an_existing_target_and_changes_nothing(
    lead: str, pg_url: str, tmp_path: Path
) -> None:
    other = tmp_path / "other.qualcode"
    assert run("copy", lead, other).exit_code == 0
    before = dump(other)
    refused = run("copy", lead, other)
    assert refused.exit_code == 1 and "already exists" in refused.stderr
    assert dump(other) == before
    assert run("copy", lead, pg_url).exit_code == 0
    server = content(pg_url)
    again = run("copy", lead, pg_url)
    assert again.exit_code == 1 and "already holds a qualcode project" in again.stderr
    assert content(pg_url) == server


def test_a_coders_work_merges_back_once(lead: str, location: str) -> None:
    assert run("copy", lead, location).exit_code == 0  # ana's laptop (a file or a server)
    code(location, "ana", 4, "referral.hotline")
    code(location, "ana", 2, "referral.law_enforcement")  # toggled off
    memo(location, "ana", None, "Long pauses throughout.")
    code(location, "ben", 4, "referral.hotline")  # ben's work there is not asked for
    before = content(lead)
    merged = run("merge", lead, location, "--coder", "ana")
    assert merged.exit_code == 0, merged.stderr
    assert "3 coder segment(s), 0 reconciliation(s), 0 note(s), 3 audit entries" in merged.stdout
    assert (
        codings_of(lead, "ana")
        == codings_of(location, "ana")
        == [
            ("int01", 4, "challenges.resources"),
            ("int01", 4, "referral.hotline"),
        ]
    )
    assert codings_of(lead, "ben") == [
        ("int01", 2, "referral.hotline"),
        ("int01", 4, "challenges.resources"),
    ]
    after = content(lead)
    memos = {row[5] for row in after["memos"]}
    assert "Long pauses throughout." in memos
    new_audit = [row[1:] for row in after["audit_log"][len(before["audit_log"]) :]]
    theirs = [row[1:] for row in content(location)["audit_log"]]
    assert [row[2] for row in new_audit] == [
        "coding_added",
        "coding_removed",
        "memo_saved",
        "merged",
    ]
    assert all(row in theirs for row in new_audit[:3])  # their history, as it was written
    # A second merge finds nothing new and changes nothing.
    again = run("merge", lead, location, "--coder", "ana")
    assert again.exit_code == 0
    assert again.stdout.startswith("Nothing new in")
    assert content(lead) == after


def test_conflicts_are_listed_and_nothing_applied_unless_preferred(
    lead: str, tmp_path: Path
) -> None:
    laptop = str(tmp_path / "laptop.qualcode")
    assert run("copy", lead, laptop).exit_code == 0
    code(lead, "ana", 4, "referral.hotline")  # the same segment, changed in both copies
    code(laptop, "ana", 4, "referral.law_enforcement")
    code(laptop, "ana", 2, "referral.hotline")  # and one changed only on the laptop
    before = content(lead)
    refused = run("merge", lead, laptop)
    assert refused.exit_code == 1
    assert "1 conflict(s)" in refused.stderr
    assert (
        "  ana on int01:4: here challenges.resources, referral.hotline; in "
        f"{laptop} challenges.resources, referral.law_enforcement\n" in refused.stderr
    )
    assert "--prefer ours" in refused.stderr
    assert content(lead) == before
    ours = run("merge", lead, laptop, "--prefer", "ours")
    assert ours.exit_code == 0, ours.stderr
    assert codings_of(lead, "ana") == [
        ("int01", 2, "referral.hotline"),
        ("int01", 2, "referral.law_enforcement"),
        ("int01", 4, "challenges.resources"),
        ("int01", 4, "referral.hotline"),
    ]
    settled = content(lead)
    assert run("merge", lead, laptop).stdout.startswith("Nothing new")
    assert content(lead) == settled


def test_prefer_theirs_takes_the_other_copys_version(lead: str, tmp_path: Path) -> None:
    laptop = str(tmp_path / "laptop.qualcode")
    assert run("copy", lead, laptop).exit_code == 0
    code(lead, "ana", 4, "referral.hotline")
    code(laptop, "ana", 4, "referral.law_enforcement")
    assert run("merge", lead, laptop, "--prefer", "theirs").exit_code == 0
    assert codings_of(lead, "ana") == codings_of(laptop, "ana")


def test_reconciliations_and_notes_merge(lead: str, tmp_path: Path) -> None:
    laptop = str(tmp_path / "laptop.qualcode")
    assert run("copy", lead, laptop).exit_code == 0
    with open_project(laptop) as opened:
        session = ReconcileSession(opened, "ana", "ben", "lee")
        unit = next(u for u in session.disputes)
        session.write([session.decide(unit, "b", note="Hotline on reflection.")])
        session.save_code_note("challenges.resources", "Staff and money apart?")
    result = run("merge", lead, laptop)
    assert result.exit_code == 0, result.stderr
    assert "1 reconciliation(s), 1 note(s)" in result.stdout
    ours, theirs = content(lead), content(laptop)
    assert ours["reconciliations"] == theirs["reconciliations"]
    assert ours["consensus_codings"] == theirs["consensus_codings"]
    assert sorted(row[5] for row in ours["memos"]) == sorted(row[5] for row in theirs["memos"])


def test_copies_of_different_projects_are_refused(
    lead: str, tmp_path: Path, mini_codebook: Path
) -> None:
    laptop = str(tmp_path / "laptop.qualcode")
    assert run("copy", lead, laptop).exit_code == 0
    extra = tmp_path / "int03.txt"
    extra.write_text("Interviewer: Hello?\nRespondent: Hi.\n", encoding="utf-8")
    assert run("add", laptop, extra, "--no-deidentify").exit_code == 0
    revised = tmp_path / "revised.yaml"
    revised.write_text(
        mini_codebook.read_text(encoding="utf-8").replace("version: 1", "version: 2"),
        encoding="utf-8",
    )
    assert run("codebook", "update", laptop, revised).exit_code == 0
    code(laptop, "ana", 4, "referral.hotline")
    before = content(lead)
    refused = run("merge", lead, laptop)
    assert refused.exit_code == 1
    assert refused.stderr.startswith(f"Error: {laptop} is not a copy of {lead}, so nothing was")
    assert f"  documents only in {laptop}: int03\n" in refused.stderr
    assert "  codebook versions differ (1 here, 2 in" in refused.stderr
    assert content(lead) == before
    assert "cannot be merged into itself" in run("merge", lead, lead).stderr


def test_offline_copy_of_a_server_project_merges_back_into_the_server(
    lead: str, pg_url: str, tmp_path: Path
) -> None:
    """The README's workflow: the project lives on the server, ana takes a copy home."""
    assert run("copy", lead, pg_url).exit_code == 0
    laptop = str(tmp_path / "ana-laptop.qualcode")
    assert run("copy", pg_url, laptop).exit_code == 0
    code(laptop, "ana", 4, "referral.hotline")
    code(pg_url, "ben", 4, "referral.hotline")  # meanwhile, ben on the server
    merged = run("merge", pg_url, laptop, "--coder", "ana")
    assert merged.exit_code == 0, merged.stderr
    assert codings_of(pg_url, "ana") == codings_of(laptop, "ana")
    assert ("int01", 4, "referral.hotline") in codings_of(pg_url, "ben")
    server = content(pg_url)
    assert run("merge", pg_url, laptop, "--coder", "ana").stdout.startswith("Nothing new")
    assert content(pg_url) == server
    # New rows on the server continue its own ids after the merge.
    code(pg_url, "ben", 2, "challenges.resources")
    ids = [row[0] for row in content(pg_url)["audit_log"]]
    assert ids == sorted(set(ids))
