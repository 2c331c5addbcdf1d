"""The supervision engine: alarms stamped with their business moments (a restart after downtime catches up with
the law's calendar), one engine per database, consoles that only read, hooks inside the pass's transaction."""

import datetime as dt
import logging

import pytest
from sqlalchemy import func, select, update

from console.domain import catalogue
from console.models import repository as repo
from console.models.lease import lease_for
from console.models.schema import Alarm, Case, CaseEvent
from console.services.engine import EngineService
from console.services.poller import Backend
from tests.support.factories import Clock, add_case


def stamps(Session):
    with Session() as s:
        rows = s.execute(
            select(Case.case_no, Alarm.rule, Alarm.raised_at, Alarm.cleared_at, Alarm.raised_by).join(Case)
        )
        return {(no, rule): (raised, cleared, by) for no, rule, raised, cleared, by in rows}


@pytest.fixture
def holiday_world(Session):
    """Cases whose limits run over National Day 2025 (10-01…10-08 closed; Sunday 09-28 and Saturday 10-11 are
    make-up working days)."""
    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), catalogue.items())
        ids = {
            # accepted Mon 09-29, 2 working days (the start day not counted): 09-30, 10-09 → red 10-10 00:00
            "A": add_case(s, "A", "D01", dt.datetime(2025, 9, 29, 9), promised=2, statutory=20),
            # accepted Fri 09-26, 1 working day: Sunday 09-28 is a make-up working day → red 09-29 00:00
            "B": add_case(s, "B", "D02", dt.datetime(2025, 9, 26, 9), promised=1, statutory=20),
            # accepted Mon 09-01: promised 3 → due 09-04 (red 09-05 00:00); statutory 5 → due 09-08 (09-09 00:00)
            "D": add_case(s, "D", "D03", dt.datetime(2025, 9, 1, 9), promised=3, statutory=5),
        }
        # A's 承办 step began Tue 09-30 with a 1-working-day limit: due 10-09 → red 10-10 00:00
        s.add(
            CaseEvent(
                case_id=ids["A"], step_code="CB", step_name="承办", started_at=dt.datetime(2025, 9, 30, 9), limit_days=1
            )
        )
        s.execute(update(Case).where(Case.id == ids["A"]).values(change_seq=repo.next_change_seq(s)))
    return ids


def test_engine_down_over_national_day_stamps_each_alarm_with_its_real_moment(Session, engine, holiday_world):
    clock = Clock(dt.datetime(2025, 9, 26, 17, 0))  # Friday: the engine runs its last pass before going down
    EngineService(engine, "engine-a", clock=clock).run_pass()
    got = stamps(Session)
    assert got[("D", "promised_overdue")][0] == dt.datetime(2025, 9, 5)  # caught up even on the first pass
    assert got[("D", "statutory_overdue")][0] == dt.datetime(2025, 9, 9)
    assert ("B", "promised_overdue") not in got and ("A", "promised_overdue") not in got

    clock.at = dt.datetime(2025, 10, 13, 9, 0)  # restarted on Monday after the holiday, a fresh process
    svc = EngineService(engine, "engine-b", clock=clock)
    fields = svc.run_pass()
    got = stamps(Session)
    assert got[("B", "promised_overdue")][:2] == (dt.datetime(2025, 9, 29), None)
    assert got[("A", "promised_overdue")][:2] == (dt.datetime(2025, 10, 10), None)
    assert got[("A", "step_overdue")][:2] == (dt.datetime(2025, 10, 10), None)
    assert got[("A", "step_overdue")][2] == "engine-b"
    assert fields["raised"] == 3 and fields["ok"] is True

    # an extension record (延长审批 10 working days, B due 10-17) lands at 10:15: the alarm clears at the record
    with Session.begin() as s:
        s.execute(
            update(Case)
            .where(Case.id == holiday_world["B"])
            .values(extension_days=10, updated_at=dt.datetime(2025, 10, 13, 10, 15), change_seq=repo.next_change_seq(s))
        )
    clock.at = dt.datetime(2025, 10, 13, 11, 0)
    assert svc.run_pass()["cleared"] == 1
    assert stamps(Session)[("B", "promised_overdue")][1] == dt.datetime(2025, 10, 13, 10, 15)


