"""When an alarm was written (``recorded_at``, migration 0018) is part of what the alarm is: the replay shows an
alarm from that moment, so moving it would hide an alarm from, or put one into, the past.  No console — logged
in or not, acknowledging or cancelling along with it — and not the engine's role may change it."""

import datetime as dt

from sqlalchemy import text

from console.models.db import session_factory
from console.models.repository import AlarmSpec, raise_alarms
from tests.security.conftest import login_as
from tests.security.test_pg_console_role import refused

EARLY = {"t": dt.datetime(2000, 1, 1)}


def _recorded(room, alarm_id: int):
    with room.owner.connect() as c:
        return c.execute(text("SELECT recorded_at FROM alarms WHERE id = :a"), {"a": alarm_id}).scalar_one()


def test_nobody_but_the_owner_moves_when_an_alarm_was_written(room):
    a = room.alarm_id
    before = _recorded(room, a)
    assert before is not None
    attempts = [
        (room.console_engine(), "UPDATE alarms SET recorded_at = :t WHERE id = :a"),
        (login_as(room, "admin")[0], "UPDATE alarms SET recorded_at = :t WHERE id = :a"),
        (login_as(room, "op1")[0], "UPDATE alarms SET status = 'acknowledged', recorded_at = :t WHERE id = :a"),
        (login_as(room, "sup1")[0], "UPDATE alarms SET status = 'cancelled', recorded_at = NULL WHERE id = :a"),
        (room.engine_engine(), "UPDATE alarms SET recorded_at = :t WHERE id = :a"),
    ]
    for eng, sql in attempts:
        assert "告警只能改变状态" in refused(eng, sql, {**EARLY, "a": a})
    assert _recorded(room, a) == before


def test_the_engine_role_s_alarms_carry_the_moment_they_were_written(room, monkeypatch):
    from console.models import repository as repo

    written = dt.datetime(2026, 11, 30, 16, 12, 47)
    monkeypatch.setattr(repo, "now", lambda: written)
    with session_factory(room.engine_engine()).begin() as s:
        (new,) = raise_alarms(
            s, [AlarmSpec(room.case_id, "statutory_overdue", "red", "m", at=dt.datetime(2026, 9, 29))], "engine-1"
        )
    with room.owner.connect() as c:
        row = c.execute(text("SELECT raised_at, recorded_at FROM alarms WHERE id = :a"), {"a": new}).one()
    assert tuple(row) == (dt.datetime(2026, 9, 29), written)
