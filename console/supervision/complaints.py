"""效能投诉: register from any channel → decide acceptance (≤ 5 working days) → investigate → reply (≤ 30,
extendable once to 60 with a reason) → call back for satisfaction → close, but only once all four 四不放过
conditions are recorded as met, each with who, when and the evidence.

The two deadlines count working days like a case (registration / acceptance day not counted) and get their own
blue/yellow/red light from the engine for the wall.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

import numpy as np

from console.domain import rules
from console.domain.calendar import WorkCalendar
from console.domain.supervision_asof import complaints_at
from console.domain.supervision_rows import ComplaintClock
from console.domain.text import typed_text
from console.domain.timelimits import LIGHT_NAMES, Light, countdown, days_over, lights, run_clock
from console.domain.vocabulary import COMPLAINT_CHANNELS, FOUR_CONDITIONS, SATISFACTION_LEVELS
from console.models import repository as repo
from console.models.db import DB_ERRORS, connection_lost, short_error
from console.models.supervision import Session, complaints, journal, targets
from console.models.supervision_schema import Complaint, ComplaintCondition, ComplaintNote
from console.supervision.auth import Actor
from console.supervision.errors import NotFound, SupervisionError
from console.supervision.rectification import deadline

log = logging.getLogger(__name__)
ACCEPTANCE_DAYS = 5
REPLY_DAYS = 30
EXTENDED_REPLY_DAYS = 60
CONDITION_TEXT = dict(FOUR_CONDITIONS)
SATISFIED = ("满意", "基本满意")


class FourConditionsIncomplete(SupervisionError):
    """Closing refused: some 四不放过 conditions are not recorded yet (``missing`` = their codes)."""

    def __init__(self, complaint_id: int, missing: list[str]):
        texts = "、".join(CONDITION_TEXT[c] for c in missing)
        super().__init__(f"投诉 #{complaint_id} 不能办结：四不放过尚未全部落实，缺：{texts}")
        self.complaint_id = complaint_id
        self.missing = missing


def _get(session: Session, complaint_id: int) -> Complaint:
    c = complaints.for_update(session, complaint_id)
    if c is None:
        raise NotFound(f"没有投诉 #{complaint_id}")
    return c


def _text(value: str | None, what: str, multiline: bool = True) -> str:
    if not value or not value.strip():
        raise SupervisionError(f"{what}不能为空")
    return typed_text(what, value.strip(), multiline) or ""


def register_complaint(
    session: Session,
    actor: Actor,
    cal: WorkCalendar,
    *,
    channel: str,
    complainant: str,
    summary: str,
    against_unit_id: int | None = None,
    against_person: str | None = None,
    case_id: int | None = None,
    complainant_contact: str | None = None,
    registered_at: dt.datetime | None = None,
) -> Complaint:
    actor.require("complaint")
    if channel not in COMPLAINT_CHANNELS:
        raise SupervisionError(f"投诉渠道须为：{'、'.join(COMPLAINT_CHANNELS)}")
    typed_text("被投诉人", against_person)
    typed_text("投诉人联系方式", complainant_contact)
    if against_unit_id is None and not against_person and case_id is None:
        raise SupervisionError("投诉须指向单位、人员或办件")
    if case_id is not None:
        case = targets.case(session, case_id)
        if case is None:
            raise NotFound(f"没有办件 #{case_id}")
        against_unit_id = against_unit_id or case.unit_id
    if against_unit_id is not None and not targets.unit_exists(session, against_unit_id):
        raise NotFound(f"没有单位 #{against_unit_id}")
    at = registered_at or repo.now()
    acceptance_due, _ = deadline(cal, at.date(), ACCEPTANCE_DAYS)
    reply_due, _ = deadline(cal, at.date(), REPLY_DAYS)  # re-counted from the acceptance decision
    c = complaints.add(
        session,
        channel=channel,
        complainant=_text(complainant, "投诉人", multiline=False),
        complainant_contact=complainant_contact,
        against_unit_id=against_unit_id,
        against_person=against_person,
        case_id=case_id,
        summary=_text(summary, "投诉内容"),
        registered_by=actor.username,
        registered_at=at,
        acceptance_due=acceptance_due,
        reply_limit_days=REPLY_DAYS,
        reply_due=reply_due,
        status="registered",
    )
    journal.record(
        session,
        actor,
        "complaint.register",
        f"complaint:{c.id}",
        None,
        {
            "channel": channel,
            "against_unit_id": against_unit_id,
            "against_person": against_person,
            "case_id": case_id,
            "acceptance_due": acceptance_due,
            "status": "registered",
        },
    )
    return c


def decide_acceptance(
    session: Session,
    actor: Actor,
    cal: WorkCalendar,
    complaint_id: int,
    accept: bool,
    reason: str | None = None,
    at: dt.datetime | None = None,
) -> Complaint:
    """受理 (the reply deadline now counts from this day) or 不予受理 with a reason (final)."""
    actor.require("complaint")
    c = _get(session, complaint_id)
    if c.status != "registered":
        raise SupervisionError(f"投诉 #{complaint_id} 已作出受理决定")
    at = at or repo.now()
    before = {"status": c.status, "reply_due": c.reply_due}
    c.accepted_at = at
    if accept:
        c.status = "accepted"
        c.reply_due, _ = deadline(cal, at.date(), c.reply_limit_days)
    else:
        c.status, c.rejection_reason = "rejected", _text(reason, "不予受理理由")
    journal.record(
        session,
        actor,
        "complaint.accept" if accept else "complaint.reject",
        f"complaint:{c.id}",
        before,
        {"status": c.status, "reply_due": c.reply_due, "reason": c.rejection_reason},
    )
    return c


def extend_reply(session: Session, actor: Actor, cal: WorkCalendar, complaint_id: int, reason: str) -> Complaint:
    """Complex case: reply limit 30 → 60 working days, once, with the reason recorded."""
    actor.require("complaint")
    c = _get(session, complaint_id)
    if c.status not in ("registered", "accepted"):
        raise SupervisionError(f"投诉 #{complaint_id} 状态为 {c.status}，不能延期")
    if c.reply_limit_days >= EXTENDED_REPLY_DAYS:
        raise SupervisionError(f"投诉 #{complaint_id} 已延期至 {EXTENDED_REPLY_DAYS} 个工作日")
    before = {"reply_limit_days": c.reply_limit_days, "reply_due": c.reply_due}
    c.extension_reason = _text(reason, "延期理由")
    c.reply_limit_days = EXTENDED_REPLY_DAYS
    c.reply_due, _ = deadline(cal, (c.accepted_at or c.registered_at).date(), EXTENDED_REPLY_DAYS)
    journal.record(
        session,
        actor,
        "complaint.extend",
        f"complaint:{c.id}",
        before,
        {"reply_limit_days": c.reply_limit_days, "reply_due": c.reply_due, "reason": c.extension_reason},
    )
    return c


def add_note(session: Session, actor: Actor, complaint_id: int, text: str) -> ComplaintNote:
    """An investigation or transfer note (调查/转办)."""
    actor.require("complaint")
    c = _get(session, complaint_id)
    note = complaints.add_note(
        session, complaint_id=c.id, written_by=actor.username, written_at=repo.now(), text=_text(text, "记录")
    )
    journal.record(session, actor, "complaint.note", f"complaint:{c.id}", None, {"note_id": note.id, "text": note.text})
    return note


def record_condition(
    session: Session,
    actor: Actor,
    complaint_id: int,
    condition: str,
    evidence: str,
    met_by: str | None = None,
    met_at: dt.datetime | None = None,
) -> ComplaintCondition:
    """Record one 四不放过 condition as met (recording it again replaces who/when/evidence, audited)."""
    actor.require("complaint")
    if condition not in CONDITION_TEXT:
        raise SupervisionError(f"四不放过条件须为：{'、'.join(CONDITION_TEXT)}")
    c = _get(session, complaint_id)
    if c.status in ("closed", "rejected"):
        raise SupervisionError(f"投诉 #{complaint_id} 已{'办结' if c.status == 'closed' else '不予受理'}")
    row = complaints.condition(session, c.id, condition)
    before = None if row is None else {"met_by": row.met_by, "met_at": row.met_at, "evidence": row.evidence}
    values = dict(
        met_by=typed_text("落实人", (met_by or actor.username).strip()),
        met_at=met_at or repo.now(),
        evidence=_text(evidence, "证明材料"),
        recorded_by=actor.username,
    )
    if row is None:
        row = complaints.add_condition(session, complaint_id=c.id, condition=condition, **values)
    else:
        for k, v in values.items():
            setattr(row, k, v)
    journal.record(
        session,
        actor,
        "complaint.condition",
        f"complaint:{c.id}",
        before,
        {"condition": condition, "met_by": row.met_by, "met_at": row.met_at, "evidence": row.evidence},
    )
    return row


def missing_conditions(session: Session, complaint_id: int) -> list[str]:
    have = complaints.met_conditions(session, complaint_id)
    return [code for code, _ in FOUR_CONDITIONS if code not in have]


def record_reply(
    session: Session, actor: Actor, complaint_id: int, text: str, at: dt.datetime | None = None
) -> Complaint:
    actor.require("complaint")
    c = _get(session, complaint_id)
    if c.status != "accepted":
        raise SupervisionError(f"投诉 #{complaint_id} 状态为 {c.status}，不能答复")
    before = {"status": c.status}
    c.reply_text, c.replied_at, c.status = _text(text, "答复"), at or repo.now(), "replied"
    journal.record(
        session,
        actor,
        "complaint.reply",
        f"complaint:{c.id}",
        before,
        {"status": "replied", "replied_at": c.replied_at, "late": c.replied_at.date() > c.reply_due},
    )
    return c


def record_callback(
    session: Session, actor: Actor, complaint_id: int, satisfaction: str, at: dt.datetime | None = None
) -> Complaint:
    """The complainant's satisfaction at call-back (回访)."""
    actor.require("complaint")
    if satisfaction not in SATISFACTION_LEVELS:
        raise SupervisionError(f"满意度须为：{'、'.join(SATISFACTION_LEVELS)}")
    c = _get(session, complaint_id)
    if c.status not in ("replied", "closed"):
        raise SupervisionError(f"投诉 #{complaint_id} 尚未答复，不能回访")
    before = {"satisfaction": c.satisfaction}
    c.satisfaction, c.called_back_at = satisfaction, at or repo.now()
    journal.record(session, actor, "complaint.callback", f"complaint:{c.id}", before, {"satisfaction": satisfaction})
    return c


