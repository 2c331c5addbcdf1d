"""A complaint past its deadline raises a real alarm to the responsible unit: acceptance ≤ 5 working days, reply
≤ 30 (60 when extended) — exactly once however many consoles poll, stamped with the business moment (00:00 of
the day after the deadline), acknowledgeable, colouring the unit's tile, and cleared when the decision comes."""

import datetime as dt

from sqlalchemy import select

from console.domain.calendar import WorkCalendar
from console.domain.roles import Actor
from console.domain.rollup import UnitState
from console.models.schema import Alarm
from console.services.poller import Backend
from console.services.wall_cli import status_json
from console.supervision.complaints import decide_acceptance, register_complaint
from tests.support.poller_world import clock

SUP = Actor("sup", "supervisor", "desk-1", "监察员")


class Clock:
    def __init__(self, at: dt.datetime):
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at


def register(Session, unit_id: int) -> int:
    with Session.begin() as s:
        c = register_complaint(
            s,
            SUP,
            WorkCalendar.build(),
            channel="电话",
            complainant="刘女士",
            summary="窗口多次往返",
            against_unit_id=unit_id,
            registered_at=dt.datetime(2025, 9, 22, 10),  # Monday; 5 working days: 09-23 … 09-26, 09-28 (调休)
        )
        return c.id


def complaint_alarms(Session) -> list[Alarm]:
    with Session() as s:
        return list(s.scalars(select(Alarm).where(Alarm.complaint_id.is_not(None)).order_by(Alarm.id)))


def test_an_overdue_acceptance_alarms_the_unit_once_and_can_be_acknowledged(world, engine):
    Session, _ids, units = world
    cid = register(Session, units["D08"])
    snap = Backend(engine, "wall-1", clock=clock).poll()  # 2025-10-10: acceptance due 09-28 long gone
    Backend(engine, "wall-2", clock=clock).poll()  # a second console: the same occurrence, not a second one
    (row,) = complaint_alarms(Session)
    assert (row.case_id, row.complaint_id, row.rule, row.level, row.occurrence) == (
        None,
        cid,
        "complaint_acceptance_overdue",
        "red",
        1,
    )
    assert row.raised_at == dt.datetime(2025, 9, 29, 0, 0)  # the business moment, not when a console saw it
    (a,) = [a for a in snap.alarms if a.rule == "complaint_acceptance_overdue"]
    assert (a.case_id, a.case_no, a.unit_id, a.rule_label) == (None, f"投诉 #{cid}", units["D08"], "投诉受理超时")
    assert "2025-09-28" in a.message
    d08 = snap.unit(units["D08"])
    assert (d08.state, d08.alarms_red) == (UnitState.RED, 1)
    doc = status_json(snap, clock())
    (u,) = [u for u in doc["units"] if u["code"] == "D08"]
    assert [(x["rule"], x["case_no"]) for x in u["alarms"]] == [("complaint_acceptance_overdue", f"投诉 #{cid}")]

    be = Backend(engine, "desk-1", clock=clock)
    be.poll()
    (outcome,) = be.acknowledge([a.alarm_id], "王芳", "desk-1")
    assert outcome.won
    d08 = be.poll().unit(units["D08"])
    assert (d08.state, d08.alarms_red) == (UnitState.RED_HANDLED, 0)  # calm, never green while still late


def test_the_decision_clears_it_and_a_late_reply_is_a_new_alarm(world, engine):
    Session, _ids, units = world
    cid = register(Session, units["D08"])
    when = Clock(dt.datetime(2025, 10, 10, 10))
    be = Backend(engine, "wall-1", clock=when)
    be.poll()
    with Session.begin() as s:  # accepted on 10-10: the reply is due 30 working days later, 2025-11-20
        decide_acceptance(s, SUP, WorkCalendar.build(), cid, True, at=dt.datetime(2025, 10, 10, 11))
    when.at = dt.datetime(2025, 10, 10, 12)
    snap = be.poll()
    (acc,) = complaint_alarms(Session)
    assert acc.cleared_at is not None and acc.status == "open"  # cleared, still waiting for its acknowledgement
    assert snap.unit(units["D08"]).state == UnitState.RED  # an unacknowledged alarm, cleared or not, stays red

    when.at = dt.datetime(2025, 11, 20, 16)  # the reply's last day: nothing new
    be.poll()
    assert len(complaint_alarms(Session)) == 1
    when.at = dt.datetime(2025, 11, 21, 9)
    be.poll()
    _acc, reply = complaint_alarms(Session)
    assert (reply.rule, reply.raised_at, reply.cleared_at) == (
        "complaint_reply_overdue",
        dt.datetime(2025, 11, 21, 0, 0),
        None,
    )
    assert "30 个工作日" in reply.message and "2025-11-20" in reply.message


def test_a_complaint_alarm_goes_to_escalation_not_to_a_rectification_or_an_appeal(world, engine):
    import pytest

    from console.supervision.appeals import register_paper_appeal
    from console.supervision.errors import SupervisionError
    from console.supervision.escalation import open_escalation
    from console.supervision.rectification import order_rectification

    Session, _ids, units = world
    register(Session, units["D08"])
    Backend(engine, "wall-1", clock=clock).poll()
    (row,) = complaint_alarms(Session)
    cal = WorkCalendar.build()
    with Session.begin() as s, pytest.raises(SupervisionError, match="投诉逾期告警"):
        order_rectification(s, SUP, cal, alarm_id=row.id, deadline_days=5)
    with Session.begin() as s, pytest.raises(SupervisionError, match="投诉逾期告警"):
        register_paper_appeal(s, SUP, cal, alarm_id=row.id, appellant="财政局", reason="已受理")
    with Session.begin() as s:
        esc = open_escalation(
            s, SUP, cal, source_kind="alarm", source_id=row.id, finding="投诉逾期未受理", requirement="立即受理"
        )
        assert (esc.case_id, esc.unit_id) == (None, units["D08"])
