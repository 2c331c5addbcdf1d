"""申诉: a unit says an alarm is wrong.  It arrives as an ``appeal`` exchange record from the unit's approval
system (filed by ``console.ingest.appeal_filing``), or is registered here at the desk from a paper appeal; a
supervisor upholds or rejects it with a reason within the appeal deadline (the ladder's ``appeal_days``
working days, the filing day not counted), which has its own light like any running deadline.

Upheld: the alarm is cancelled (撤销) with the reason "申诉成立", so it leaves the unit's figures (reports count
alarms that are not cancelled), and any open 督办 about that alarm is cancelled with it.  Where the appeal showed
the data were wrong, the supervisor enters a typed correction of the case's time (``console.domain.corrections``):
stored with who, when, why and the appeal, the case's dues re-dated at once by the engine, and laid over the
case's records by every later re-fold.  Rejected: the alarm
stands.  Every step is audited with the real person (the ingest signs with its source).
"""

from __future__ import annotations

import datetime as dt

from console.domain import escalation as ladder_rules
from console.domain.calendar import WorkCalendar
from console.domain.corrections import CaseCorrection, CorrectionError
from console.domain.escalation import OPEN_STATUSES, UPHELD_REASON, AppealRow
from console.domain.supervision_asof import appeal_status_at
from console.domain.text import typed_text
from console.models import recompute
from console.models import repository as repo
from console.models.escalation_schema import Appeal
from console.models.supervision import Session, appeals, escalations, journal, targets
from console.supervision.auth import Actor
from console.supervision.errors import NotFound, SupervisionError
from console.supervision.escalation import cancel_escalation, ladder
from console.supervision.rectification import cancel_alarm


def _text(value: str | None, what: str, multiline: bool = True) -> str:
    if not value or not value.strip():
        raise SupervisionError(f"{what}不能为空")
    return typed_text(what, value.strip(), multiline) or ""


def _evidence(refs) -> str | None:
    items = [str(x).strip() for x in (refs or ()) if str(x).strip()]
    return "\n".join(items) or None


def _file(
    session: Session,
    actor: Actor,
    cal: WorkCalendar,
    *,
    alarm_id: int,
    channel: str,
    appellant: str,
    reason: str,
    evidence,
    filed_at: dt.datetime,
    record_id: str | None = None,
) -> Appeal:
    alarm = targets.alarm(session, alarm_id)
    if alarm is None:
        raise NotFound(f"没有告警 #{alarm_id}")
    if alarm.status == "cancelled":
        raise SupervisionError(f"告警 #{alarm_id} 已撤销，无需申诉")
    pending = appeals.pending_for_alarm(session, alarm_id)
    if pending is not None:
        raise SupervisionError(f"告警 #{alarm_id} 已有待审查的申诉 #{pending}")
    if alarm.case_id is None:  # an appeal is about a case's alarm; a complaint is answered in its own workflow
        raise SupervisionError(f"告警 #{alarm_id} 是投诉逾期告警，请在投诉办理中说明情况，不适用申诉")
    case = targets.case(session, alarm.case_id)
    assert case is not None  # an alarm's case is deleted with it
    days = ladder(session).appeal_days
    due = ladder_rules.due_date(cal, filed_at.date(), days)
    a = appeals.add(
        session,
        alarm_id=alarm_id,
        case_id=alarm.case_id,
        unit_id=case.unit_id,
        channel=channel,
        record_id=record_id,
        appellant=_text(appellant, "申诉人", multiline=False),
        reason=_text(reason, "申诉理由"),
        evidence=_evidence(evidence),
        filed_at=filed_at,
        registered_by=actor.username,
        deadline_days=days,
        due_date=due,
        status="filed",
    )
    journal.record(
        session,
        actor,
        "appeal.file",
        f"appeal:{a.id}",
        None,
        {
            "alarm_id": alarm_id,
            "channel": channel,
            "record_id": record_id,
            "appellant": a.appellant,
            "due_date": due,
            "status": "filed",
        },
    )
    return a


def register_paper_appeal(
    session: Session,
    actor: Actor,
    cal: WorkCalendar,
    *,
    alarm_id: int,
    appellant: str,
    reason: str,
    evidence=(),
    filed_at: dt.datetime | None = None,
) -> Appeal:
    """A paper appeal handed in at the desk, registered by a supervisor."""
    actor.require("appeal")
    return _file(
        session,
        actor,
        cal,
        alarm_id=alarm_id,
        channel="desk",
        appellant=appellant,
        reason=reason,
        evidence=evidence,
        filed_at=filed_at or repo.now(),
    )


