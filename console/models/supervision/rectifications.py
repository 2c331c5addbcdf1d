"""限期整改 rows and alarm cancellations (撤销): added, locked for a change, listed with their case and unit,
and the overdue claim several consoles may run at once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from console.models.db import Rows
from console.models.schema import Alarm, Case, Unit
from console.models.supervision_schema import AlarmCancellation, Rectification


def for_update(session: Session, rect_id: int) -> Rectification | None:
    return session.get(Rectification, rect_id, with_for_update=True)


def open_for_alarm(session: Session, alarm_id: int, statuses: tuple[str, ...]) -> int | None:
    """The id of a rectification of ``alarm_id`` in one of ``statuses``, if any."""
    return session.execute(
        select(Rectification.id).where(Rectification.alarm_id == alarm_id, Rectification.status.in_(statuses))
    ).scalar()


def alarms_without_rectification(session: Session, rule: str) -> list[int]:
    """Ids of the alarms of ``rule`` (not cancelled) that no rectification was ever ordered for."""
    return list(
        session.scalars(
            select(Alarm.id)
            .outerjoin(Rectification, Rectification.alarm_id == Alarm.id)
            .where(Alarm.rule == rule, Alarm.status != "cancelled", Rectification.id.is_(None))
            .order_by(Alarm.id)
        )
    )


def add(session: Session, **fields: Any) -> Rectification:
    """A new row from ``Rectification`` column values; flushed, so it has its id."""
    r = Rectification(**fields)
    session.add(r)
    session.flush()
    return r


def claim_overdue(session: Session, today: dt.date) -> Rows:
    """Set 'ordered' rows due before ``today`` to 'overdue'; returns (id, case_id, due_date, unit_id) of each.

    The UPDATE … WHERE status = 'ordered' is the claim: of consoles running it at once, one gets each row.
    """
    return session.execute(
        update(Rectification)
        .where(Rectification.status == "ordered", Rectification.due_date < today)
        .values(status="overdue")
        .returning(Rectification.id, Rectification.case_id, Rectification.due_date, Rectification.unit_id)
    ).all()


def unit_names(session: Session, unit_ids: set[int]) -> dict[int, str]:
    return dict(session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(unit_ids))).all())


def alarm_id(session: Session, case_id: int, rule: str, subject: str) -> int | None:
    """The alarm with this unique key (case, rule, subject)."""
    return session.execute(
        select(Alarm.id).where(Alarm.case_id == case_id, Alarm.rule == rule, Alarm.subject == subject)
    ).scalar()


def link_overdue_alarm(session: Session, rect_id: int, overdue_alarm_id: int | None) -> None:
    session.execute(update(Rectification).where(Rectification.id == rect_id).values(overdue_alarm_id=overdue_alarm_id))


def running(session: Session, statuses: tuple[str, ...], unit_id: int | None = None) -> Rows:
    """(id, ordered_at, deadline_days) of the rows in ``statuses`` (optionally of one unit), by id."""
    q = select(Rectification.id, Rectification.ordered_at, Rectification.deadline_days).where(
        Rectification.status.in_(statuses)
    )
    if unit_id is not None:
        q = q.where(Rectification.unit_id == unit_id)
    return session.execute(q.order_by(Rectification.id)).all()


def with_case_and_unit(
    session: Session,
    rect_ids: list[int] | None = None,
    case_id: int | None = None,
    statuses: tuple[str, ...] | None = None,
    as_of: dt.datetime | None = None,
) -> Rows:
    """(row, case_no, unit name), newest first, narrowed by ids, case and statuses when given; ``as_of``: only
    the rows ordered by then (a replay; their status then is ``console.domain.supervision_asof``'s)."""
    q = (
        select(Rectification, Case.case_no, Unit.name)
        .join(Case, Case.id == Rectification.case_id)
        .join(Unit, Unit.id == Rectification.unit_id)
        .order_by(Rectification.id.desc())
    )
    if rect_ids is not None:
        q = q.where(Rectification.id.in_(rect_ids))
    if case_id is not None:
        q = q.where(Rectification.case_id == case_id)
    if statuses is not None:
        q = q.where(Rectification.status.in_(statuses))
    if as_of is not None:
        q = q.where(Rectification.ordered_at <= as_of)
    return session.execute(q).all()


def add_cancellation(session: Session, **fields: Any) -> AlarmCancellation:
    """A new ``AlarmCancellation`` from its column values; flushed."""
    c = AlarmCancellation(**fields)
    session.add(c)
    session.flush()
    return c
