"""效能投诉 rows with their notes and 四不放过 conditions: added, locked for a change, listed for the windows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.models.db import Rows
from console.models.schema import Case, Unit
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


def with_unit_and_case(session: Session) -> Rows:
    """(row, unit name or None, case_no or None) of every complaint, newest first."""
    return session.execute(
        select(Complaint, Unit.name, Case.case_no)
        .outerjoin(Unit, Unit.id == Complaint.against_unit_id)
        .outerjoin(Case, Case.id == Complaint.case_id)
        .order_by(Complaint.id.desc())
    ).all()


def conditions_by_complaint(session: Session) -> dict[int, dict[str, ComplaintCondition]]:
    """Every recorded condition: {complaint id: {code: row}}."""
    out: dict[int, dict[str, ComplaintCondition]] = {}
    for cc in session.scalars(select(ComplaintCondition)):
        out.setdefault(cc.complaint_id, {})[cc.condition] = cc
    return out


def notes_by_complaint(session: Session) -> dict[int, list[tuple[str, dt.datetime, str]]]:
    """Every note as (who, when, text), in order: {complaint id: [...]}."""
    out: dict[int, list[tuple[str, dt.datetime, str]]] = {}
    for n in session.scalars(select(ComplaintNote).order_by(ComplaintNote.written_at, ComplaintNote.id)):
        out.setdefault(n.complaint_id, []).append((n.written_by, n.written_at, n.text))
    return out
