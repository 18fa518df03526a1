"""One change from the coding UI, written on either backend: the codings, the review mark and the
audit rows of exactly what changed, nothing twice, and nothing at all when the change fails (on a
server it is sent as one round trip: ``CodingQueries.apply``)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from qualcode.errors import ProjectError
from qualcode.project import open_project
from qualcode.project.coding import CodingSession
from qualcode.store import engine as engine_module
from tests.conftest import TRANSCRIPT, content, run


def coding_rows(location: str) -> list[tuple[object, ...]]:
    return sorted((row[0], row[2]) for row in content(location)["codings"])


def audit_changes(location: str) -> list[tuple[object, ...]]:
    return [
        (row[2], row[3], row[4], row[5], row[6], row[8])
        for row in content(location)["audit_log"]
        if str(row[3]).startswith("coding_")
    ]


def test_a_change_writes_what_changed_and_a_replay_writes_nothing(any_project: str) -> None:
    with open_project(any_project) as project:
        session = CodingSession(project, "ana")
        document = session.open(session.documents()[0].id, "int01")
        segment = document.segments[1].pk
        first = session.change(1, ("referral.hotline", "challenges.resources"), ())
        session.write(first)
        reviewed = [row for row in content(any_project)["reviews"] if row[0] == segment]
        # Replace hotline by law enforcement; "referral.gone" is not on the segment.
        second = session.change(
            1, ("referral.law_enforcement",), ("referral.hotline", "referral.gone")
        )
        session.write(second)
        session.write(second)  # again, as a replay from the recovery journal would
    assert coding_rows(any_project) == [
        (segment, "challenges.resources"),
        (segment, "referral.law_enforcement"),
    ]
    assert audit_changes(any_project) == [
        ("ana", "coding_added", "int01", 2, "referral.hotline", "coding UI"),
        ("ana", "coding_added", "int01", 2, "challenges.resources", "coding UI"),
        ("ana", "coding_removed", "int01", 2, "referral.hotline", "coding UI"),
        ("ana", "coding_added", "int01", 2, "referral.law_enforcement", "coding UI"),
    ]
    # One review mark, with the time of the first change.
    assert [row for row in content(any_project)["reviews"] if row[0] == segment] == reviewed
    assert len(reviewed) == 1


def test_a_failed_change_writes_nothing_and_the_next_one_is_written(any_project: str) -> None:
    with open_project(any_project) as project:
        session = CodingSession(project, "ana")
        session.open(session.documents()[0].id, "int01")
        before = content(any_project)
        broken = session.change(2, ("referral.hotline", "referral.no_such_code"), ())
        with pytest.raises(ProjectError, match="nothing was saved"):
            session.write(broken)
        assert content(any_project) == before
        session.write(session.change(2, ("referral.hotline",), ()))
        segment = session.document.segments[2].pk if session.document else None
    assert coding_rows(any_project) == [(segment, "referral.hotline")]
    assert [row[1] for row in audit_changes(any_project)] == ["coding_added"]


def test_one_code_applied_and_removed_and_replays_write_nothing(any_project: str) -> None:
    """The coding UI's usual change, one code (on a server its own statement, see
    ``ADD_CODE_ON_SERVER``): the same rows and the same answer to a replay as any change."""
    with open_project(any_project) as project:
        session = CodingSession(project, "zoe.o-brien")
        document = session.open(session.documents()[0].id, "int01")
        segment = document.segments[0].pk
        with pytest.raises(ProjectError, match="nothing was saved"):
            session.write(session.change(0, ("referral.no_such_code",), ()))
        assert content(any_project)["reviews"] == []
        add = session.change(0, ("referral.hotline",), ())
        session.write(add)
        first_review = content(any_project)["reviews"]
        session.write(add)
        remove = session.change(0, (), ("referral.hotline",))
        session.write(remove)
        session.write(remove)
        session.write(session.change(0, (), ("challenges.resources",)))  # not on the segment
        session.write(session.change(0, ("challenges.resources",), ()))
        assert content(any_project)["reviews"] == first_review
    assert coding_rows(any_project) == [(segment, "challenges.resources")]
    assert audit_changes(any_project) == [
        ("zoe.o-brien", "coding_added", "int01", 1, "referral.hotline", "coding UI"),
        ("zoe.o-brien", "coding_removed", "int01", 1, "referral.hotline", "coding UI"),
        ("zoe.o-brien", "coding_added", "int01", 1, "challenges.resources", "coding UI"),
    ]
    assert len(first_review) == 1


def test_review_marks_are_written_once_with_their_first_time(any_project: str) -> None:
    with open_project(any_project) as project:
        session = CodingSession(project, "ana")
        document = session.open(session.documents()[0].id, "int01")
        a, b, c = (segment.pk for segment in document.segments[:3])
        session.write_reviewed([a, b])
        first = {row[0]: row[2] for row in content(any_project)["reviews"]}
        session.write_reviewed([b, c, c])
        session.write_reviewed([])
    reviews = {row[0]: row[2] for row in content(any_project)["reviews"]}
    assert sorted(reviews) == sorted([a, b, c])
    assert reviews[a] == first[a] and reviews[b] == first[b]
    assert str(reviews[c]) > str(first[b])


def test_a_new_coder_is_added_once(any_project: str) -> None:
    with open_project(any_project) as project:
        first = project.store.codings.coder_id("dana")
        again = project.store.codings.coder_id("dana")
    assert first == again
    assert [row[1] for row in content(any_project)["coders"]] == ["dana"]


def test_text_in_a_change_is_written_as_it_is(any_project: str) -> None:
    detail = "accepted from 'suggestions'; \\ $1 {} %s -- DROP TABLE codings"
    with open_project(any_project) as project:
        session = CodingSession(project, "o.brien")
        session.open(session.documents()[0].id, "int01")
        change = dataclasses.replace(session.change(0, ("referral.hotline",), ()), detail=detail)
        session.write(change)
    assert audit_changes(any_project) == [
        ("o.brien", "coding_added", "int01", 1, "referral.hotline", detail)
    ]


@pytest.fixture
def server_project(pg_url: str, tmp_path: Path, mini_codebook: Path) -> str:
    assert run("new", pg_url, "--codebook", mini_codebook).exit_code == 0
    (tmp_path / "int01.txt").write_text(TRANSCRIPT, encoding="utf-8")
    assert run("add", pg_url, tmp_path / "int01.txt", "--no-deidentify").exit_code == 0
    return pg_url


@pytest.mark.parametrize("forget", ["server", "client"])
def test_a_server_that_does_not_keep_prepared_statements_still_gets_every_change(
    server_project: str, forget: str
) -> None:
    """As behind a pooler that hands each transaction to another connection: the statement is
    gone on the server (the pooler's next connection never had it), or there already although
    the client has not prepared it on this connection."""
    with open_project(server_project) as project:
        session = CodingSession(project, "ana")
        session.open(session.documents()[0].id, "int01")
        session.write(session.change(0, ("referral.hotline",), ()))
        writer = engine_module._WRITERS[project.store.engine]
        if forget == "server":
            writer.driver(project.store.engine).execute("DEALLOCATE ALL")
        else:
            writer.prepared.clear()
        session.write(session.change(1, ("referral.hotline",), ()))
        # The store now writes the statement out instead of preparing it.
        assert project.store.engine in engine_module._UNPREPARED
        session.write(session.change(1, (), ("referral.hotline",)))
    assert [row[1:5] for row in audit_changes(server_project)] == [
        ("coding_added", "int01", 1, "referral.hotline"),
        ("coding_added", "int01", 2, "referral.hotline"),
        ("coding_removed", "int01", 2, "referral.hotline"),
    ]
    assert [row[1] for row in coding_rows(server_project)] == ["referral.hotline"]


def test_a_change_that_removes_and_adds_the_same_code(any_project: str) -> None:
    with open_project(any_project) as project:
        session = CodingSession(project, "ana")
        document = session.open(session.documents()[0].id, "int01")
        session.write(session.change(0, ("referral.hotline",), ()))
        session.write(session.change(0, ("referral.hotline",), ("referral.hotline",)))
        segment = document.segments[0].pk
    assert coding_rows(any_project) == [(segment, "referral.hotline")]
    assert [row[1] for row in audit_changes(any_project)] == [
        "coding_added",
        "coding_removed",
        "coding_added",
    ]
