"""The console backend over a real database: lights per unit, time alarms once, acks, outage and recovery."""

import datetime as dt
import time

import pytest
from sqlalchemy import select, update

from console.domain import catalogue
from console.domain.rollup import UnitState
from console.domain.timelimits import Light
from console.models import repository as repo
from console.models.db import make_engine, session_factory
from console.models.schema import Alarm, Case, CaseEvent
from console.services.poller import Backend
from tests.conftest import fresh_pg_database
from tests.support.poller_world import add_case, clock
from tests.support.tcpproxy import TcpProxy


def state(snap, units, code):
    return snap.unit(units[code])


def test_lights_roll_up_per_unit(world, engine):
    _Session, _ids, units = world
    snap = Backend(engine, "wall-1", clock=clock).poll()
    assert snap.ok
    assert state(snap, units, "D01").state == UnitState.RED
    assert state(snap, units, "D02").state == UnitState.YELLOW
    assert state(snap, units, "D03").state == UnitState.BLUE
    assert state(snap, units, "D04").state == UnitState.NORMAL
    assert state(snap, units, "D05").state == UnitState.NO_DATA  # never sent anything: 无数据, not green
    assert (snap.totals.open_cases, snap.totals.red, snap.totals.yellow, snap.totals.blue) == (4, 1, 1, 1)
    assert snap.totals.due_today == 1 and state(snap, units, "D02").due_today == 1
    assert len(snap.units) == 66


def test_red_raises_one_alarm_across_consoles_and_ack_calms_the_unit(world, engine):
    Session, _ids, units = world
    a = Backend(engine, "wall-1", clock=clock)
    b = Backend(engine, "desk-2", clock=clock)
    s1 = a.poll()
    s2 = b.poll()
    assert [x.case_no for x in s1.alarms] == ["R1"] and s1.alarms[0].rule == "promised_overdue"
    assert s1.alarms[0].days_late == 4  # 09-29, 09-30, 10-09, 10-10: counted working days after 09-28
    assert s1.new_alarm_ids == (s1.alarms[0].alarm_id,)
    assert s2.new_alarm_ids == s1.new_alarm_ids  # each console shows it once
    assert a.poll().new_alarm_ids == ()
    with Session() as s:
        assert len(s.scalars(select(Alarm)).all()) == 1

    (won,) = a.acknowledge([s1.alarms[0].alarm_id], "王芳", "wall-1", "已督办")
    (lost,) = b.acknowledge([s1.alarms[0].alarm_id], "李强", "desk-2")
    assert won.won and not lost.won and lost.operator == "王芳"

    s3 = b.poll()
    assert s3.alarms == ()
    d01 = state(s3, units, "D01")
    assert d01.state == UnitState.RED_HANDLED and (d01.red, d01.red_handled) == (1, 1)


def test_incremental_changes_and_completion(world, engine):
    Session, ids, units = world
    be = Backend(engine, "wall-1", clock=clock)
    be.poll()
    with Session.begin() as s:
        add_case(s, "R2", "D05", dt.datetime(2025, 9, 1, 9))  # long overdue
        s.execute(
            update(Case)
            .where(Case.id == ids["yellow"])
            .values(completed_at=dt.datetime(2025, 10, 10, 9), stage="办结", change_seq=repo.next_change_seq(s))
        )
    snap = be.poll()
    assert state(snap, units, "D05").state == UnitState.RED
    assert state(snap, units, "D02").state == UnitState.NORMAL
    assert {a.case_no for a in snap.alarms} == {"R1", "R2"}
    assert snap.totals.statutory_breaches == 1  # R2: 20 working days from 09-01 ended 09-29
    assert {a.rule for a in snap.alarms if a.case_no == "R2"} == {"promised_overdue", "statutory_overdue"}


def test_key_post_step_over_its_limit_is_red(world, engine):
    Session, ids, units = world
    with Session.begin() as s:
        s.add(
            CaseEvent(
                case_id=ids["normal"],
                step_code="CB",
                step_name="承办",
                started_at=dt.datetime(2025, 9, 30, 9),
                limit_days=1,
            )
        )  # due 10-09, still open on 10-10
        s.execute(update(Case).where(Case.id == ids["normal"]).values(change_seq=repo.next_change_seq(s)))
    snap = Backend(engine, "wall-1", clock=clock).poll()
    assert state(snap, units, "D04").state == UnitState.RED
    step = [a for a in snap.alarms if a.rule == "step_overdue"]
    assert [(a.case_no, a.subject) for a in step] == [("N1", "CB")]
    assert "承办" in step[0].message and "CB" not in step[0].message  # the step by its name
    # its 超期情况 as the case's alarms say theirs: due Thu 10-09 (after the National Day holiday), Fri 10-10 is 1
    assert step[0].days_late == 1


