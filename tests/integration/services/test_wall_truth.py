"""The wall tells the whole truth: every open, unacknowledged alarm of any rule colours its unit (on open and
completed cases, at its rule's level from ``rule_levels``), complaints colour the unit they are against, and
the drill-down and case detail never say 正常 over an open alarm."""

import datetime as dt

import pytest
from sqlalchemy import select

from console.domain.errors import PermissionDenied, UserError
from console.domain.roles import Actor
from console.domain.rollup import UnitState
from console.domain.timelimits import Light
from console.models import repository as repo
from console.models import rule_levels
from console.models.schema import Alarm, AuditLog
from console.services.poller import Backend
from tests.support.poller_world import add_case, clock

ADMIN = Actor("admin", "administrator", "cli")


def fee_alarm(s, case_id, level="red"):
    """收费不规范 on a case, as the ingest raises it (its level in the spec is the code's)."""
    return repo.raise_alarms(
        s, [repo.AlarmSpec(case_id, "fee_irregular", level, "收费不规范：应收 100 实收 200")], "ingest"
    )


def test_an_alarm_on_a_completed_case_colours_its_unit_red_until_acknowledged(world, engine):
    Session, _ids, units = world
    with Session.begin() as s:
        done = add_case(s, "F1", "D06", dt.datetime(2025, 9, 29, 9), completed=dt.datetime(2025, 10, 9, 9))
        (aid,) = fee_alarm(s, done)
    be = Backend(engine, "wall-1", clock=clock)
    snap = be.poll()
    d06 = snap.unit(units["D06"])
    assert d06.state == UnitState.RED  # was NORMAL: the roll-up counted open time-reds only
    assert (d06.alarms_red, d06.alarms_yellow, d06.red) == (1, 0, 0)

    rows = be.unit_cases(units["D06"])
    assert [(r.case_no, r.completed, r.alarm_level, r.alarm_labels) for r in rows] == [
        ("F1", True, "red", ("收费不规范",))
    ]
    detail = be.case_detail(done)
    assert detail.row.alarm_level == "red" and detail.row.alarm_labels == ("收费不规范",)
    assert not detail.row.handled

    be.acknowledge([aid], "王芳", "wall-1")
    snap = be.poll()
    assert snap.unit(units["D06"]).state == UnitState.NORMAL
    assert be.unit_cases(units["D06"]) == ()
    assert be.case_detail(done).row.alarm_labels == ()


def test_an_alarm_on_an_open_green_case_is_shown_on_the_case_not_normal(world, engine):
    Session, ids, units = world
    with Session.begin() as s:
        fee_alarm(s, ids["normal"])  # N1 in D04: 4 working days left, green by time
    be = Backend(engine, "wall-1", clock=clock)
    snap = be.poll()
    assert snap.unit(units["D04"]).state == UnitState.RED
    (row,) = be.unit_cases(units["D04"])
    assert row.light == Light.NORMAL and row.alarm_level == "red" and row.alarm_labels == ("收费不规范",)
    assert be.case_detail(ids["normal"]).row.alarm_labels == ("收费不规范",)


def test_rule_levels_live_in_one_table_an_administrator_edits(world, engine):
    Session, ids, units = world
    with Session.begin() as s:
        assert rule_levels.effective_levels(s)["fee_irregular"] == "red"
        assert rule_levels.set_level(s, ADMIN, "fee_irregular", "yellow") == ("red", "yellow")
        fee_alarm(s, ids["normal"], level="red")  # whoever raises it, the table's level wins
    with Session() as s:
        assert s.scalars(select(Alarm.level).where(Alarm.rule == "fee_irregular")).all() == ["yellow"]
        audit = s.scalars(select(AuditLog).where(AuditLog.action == "rules.set_level")).one()
        assert (audit.actor, audit.role, audit.before, audit.after) == (
            "admin",
            "administrator",
            {"level": "red"},
            {"level": "yellow"},
        )
    snap = Backend(engine, "wall-1", clock=clock).poll()
    d04 = snap.unit(units["D04"])
    assert d04.state == UnitState.YELLOW and (d04.alarms_red, d04.alarms_yellow) == (0, 1)


def test_rule_level_edits_are_checked(world):
    Session, _ids, _units = world
    with Session.begin() as s:
        with pytest.raises(UserError, match="没有这条监察规则"):
            rule_levels.set_level(s, ADMIN, "no_such_rule", "red")
        with pytest.raises(UserError, match="red（红）或 yellow（黄）"):
            rule_levels.set_level(s, ADMIN, "fee_irregular", "blue")
        with pytest.raises(PermissionDenied):
            rule_levels.set_level(s, Actor("op", "operator", "desk"), "fee_irregular", "yellow")


def test_a_late_complaint_colours_the_unit_it_is_against(world, engine):
    from console.domain.calendar import WorkCalendar
    from console.supervision.complaints import register_complaint

    Session, _ids, units = world
    with Session.begin() as s:
        register_complaint(
            s,
            Actor("sup", "supervisor", "desk-1", "监察员"),
            WorkCalendar.build(),
            channel="电话",
            complainant="刘女士",
            summary="窗口多次往返",
            against_unit_id=units["D08"],
            registered_at=dt.datetime(2025, 9, 22, 10),  # acceptance due 09-28: late on 10-10
        )
    snap = Backend(engine, "wall-1", clock=clock).poll()
    assert snap.unit(units["D08"]).state == UnitState.RED
