"""A coder's change from the coding UI, sent to the server as one round trip, is held to the same
row-level security as every other statement: a change made out in another coder's name is
refused whole, and the coder's own change is written with the login recorded."""

from __future__ import annotations

import dataclasses

import pytest
import sqlalchemy

from qualcode.errors import ProjectError
from qualcode.model import DatabaseURL
from qualcode.project import open_project
from qualcode.project.coding import CodingSession
from tests.conftest import content
from tests.team.test_roles import team_project  # noqa: F401


def test_a_change_in_another_coders_name_is_refused_whole(
    team_project: dict[str, str],  # noqa: F811
) -> None:
    before = content(team_project["lead"])
    coder_ids = {row[1]: row[0] for row in before["coders"]}
    with open_project(team_project["ana"]) as opened:
        session = CodingSession(opened, "ana")
        document = session.open(session.documents()[0].id, "int01")
        mine = session.change(3, ("challenges.resources",), ())
        # ben's coding of segment 2 is invisible to ana: removing it removes nothing, and the
        # review mark and coding in ben's name break the row-level rule.
        as_ben = dataclasses.replace(
            session.change(1, ("referral.hotline",), ("referral.law_enforcement",)),
            coder_id=coder_ids["ben"],
        )
        with pytest.raises(ProjectError, match="row-level security"):
            session.write(as_ben)
        assert content(team_project["lead"]) == before
        session.write(mine)
        segment = document.segments[3].pk
    after = content(team_project["lead"])
    added = {(row[0], row[1], row[2]) for row in after["codings"]} - {
        (row[0], row[1], row[2]) for row in before["codings"]
    }
    assert added == {(segment, coder_ids["ana"], "challenges.resources")}
    engine = sqlalchemy.create_engine(DatabaseURL(team_project["lead"]).driver_url())
    with engine.connect() as connection:
        last = connection.exec_driver_sql(
            "SELECT actor, action, code_id, login_role FROM audit_log ORDER BY id DESC LIMIT 1"
        ).one()
    engine.dispose()
    database = team_project["lead"].rsplit("/", 1)[1]
    assert tuple(last) == ("ana", "coding_added", "challenges.resources", f"ana_{database}")