def test_drill_down_rows_and_case_detail(world, engine):
    _Session, ids, units = world
    be = Backend(engine, "wall-1", clock=clock)
    be.poll()
    rows = be.unit_cases(units["D03"])
    assert [(r.case_no, r.light, r.remaining, r.promised_due) for r in rows] == [
        ("B1", Light.BLUE, 3, dt.date(2025, 10, 13))
    ]
    detail = be.case_detail(ids["red"])
    assert detail.row.light == Light.RED and detail.row.remaining < 0
    assert detail.unit_name == "发改委"
    assert [a.rule for a in detail.alarms] == ["promised_overdue"]
    assert dt.date(2025, 10, 1) not in detail.workdays and dt.date(2025, 9, 28) in detail.workdays


@pytest.mark.postgres
def test_outage_shows_stale_data_then_recovers_without_losing_alarms(pg_template):
    url, drop = fresh_pg_database(pg_template)
    proxy = TcpProxy()
    direct = make_engine(url)
    Session = session_factory(direct)
    via_proxy = make_engine(
        url.replace("127.0.0.1:5432", f"127.0.0.1:{proxy.port}"), connect_args={"connect_timeout": 2}
    )
    try:
        with Session.begin() as s:
            repo.sync_catalogue(s, catalogue.units(), catalogue.items())
            add_case(s, "N1", "D04", dt.datetime(2025, 10, 9, 9))
        be = Backend(via_proxy, "wall-1", clock=clock, max_backoff_s=0.2)
        good = be.poll()
        assert good.ok and good.totals.open_cases == 1

        proxy.cut()
        with Session.begin() as s:  # a case turns up red while this console cannot see the database
            add_case(s, "R9", "D07", dt.datetime(2025, 9, 1, 9))
        stale = be.poll()
        assert not stale.ok and stale.error
        assert stale.as_of == good.as_of and stale.totals == good.totals  # the last good data, marked stale
        assert be.poll().ok is False

        proxy.restore()
        deadline = time.monotonic() + 10
        snap = be.poll()
        while not snap.ok and time.monotonic() < deadline:
            time.sleep(0.1)
            snap = be.poll()
        assert snap.ok
        assert [a.case_no for a in snap.alarms if a.rule == "promised_overdue"] == ["R9"]
        assert snap.new_alarm_ids  # shown now that it can be
    finally:
        via_proxy.dispose()
        direct.dispose()
        proxy.close()
        drop()


def test_open_complaints_counted_by_light_for_the_wall(world, engine, qtbot):
    """效能投诉 deadlines light up like cases: the wall's headline shows them, coloured by the worst."""
    from console.domain.calendar import WorkCalendar
    from console.supervision.auth import Actor
    from console.supervision.complaints import register_complaint
    from console.widgets.headline import Headline

    Session, _ids, units = world
    cal = WorkCalendar.build()
    sup = Actor("sup", "supervisor", "desk-1", "监察员")
    with Session.begin() as s:
        for day in (dt.datetime(2025, 9, 22, 10), dt.datetime(2025, 9, 29, 10), dt.datetime(2025, 10, 10, 9)):
            register_complaint(
                s,
                sup,
                cal,
                channel="电话",
                complainant="刘女士",
                summary="窗口多次往返",
                against_unit_id=units["D08"],
                registered_at=day,
            )
    snap = Backend(engine, "wall-1", clock=clock).poll()
    t = snap.totals
    # acceptance within 5 working days: 09-22 → due 09-28 (red); 09-29 → due 10-13, 3 left (blue); today: normal
    assert (t.complaints_open, t.complaints_red, t.complaints_yellow, t.complaints_blue) == (3, 1, 0, 1)
    h = Headline("市级部门")
    qtbot.addWidget(h)
    h.set_snapshot(snap)
    tile = h.tiles["complaints"]
    assert tile.value.text() == "3" and tile.property("light") == "red"


def test_an_acknowledgement_note_with_a_bidi_override_is_refused_and_nothing_stored(world, engine):
    """U+202E in a note showed it reversed on every other screen: the backend refuses it (typed_text), the
    alarm stays open, and a note with a newline is stored as typed."""
    from console.domain.errors import UserError
    from console.models.schema import AlarmAck

    Session, _ids, _units = world
    be = Backend(engine, "wall-1", clock=clock)
    (alarm,) = be.poll().alarms
    with pytest.raises(UserError, match=r"确认备注第 4 个字符是双向文字控制符（U\+202E"):
        be.acknowledge([alarm.alarm_id], "王芳", "wall-1", "已督办\u202e情况属实")
    with pytest.raises(UserError, match=r"值班员第 2 个字符是零宽字符"):
        be.acknowledge([alarm.alarm_id], "王\u200b芳", "wall-1")
    with Session() as s:
        assert s.scalar(select(Alarm.status).where(Alarm.id == alarm.alarm_id)) == "open"
        assert s.scalars(select(AlarmAck)).all() == []
    (won,) = be.acknowledge([alarm.alarm_id], "王芳", "wall-1", "已督办\n明日复查")
    with Session() as s:
        assert won.won and s.scalar(select(AlarmAck.note)) == "已督办\n明日复查"
