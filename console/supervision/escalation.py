"""督办: a supervisor opens one on an alarm, a rectification or a complaint, at a level of the ladder
预警提醒 → 黄牌督办 → 红牌督办 with a deadline in working days; the unit answers; the supervisor verifies
(closed) or sends it back; a missed deadline climbs the ladder by itself from the poller's scheduled pass
(``run_escalation_pass``), raising its own alarm.  Every step is in the 督办's history and in the audit log
with the real person (the pass signs with its console's name, role 'system').

The ladder's rules (deadlines, when to climb) are ``console.domain.escalation``; this module applies them to
the rows and checks the roles (operators see; supervisors open, answer, decide; administrators configure).
"""

from __future__ import annotations

import datetime as dt

from console.domain import escalation as ladder_rules
from console.domain import rules
from console.domain.calendar import WorkCalendar
from console.domain.clock import day_after
from console.domain.escalation import (
    LEVEL_NAMES,
    LEVELS,
    OPEN_STATUSES,
    OVERDUE_RULE,
    SOURCES,
    EscalationRow,
    EscalationStep,
    Ladder,
    LadderError,
    OpenEscalation,
)
from console.domain.supervision_asof import escalation_at
from console.domain.text import typed_text
from console.models import repository as repo
from console.models.db import DB_CONFLICT, DB_ERRORS
from console.models.escalation_schema import Escalation
from console.models.supervision import Session, complaints, escalations, journal, rectifications, targets
from console.supervision.auth import Actor
from console.supervision.errors import NotFound, SupervisionError

LADDER_KEY = "escalation.ladder"


# ---- the ladder's settings ------------------------------------------------------------------------------------
def ladder(session: Session) -> Ladder:
    try:
        return Ladder.from_json(repo.get_meta(session, LADDER_KEY))
    except LadderError:
        return Ladder()  # a damaged setting must not stop the pass: the defaults hold until it is saved again


def set_ladder(session: Session, actor: Actor, new: Ladder) -> Ladder:
    actor.require("configure_ladder")
    before = ladder(session)
    repo.set_meta(session, LADDER_KEY, new.to_json())
    journal.record(session, actor, "escalation.ladder", "escalation:ladder", _ladder_dict(before), _ladder_dict(new))
    return new


def _ladder_dict(lad: Ladder) -> dict:
    return {
        "days": list(lad.days),
        "auto": lad.auto,
        "from_rectification": lad.from_rectification,
        "appeal_days": lad.appeal_days,
    }


# ---- opening ----------------------------------------------------------------------------------------------------
def _text(value: str | None, what: str, multiline: bool = True) -> str:
    if not value or not value.strip():
        raise SupervisionError(f"{what}不能为空")
    return typed_text(what, value.strip(), multiline) or ""


def _source(session: Session, kind: str, source_id: int) -> tuple[int | None, int]:
    """(case id, unit id) of what the 督办 is about; refused when it is gone or finished."""
    if kind == "alarm":
        alarm = targets.alarm(session, source_id)
        if alarm is None:
            raise NotFound(f"没有告警 #{source_id}")
        if alarm.status == "cancelled":
            raise SupervisionError(f"告警 #{source_id} 已撤销，不能督办")
        if alarm.case_id is None:  # a complaint's alarm: the 督办 goes to the unit the complaint is against
            unit_id = complaints.against_unit(session, alarm.complaint_id) if alarm.complaint_id else None
            if unit_id is None:
                raise SupervisionError(f"告警 #{source_id} 的投诉未指向单位，不能督办")
            return None, unit_id
        case = targets.case(session, alarm.case_id)
        assert case is not None  # an alarm's case is deleted with it (ON DELETE CASCADE)
        return alarm.case_id, case.unit_id
    if kind == "rectification":
        r = rectifications.for_update(session, source_id)
        if r is None:
            raise NotFound(f"没有整改通知 #{source_id}")
        if r.status in ("verified", "cancelled"):
            raise SupervisionError(f"整改通知 #{source_id} 已结束，不能督办")
        return r.case_id, r.unit_id
    if kind == "complaint":
        c = complaints.for_update(session, source_id)
        if c is None:
            raise NotFound(f"没有投诉 #{source_id}")
        if c.status in ("closed", "rejected"):
            raise SupervisionError(f"投诉 #{source_id} 已结束，不能督办")
        if c.against_unit_id is None:
            raise SupervisionError(f"投诉 #{source_id} 未指向单位，无从督办")
        return c.case_id, c.against_unit_id
    raise SupervisionError(f"督办对象须为：{'、'.join(SOURCES)}")


