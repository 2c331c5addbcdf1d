"""责任追究 decisions with their links to cases and alarms: added, and read back as a person's, a unit's or a
case's record."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, Select, or_, select
from sqlalchemy.orm import Session, selectinload

from console.domain.supervision_rows import SanctionView
from console.models.schema import Alarm, Unit
from console.models.supervision_schema import Sanction, SanctionLink


def add(session: Session, case_ids: tuple[int, ...] = (), alarm_ids: tuple[int, ...] = (), **fields: Any) -> Sanction:
    """A new decision from ``Sanction`` column values, linked to the cases and alarms behind it; flushed."""
    s = Sanction(**fields)
    s.links = [SanctionLink(case_id=c) for c in case_ids] + [SanctionLink(alarm_id=a) for a in alarm_ids]
    session.add(s)
    session.flush()
    return s


def _views(session: Session, q: Select[Sanction]) -> list[SanctionView]:
    rows: Sequence[Row[Sanction, str | None]] = session.execute(
        q.add_columns(Unit.name)
        .outerjoin(Unit, Unit.id == Sanction.unit_id)
        .options(selectinload(Sanction.links))
        .order_by(Sanction.decided_on, Sanction.id)
    ).all()
    return [
        SanctionView(
            s.id,
            s.kind,
            s.decided_on,
            s.deciding_body,
            s.person_name,
            s.person_role,
            s.unit_id,
            name,
            s.text,
            tuple(link.case_id for link in s.links if link.case_id is not None),
            tuple(link.alarm_id for link in s.links if link.alarm_id is not None),
        )
        for s, name in rows
    ]


def person_record(session: Session, person_name: str, unit_id: int | None = None) -> list[SanctionView]:
    """Every decision against a person (optionally only as a member of ``unit_id``), oldest first."""
    q = select(Sanction).where(Sanction.person_name == person_name)
    if unit_id is not None:
        q = q.where(Sanction.unit_id == unit_id)
    return _views(session, q)


def unit_record(session: Session, unit_id: int, include_people: bool = True) -> list[SanctionView]:
    """A unit's record: decisions against it as a whole, and (by default) against its people."""
    q = select(Sanction).where(Sanction.unit_id == unit_id)
    if not include_people:
        q = q.where(Sanction.person_name.is_(None))
    return _views(session, q)


def case_record(session: Session, case_id: int) -> list[SanctionView]:
    """Decisions linked to a case, directly or through one of its alarms."""
    linked = (
        select(SanctionLink.sanction_id)
        .outerjoin(Alarm, Alarm.id == SanctionLink.alarm_id)
        .where(or_(SanctionLink.case_id == case_id, Alarm.case_id == case_id))
    )
    return _views(session, select(Sanction).where(Sanction.id.in_(linked)))
