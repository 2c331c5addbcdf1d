"""Replay (回放): the wall, the queue and the drill-down at a past moment, as known then.

The scenario is written by hand with every record's arrival time; the expected states were worked out from the
calendar (November 2026: Mon 2 … Fri 6 and Mon 9 are working days, 7–8 the weekend) before running:

* A: accepted Mon 11-02 09:00, promised 3 working days → due Thu 11-05 (the acceptance day not counted);
  the live poll of Fri 11-06 09:00 raises its promised_overdue alarm; acknowledged Mon 11-09 11:00.
* B: accepted Tue 11-03 09:00 → due Fri 11-06; completed Thu 11-05 10:00, but the ``complete`` record
  arrives late, Mon 11-09 09:00.
* C: accepted Wed 11-04 09:00 → due Mon 11-09, but the ``accept`` record arrives late, Fri 11-06 15:00.

At T1 = Thu 11-05 16:00: A yellow (its last day: 1 working day remaining), B blue (2 remaining; its completion
was not known yet), C unknown → 2 open, D13 yellow, queue empty, 1 due today.
At T2 = Mon 11-09 10:00: A red with its alarm still unacknowledged, B gone (completion known at 09:00),
C yellow (due today) → 2 open, D13 red, queue [A], 1 due today.
Live (Mon 11-09 12:00): the same cases, but A's red acknowledged: queue empty, D13 yellow (C; a handled red
ranks below an unhandled yellow).
"""

from __future__ import annotations

import datetime as dt

import pytest

from console.domain.errors import NotSaved
from console.domain.rollup import UnitState
from console.domain.timelimits import Light
from console.services.poller import Backend
from tests.support.replay_world import LIVE, T1, T2


def _d13(snap):
    return next(u for u in snap.units if u.code == "D13")


def test_two_past_moments_as_known_then(replay_world):
    engine = replay_world
    back = Backend(engine, "wall-1", clock=lambda: LIVE, as_of=T1)
    s1 = back.poll()
    assert s1.ok and s1.replay_at == T1
    assert (s1.totals.open_cases, s1.totals.normal, s1.totals.blue, s1.totals.yellow, s1.totals.red) == (
        2,
        0,
        1,
        1,
        0,
    )
    assert s1.totals.due_today == 1 and s1.alarms == () and s1.new_alarm_ids == ()
    assert _d13(s1).state == UnitState.YELLOW
    rows = {c.case_no: c.light for c in back.unit_cases(_d13(s1).unit_id)}
    assert rows == {"A": Light.YELLOW, "B": Light.BLUE}  # B's completion had not arrived; C's acceptance neither

    back.set_as_of(T2)
    s2 = back.poll()
    assert s2.replay_at == T2
    t = s2.totals
    assert (t.open_cases, t.yellow, t.red, t.red_handled, t.due_today, t.alarms_waiting) == (2, 1, 1, 0, 1, 1)
    (alarm,) = s2.alarms
    assert (alarm.case_no, alarm.rule, alarm.status, alarm.acked_by) == ("A", "promised_overdue", "open", None)
    assert s2.new_alarm_ids == ()  # replay never announces an alarm
    assert _d13(s2).state == UnitState.RED
    rows2 = back.unit_cases(_d13(s2).unit_id)
    assert {c.case_no: c.light for c in rows2} == {"A": Light.RED, "C": Light.YELLOW}
    assert next(c for c in rows2 if c.case_no == "A").alarm_level == "red"
    assert s2.accepted_per_hour == (0,) * 24  # nothing accepted on Monday before 10:00 …
    assert sum(s2.completed_per_hour) == 0  # … and B's completion happened on Thursday

    with pytest.raises(NotSaved):  # nothing is acknowledged in a replay
        back.acknowledge([alarm.alarm_id], "值班员", "wall-1")

    back.set_as_of(None)  # back to live: the acknowledgement made at 11:00 is there
    live = back.poll()
    assert live.replay_at is None
    t = live.totals
    assert (t.open_cases, t.yellow, t.red, t.red_handled, t.alarms_waiting) == (2, 1, 1, 1, 0)
    assert _d13(live).state == UnitState.YELLOW  # a handled red ranks below an unhandled yellow (rollup)


def test_replay_writes_nothing(replay_world, Session):
    from sqlalchemy import func, select

    from console.models.light_history import LightSample
    from console.models.schema import Alarm

    with Session() as s:
        before = (
            s.execute(select(func.count()).select_from(Alarm)).scalar_one(),
            s.execute(select(func.count()).select_from(LightSample)).scalar_one(),
        )
    Backend(replay_world, "wall-1", as_of=dt.datetime(2026, 11, 12, 10, 0)).poll()  # A, C overdue by then
    with Session() as s:
        after = (
            s.execute(select(func.count()).select_from(Alarm)).scalar_one(),
            s.execute(select(func.count()).select_from(LightSample)).scalar_one(),
        )
    assert after == before


def test_a_red_with_no_alarm_at_the_moment_is_unhandled_as_live(Session, engine, monkeypatch):
    """A case red at T whose time alarm did not exist yet at T (no engine pass had raised it) is nobody's handled
    red: unhandled, as the live reader counts it (poller._snapshot), never 已确认."""
    from console.domain import catalogue
    from console.ingest.apply import ingest_records
    from console.models import repository as repo
    from tests.support.replay_world import ITEM, _accept

    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), [*catalogue.items(), ITEM])
    monkeypatch.setattr(repo, "now", lambda: dt.datetime(2026, 11, 2, 9, 5))
    report = ingest_records(Session, [_accept("A1", "A", "2026-11-02T09:00")], source="t", today=dt.date(2026, 11, 2))
    assert not report.rejected
    monkeypatch.setattr(repo, "now", lambda: LIVE)
    live = Backend(engine, "desk-1", clock=lambda: T2, reader=True).poll()  # a reader raises nothing
    past = Backend(engine, "desk-1", clock=lambda: LIVE, reader=True, as_of=T2)
    snap = past.poll()
    for s in (live, snap):
        assert s.alarms == ()  # no alarm at all: A (due Thu 11-05) is red on Mon 11-09 all the same
        assert (s.totals.red, s.totals.red_handled) == (1, 0)
        assert (_d13(s).red_handled, _d13(s).state) == (0, UnitState.RED)
    (row,) = past.unit_cases(_d13(snap).unit_id)
    assert (row.case_no, row.light, row.handled) == ("A", Light.RED, False)
