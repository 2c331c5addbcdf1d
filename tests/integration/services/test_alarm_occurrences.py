"""Alarm occurrences (ISA-18.2): a condition that ends clears its alarm (time recorded); one that comes back is a
new occurrence that alarms again, once across consoles; acknowledging is a compare-and-set that names the account
and never brings back a cancelled occurrence."""

import datetime as dt

from sqlalchemy import select, update

from console.domain.roles import Actor
from console.domain.rollup import UnitState
from console.models import repository as repo
from console.models.schema import Alarm, AlarmAck, AuditLog, Case, CaseEvent
from console.services.poller import Backend
from console.supervision.rectification import cancel_alarm
from tests.support.poller_world import NOW, add_case


class Clock:
    def __init__(self, at: dt.datetime):
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at


def occurrences(Session, case_id, rule):
    with Session() as s:
        return [
            (a.occurrence, a.status, a.cleared_at is not None)
            for a in s.scalars(select(Alarm).where(Alarm.case_id == case_id, Alarm.rule == rule).order_by(Alarm.id))
        ]


def touch(s, case_id, **values):
    s.execute(update(Case).where(Case.id == case_id).values(change_seq=repo.next_change_seq(s), **values))


def test_an_extension_clears_the_alarm_and_a_new_overrun_alarms_again(world, engine):
    Session, ids, units = world
    clock = Clock(NOW)
    wall, desk = Backend(engine, "wall-1", clock=clock), Backend(engine, "desk-2", clock=clock)
    (first,) = [a for a in wall.poll().alarms if a.case_id == ids["red"]]
    desk.poll()
    wall.acknowledge([first.alarm_id], "王芳", "wall-1")
    assert wall.poll().unit(units["D01"]).state == UnitState.RED_HANDLED

    with Session.begin() as s:  # 延长审批 10 working days: due 09-28 → 10-17, no longer overdue on 10-10
        touch(s, ids["red"], extension_days=10)
    wall.poll()
    assert occurrences(Session, ids["red"], "promised_overdue") == [(1, "acknowledged", True)]

    clock.at = dt.datetime(2025, 10, 20, 9, 0)  # overdue again
    snaps = [wall.poll(), desk.poll(), wall.poll()]
    assert occurrences(Session, ids["red"], "promised_overdue") == [(1, "acknowledged", True), (2, "open", False)]
    again = [a for a in snaps[0].alarms if a.case_id == ids["red"] and a.rule == "promised_overdue"]
    assert len(again) == 1 and again[0].alarm_id != first.alarm_id
    assert again[0].alarm_id in snaps[0].new_alarm_ids and again[0].alarm_id in snaps[1].new_alarm_ids
    assert snaps[2].unit(units["D01"]).state == UnitState.RED  # not calm 已确认: it alarms again


def test_a_step_begun_again_that_overruns_again_is_a_new_occurrence(world, engine):
    Session, ids, units = world
    clock = Clock(NOW)
    with Session.begin() as s:
        s.add(
            CaseEvent(
                case_id=ids["normal"],
                step_code="CB",
                step_name="承办",
                started_at=dt.datetime(2025, 9, 30, 9),
                limit_days=1,
            )
        )
        touch(s, ids["normal"])
    be = Backend(engine, "wall-1", clock=clock)
    (step,) = [a for a in be.poll().alarms if a.rule == "step_overdue"]
    be.acknowledge([step.alarm_id], "王芳", "wall-1")
    with Session.begin() as s:  # returned to 承办: the first step ends, the same step begins again today
        s.execute(update(CaseEvent).where(CaseEvent.case_id == ids["normal"]).values(ended_at=NOW))
        s.add(CaseEvent(case_id=ids["normal"], step_code="CB", step_name="承办", started_at=NOW, limit_days=1))
        touch(s, ids["normal"])
    be.poll()
    assert occurrences(Session, ids["normal"], "step_overdue") == [(1, "acknowledged", True)]
    clock.at = dt.datetime(2025, 10, 14, 9, 0)  # one working day (10-11, a make-up Saturday) has run out
    snap = be.poll()
    assert occurrences(Session, ids["normal"], "step_overdue") == [(1, "acknowledged", True), (2, "open", False)]
    assert snap.unit(units["D04"]).state == UnitState.RED


def test_a_completed_case_keeps_its_alarm(world, engine):
    Session, ids, units = world
    be = Backend(engine, "wall-1", clock=Clock(NOW))
    be.poll()
    with Session.begin() as s:
        touch(s, ids["red"], completed_at=NOW, stage="办结")
    snap = be.poll()
    assert occurrences(Session, ids["red"], "promised_overdue") == [(1, "open", False)]
    assert snap.unit(units["D01"]).state == UnitState.RED  # completed late: still a violation to acknowledge


def test_acknowledgement_names_the_account_and_its_role(world, engine):
    Session, _ids, _units = world
    be = Backend(engine, "wall-1", clock=Clock(NOW))
    (a,) = be.poll().alarms
    (won,) = be.acknowledge([a.alarm_id], "王芳", "wall-1", "已督办", actor=Actor("wangf2", "supervisor", "wall-1"))
    assert won.won
    with Session() as s:
        ack = s.scalars(select(AlarmAck)).one()
        assert (ack.username, ack.role, ack.operator) == ("wangf2", "supervisor", "王芳")
        log = s.scalars(select(AuditLog).where(AuditLog.action == "alarm.acknowledge")).one()
        assert (log.actor, log.role, log.console) == ("wangf2", "supervisor", "wall-1")
        assert log.after["display_name"] == "王芳"


def test_acknowledging_a_cancelled_or_acknowledged_occurrence_is_refused(world, engine):
    Session, ids, _units = world
    with Session.begin() as s:
        other = add_case(s, "R9", "D09", dt.datetime(2025, 9, 22, 9))
    be = Backend(engine, "wall-1", clock=Clock(NOW))
    alarms = {a.case_id: a.alarm_id for a in be.poll().alarms}
    sup = Actor("lisup", "supervisor", "desk-2", "李监察")
    with Session.begin() as s:
        cancel_alarm(s, sup, alarms[ids["red"]], "期限设置错误", at=dt.datetime(2025, 10, 10, 9, 30))
    (late,) = be.acknowledge([alarms[ids["red"]]], "王芳", "wall-1")
    assert not late.won and late.status == "cancelled"
    assert late.refusal == "已被 lisup 于 2025-10-10 09:30 撤销"
    with Session() as s:
        assert s.get(Alarm, alarms[ids["red"]]).status == "cancelled"  # was brought back to acknowledged
        assert s.scalars(select(AlarmAck)).all() == []

    be.acknowledge([alarms[other]], "王芳", "wall-1")
    (second,) = be.acknowledge([alarms[other]], "李强", "desk-2")
    assert not second.won and second.refusal.startswith("已被 王芳 于 ") and second.refusal.endswith("确认")
    with Session.begin() as s:  # cancelling twice: refused, saying who was first
        try:
            cancel_alarm(s, sup, alarms[ids["red"]], "再次撤销")
        except Exception as exc:
            assert "已被 lisup 于 2025-10-10 09:30 撤销" in str(exc)
        else:
            raise AssertionError("a second cancellation went through")
