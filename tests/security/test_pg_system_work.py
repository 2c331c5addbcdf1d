"""The system's own work (no person's session) is the supervision engine's alone (migration 0017).  Before, a
console's role before log-in was "no session" too: with psql and the consoles' credentials it could re-date
cases, clear alarms, mark rectifications overdue with their audit rows, and write the calendar fingerprint.
Now each of these is refused (42501, in words) for the consoles' role and allowed for the engine's role; a
person's session still re-dates (an administrator's item edit, an upheld appeal)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from console.domain.calendar import WorkCalendar
from console.models.db import session_factory
from console.supervision import rectification as rect
from console.supervision.rectification import raise_overdue_rectifications
from tests.security.conftest import login_as
from tests.security.test_pg_console_role import refused

pytestmark = pytest.mark.postgres

SYSTEM_WORK = [
    ("UPDATE cases SET promised_due = '2099-01-01', updated_at = now() WHERE id = :c", "不能代替监察引擎修改 cases"),
    ("UPDATE cases SET due_provisional = NOT due_provisional WHERE id = :c", "不能代替监察引擎修改 cases"),
    ("UPDATE alarms SET cleared_at = now() WHERE id = :a", "告警的恢复（cleared_at）只能由监察引擎记录"),
    ("INSERT INTO meta (key, value) VALUES ('calendar_fingerprint', 'forged')", "不能代替监察引擎修改 meta."),
    ("INSERT INTO meta (key, value) VALUES ('engine_lease', 'console-evil')", "不能代替监察引擎修改 meta."),
    (
        "INSERT INTO audit_log (at, actor, role, console, action, target) "
        "VALUES (now(), 'engine-1', 'system', 'engine-1', 'rectification.overdue', 'rectification:1')",
        "审计记录只能由已登录的操作员产生",
    ),
]


def _params(room) -> dict:
    return {"a": room.alarm_id, "c": room.case_id}


@pytest.mark.parametrize(("sql", "why"), SYSTEM_WORK, ids=lambda v: v[:40])
def test_a_console_without_a_session_cannot_do_the_engines_work(room, sql, why):
    line = refused(room.console_engine(), sql, _params(room))
    assert why in line


def test_the_console_role_changed_nothing_and_the_engine_role_may_do_it(room):
    nobody = room.console_engine()
    for sql, _ in SYSTEM_WORK:
        with nobody.connect() as c, pytest.raises(DBAPIError) as info:
            c.execute(text(sql), _params(room))
        assert info.value.orig.sqlstate == "42501", sql
    with room.owner.connect() as c:
        case = c.execute(text("SELECT promised_due, due_provisional FROM cases WHERE id = :c"), _params(room)).one()
        assert c.execute(text("SELECT cleared_at FROM alarms WHERE id = :a"), _params(room)).scalar() is None
        assert c.execute(text("SELECT count(*) FROM meta WHERE value IN ('forged', 'console-evil')")).scalar() == 0
        assert c.execute(text("SELECT count(*) FROM audit_log WHERE role = 'system'")).scalar() == 0
    assert case.promised_due != dt.date(2099, 1, 1)

    engine = room.engine_engine()  # the same statements with the engine's role: its work
    with engine.begin() as c:
        for sql, _ in SYSTEM_WORK:
            c.execute(text(sql), _params(room))
    with room.owner.connect() as c:
        assert c.execute(text("SELECT promised_due FROM cases WHERE id = :c"), _params(room)).scalar() == dt.date(
            2099, 1, 1
        )
        assert c.execute(text("SELECT cleared_at FROM alarms WHERE id = :a"), _params(room)).scalar() is not None
        assert c.execute(text("SELECT count(*) FROM audit_log WHERE role = 'system'")).scalar() == 1


def test_an_administrator_in_session_still_re_dates_a_case(room):
    eng, _Session, _admin = login_as(room, "admin")
    with eng.begin() as c:
        c.execute(text("UPDATE cases SET promised_due = '2030-01-02' WHERE id = :c"), _params(room))
    with room.owner.connect() as c:
        assert c.execute(text("SELECT promised_due FROM cases WHERE id = :c"), _params(room)).scalar() == dt.date(
            2030, 1, 2
        )


def test_an_overdue_rectification_is_marked_by_the_engine_only(room):
    cal = WorkCalendar.build()
    _eng, Session, sup = login_as(room, "sup1")
    with Session.begin() as s:
        rid = rect.order_rectification(
            s, sup, cal, deadline_days=1, alarm_id=room.alarm_id, at=dt.datetime(2025, 9, 22, 10)
        ).id
    nobody = room.console_engine()
    line = refused(nobody, "UPDATE rectifications SET status = 'overdue' WHERE id = :r", {"r": rid})
    assert "整改记录需要督查员登录身份" in line
    # the pass's own function, run by a console's role
    with (
        pytest.raises(DBAPIError, match=r"整改记录需要督查员登录身份|permission denied"),
        session_factory(nobody).begin() as s,
    ):
        raise_overdue_rectifications(s, dt.date(2025, 10, 10), "desk-evil")
    with room.owner.connect() as c:
        assert c.execute(text("SELECT status FROM rectifications WHERE id = :r"), {"r": rid}).scalar() == "ordered"
    with session_factory(room.engine_engine()).begin() as s:
        assert len(raise_overdue_rectifications(s, dt.date(2025, 10, 10), "engine-1")) == 1
    with room.owner.connect() as c:
        assert c.execute(text("SELECT status FROM rectifications WHERE id = :r"), {"r": rid}).scalar() == "overdue"
        actors = c.execute(text("SELECT actor, role FROM audit_log WHERE action = 'rectification.overdue'")).all()
    assert [tuple(r) for r in actors] == [("engine-1", "system")]