NOTICE_TRIES = 5


def _no_open_one(session: Session, source_kind: str, source_id: int) -> None:
    already = escalations.open_for_source(session, source_kind, source_id, OPEN_STATUSES)
    if already is not None:
        raise SupervisionError(f"该{ladder_rules.SOURCE_NAMES[source_kind]}已有未结的督办 #{already}")


def _notice_no(session: Session, year: int) -> str:
    prefix = f"督〔{year}〕"
    return f"{prefix}{escalations.notices_in_year(session, prefix) + 1:04d}号"


def _add_numbered(session: Session, year: int, **fields) -> Escalation:
    """Add the 督办 with the year's next notice number.  Two consoles numbering at once count the same rows;
    the unique number lets one insert land, the other (its savepoint rolled back) counts again and takes the
    next number, so numbers neither collide nor fail the supervisor's action — unless the other console's 督办
    is about the same thing, which it now sees."""
    for attempt in range(NOTICE_TRIES):
        if attempt:
            _no_open_one(session, fields["source_kind"], fields["source_id"])
        try:
            with session.begin_nested():
                return escalations.add(session, notice_no=_notice_no(session, year), **fields)
        except DB_CONFLICT:
            continue
    raise SupervisionError("督办通知书编号冲突，请稍后重试")


def open_escalation(
    session: Session,
    actor: Actor,
    cal: WorkCalendar,
    *,
    source_kind: str,
    source_id: int,
    finding: str,
    requirement: str,
    level: str = "reminder",
    deadline_days: int | None = None,
    at: dt.datetime | None = None,
    automatic: bool = False,
) -> Escalation:
    """Open a 督办; the deadline defaults to the ladder's days for ``level`` (the opening day not counted)."""
    actor.require("escalate")
    if level not in LEVELS:
        raise SupervisionError(f"督办级别须为：{'、'.join(LEVEL_NAMES.values())}")
    case_id, unit_id = _source(session, source_kind, source_id)
    _no_open_one(session, source_kind, source_id)
    days = deadline_days if deadline_days is not None else ladder(session).days_for(level)
    if not 1 <= days <= 60:
        raise SupervisionError("督办期限须为 1–60 个工作日")
    at = at or repo.now()
    due = ladder_rules.due_date(cal, at.date(), days)
    e = _add_numbered(
        session,
        at.year,
        source_kind=source_kind,
        source_id=source_id,
        case_id=case_id,
        unit_id=unit_id,
        level=level,
        finding=_text(finding, "督办事由"),
        requirement=_text(requirement, "督办要求"),
        opened_by=actor.username,
        opened_at=at,
        automatic=automatic,
        deadline_days=days,
        due_date=due,
        status="open",
    )
    escalations.add_event(
        session, e.id, at=at, actor=actor.username, kind="opened", level=level, due_date=due, text=e.finding
    )
    journal.record(
        session,
        actor,
        "escalation.open",
        f"escalation:{e.id}",
        None,
        {
            "notice_no": e.notice_no,
            "source": f"{source_kind}:{source_id}",
            "unit_id": unit_id,
            "level": level,
            "deadline_days": days,
            "due_date": due,
            "status": "open",
        },
    )
    return e


def _get(session: Session, escalation_id: int) -> Escalation:
    e = escalations.for_update(session, escalation_id)
    if e is None:
        raise NotFound(f"没有督办 #{escalation_id}")
    return e


def _state(e: Escalation) -> dict:
    return {"status": e.status, "level": e.level, "due_date": e.due_date}


