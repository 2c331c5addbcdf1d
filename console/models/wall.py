"""The console's reads for its walls, alarm queue and drill-down (the poller's row-wise queries).

The open cases themselves are read column-wise by ``console.models.openset``; what is here is small: the
calendar's change stamp, the units, the open alarms with their case, today's satisfaction, and the rows of
one unit or one case that a drill-down shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, cast, func, literal, select
from sqlalchemy.orm import Session

from console.models.schema import (
    Alarm,
    AlarmAck,
    CalendarOverride,
    CalendarYear,
    Case,
    CaseEvent,
    Evaluation,
    Fee,
    Item,
    ItemStep,
    Suspension,
    Unit,
)
from console.models.supervision_schema import Complaint


def calendar_stamp(session: Session) -> tuple[object, ...]:
    """Changes whenever an override or a confirmed year is added, edited or removed (cheap to compare)."""
    return (
        session.execute(select(func.count(), func.max(CalendarOverride.updated_at))).one(),
        session.execute(select(func.count(CalendarYear.year))).scalar_one(),
    )


def units(session: Session) -> list[Unit]:
    """Every unit in wall order: by kind, then the administrator's order, then code."""
    return list(session.scalars(select(Unit).order_by(Unit.kind, Unit.sort_order, Unit.code)))


def step_names(session: Session) -> list[tuple[str, str]]:
    """(code, name) of the key-post steps the items define."""
    return [(code, name) for code, name in session.execute(select(ItemStep.code, ItemStep.name).distinct())]


# Alarms with what an alarm row shows of its case (``row.Alarm``, ``row.AlarmAck`` or None, ``row.case_no``,
# ``unit_id``, ``handler``, ``promised_due``, ``statutory_due``, ``item_name``, ``unit_name``); a statement is
# immutable, each use adds its own filter and order
# A complaint's alarm (no case) shows the complaint as 投诉 #id and its responsible unit.
_UNIT_ID = func.coalesce(Case.unit_id, Complaint.against_unit_id)
_ALARM_QUERY = (
    select(
        Alarm,
        func.coalesce(Case.case_no, literal("投诉 #") + cast(Alarm.complaint_id, String)).label("case_no"),
        _UNIT_ID.label("unit_id"),
        Case.handler,
        Case.promised_due,
        Case.statutory_due,
        func.coalesce(Item.name, literal("效能投诉")).label("item_name"),
        func.coalesce(Unit.name, literal("")).label("unit_name"),
        AlarmAck,
    )
    .outerjoin(Case, Case.id == Alarm.case_id)
    .outerjoin(Complaint, Complaint.id == Alarm.complaint_id)
    .outerjoin(Item, Item.id == Case.item_id)
    .outerjoin(Unit, Unit.id == _UNIT_ID)
    .outerjoin(AlarmAck, AlarmAck.alarm_id == Alarm.id)
)


def open_alarms(session: Session) -> list[Any]:
    """Open (unacknowledged) alarms with their case, oldest first (rows as ``_ALARM_QUERY`` describes)."""
    return list(session.execute(_ALARM_QUERY.where(Alarm.status == "open").order_by(Alarm.raised_at, Alarm.id)))


def satisfaction_since(session: Session, start: dt.datetime) -> dict[int, int]:
    """Evaluations given at or after ``start``, counted per level."""
    return dict(
        session.execute(
            select(Evaluation.level, func.count()).where(Evaluation.evaluated_at >= start).group_by(Evaluation.level)
        ).all()
    )


def open_cases_of_unit(session: Session, unit_id: int) -> list[Any]:
    """A unit's open cases as drill-down rows (``id``, ``case_no``, ``name`` of the item, ``stage``, ``handler``,
    ``accepted_at``, ``suspended``)."""
    return list(
        session.execute(
            select(Case.id, Case.case_no, Item.name, Case.stage, Case.handler, Case.accepted_at, Case.suspended)
            .join(Item, Item.id == Case.item_id)
            .where(Case.unit_id == unit_id, Case.completed_at.is_(None))
        )
    )


def open_cases_by_id(session: Session, case_ids: list[int], open_only: bool = True) -> list[Any]:
    """Drill-down rows (as ``open_cases_of_unit``) of the given cases, with their ``unit_id``; ``open_only=False``:
    open now or not (a replay's open set at T decided which)."""
    out: list[Any] = []
    for i in range(0, len(case_ids), 500):
        q = (
            select(
                Case.id,
                Case.case_no,
                Item.name,
                Case.stage,
                Case.handler,
                Case.accepted_at,
                Case.suspended,
                Case.unit_id,
            )
            .join(Item, Item.id == Case.item_id)
            .where(Case.id.in_(case_ids[i : i + 500]))
        )
        out += session.execute(q.where(Case.completed_at.is_(None)) if open_only else q).all()
    return out


def open_alarms_of_cases(session: Session, case_ids: list[int]) -> list[tuple[int, str, str]]:
    """(case id, rule, level) of the open (unacknowledged) alarms of the given cases."""
    out: list[tuple[int, str, str]] = []
    for i in range(0, len(case_ids), 500):
        out += [
            (cid, rule, level)
            for cid, rule, level in session.execute(
                select(Alarm.case_id, Alarm.rule, Alarm.level).where(
                    Alarm.case_id.in_(case_ids[i : i + 500]), Alarm.status == "open"
                )
            )
            if cid is not None  # by case id: never a complaint's
        ]
    return out


def open_alarms_of_unit(session: Session, unit_id: int) -> list[tuple[int, str, str]]:
    """(case id, rule, level) of every open (unacknowledged) alarm on the unit's cases, open or completed."""
    return [
        (cid, rule, level)
        for cid, rule, level in session.execute(
            select(Alarm.case_id, Alarm.rule, Alarm.level)
            .join(Case, Case.id == Alarm.case_id)
            .where(Case.unit_id == unit_id, Alarm.status == "open")
            .order_by(Alarm.case_id, Alarm.id)
        )
        if cid is not None  # joined to its case: never a complaint's
    ]


@dataclass(frozen=True)
class CaseFile:
    """Everything stored about one case, for its detail page."""

    case: Case
    item_name: str
    unit_name: str
    steps: list[CaseEvent]  # by start
    suspensions: list[Suspension]  # by start
    fees: list[Fee]
    evaluations: list[Evaluation]
    alarms: list[Any]  # rows as ``open_alarms`` returns, by raising time


def case_file(session: Session, case_id: int) -> CaseFile | None:
    case = session.get(Case, case_id)
    if case is None:
        return None
    return CaseFile(
        case=case,
        item_name=case.item.name,
        unit_name=case.unit.name,
        steps=list(
            session.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.started_at))
        ),
        suspensions=list(
            session.scalars(select(Suspension).where(Suspension.case_id == case_id).order_by(Suspension.started_at))
        ),
        fees=list(session.scalars(select(Fee).where(Fee.case_id == case_id))),
        evaluations=list(session.scalars(select(Evaluation).where(Evaluation.case_id == case_id))),
        alarms=list(session.execute(_ALARM_QUERY.where(Alarm.case_id == case_id).order_by(Alarm.raised_at))),
    )
