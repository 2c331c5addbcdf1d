"""督办 rows and their history: added, locked for a change, the open ones the pass climbs, the cards per
unit for the wall, the lists for the 督办 tab and the counts for the period report."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.orm import Session

from console.models.escalation_schema import Escalation, EscalationEvent
from console.models.schema import Case, Unit
from console.models.supervision_schema import Rectification


def add(session: Session, **fields: Any) -> Escalation:
    """A new row from ``Escalation`` column values; flushed, so it has its id."""
    e = Escalation(**fields)
    session.add(e)
    session.flush()
    return e


def add_event(session: Session, escalation_id: int, **fields: Any) -> None:
    session.add(EscalationEvent(escalation_id=escalation_id, **fields))
    session.flush()


def last_event_at(session: Session, escalation_id: int) -> dt.datetime | None:
    """When the latest step of a 督办's history happened."""
    return session.execute(
        select(func.max(EscalationEvent.at)).where(EscalationEvent.escalation_id == escalation_id)
    ).scalar_one()


def for_update(session: Session, escalation_id: int) -> Escalation | None:
    return session.get(Escalation, escalation_id, with_for_update=True)


def get(session: Session, escalation_id: int) -> Escalation | None:
    return session.get(Escalation, escalation_id)


def notices_in_year(session: Session, prefix: str) -> int:
    """How many notice numbers start with ``prefix`` (the year's numbering)."""
    return session.execute(
        select(func.count()).select_from(Escalation).where(Escalation.notice_no.like(prefix + "%"))
    ).scalar_one()


def open_for_source(session: Session, kind: str, source_id: int, statuses: tuple[str, ...]) -> int | None:
    return session.execute(
        select(Escalation.id).where(
            Escalation.source_kind == kind, Escalation.source_id == source_id, Escalation.status.in_(statuses)
        )
    ).scalar()


def waiting(session: Session) -> list[Any]:
    """(id, level, due_date, status) of the 督办 waiting for the unit's answer, by id."""
    return list(
        session.execute(
            select(Escalation.id, Escalation.level, Escalation.due_date, Escalation.status)
            .where(Escalation.status == "open")
            .order_by(Escalation.id)
        ).all()
    )


def claim_climb(
    session: Session, escalation_id: int, from_level: str, missed_due: dt.date, values: dict[str, object]
) -> bool:
    """Move an open row on from (level, due) if nobody did yet: of consoles running the pass at once, one wins."""
    res = session.execute(
        update(Escalation)
        .where(
            Escalation.id == escalation_id,
            Escalation.status == "open",
            Escalation.level == from_level,
            Escalation.due_date == missed_due,
        )
        .values(**values)
    )
    return isinstance(res, CursorResult) and res.rowcount == 1


def overdue_rectifications_without(session: Session) -> list[Any]:
    """(id, case_id, unit_id, due_date, instructions) of overdue rectifications that no 督办 is about yet."""
    taken = select(Escalation.source_id).where(Escalation.source_kind == "rectification")
    return list(
        session.execute(
            select(
                Rectification.id,
                Rectification.case_id,
                Rectification.unit_id,
                Rectification.due_date,
                Rectification.instructions,
            )
            .where(Rectification.status == "overdue", Rectification.id.not_in(taken))
            .order_by(Rectification.id)
        ).all()
    )


def open_levels_by_unit(session: Session, statuses: tuple[str, ...]) -> dict[int, list[str]]:
    """{unit_id: [level, …]} of the 督办 in ``statuses``."""
    out: dict[int, list[str]] = {}
    for unit_id, level in session.execute(
        select(Escalation.unit_id, Escalation.level).where(Escalation.status.in_(statuses))
    ):
        out.setdefault(unit_id, []).append(level)
    return out


def with_case_and_unit(
    session: Session,
    ids: list[int] | None = None,
    statuses: tuple[str, ...] | None = None,
    as_of: dt.datetime | None = None,
) -> list[Any]:
    """(row, case_no or None, unit name, unit code), newest first; ``as_of``: only those opened by then (a
    replay; how each stood then is read from its history by ``console.domain.supervision_asof``)."""
    q = (
        select(Escalation, Case.case_no, Unit.name, Unit.code)
        .join(Unit, Unit.id == Escalation.unit_id)
        .outerjoin(Case, Case.id == Escalation.case_id)
        .order_by(Escalation.id.desc())
    )
    if ids is not None:
        q = q.where(Escalation.id.in_(ids))
    if statuses is not None:
        q = q.where(Escalation.status.in_(statuses))
    if as_of is not None:
        q = q.where(Escalation.opened_at <= as_of)
    return list(session.execute(q).all())


def counts_by_unit(session: Session, start: dt.datetime, end: dt.datetime, unit_id: int | None) -> list[Any]:
    """(unit_id, level, status, outcome, n) of the 督办 opened in [start, end)."""
    q = (
        select(Escalation.unit_id, Escalation.level, Escalation.status, Escalation.outcome, func.count())
        .where(Escalation.opened_at >= start, Escalation.opened_at < end)
        .group_by(Escalation.unit_id, Escalation.level, Escalation.status, Escalation.outcome)
    )
    if unit_id is not None:
        q = q.where(Escalation.unit_id == unit_id)
    return list(session.execute(q).all())
