"""限期整改 and 撤销: rectification ordered from an alarm or a case, answered by the unit, verified by a
supervisor; a missed deadline raises its own red alarm; a false alarm is cancelled with a reason.

The deadline is counted like a case's limit (the order day not counted, working days only) by the engine,
so calendar overrides and provisional years apply to it the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np

from console.domain import rules
from console.domain.calendar import WorkCalendar
from console.domain.clock import day_after
from console.domain.supervision_rows import RectificationClock
from console.domain.text import typed_text
from console.domain.timelimits import LIGHT_NAMES, Light, countdown, days_over, lights, run_clock
from console.models import repository as repo
from console.models.supervision import Session, journal, rectifications, targets
from console.models.supervision_schema import AlarmCancellation, Rectification
from console.supervision.auth import Actor
from console.supervision.errors import NotFound, SupervisionError

OVERDUE_RULE = "rectification_overdue"
BAD_RATING_RULE = "bad_rating"
OVERDUE_LABEL = "整改逾期"  # console.domain.rules does not know this rule: lists should use this label
OPEN_STATUSES = ("ordered", "answered", "overdue")


def deadline(cal: WorkCalendar, ordered_on: dt.date, days: int) -> tuple[dt.date, bool]:
    """Due date of a ``days``-working-day deadline ordered on ``ordered_on``, and whether it is provisional."""
    i = cal.index(ordered_on)
    clock = run_clock(cal, np.asarray([i]), np.asarray([days]), np.asarray([i]))
    return cal.date(clock.due[0]), bool(clock.provisional[0])


def _rect(session: Session, rect_id: int) -> Rectification:
    r = rectifications.for_update(session, rect_id)
    if r is None:
        raise NotFound(f"没有整改通知 #{rect_id}")
    return r


def _state(r: Rectification) -> dict:
    return {"status": r.status, "due_date": r.due_date}


def order_rectification(
    session: Session,
    actor: Actor,
    cal: WorkCalendar,
    *,
    deadline_days: int,
    alarm_id: int | None = None,
    case_id: int | None = None,
    unit_id: int | None = None,
    responsible_person: str | None = None,
    instructions: str | None = None,
    at: dt.datetime | None = None,
) -> Rectification:
    """Order rectification of an alarm's case (or of a case); the responsible unit defaults to the case's."""
    actor.require("rectify")
    typed_text("责任人", responsible_person)
    typed_text("整改要求", instructions, multiline=True)
    if deadline_days < 1:
        raise SupervisionError("整改期限至少 1 个工作日")
    if alarm_id is not None:
        alarm = targets.alarm(session, alarm_id)
        if alarm is None:
            raise NotFound(f"没有告警 #{alarm_id}")
        if alarm.status == "cancelled":
            raise SupervisionError(f"告警 #{alarm_id} 已撤销，不能责令整改")
        if alarm.case_id is None:  # a rectification is of a case; an overdue complaint goes to 督办
            raise SupervisionError(f"告警 #{alarm_id} 是投诉逾期告警，没有办件可整改：请对其督办")
        if case_id is not None and case_id != alarm.case_id:
            raise SupervisionError("告警与办件不符")
        case_id = alarm.case_id
        already = rectifications.open_for_alarm(session, alarm_id, OPEN_STATUSES)
        if already is not None:
            raise SupervisionError(f"告警 #{alarm_id} 已有未结的整改通知 #{already}")
    if case_id is None:
        raise SupervisionError("责令整改须指明告警或办件")
    case = targets.case(session, case_id)
    if case is None:
        raise NotFound(f"没有办件 #{case_id}")
    at = at or repo.now()
    due, provisional = deadline(cal, at.date(), deadline_days)
    r = rectifications.add(
        session,
        alarm_id=alarm_id,
        case_id=case_id,
        unit_id=unit_id or case.unit_id,
        responsible_person=responsible_person,
        instructions=instructions,
        ordered_by=actor.username,
        ordered_at=at,
        deadline_days=deadline_days,
        due_date=due,
        due_provisional=provisional,
        status="ordered",
    )
    journal.record(
        session,
        actor,
        "rectification.order",
        f"rectification:{r.id}",
        None,
        {
            "alarm_id": alarm_id,
            "case_id": case_id,
            "unit_id": r.unit_id,
            "responsible_person": responsible_person,
            "deadline_days": deadline_days,
            "due_date": due,
            "status": "ordered",
        },
    )
    return r


def answer_rectification(
    session: Session, actor: Actor, rect_id: int, text: str, at: dt.datetime | None = None
) -> Rectification:
    """Record the responsible unit's answer (整改情况); a late answer is accepted and stays late."""
    actor.require("rectify")
    if not text or not text.strip():
        raise SupervisionError("整改答复不能为空")
    typed_text("整改答复", text, multiline=True)
    r = _rect(session, rect_id)
    if r.status not in ("ordered", "overdue"):
        raise SupervisionError(f"整改通知 #{rect_id} 状态为 {r.status}，不能答复")
    before = _state(r)
    r.answer_text, r.answered_by, r.answered_at, r.status = text.strip(), actor.username, at or repo.now(), "answered"
    journal.record(
        session,
        actor,
        "rectification.answer",
        f"rectification:{rect_id}",
        before,
        {"status": "answered", "answer_text": r.answer_text},
    )
    return r