def close_complaint(session: Session, actor: Actor, complaint_id: int, at: dt.datetime | None = None) -> Complaint:
    """办结: refused with ``FourConditionsIncomplete`` until all four 四不放过 conditions are recorded."""
    actor.require("complaint")
    c = _get(session, complaint_id)
    if c.status in ("closed", "rejected"):
        raise SupervisionError(f"投诉 #{complaint_id} 已{'办结' if c.status == 'closed' else '不予受理'}")
    if c.status == "registered":
        raise SupervisionError(f"投诉 #{complaint_id} 尚未受理，不能办结")
    missing = missing_conditions(session, c.id)
    if missing:
        raise FourConditionsIncomplete(c.id, missing)
    if c.status != "replied":
        raise SupervisionError(f"投诉 #{complaint_id} 尚未答复投诉人，不能办结")
    before = {"status": c.status}
    c.status, c.closed_by, c.closed_at = "closed", actor.username, at or repo.now()
    journal.record(
        session,
        actor,
        "complaint.close",
        f"complaint:{c.id}",
        before,
        {"status": "closed", "satisfaction": c.satisfaction},
    )
    return c


# ---- countdown for the wall --------------------------------------------------------------------


def complaint_clocks(session: Session, cal: WorkCalendar, today: dt.date | None = None) -> list[ComplaintClock]:
    """The running deadline of each open complaint: acceptance while registered, reply once accepted."""
    today = today or repo.now().date()
    return clocks_of(cal, complaints.running(session, ("registered", "accepted")), today)