def test_a_reader_console_writes_nothing_and_sees_what_the_engine_raised(Session, engine, holiday_world):
    clock = Clock(dt.datetime(2025, 10, 13, 9, 0))
    console = Backend(engine, "desk-1", clock=clock, reader=True)
    snap = console.poll()
    assert snap.ok and snap.totals.red >= 3  # it evaluates the lights for its screens …
    with Session() as s:  # … but raises nothing and records no history
        assert s.scalar(select(func.count()).select_from(Alarm)) == 0
        assert s.scalar(select(func.count()).select_from(repo.Meta).where(repo.Meta.key == "engine_lease")) == 0
    EngineService(engine, "engine-a", clock=clock).run_pass()
    snap = console.poll()
    assert {a.case_no for a in snap.alarms} == {"A", "B", "D"}
    assert all(a.raised_at < clock.at for a in snap.alarms)


def test_after_pass_hooks_run_inside_the_pass_and_a_failing_one_leaves_nothing_half_done(
    Session, engine, holiday_world, caplog
):
    clock = Clock(dt.datetime(2025, 10, 13, 9, 0))
    svc = EngineService(engine, "engine-a", clock=clock)
    seen = []

    def boom(s, at):
        seen.append((s.scalar(select(func.count()).select_from(Alarm)), at))  # the pass's inserts, uncommitted
        raise OSError("the notices' disk is gone")  # one of the pass's failures: the transaction rolls back

    svc.after_pass.append(boom)
    caplog.set_level(logging.INFO, logger="console.engine")
    assert svc.run_pass()["ok"] is False
    assert seen == [(5, clock.at)]
    assert stamps(Session) == {}
    svc.after_pass.clear()
    svc.backend._failures = 0  # no back-off wait in the test: the next pass retries at once
    fields = svc.run_pass()
    assert fields["raised"] == 5 and len(stamps(Session)) == 5
    line = [r.getMessage() for r in caplog.records if "event=pass" in r.getMessage()][-1]
    assert "holder=engine-a" in line and "raised=5" in line and "duration_ms=" in line and "ok=true" in line


def test_one_engine_holds_the_lease_the_other_stands_by_and_takes_over(Session, engine, holiday_world):
    clock = Clock(dt.datetime(2025, 10, 13, 9, 0))
    a = EngineService(engine, "engine-a", clock=clock, lease=lease_for(engine))
    b = EngineService(engine, "engine-b", clock=clock, lease=lease_for(engine))
    assert a.tick() is not None
    assert b.tick() is None and not b.lease.held
    a.stop()  # released (a killed process releases it the same way: its connection or file closes)
    fields = b.tick()
    assert fields is not None and fields["holder"] == "engine-b"
    with Session() as s:
        assert repo.get_meta(s, "engine_lease").startswith("engine-b ")
    b.stop()


def test_a_red_no_engine_has_alarmed_yet_is_unhandled_never_acknowledged(Session, engine, holiday_world):
    """No engine ran since the cases turned red: the reader shows them as unhandled reds (红灯), not as reds
    someone acknowledged; once the engine raised them and they are acknowledged, they are handled."""
    clock = Clock(dt.datetime(2025, 10, 13, 9, 0))
    console = Backend(engine, "desk-1", clock=clock, reader=True)
    snap = console.poll()
    reds = snap.totals.red
    assert reds >= 3 and snap.totals.red_handled == 0
    EngineService(engine, "engine-a", clock=clock).run_pass()
    snap = console.poll()
    ids = [a.alarm_id for a in snap.alarms if a.rule in ("promised_overdue", "statutory_overdue", "step_overdue")]
    console.acknowledge(ids, "王芳", "desk-1")
    snap = console.poll()
    assert snap.totals.red_handled == reds  # every red's alarms are acknowledged: all handled
