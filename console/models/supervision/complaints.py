"""效能投诉 rows with their notes and 四不放过 conditions: added, locked for a change, listed for the windows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from console.domain import rules
from console.models import repository as repo
from console.models.db import Rows
from console.models.schema import Alarm, Case, RuleLevel, Unit
from console.models.supervision_schema import Complaint, ComplaintCondition, ComplaintNote


def for_update(session: Session, complaint_id: int) -> Complaint | None:
    return session.get(Complaint, complaint_id, with_for_update=True)


def add(session: Session, **fields: Any) -> Complaint:
    """A new row from ``Complaint`` column values; flushed, so it has its id."""
    c = Complaint(**fields)
    session.add(c)
    session.flush()
    return c


def add_note(session: Session, **fields: Any) -> ComplaintNote:
    note = ComplaintNote(**fields)
    session.add(note)
    session.flush()
    return note


def condition(session: Session, complaint_id: int, code: str) -> ComplaintCondition | None:
    return session.execute(
        select(ComplaintCondition).where(
            ComplaintCondition.complaint_id == complaint_id, ComplaintCondition.condition == code
        )
    ).scalar_one_or_none()


def add_condition(session: Session, **fields: Any) -> ComplaintCondition:
    row = ComplaintCondition(**fields)
    session.add(row)
    session.flush()
    return row


def met_conditions(session: Session, complaint_id: int) -> set[str]:
    """Codes of the conditions recorded for a complaint."""
    return set(
        session.scalars(select(ComplaintCondition.condition).where(ComplaintCondition.complaint_id == complaint_id))
    )


def running(session: Session, statuses: tuple[str, ...]) -> Rows:
    """(id, status, registered_at, accepted_at, reply_limit_days, against_unit_id) of rows in ``statuses``, by id."""
    return session.execute(
        select(
            Complaint.id,
            Complaint.status,
            Complaint.registered_at,
            Complaint.accepted_at,
            Complaint.reply_limit_days,
            Complaint.against_unit_id,
        )
        .where(Complaint.status.in_(statuses))
        .order_by(Complaint.id)
    ).all()


def with_unit_and_case(session: Session, as_of: dt.datetime | None = None) -> Rows:
    """(row, unit name or None, case_no or None) of every complaint, newest first; ``as_of``: only those
    registered by then (a replay; their status then is ``console.domain.supervision_asof``'s)."""
    q = (
        select(Complaint, Unit.name, Case.case_no)
        .outerjoin(Unit, Unit.id == Complaint.against_unit_id)
        .outerjoin(Case, Case.id == Complaint.case_id)
        .order_by(Complaint.id.desc())
    )
    if as_of is not None:
        q = q.where(Complaint.registered_at <= as_of)
    return session.execute(q).all()


def conditions_by_complaint(
    session: Session, as_of: dt.datetime | None = None
) -> dict[int, dict[str, ComplaintCondition]]:
    """Every recorded condition: {complaint id: {code: row}}; ``as_of``: those met by then."""
    out: dict[int, dict[str, ComplaintCondition]] = {}
    q = select(ComplaintCondition)
    if as_of is not None:
        q = q.where(ComplaintCondition.met_at <= as_of)
    for cc in session.scalars(q):
        out.setdefault(cc.complaint_id, {})[cc.condition] = cc
    return out


def notes_by_complaint(
    session: Session, as_of: dt.datetime | None = None
) -> dict[int, list[tuple[str, dt.datetime, str]]]:
    """Every note as (who, when, text), in order: {complaint id: [...]}; ``as_of``: those written by then."""
    out: dict[int, list[tuple[str, dt.datetime, str]]] = {}
    q = select(ComplaintNote).order_by(ComplaintNote.written_at, ComplaintNote.id)
    if as_of is not None:
        q = q.where(ComplaintNote.written_at <= as_of)
    for n in session.scalars(q):
        out.setdefault(n.complaint_id, []).append((n.written_by, n.written_at, n.text))
    return out


# ---- complaint alarms (a complaint past its acceptance or reply deadline) ------------------------------------


def active_alarms(session: Session) -> list[tuple[int, int, str]]:
    """(alarm id, complaint id, rule) of the complaint alarms whose condition has not cleared."""
    q = select(Alarm.id, Alarm.complaint_id, Alarm.rule).where(
        Alarm.complaint_id.is_not(None), Alarm.cleared_at.is_(None)
    )
    return [(int(a), int(c), str(r)) for a, c, r in session.execute(q) if c is not None]


def clear_alarms(session: Session, alarm_ids: list[int], at: dt.datetime) -> None:
    if alarm_ids:
        session.execute(update(Alarm).where(Alarm.id.in_(alarm_ids)).values(cleared_at=at))


def raise_alarms(session: Session, specs: list[tuple[int, str, str, dt.datetime]], raised_by: str) -> list[int]:
    """Insert (complaint id, rule, message, raised at) as new occurrences: the next number after the last one
    (whose condition has cleared; the caller passes only complaints with none active).  Exactly once across
    consoles: the unique key (complaint, rule, subject, occurrence) lets only the first insert of a number land."""
    if not specs:
        return []
    last: dict[tuple[int, str], int] = {}
    q = select(Alarm.complaint_id, Alarm.rule, Alarm.occurrence).where(Alarm.complaint_id.in_({s[0] for s in specs}))
    for cid, rule, occ in session.execute(q):
        if cid is not None:
            last[(cid, rule)] = max(last.get((cid, rule), 0), occ)
    levels = dict(session.execute(select(RuleLevel.rule, RuleLevel.level)).all())
    written = repo.now()
    rows = [
        dict(
            case_id=None,
            complaint_id=cid,
            rule=rule,
            subject="",
            occurrence=last.get((cid, rule), 0) + 1,
            level=levels.get(rule, rules.level(rule)),
            message=message,
            raised_at=at,
            raised_by=raised_by,
            status="open",
            recorded_at=written,  # the wall clock (raised_at: the deadline's moment), for the replay
        )
        for cid, rule, message, at in specs
    ]
    stmt = (
        repo._insert(session)(Alarm)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["complaint_id", "rule", "subject", "occurrence"])
        .returning(Alarm.id)
    )
    return list(session.execute(stmt).scalars())


def reply_limits(session: Session, complaint_ids: list[int]) -> dict[int, int]:
    """complaint id -> its reply limit in working days (30, or 60 once extended)."""
    if not complaint_ids:
        return {}
    q = select(Complaint.id, Complaint.reply_limit_days).where(Complaint.id.in_(complaint_ids))
    return {int(i): int(n) for i, n in session.execute(q)}


def against_unit(session: Session, complaint_id: int) -> int | None:
    """The unit a complaint is against (None: against a person only, or no such complaint)."""
    return session.execute(select(Complaint.against_unit_id).where(Complaint.id == complaint_id)).scalar_one_or_none()