# ---- the unit's answer and the supervisor's decisions -----------------------------------------------------------
def answer_escalation(
    session: Session, actor: Actor, escalation_id: int, text: str, at: dt.datetime | None = None
) -> Escalation:
    """Record the unit's answer (办理情况); a late answer is accepted and the lateness stays in the history."""
    actor.require("escalate")
    text = _text(text, "督办答复")
    e = _get(session, escalation_id)
    if e.status not in ("open", "overdue"):
        raise SupervisionError(f"督办 #{escalation_id} 状态为{ladder_rules.STATUS_NAMES[e.status]}，不能答复")
    before = _state(e)
    at = at or repo.now()
    e.status, e.answer_text = "answered", text
    escalations.add_event(
        session, e.id, at=at, actor=actor.username, kind="answered", level=e.level, due_date=e.due_date, text=text
    )
    journal.record(
        session, actor, "escalation.answer", f"escalation:{e.id}", before, {"status": "answered", "answer_text": text}
    )
    return e


def verify_escalation(
    session: Session,
    actor: Actor,
    escalation_id: int,
    text: str,
    passed: bool = True,
    at: dt.datetime | None = None,
) -> Escalation:
    """Passed: the 督办 is closed (resolved).  Not passed: back to the unit, still at its level and deadline
    (a deadline already missed climbs at the next pass, or is overdue at 红牌督办)."""
    actor.require("escalate")
    text = _text(text, "核实意见")
    e = _get(session, escalation_id)
    if e.status != "answered":
        raise SupervisionError(f"督办 #{escalation_id} 尚未答复，不能核实")
    before = _state(e)
    at = at or repo.now()
    if passed:
        e.status, e.outcome, e.closed_at = "closed", "resolved", at
        kinds: tuple[str, ...] = ("verified", "closed")
    else:
        late = at.date() > e.due_date
        e.status = "overdue" if late and e.level == "red" else "open"
        kinds = ("returned",)
    for kind in kinds:
        escalations.add_event(
            session, e.id, at=at, actor=actor.username, kind=kind, level=e.level, due_date=e.due_date, text=text
        )
    journal.record(
        session,
        actor,
        "escalation.verify" if passed else "escalation.return",
        f"escalation:{e.id}",
        before,
        {"status": e.status, "text": text},
    )
    return e


def escalate_by_hand(
    session: Session,
    actor: Actor,
    cal: WorkCalendar,
    escalation_id: int,
    reason: str,
    at: dt.datetime | None = None,
) -> Escalation:
    """A supervisor raises the level now (e.g. a manual ladder); the new deadline counts from today."""
    actor.require("escalate")
    reason = _text(reason, "升级理由")
    e = _get(session, escalation_id)
    if e.status not in ("open", "overdue", "answered"):
        raise SupervisionError(f"督办 #{escalation_id} 已{ladder_rules.STATUS_NAMES[e.status]}")
    up = ladder_rules.next_level(e.level)
    if up is None:
        raise SupervisionError(f"督办 #{escalation_id} 已是红牌督办，不能再升级")
    before = _state(e)
    at = at or repo.now()
    days = ladder(session).days_for(up)
    e.level, e.deadline_days, e.due_date, e.status = up, days, ladder_rules.due_date(cal, at.date(), days), "open"
    escalations.add_event(
        session, e.id, at=at, actor=actor.username, kind="escalated", level=up, due_date=e.due_date, text=reason
    )
    journal.record(session, actor, "escalation.escalate", f"escalation:{e.id}", before, {**_state(e), "reason": reason})
    return e


def cancel_escalation(
    session: Session, actor: Actor, escalation_id: int, reason: str, at: dt.datetime | None = None
) -> Escalation:
    actor.require("escalate")
    reason = _text(reason, "撤销理由")
    e = _get(session, escalation_id)
    if e.status in ("closed", "cancelled"):
        raise SupervisionError(f"督办 #{escalation_id} 已{ladder_rules.STATUS_NAMES[e.status]}")
    before = _state(e)
    at = at or repo.now()
    e.status, e.outcome, e.closed_at = "cancelled", "withdrawn", at
    escalations.add_event(
        session, e.id, at=at, actor=actor.username, kind="cancelled", level=e.level, due_date=e.due_date, text=reason
    )
    journal.record(
        session, actor, "escalation.cancel", f"escalation:{e.id}", before, {"status": "cancelled", "reason": reason}
    )
    return e