def verify_rectification(
    session: Session,
    actor: Actor,
    rect_id: int,
    text: str,
    passed: bool = True,
    at: dt.datetime | None = None,
    today: dt.date | None = None,
) -> Rectification:
    """A supervisor checks the answer: passed closes it (verified); otherwise it goes back to the unit."""
    actor.require("rectify")
    typed_text("验证意见", text, multiline=True)
    r = _rect(session, rect_id)
    if r.status != "answered":
        raise SupervisionError(f"整改通知 #{rect_id} 尚未答复（状态 {r.status}），不能验证")
    before = _state(r)
    at = at or repo.now()
    if passed:
        r.status, r.verified_by, r.verified_at, r.verification_text = "verified", actor.username, at, text
    else:  # sent back: still late if the deadline has passed
        r.status = "overdue" if r.overdue_alarm_id or (today or at.date()) > r.due_date else "ordered"
    journal.record(
        session,
        actor,
        "rectification.verify" if passed else "rectification.reject",
        f"rectification:{rect_id}",
        before,
        {"status": r.status, "verification_text": text},
    )
    return r


def cancel_rectification(session: Session, actor: Actor, rect_id: int, reason: str) -> Rectification:
    actor.require("rectify")
    if not reason or not reason.strip():
        raise SupervisionError("撤销整改须说明理由")
    typed_text("撤销理由", reason, multiline=True)
    r = _rect(session, rect_id)
    if r.status in ("verified", "cancelled"):
        raise SupervisionError(f"整改通知 #{rect_id} 已{'验证' if r.status == 'verified' else '撤销'}")
    before = _state(r)
    r.status, r.cancel_reason = "cancelled", reason.strip()
    journal.record(
        session,
        actor,
        "rectification.cancel",
        f"rectification:{rect_id}",
        before,
        {"status": "cancelled", "reason": r.cancel_reason},
    )
    return r


def rectify_bad_ratings(
    session: Session, cal: WorkCalendar, at: dt.datetime, raised_by: str = "system", days: int | None = None
) -> list[int]:
    """Open a rectification for every bad-rating alarm that has none (好差评: a real-name bad rating is rectified
    and answered, 国务院办公厅 2019), with a deadline of ``days`` working days (default 15).

    From any number of consoles at once: each alarm row is locked (PostgreSQL) and re-checked before its order
    is written; on SQLite the writers are serialised and a stale reader's write fails and is retried.
    Returns the ids of the rectifications this call opened."""
    days = days or rules.BAD_RATING_RECTIFY_DAYS
    system = Actor(raised_by, "system", raised_by)
    out = []
    for alarm_id in rectifications.alarms_without_rectification(session, BAD_RATING_RULE):
        alarm = targets.alarm(session, alarm_id, for_update=True)
        if alarm is None or alarm.status == "cancelled":
            continue
        if rectifications.open_for_alarm(session, alarm_id, (*OPEN_STATUSES, "verified", "cancelled")) is not None:
            continue
        case = targets.case(session, alarm.case_id) if alarm.case_id is not None else None
        if case is None:  # the alarm's case is gone (cascade): nothing to rectify
            continue
        due, provisional = deadline(cal, at.date(), days)
        r = rectifications.add(
            session,
            alarm_id=alarm_id,
            case_id=alarm.case_id,
            unit_id=case.unit_id,
            instructions="差评整改：核实情况，限期整改并回复评价人",
            ordered_by=raised_by,
            ordered_at=at,
            deadline_days=days,
            due_date=due,
            due_provisional=provisional,
            status="ordered",
        )
        journal.record(
            session,
            system,
            "rectification.order",
            f"rectification:{r.id}",
            None,
            {"alarm_id": alarm_id, "deadline_days": days, "due_date": due, "reason": "bad_rating"},
        )
        out.append(r.id)
    return out


