"""A case's time limits under the consoles' role (migration 0021): 0004's guard checked only the limits in days,
so a logged-in operator could ``UPDATE cases SET promised_due = …, statutory_due = …`` and move a case off the
overdue list with no audit row.  Due dates move only with an administrator's item edit, a supervisor's upheld
appeal's corrections (tests/security/test_pg_escalations.py) or the engine's re-dating; the limits only with
an administrator's item edit."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.security.conftest import login_as
from tests.security.test_pg_console_role import refused

pytestmark = pytest.mark.postgres

DUES = "promised_due, statutory_due, due_provisional, promised_days, statutory_days, promised_natural_days"
CHANGES = [
    ("promised_due = '2099-01-01', statutory_due = '2099-01-01'", "办件到期日"),
    ("statutory_due = '2099-02-01'", "办件到期日"),
    ("due_provisional = NOT coalesce(due_provisional, false)", "办件到期日"),
    ("promised_natural_days = 365", "办件时限只能由管理员修改"),
    ("statutory_natural_days = 365", "办件时限只能由管理员修改"),
    ("promised_days = 99", "办件时限只能由管理员修改"),
]


def _case(room) -> tuple:
    with room.owner.connect() as c:
        return tuple(c.execute(text(f"SELECT {DUES} FROM cases WHERE id = :c"), {"c": room.case_id}).one())


def _audit_rows(room) -> int:
    with room.owner.connect() as c:
        return c.execute(text("SELECT count(*) FROM audit_log")).scalar_one()


@pytest.mark.parametrize("who", ["op1", "sup1"])
def test_an_operator_or_supervisor_cannot_move_a_cases_dues_or_limits(room, who):
    before = _case(room)
    eng, _Session, _actor = login_as(room, who)
    audited = _audit_rows(room)  # the log-in's row
    for change, why in CHANGES:
        assert why in refused(eng, f"UPDATE cases SET {change} WHERE id = :c", {"c": room.case_id})
    assert _case(room) == before
    assert _audit_rows(room) == audited


def test_an_administrator_still_edits_a_cases_dues_and_limits(room):
    eng, _Session, _actor = login_as(room, "admin")
    with eng.begin() as c:
        c.execute(
            text(
                "UPDATE cases SET promised_due = '2030-01-02', statutory_due = '2030-02-01', promised_days = 6,"
                " promised_natural_days = 8 WHERE id = :c"
            ),
            {"c": room.case_id},
        )
    got = _case(room)
    assert (str(got[0]), str(got[1]), got[3], got[5]) == ("2030-01-02", "2030-02-01", 6, 8)
    with room.owner.connect() as c:  # the database's own record of it, whatever the client journals
        own = c.execute(
            text("SELECT actor, target, after->>'promised_due' FROM audit_log WHERE action = 'db.cases.update'")
        )
        assert [tuple(r) for r in own] == [("admin", f"cases:{room.case_id}", "2030-01-02")]
