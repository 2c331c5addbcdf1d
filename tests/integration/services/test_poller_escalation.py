"""The poller's scheduled pass climbs the 督办 ladder and puts the unit's card in the snapshot."""

import datetime as dt

from console.domain import catalogue
from console.domain.escalation import Ladder
from console.models import repository as repo
from console.services.poller import Backend
from console.supervision import escalation as esc
from console.supervision.auth import Actor
from tests.integration.supervision.test_supervision_workflows import add_alarm, add_case, unit_id

SUPERVISOR = Actor("li.jianchao", "supervisor", "desk-1", "李监察")
ADMIN = Actor("zhao.guanli", "administrator", "desk-2", "赵管理")


def test_a_missed_yellow_deadline_turns_the_units_card_red(engine, Session, cal):
    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), catalogue.items())
        case_id = add_case(s, "R1", "D01", dt.datetime(2025, 9, 15, 9), cal=cal)
        alarm_id = add_alarm(s, case_id, raised_at=dt.datetime(2025, 9, 23, 9))
        esc.set_ladder(s, ADMIN, Ladder(days=(3, 3, 2)))
        # yellow from Thu 9-25, 3 WD: Fri 9-26, (Sat 9-27 off), Sun 9-28 调休 worked, Mon 9-29
        esc.open_escalation(
            s,
            SUPERVISOR,
            cal,
            source_kind="alarm",
            source_id=alarm_id,
            level="yellow",
            finding="超时",
            requirement="办结",
            at=dt.datetime(2025, 9, 25, 10),
        )
        d01 = unit_id(s, "D01")
    day = dt.datetime(2025, 9, 29, 10)
    backend = Backend(engine, "wall-1", clock=lambda: day)
    snap = backend.poll()
    assert snap.unit(d01).card == "yellow"
    assert all(u.card == "" for u in snap.units if u.unit_id != d01)
    day = dt.datetime(2025, 9, 30, 10)  # the day after the yellow deadline: the next pass climbs to red
    backend._next_rect_check = 0.0  # the pass runs once a minute; do not wait for it
    snap = backend.poll()
    assert snap.unit(d01).card == "red"
    assert any(a.rule == "escalation_overdue" for a in snap.alarms)


def test_an_alarm_cancelled_by_an_upheld_appeal_is_not_raised_again(engine, Session, cal):
    from console.supervision import appeals as ap

    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), catalogue.items())
        case_id = add_case(s, "R1", "D01", dt.datetime(2025, 9, 15, 9), cal=cal)
        alarm_id = add_alarm(s, case_id, raised_at=dt.datetime(2025, 9, 23, 9))
        aid = ap.register_paper_appeal(
            s,
            SUPERVISOR,
            cal,
            alarm_id=alarm_id,
            appellant="发改委",
            reason="数据错误",
            filed_at=dt.datetime(2025, 9, 24, 9),
        ).id
        ap.decide_appeal(s, SUPERVISOR, aid, True, "核实属实", at=dt.datetime(2025, 9, 25, 9))
    backend = Backend(engine, "wall-1", clock=lambda: dt.datetime(2025, 9, 29, 10))
    snap = backend.poll()
    assert [a for a in snap.alarms if a.case_id == case_id] == []
    backend._next_rect_check = 0.0
    assert [a for a in backend.poll().alarms if a.case_id == case_id] == []


def test_a_replay_shows_the_cards_and_complaint_lights_as_they_stood(engine, Session, cal):
    """Worked by hand (calendar of 2025): 督办 yellow opened Thu 9-25 10:00 with 3 working days → due Mon 9-29
    (Sun 9-28 is a 调休 working day); the pass of Tue 9-30 climbs it to red.  A complaint against D02 registered
    Mon 9-15 09:00 must be accepted within 5 working days → Mon 9-22; accepted only Thu 9-25 → red from Tue 9-23
    until then, after it a reply deadline of 30 working days (normal)."""
    from console.domain.rollup import UnitState
    from console.supervision.complaints import decide_acceptance, register_complaint

    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), catalogue.items())
        case_id = add_case(s, "R1", "D01", dt.datetime(2025, 9, 15, 9), cal=cal)
        alarm_id = add_alarm(s, case_id, raised_at=dt.datetime(2025, 9, 23, 9))
        esc.set_ladder(s, ADMIN, Ladder(days=(3, 3, 2)))
        esc.open_escalation(
            s, SUPERVISOR, cal, source_kind="alarm", source_id=alarm_id, level="yellow", finding="超时",
            requirement="办结", at=dt.datetime(2025, 9, 25, 10),
        )  # fmt: skip
        d01, d02 = unit_id(s, "D01"), unit_id(s, "D02")
        c = register_complaint(
            s, SUPERVISOR, cal, channel="电话", complainant="刘女士", summary="窗口多次往返", against_unit_id=d02,
            registered_at=dt.datetime(2025, 9, 15, 9),
        )  # fmt: skip
        decide_acceptance(s, SUPERVISOR, cal, c.id, True, at=dt.datetime(2025, 9, 25, 9))
    live = Backend(engine, "wall-1", clock=lambda: dt.datetime(2025, 9, 30, 10)).poll()
    assert live.unit(d01).card == "red" and live.totals.complaints_red == 0

    def replay(at: dt.datetime):
        return Backend(engine, "wall-2", clock=lambda: dt.datetime(2025, 9, 30, 11), as_of=at).poll()

    before = replay(dt.datetime(2025, 9, 24, 10))  # no 督办 yet; the complaint's acceptance two days late
    assert before.unit(d01).card == "" and before.totals.complaints_red == 1
    # a red complaint deadline colours its unit; unhandled red comes with its alarm, which is the engine's
    # (none ran here), as on the live wall
    assert before.unit(d02).state == UnitState.RED_HANDLED
    yellow = replay(dt.datetime(2025, 9, 29, 10))  # 黄牌 on its last day; the complaint accepted, reply running
    assert yellow.unit(d01).card == "yellow" and yellow.totals.complaints_red == 0
    assert (yellow.totals.complaints_open, yellow.unit(d02).state) == (1, UnitState.NO_DATA)  # nothing ever sent
    # the climb, made by the pass of 9-30 10:00, happened at 00:00 after the missed deadline (as its alarm)
    assert replay(dt.datetime(2025, 9, 29, 23, 59)).unit(d01).card == "yellow"
    assert replay(dt.datetime(2025, 9, 30, 0, 0)).unit(d01).card == "red"
