"""The day change's hundred thousand alarms pass the alarms' guard and row audit (0004, 0007, 0012) without a
plpgsql call per row (0014: the triggers' WHEN conditions), and the guard still refuses what it refused."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from console.models import repository as repo
from console.models.db import session_factory

pytestmark = pytest.mark.postgres

STEPS = [f"S{i:02d}" for i in range(20)]


def _groups():
    return [repo.AlarmGroup("step_overdue", "red", f"环节 {c} 超时", c) for c in STEPS]


def test_alarms_raised_without_a_session_call_no_trigger_function(room):
    with session_factory(room.owner).begin() as s:
        s.execute(text("SET LOCAL track_functions = 'pl'"))
        n = repo.raise_alarm_groups(s, _groups(), [room.case_id] * len(STEPS), range(len(STEPS)), "engine-1")
        s.execute(text("SET CONSTRAINTS ALL IMMEDIATE"))  # the deferred row audit runs now, not at commit
        calls = dict(
            s.execute(
                text(
                    "SELECT funcname, calls FROM pg_stat_xact_user_functions "
                    "WHERE funcname IN ('alarms_guard', 'console_row_audit')"
                )
            ).all()
        )
    print(f"{n} alarms raised; trigger function calls: {calls or 'none'}")
    assert n == len(STEPS)
    assert calls == {}


def test_the_engine_raises_open_alarms_and_the_guard_refuses_any_other(room):
    Engine = session_factory(room.engine_engine())
    with Engine.begin() as s:
        n = repo.raise_alarm_groups(s, _groups()[:2], [room.case_id] * 2, [0, 1], "engine-1", recurring=True)
    assert n == 2
    with Engine() as s, pytest.raises(DBAPIError) as info:
        s.execute(
            text(
                "INSERT INTO alarms (case_id, rule, subject, level, message, raised_at, raised_by, status) "
                "VALUES (:c, 'x', '', 'red', 'x', now(), 'x', 'cancelled')"
            ),
            {"c": room.case_id},
        )
    print(f"ATTACK engine inserts a cancelled alarm -> {str(info.value.orig).splitlines()[0]}")
    assert "新告警必须是 open" in str(info.value.orig)
    with room.owner.connect() as c:  # the engine has no person's session: its alarms are not audited as one's
        assert not c.execute(text("SELECT count(*) FROM audit_log WHERE action LIKE 'db.alarms.%'")).scalar()