def decide_appeal(
    session: Session,
    actor: Actor,
    appeal_id: int,
    upheld: bool,
    reason: str,
    at: dt.datetime | None = None,
    *,
    corrections: tuple[CaseCorrection, ...] = (),
    cal: WorkCalendar | None = None,
) -> Appeal:
    """Uphold (the alarm is cancelled as 申诉成立) or reject (the alarm stands), with the supervisor's reason;
    an upheld appeal may carry ``corrections`` of the case's time (re-dated with ``cal``, else the stored one)."""
    actor.require("appeal")
    reason = _text(reason, "审查意见")
    if corrections and not upheld:
        raise SupervisionError("驳回的申诉不更正办件时间")
    try:
        corrections = tuple(c.check() for c in corrections)
    except CorrectionError as exc:
        raise SupervisionError(str(exc)) from exc
    a = appeals.for_update(session, appeal_id)
    if a is None:
        raise NotFound(f"没有申诉 #{appeal_id}")
    if a.status != "filed":
        raise SupervisionError(f"申诉 #{appeal_id} 已{ladder_rules.APPEAL_STATUS_NAMES[a.status]}")
    at = at or repo.now()
    before = {"status": a.status}
    a.status = "upheld" if upheld else "rejected"
    a.decided_by, a.decided_at, a.decision_reason = actor.username, at, reason
    if upheld:
        alarm = targets.alarm(session, a.alarm_id)
        if alarm is not None and alarm.status != "cancelled":
            cancel_alarm(session, actor, a.alarm_id, f"{UPHELD_REASON}（申诉 #{a.id}）：{reason}", at=at)
        esc = escalations.open_for_source(session, "alarm", a.alarm_id, OPEN_STATUSES)
        if esc is not None:
            cancel_escalation(session, actor, esc, f"{UPHELD_REASON}（申诉 #{a.id}）", at=at)
    if corrections:
        _correct(session, actor, a, corrections, reason, at, cal or repo.load_calendar(session))
    journal.record(session, actor, "appeal.decide", f"appeal:{a.id}", before, {"status": a.status, "reason": reason})
    return a


def _correct(
    session: Session,
    actor: Actor,
    a: Appeal,
    corrections: tuple[CaseCorrection, ...],
    reason: str,
    at: dt.datetime,
    cal: WorkCalendar,
) -> None:
    """Store the corrections (audited one by one) and re-date the case's dues with all its corrections."""
    case = targets.case(session, a.case_id)
    before = {"promised_due": case.promised_due, "statutory_due": case.statutory_due} if case else None
    for c in corrections:
        row = appeals.add_correction(session, a.case_id, a.id, c, reason, actor.username, at)
        journal.record(
            session,
            actor,
            "appeal.correct",
            f"case:{a.case_id}",
            None,
            {"correction": row.id, "appeal_id": a.id, "kind": c.kind, "what": c.describe(), "reason": reason},
        )
    promised, statutory = recompute.redate_case(session, cal, a.case_id, at.date())
    journal.record(
        session,
        actor,
        "case.redate",
        f"case:{a.case_id}",
        before,
        {"promised_due": promised, "statutory_due": statutory, "appeal_id": a.id},
    )


def appeal_rows(
    session: Session,
    cal: WorkCalendar,
    today: dt.date | None = None,
    *,
    ids: list[int] | None = None,
    pending_only: bool = False,
    as_of: dt.datetime | None = None,
) -> list[AppealRow]:
    today = today or repo.now().date()
    rows = appeals.with_alarm_case_and_unit(session, ids, ("filed",) if pending_only and as_of is None else None, as_of)
    # a replay (as_of): those filed by then, decided or waiting as they were then; the alarm's status is today's
    status = {
        r[0].id: r[0].status if as_of is None else appeal_status_at(as_of, r[0].status, r[0].decided_at) for r in rows
    }
    if pending_only:
        rows = [r for r in rows if status[r[0].id] == "filed"]
    running = [i for i, r in enumerate(rows) if status[r[0].id] == "filed"]
    lit = dict(
        zip(
            running,
            ladder_rules.deadline_lights(
                cal,
                [rows[i][0].due_date for i in running],
                today,
                [rows[i][0].deadline_days for i in running],
            ),
            strict=True,
        )
    )
    upheld = [r[0].id for r in rows if status[r[0].id] == "upheld"]
    fixes = appeals.corrections_by_appeal(session, upheld) if upheld else {}
    out = []
    for i, (a, rule, message, alarm_status, case_no, unit_name) in enumerate(rows):
        left, light = lit.get(i, (None, "normal"))
        decided = status[a.id] != "filed"
        out.append(
            AppealRow(
                a.id,
                a.alarm_id,
                rule,
                message,
                alarm_status,
                a.case_id,
                case_no,
                a.unit_id,
                unit_name,
                a.channel,
                a.appellant,
                a.reason,
                tuple((a.evidence or "").splitlines()),
                a.filed_at,
                a.registered_by,
                a.due_date,
                status[a.id],
                a.decided_by if decided else None,
                a.decided_at if decided else None,
                a.decision_reason if decided else None,
                left,
                light,
                tuple(c.describe() for c in fixes.get(a.id, ())),
            )
        )
    return out