def raise_overdue_rectifications(
    session: Session, today: dt.date | None = None, raised_by: str = "system"
) -> list[int]:
    """Mark rectifications not answered by their due date as overdue and raise one red alarm each.

    Safe from any number of consoles at once: ``claim_overdue`` hands each row to one of them, and the
    alarm's unique key (case, rule, subject = the rectification) makes its row once.
    Returns the ids of the alarms this call created.
    """
    today = today or repo.now().date()
    claimed = rectifications.claim_overdue(session, today)
    if not claimed:
        return []
    units = rectifications.unit_names(session, {c.unit_id for c in claimed})
    specs = [
        repo.AlarmSpec(
            case_id=c.case_id,
            rule=OVERDUE_RULE,
            level="red",
            subject=f"rect:{c.id}",
            message=f"整改逾期：整改通知 #{c.id} 应于 {c.due_date.isoformat()} 前完成"
            f"（责任单位 {units.get(c.unit_id, '')}）",
            at=day_after(c.due_date),  # overdue from 00:00 after the deadline, whenever the pass noticed
        )
        for c in claimed
    ]
    created = repo.raise_alarms(session, specs, raised_by)
    system = Actor(raised_by, "system", raised_by)
    for c in claimed:
        alarm_id = rectifications.alarm_id(session, c.case_id, OVERDUE_RULE, f"rect:{c.id}")
        rectifications.link_overdue_alarm(session, c.id, alarm_id)
        journal.record(
            session,
            system,
            "rectification.overdue",
            f"rectification:{c.id}",
            {"status": "ordered"},
            {"status": "overdue", "alarm_id": alarm_id},
        )
    return created


def cancel_alarm(
    session: Session, actor: Actor, alarm_id: int, reason: str, at: dt.datetime | None = None
) -> AlarmCancellation:
    """撤销 a false alarm with a reason; the alarm row stays in the history with status 'cancelled'."""
    actor.require("cancel_alarm")
    if not reason or not reason.strip():
        raise SupervisionError("撤销告警须说明理由")
    typed_text("撤销理由", reason, multiline=True)
    alarm = targets.alarm(session, alarm_id, for_update=True)
    if alarm is None:
        raise NotFound(f"没有告警 #{alarm_id}")
    # compare-and-set: another console may have cancelled it since it was read
    was = repo.cancel_alarm_status(session, alarm_id)
    if was is None:
        raise SupervisionError(f"告警 #{alarm_id} 已撤销：{repo.refusal_text(session, alarm_id)}")
    session.expire(alarm, ["status"])
    before = {"status": was}
    c = rectifications.add_cancellation(
        session,
        alarm_id=alarm_id,
        cancelled_by=actor.username,
        console=actor.console,
        cancelled_at=at or repo.now(),
        reason=reason.strip(),
    )
    journal.record(
        session, actor, "alarm.cancel", f"alarm:{alarm_id}", before, {"status": "cancelled", "reason": c.reason}
    )
    return c


# ---- reading ---------------------------------------------------------------------------------


def rectification_clocks(
    session: Session, cal: WorkCalendar, today: dt.date | None = None, unit_id: int | None = None
) -> list[RectificationClock]:
    """The countdown of every open rectification, lit like a case (engine ``run_clock`` + ``lights``)."""
    today = today or repo.now().date()
    return clocks_of(cal, rectifications.running(session, ("ordered", "overdue"), unit_id), today)


def clocks_of(cal: WorkCalendar, rows: Sequence, today: dt.date) -> list[RectificationClock]:
    """The countdowns of ``rows`` (each with ``id``, ``ordered_at``, ``deadline_days``) on ``today``: the live
    ones above, or those running at a replayed moment (``SupervisionClient``)."""
    if not rows:
        return []
    anchor = np.asarray([cal.index(r.ordered_at) for r in rows])
    at = cal.index(today)
    limit = np.asarray([r.deadline_days for r in rows])
    clock = run_clock(cal, anchor, limit, at)
    left = countdown(cal, clock.due, at, limit)  # the countdown of 督办/申诉/投诉 and the cases
    lit = lights(np.full(len(rows), at), clock.due, left)
    return [
        RectificationClock(
            r.id,
            cal.date(clock.due[i]),
            int(left[i]),
            LIGHT_NAMES[Light(int(lit[i]))],
            days_over(cal, cal.date(clock.due[i]), today),
            bool(clock.provisional[i]),
        )
        for i, r in enumerate(rows)
    ]
