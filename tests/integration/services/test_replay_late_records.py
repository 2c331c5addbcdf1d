"""Replay (回放) of a case whose records came late: its alarm is shown from when it was written (``recorded_at``,
migration 0018), not from the moment it stamps (``raised_at``, the business moment).

Worked out by hand before running (November 2026: Mon 2 … Fri 6, Mon 9, Tue 10 working days; 7–8 the weekend):
L is accepted Mon 11-02 09:00 with 3 promised working days → due Thu 11-05, red from Fri 11-06 00:00.  Its
``accept`` record arrives Tue 11-10 14:00 and the engine's pass of 14:05 raises its promised_overdue alarm,
stamped 11-06 00:00 (the business moment), written 14:05.

* Mon 11-09 10:00 (after its red moment, before its arrival): nothing of L — no open case, no red, no alarm
  (before 0018 the queue listed the alarm: raised_at 11-06 ≤ T, the wall "在办 0 告警 1").
* Tue 11-10 14:02 (arrived, the pass not run yet): L open and red, unhandled, no alarm yet.
* Tue 11-10 15:00: L red with its alarm in the queue (raised 11-06 00:00), D13 red; acknowledged live at
  16:00, the case file replayed at 15:00 still shows it open (at 16:30: acknowledged).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from console.domain import catalogue
from console.domain.rollup import UnitState
from console.ingest.apply import ingest_records
from console.models import repository as repo
from console.models.schema import Alarm
from console.services.poller import Backend
from tests.support.replay_world import ITEM, _accept

ARRIVED = dt.datetime(2026, 11, 10, 14, 0)
PASS = dt.datetime(2026, 11, 10, 14, 5)


def _d13(snap):
    return next(u for u in snap.units if u.code == "D13")


def test_an_alarm_is_shown_from_when_it_was_written(Session, engine, monkeypatch):
    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), [*catalogue.items(), ITEM])
    monkeypatch.setattr(repo, "now", lambda: ARRIVED)
    report = ingest_records(Session, [_accept("L1", "L", "2026-11-02T09:00")], source="late", today=ARRIVED.date())
    assert not report.rejected, report
    monkeypatch.setattr(repo, "now", lambda: PASS)
    live = Backend(engine, "engine-1", clock=lambda: PASS).poll()  # the engine's pass (a writer)
    assert [(a.case_no, a.rule) for a in live.alarms] == [("L", "promised_overdue")]
    with Session() as s:
        (row,) = s.scalars(select(Alarm)).all()
        assert (row.raised_at, row.recorded_at) == (dt.datetime(2026, 11, 6), PASS)

    monkeypatch.setattr(repo, "now", lambda: dt.datetime(2026, 11, 30, 9, 0))  # the replay is read weeks later
    back = Backend(engine, "desk-1", reader=True, as_of=dt.datetime(2026, 11, 9, 10, 0))
    before = back.poll()
    t = before.totals
    assert before.ok and before.alarms == ()
    assert (t.open_cases, t.red, t.alarms_waiting) == (0, 0, 0)
    assert _d13(before).state != UnitState.RED
    assert back.unit_cases(_d13(before).unit_id) == ()  # no alarm of a completed case draws it either

    back.set_as_of(dt.datetime(2026, 11, 10, 14, 2))
    between = back.poll()
    t = between.totals
    assert between.alarms == ()
    assert (t.open_cases, t.red, t.red_handled, t.alarms_waiting) == (1, 1, 0, 0)  # red, nobody's handled red
    assert _d13(between).state == UnitState.RED
    (l_row,) = back.unit_cases(_d13(between).unit_id)
    assert back.case_detail(l_row.case_id).alarms == ()  # the case file too: its alarm was not written yet

    back.set_as_of(dt.datetime(2026, 11, 10, 15, 0))
    after = back.poll()
    t = after.totals
    (alarm,) = after.alarms
    assert (alarm.case_no, alarm.rule, alarm.raised_at) == ("L", "promised_overdue", dt.datetime(2026, 11, 6))
    assert (t.open_cases, t.red, t.red_handled, t.alarms_waiting) == (1, 1, 0, 1)
    assert _d13(after).state == UnitState.RED
    (case_row,) = back.unit_cases(_d13(after).unit_id)
    assert (case_row.case_no, case_row.alarm_level) == ("L", "red")

    # acknowledged live at 16:00: the case file replayed at 15:00 shows it open, nobody's acknowledgement yet
    monkeypatch.setattr(repo, "now", lambda: dt.datetime(2026, 11, 10, 16, 0))
    (outcome,) = Backend(engine, "desk-1", reader=True).acknowledge([alarm.alarm_id], "值班员", "desk-1")
    assert outcome.won
    (in_file,) = back.case_detail(case_row.case_id).alarms
    assert (in_file.alarm_id, in_file.status, in_file.acked_by, in_file.acked_at) == (
        alarm.alarm_id,
        "open",
        None,
        None,
    )
    back.set_as_of(dt.datetime(2026, 11, 10, 16, 30))
    back.poll()
    (in_file,) = back.case_detail(case_row.case_id).alarms
    assert (in_file.status, in_file.acked_by) == ("acknowledged", "值班员")