# ---- the scheduled pass -----------------------------------------------------------------------------------------
def run_escalation_pass(
    session: Session,
    cal: WorkCalendar,
    today: dt.date,
    raised_by: str = "system",
) -> list[int]:
    """Open a 预警提醒 for each newly overdue rectification (when the ladder says so), then climb every open
    督办 whose deadline passed; each climb raises its own red alarm on the case (when there is one).

    Every step is stamped with the moment it happened in business terms, not when the pass ran: 00:00 after
    the missed deadline (``clock.day_after``, as its alarm), so the history, the reports and a replay tell the
    same story whether the engine ran at that minute or caught up days later.

    Safe from several consoles at once: each climb is a compare-and-set on (level, due date), and alarms are
    unique per (case, rule, subject).  Returns the ids of the alarms this call created.
    """
    lad = ladder(session)
    system = Actor(raised_by, "system", raised_by)
    if lad.from_rectification:
        for r in escalations.overdue_rectifications_without(session):
            # counted from the rectification's missed due date, like a climb: the same dates however late
            # the pass runs; two consoles opening the same one collide on the notice number, one wins
            try:
                with session.begin_nested():
                    _open_from_rectification(session, cal, lad, r, raised_by, day_after(r.due_date))
            except DB_ERRORS:
                continue
    rows = [OpenEscalation(r.id, r.level, r.due_date, r.status) for r in escalations.waiting(session)]
    specs, done = [], []
    for c in ladder_rules.decide(cal, lad, rows, today):
        values: dict[str, object]
        if c.to_level is None:
            values = {"status": "overdue"}
        else:
            values = {"level": c.to_level, "due_date": c.new_due, "deadline_days": lad.days_for(c.to_level)}
        if not escalations.claim_climb(session, c.escalation_id, c.from_level, c.missed_due, values):
            continue  # another console did it
        kind = "lapsed" if c.to_level is None else "escalated"
        level = c.to_level or c.from_level
        # missed at 00:00 after the deadline; a step written after that (sent back by a supervisor on a
        # deadline already past) stays before it in the history
        last = escalations.last_event_at(session, c.escalation_id)
        moment = max(day_after(c.missed_due), last) if last is not None else day_after(c.missed_due)
        escalations.add_event(
            session,
            c.escalation_id,
            at=moment,
            actor=raised_by,
            kind=kind,
            level=level,
            due_date=c.new_due,
            text=f"{LEVEL_NAMES[c.from_level]}期限 {c.missed_due} 已过",
        )
        journal.record(
            session,
            system,
            f"escalation.{kind}",
            f"escalation:{c.escalation_id}",
            {"level": c.from_level, "due_date": c.missed_due, "status": "open"},
            {"level": level, "due_date": c.new_due, "status": values.get("status", "open")},
        )
        done.append(c)
    for c in done:
        e = escalations.get(session, c.escalation_id)
        if e is None or e.case_id is None:
            continue  # a complaint without a case: the history and the card say it, there is no case to alarm
        after = "，已升级为" + LEVEL_NAMES[c.to_level] if c.to_level else "，已逾期"
        specs.append(
            repo.AlarmSpec(
                case_id=e.case_id,
                rule=OVERDUE_RULE,
                level="red",
                subject=f"esc:{e.id}:{c.from_level}",
                message=rules.message(
                    OVERDUE_RULE, notice=e.notice_no, level=LEVEL_NAMES[c.from_level], due=c.missed_due, after=after
                ),
                at=day_after(c.missed_due),  # lapsed at 00:00 after the missed deadline
            )
        )
    created = repo.raise_alarms(session, specs, raised_by) if specs else []
    for c in done:
        if c.to_level is None:
            e = escalations.get(session, c.escalation_id)
            if e is not None and e.case_id is not None:
                e.overdue_alarm_id = rectifications.alarm_id(session, e.case_id, OVERDUE_RULE, f"esc:{e.id}:red")
    return created


def _open_from_rectification(session: Session, cal: WorkCalendar, lad: Ladder, r, raised_by: str, at: dt.datetime):
    days = lad.days_for("reminder")
    e = escalations.add(
        session,
        notice_no=_notice_no(session, at.year),
        source_kind="rectification",
        source_id=r.id,
        case_id=r.case_id,
        unit_id=r.unit_id,
        level="reminder",
        finding=f"整改通知 #{r.id} 应于 {r.due_date.isoformat()} 前完成，逾期未答复",
        requirement=r.instructions or "立即落实整改并书面答复",
        opened_by=raised_by,
        opened_at=at,
        automatic=True,
        deadline_days=days,
        due_date=ladder_rules.due_date(cal, r.due_date, days),
        status="open",
    )
    escalations.add_event(
        session, e.id, at=at, actor=raised_by, kind="opened", level="reminder", due_date=e.due_date, text=e.finding
    )
    journal.record(
        session,
        Actor(raised_by, "system", raised_by),
        "escalation.open",
        f"escalation:{e.id}",
        None,
        {
            "notice_no": e.notice_no,
            "source": f"rectification:{r.id}",
            "level": "reminder",
            "due_date": e.due_date,
            "status": "open",
            "automatic": True,
        },
    )