def complaint_clocks_at(session: Session, cal: WorkCalendar, at: dt.datetime) -> list[ComplaintClock]:
    """The deadlines that were running at a replayed moment ``at``, as they stood then (the wall's complaint
    lights in a replay): the complaints registered by then, at the stage they had reached."""
    _then, running = complaints_at(at, [c for c, _, _ in complaints.with_unit_and_case(session, as_of=at)])
    return clocks_of(cal, running, at.date())


def clocks_of(cal: WorkCalendar, rows: Sequence, today: dt.date) -> list[ComplaintClock]:
    """The deadlines of ``rows`` (each with ``id``, ``status``, ``registered_at``, ``accepted_at``,
    ``reply_limit_days``, ``against_unit_id``) on ``today``: the live ones above, or those running at a
    replayed moment (``SupervisionClient``)."""
    if not rows:
        return []
    accepting = [r.status == "registered" for r in rows]
    anchor = np.asarray(
        [cal.index(r.registered_at if a else r.accepted_at) for r, a in zip(rows, accepting, strict=True)]
    )
    limit = np.asarray([ACCEPTANCE_DAYS if a else r.reply_limit_days for r, a in zip(rows, accepting, strict=True)])
    at = cal.index(today)
    clock = run_clock(cal, anchor, limit, at)
    left = countdown(cal, clock.due, at, limit)  # the countdown of 整改/督办/申诉 and the cases
    lit = lights(np.full(len(rows), at), clock.due, left)
    return [
        ComplaintClock(
            r.id,
            "acceptance" if accepting[i] else "reply",
            cal.date(clock.due[i]),
            int(left[i]),
            LIGHT_NAMES[Light(int(lit[i]))],
            r.against_unit_id,
            days_over(cal, cal.date(clock.due[i]), today),
            bool(clock.provisional[i]),
        )
        for i, r in enumerate(rows)
    ]


