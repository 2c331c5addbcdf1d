"""Complaint alarms under the engine's role (migration 0012): the engine raises them, with nobody logged in, as
its pass does; a console cannot; nobody re-points an alarm to another complaint (0004's guard, with complaint_id
added)."""

import datetime as dt

from sqlalchemy import func, select, text
from sqlalchemy.exc import ProgrammingError

from console.domain.calendar import WorkCalendar
from console.models.db import session_factory
from console.models.schema import Alarm, Unit
from console.supervision import auth
from console.supervision.complaints import raise_complaint_alarms, register_complaint
from tests.security.conftest import login_as_nobody
from tests.security.test_pg_console_role import refused


def test_the_engine_raises_complaint_alarms_a_console_cannot_and_none_is_re_pointed(room):
    with room.OwnerSession.begin() as s:
        unit_id = s.execute(select(func.min(Unit.id))).scalar_one()
        ids = [
            register_complaint(
                s,
                auth.command_line_actor(),
                WorkCalendar.build(),
                channel="电话",
                complainant=name,
                summary="多次往返",
                against_unit_id=unit_id,
                registered_at=dt.datetime(2025, 9, 22, 10),
            ).id
            for name in ("甲", "乙")
        ]
    with login_as_nobody(room).begin() as s:  # a console's role: only the engine raises alarms
        try:
            raise_complaint_alarms(s, WorkCalendar.build(), dt.date(2025, 10, 10), "wall-1")
        except ProgrammingError as exc:
            assert "permission denied" in str(exc)
            s.rollback()
        else:
            raise AssertionError("a console raised complaint alarms")
    with session_factory(room.engine_engine()).begin() as s:  # the engine's pass, no one logged in
        created = raise_complaint_alarms(s, WorkCalendar.build(), dt.date(2025, 10, 10), "engine-1")
    assert len(created) == 2
    with room.OwnerSession() as s:
        owners = dict(s.execute(select(Alarm.id, Alarm.complaint_id).where(Alarm.id.in_(created))).all())
    assert sorted(owners.values()) == ids
    first = min(created)
    line = refused(
        room.console_engine(), "UPDATE alarms SET complaint_id = :c WHERE id = :a", {"c": ids[1], "a": first}
    )
    assert "告警只能改变状态" in line
    with room.OwnerSession() as s:
        assert (
            s.execute(text("SELECT complaint_id FROM alarms WHERE id = :a"), {"a": first}).scalar_one() == owners[first]
        )