# ---- reading ----------------------------------------------------------------------------------------------------
def cards_by_unit(session: Session) -> dict[int, str]:
    """{unit_id: 'yellow' | 'red'} of the units under an open 黄牌/红牌督办 (the wall's card mark)."""
    out = {}
    for unit_id, levels in escalations.open_levels_by_unit(session, OPEN_STATUSES).items():
        card = ladder_rules.card_of(levels)
        if card:
            out[unit_id] = card
    return out


def cards_by_unit_at(session: Session, cal: WorkCalendar, at: dt.datetime) -> dict[int, str]:
    """The cards as they stood at a replayed moment ``at``: each 督办 opened by then, at its level and status
    then (its history, ``escalation_rows(as_of=…)``)."""
    levels: dict[int, list[str]] = {}
    for r in escalation_rows(session, cal, at.date(), as_of=at):
        if r.status in OPEN_STATUSES:
            levels.setdefault(r.unit_id, []).append(r.level)
    return {unit_id: card for unit_id, lv in levels.items() if (card := ladder_rules.card_of(lv))}


def escalation_rows(
    session: Session,
    cal: WorkCalendar,
    today: dt.date | None = None,
    *,
    ids: list[int] | None = None,
    open_only: bool = False,
    as_of: dt.datetime | None = None,
) -> list[EscalationRow]:
    """The 督办 as they stand, or (``as_of``, a replay) those opened by then as they stood then: level,
    deadline, status, answer and history up to that moment, read from the history (``escalation_events``)."""
    today = today or repo.now().date()
    rows = escalations.with_case_and_unit(session, ids, OPEN_STATUSES if open_only and as_of is None else None, as_of)
    lad = ladder(session) if as_of is not None and rows else None
    views = []
    for e, case_no, unit_name, unit_code in rows:
        history = tuple(EscalationStep(ev.at, ev.actor, ev.kind, ev.level, ev.due_date, ev.text) for ev in e.events)
        v = (e.level, e.deadline_days, e.due_date, e.status, e.answer_text, e.outcome, history)
        if as_of is not None:
            then = escalation_at(as_of, [(h.at, h.kind, h.level, h.due_date, h.text) for h in history])
            if then is None or (open_only and then.status not in OPEN_STATUSES) or lad is None:
                continue
            # the days of a level held then: the row keeps today's level's; an earlier level's are the ladder's
            # (a step stores its level and due date, not its days; they only cap the count on the step's day)
            days = e.deadline_days if then.level == e.level else lad.days_for(then.level)
            due = then.due_date or e.due_date
            v = (then.level, days, due, then.status, then.answer_text, then.outcome, history[: then.steps])
        views.append((e, case_no, unit_name, unit_code, v))
    running = [i for i, r in enumerate(views) if r[4][3] == "open"]
    lit = dict(
        zip(
            running,
            ladder_rules.deadline_lights(
                cal,
                [views[i][4][2] for i in running],
                today,
                [views[i][4][1] for i in running],
            ),
            strict=False,
        )
    )
    out = []
    for i, (e, case_no, unit_name, unit_code, (level, days, due, status, answer, outcome, history)) in enumerate(views):
        left, light = lit.get(i, (None, "red" if status == "overdue" else "normal"))
        out.append(
            EscalationRow(
                e.id,
                e.notice_no,
                e.source_kind,
                e.source_id,
                e.case_id,
                case_no,
                e.unit_id,
                unit_code,
                unit_name,
                level,
                e.finding,
                e.requirement,
                e.opened_by,
                e.opened_at,
                e.automatic,
                days,
                due,
                status,
                answer,
                outcome,
                history,
                left,
                light,
            )
        )
    return out