# ---- alarms for the responsible unit ------------------------------------------------------------------

ALARM_RULES = {"acceptance": "complaint_acceptance_overdue", "reply": "complaint_reply_overdue"}


def raise_complaint_alarms(session: Session, cal: WorkCalendar, today: dt.date, raised_by: str) -> list[int]:
    """A complaint past its running deadline (acceptance ≤ 5, reply ≤ 30/60 working days) raises its alarm to
    the responsible unit, idempotently and exactly once across consoles; its condition ends (cleared) when the
    decision or the reply is made or an extension moves the deadline, and a later overrun is a new occurrence.
    ``raised_at`` is the business moment: 00:00 of the day after the deadline, whenever a console notices it."""
    overdue = {
        (c.complaint_id, ALARM_RULES[c.stage]): c for c in complaint_clocks(session, cal, today) if c.due < today
    }
    active = complaints.active_alarms(session)
    ended = [aid for aid, cid, rule in active if (cid, rule) not in overdue]
    complaints.clear_alarms(session, ended, repo.now())
    have = {(cid, rule) for _aid, cid, rule in active}
    limits = complaints.reply_limits(session, [cid for cid, _ in overdue])
    specs = [
        (
            cid,
            rule,
            rules.message(rule, no=cid, due=c.due, days=limits.get(cid, REPLY_DAYS)),
            dt.datetime.combine(c.due + dt.timedelta(days=1), dt.time()),
        )
        for (cid, rule), c in sorted(overdue.items())
        if (cid, rule) not in have
    ]
    return complaints.raise_alarms(session, specs, raised_by)


def check_complaint_alarms(session: Session, cal: WorkCalendar, today: dt.date, raised_by: str) -> list[int]:
    """``raise_complaint_alarms`` in its own savepoint, for the poller: a database that refuses it (a read-only
    role) is logged and the poll goes on; a lost connection is the poll's to handle."""
    try:
        with session.begin_nested():
            return raise_complaint_alarms(session, cal, today, raised_by)
    except DB_ERRORS as exc:
        if connection_lost(exc):
            raise
        log.warning("complaint alarms not checked: %s", short_error(exc))
        return []
