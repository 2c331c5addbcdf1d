"""The counts behind a period report, each over the rows whose own date falls in the period (both ends
included) and, when the period names a unit, over that unit's rows only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Date, DateTime, Integer, Select, and_, bindparam, func, or_, select, text
from sqlalchemy.orm import QueryableAttribute, Session

from console.models.db import Rows
from console.models.schema import Alarm, Case, Evaluation, Item, Unit
from console.models.supervision_schema import Complaint, ComplaintCondition, Rectification, Sanction

Column = ColumnElement[Any] | QueryableAttribute[Any]
SelectT = TypeVar("SelectT", bound="Select[*tuple[Any, ...]]")  # a string: 2.0 Select takes one tuple


@dataclass(frozen=True)
class Period:
    first: dt.date
    last: dt.date
    unit_id: int | None  # None: the whole city

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.first, dt.time())

    @property
    def end(self) -> dt.datetime:  # exclusive
        return dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time())

    def within(self, col: Column) -> ColumnElement[bool]:
        """A timestamp column in the period."""
        return and_(col >= self.start, col < self.end)

    def days(self, col: Column) -> ColumnElement[bool]:
        """A date column in the period."""
        return and_(col >= self.first, col <= self.last)


def unit_by_code(session: Session, code: str) -> Unit | None:
    return session.execute(select(Unit).where(Unit.code == code)).scalar_one_or_none()


def accepted_by_unit(session: Session, p: Period) -> dict[int, int]:
    q = select(Case.unit_id, func.count()).where(p.within(Case.accepted_at)).group_by(Case.unit_id)
    if p.unit_id is not None:
        q = q.where(Case.unit_id == p.unit_id)
    return dict(session.execute(q).all())


def completions(session: Session, p: Period) -> Rows:
    """(unit_id, completed_at, promised_due, statutory_due) of the cases completed in the period."""
    q = select(Case.unit_id, Case.completed_at, Case.promised_due, Case.statutory_due).where(
        p.within(Case.completed_at)
    )
    if p.unit_id is not None:
        q = q.where(Case.unit_id == p.unit_id)
    return session.execute(q).all()


def open_overdue_at_end(session: Session, p: Period) -> int:
    """Cases accepted by the period's end, not completed by then, past their promised date on its last day."""
    q = (
        select(func.count())
        .select_from(Case)
        .where(
            Case.accepted_at < p.end,
            (Case.completed_at.is_(None)) | (Case.completed_at >= p.end),
            Case.promised_due < p.last,
        )
    )
    if p.unit_id is not None:
        q = q.where(Case.unit_id == p.unit_id)
    return session.execute(q).scalar_one()


def open_overdue_per_day(
    session: Session, first: dt.date, last: dt.date, unit_id: int | None = None
) -> tuple[int, ...]:
    """``open_overdue_at_end`` of each day ``first``..``last`` (one period per day), in one scan of the cases.

    A case counts on day d when accepted by d's end, not completed by then and promised before d: on the days
    from max(promised + 1, accepted's day) to completed's day - 1 (or open on). The query groups the cases by
    that span clipped to the window (a few hundred groups); the days are summed here."""
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time())
    first_end = dt.datetime.combine(first + dt.timedelta(days=1), dt.time())
    if session.connection().dialect.name == "postgresql":
        lo = "GREATEST(promised_due + 1, CAST(accepted_at AS DATE), CAST(:first AS DATE))"
        hi = "LEAST(CAST(completed_at AS DATE) - 1, CAST(:last AS DATE))"
    else:  # SQLite keeps dates as ISO text: max/min of strings order as the dates do
        lo = "max(date(promised_due, '+1 day'), date(accepted_at), :first)"
        hi = "min(date(completed_at, '-1 day'), :last)"
    unit = "AND unit_id = :unit" if unit_id is not None else ""
    # completed_at NULL: LEAST ignores it on PostgreSQL, min() gives NULL on SQLite; COALESCE makes both "open on"
    sql = (
        text(
            f"SELECT {lo} AS lo, COALESCE({hi}, :last) AS hi, COUNT(*) AS n FROM cases "
            "WHERE accepted_at < :end AND (completed_at IS NULL OR completed_at >= :first_end) "
            f"AND promised_due < :last {unit} GROUP BY 1, 2"
        )
        .bindparams(
            bindparam("first", type_=Date()),
            bindparam("last", type_=Date()),
            bindparam("end", type_=DateTime()),
            bindparam("first_end", type_=DateTime()),
        )
        .columns(lo=Date(), hi=Date(), n=Integer())
    )
    params: dict[str, Any] = {"first": first, "last": last, "end": end, "first_end": first_end}
    if unit_id is not None:
        params["unit"] = unit_id
    out = [0] * ((last - first).days + 1)
    for row in session.execute(sql, params):
        lo_day: dt.date = row.lo
        hi_day: dt.date = row.hi
        for k in range((lo_day - first).days, (hi_day - first).days + 1):
            out[k] += int(row.n)
    return tuple(out)


def cases_corrected(session: Session, p: Period, rules: tuple[str, ...]) -> int:
    """Distinct cases with a rectification of an alarm of one of ``rules`` verified in the period."""
    q = (
        select(func.count(func.distinct(Rectification.case_id)))
        .join(Alarm, Alarm.id == Rectification.alarm_id)
        .join(Case, Case.id == Rectification.case_id)
        .where(Rectification.status == "verified", p.within(Rectification.verified_at), Alarm.rule.in_(rules))
    )
    if p.unit_id is not None:
        q = q.where(Case.unit_id == p.unit_id)
    return session.execute(q).scalar_one()


def alarm_counts(session: Session, p: Period) -> Rows:
    """(rule, level, status, n) of the alarms raised in the period."""
    q = (
        select(Alarm.rule, Alarm.level, Alarm.status, func.count())
        .join(Case, Case.id == Alarm.case_id)
        .where(p.within(Alarm.raised_at))
        .group_by(Alarm.rule, Alarm.level, Alarm.status)
    )
    if p.unit_id is not None:
        q = q.where(Case.unit_id == p.unit_id)
    return session.execute(q).all()


def person_decisions(session: Session, p: Period) -> Rows:
    """(person_name, unit_id, kind) of the decisions against persons in the period."""
    q = select(Sanction.person_name, Sanction.unit_id, Sanction.kind).where(
        Sanction.person_name.is_not(None), p.days(Sanction.decided_on)
    )
    if p.unit_id is not None:
        q = q.where(Sanction.unit_id == p.unit_id)
    return session.execute(q).all()


def units_given(session: Session, p: Period, kind: str) -> list[str]:
    """Names of the units given ``kind`` as a whole in the period, in id order."""
    q = (
        select(Unit.id, Unit.name)
        .join(Sanction, Sanction.unit_id == Unit.id)
        .where(Sanction.person_name.is_(None), Sanction.kind == kind, p.days(Sanction.decided_on))
        .distinct()
        .order_by(Unit.id)
    )
    if p.unit_id is not None:
        q = q.where(Unit.id == p.unit_id)
    return [name for _, name in session.execute(q)]


def _against_unit(p: Period, q: SelectT) -> SelectT:
    return q if p.unit_id is None else q.where(Complaint.against_unit_id == p.unit_id)


def complaints_by_channel(session: Session, p: Period) -> dict[str, int]:
    """Complaints registered in the period per channel."""
    return dict(
        session.execute(
            _against_unit(
                p,
                (
                    select(Complaint.channel, func.count())
                    .where(p.within(Complaint.registered_at))
                    .group_by(Complaint.channel)
                ),
            )
        ).all()
    )


def complaints_closed(session: Session, p: Period, satisfaction: tuple[str, ...] | None = None) -> int:
    """Complaints closed in the period (only those with one of ``satisfaction`` at call-back, when given)."""
    q = select(func.count()).select_from(Complaint).where(Complaint.status == "closed", p.within(Complaint.closed_at))
    if satisfaction is not None:
        q = q.where(Complaint.satisfaction.in_(satisfaction))
    return session.execute(_against_unit(p, q)).scalar_one()


def completed_cases(session: Session, p: Period) -> Rows:
    """(id, item_id, completed_at) of the accepted cases completed in the period."""
    q = select(Case.id, Case.item_id, Case.completed_at).where(
        p.within(Case.completed_at), Case.accepted_at.is_not(None)
    )
    if p.unit_id is not None:
        q = q.where(Case.unit_id == p.unit_id)
    return session.execute(q).all()


def items(session: Session, item_ids: Iterable[int]) -> dict[int, Any]:
    """{id: (id, code, name, promised_days, statutory_days, unit_name)} of the given items."""
    return {
        r.id: r
        for r in session.execute(
            select(Item.id, Item.code, Item.name, Item.promised_days, Item.statutory_days, Unit.name.label("unit_name"))
            .join(Unit, Unit.id == Item.unit_id)
            .where(Item.id.in_(item_ids))
        )
    }


def units(session: Session, p: Period) -> Rows:
    """(id, code, name, sort_order) of the period's unit, or of every unit."""
    q = select(Unit.id, Unit.code, Unit.name, Unit.sort_order)
    return session.execute(q if p.unit_id is None else q.where(Unit.id == p.unit_id)).all()


def red_alarms_by_unit(session: Session, p: Period) -> dict[int, int]:
    """Per unit: red alarms raised in the period and not cancelled."""
    return dict(
        session.execute(
            select(Case.unit_id, func.count())
            .join(Alarm, Alarm.case_id == Case.id)
            .where(p.within(Alarm.raised_at), Alarm.level == "red", Alarm.status != "cancelled")
            .group_by(Case.unit_id)
        ).all()
    )


def complaints_by_unit(session: Session, p: Period) -> dict[int | None, int]:
    """Per unit complained against (None: no unit named): complaints registered in the period."""
    return dict(
        session.execute(
            select(Complaint.against_unit_id, func.count())
            .where(p.within(Complaint.registered_at))
            .group_by(Complaint.against_unit_id)
        ).all()
    )


def people_by_unit(session: Session, p: Period) -> dict[int | None, int]:
    """Per unit (None: no unit recorded): distinct persons with a decision in the period."""
    return dict(
        session.execute(
            select(Sanction.unit_id, func.count(func.distinct(Sanction.person_name)))
            .where(Sanction.person_name.is_not(None), p.days(Sanction.decided_on))
            .group_by(Sanction.unit_id)
        ).all()
    )


# ---- the statistics pages' counts (console/supervision/statistics.py), same Period rules -----------------------


def accepted_times(session: Session, p: Period) -> list[dt.datetime]:
    """``accepted_at`` of the cases accepted in the period (the same rows ``accepted_by_unit`` counts)."""
    q = select(Case.accepted_at).where(p.within(Case.accepted_at))
    if p.unit_id is not None:
        q = q.where(Case.unit_id == p.unit_id)
    return [t for t in session.scalars(q) if t is not None]


def received_times(session: Session, p: Period) -> list[dt.datetime]:
    """``received_at`` (申办/咨询 received) of the cases received in the period."""
    q = select(Case.received_at).where(p.within(Case.received_at))
    if p.unit_id is not None:
        q = q.where(Case.unit_id == p.unit_id)
    return [t for t in session.scalars(q) if t is not None]


def per_day(session: Session, p: Period, column: str) -> dict[dt.date, int]:
    """Cases whose timestamp ``column`` (received_at, accepted_at, completed_at) falls in the period, counted
    per day: the counts of ``accepted_times``/``received_times``/``completions`` by date, grouped in the
    database (1M rows at a month's scale are not moved to count them)."""
    col = {"received_at": Case.received_at, "accepted_at": Case.accepted_at, "completed_at": Case.completed_at}[column]
    day = func.date(col, type_=Date())  # PostgreSQL's date(timestamp), SQLite's date(text): both a day
    q = select(day, func.count()).select_from(Case).where(p.within(col)).group_by(day)
    if p.unit_id is not None:
        q = q.where(Case.unit_id == p.unit_id)
    return {d: int(n) for d, n in session.execute(q).all()}


def evaluations(session: Session, p: Period) -> Rows:
    """(unit_id, case_id, level) of the ratings (好差评) given in the period."""
    q = select(Case.unit_id, Evaluation.case_id, Evaluation.level).join(Case, Case.id == Evaluation.case_id)
    q = q.where(p.within(Evaluation.evaluated_at))
    if p.unit_id is not None:
        q = q.where(Case.unit_id == p.unit_id)
    return session.execute(q).all()


def rectification_statuses(session: Session, case_ids: Iterable[int]) -> dict[int, set[str]]:
    """Per case: the statuses of its rectifications (ordered | answered | verified | cancelled …)."""
    out: dict[int, set[str]] = {}
    ids = list(case_ids)
    for i in range(0, len(ids), 5000):
        for case_id, status in session.execute(
            select(Rectification.case_id, Rectification.status).where(Rectification.case_id.in_(ids[i : i + 5000]))
        ):
            out.setdefault(case_id, set()).add(status)
    return out


def complaints_accepted_by_unit(session: Session, p: Period) -> dict[int | None, int]:
    """Per unit complained against: complaints accepted (not rejected) in the period."""
    return dict(
        session.execute(
            select(Complaint.against_unit_id, func.count())
            .where(p.within(Complaint.accepted_at), Complaint.rejection_reason.is_(None))
            .group_by(Complaint.against_unit_id)
        ).all()
    )


def complaints_replied_by_unit(session: Session, p: Period) -> dict[int | None, int]:
    """Per unit complained against: complaints replied to in the period."""
    return dict(
        session.execute(
            select(Complaint.against_unit_id, func.count())
            .where(p.within(Complaint.replied_at))
            .group_by(Complaint.against_unit_id)
        ).all()
    )


def complaints_overdue_by_unit(session: Session, p: Period) -> dict[int | None, int]:
    """Per unit: complaints registered by the period's end, not closed by then, whose acceptance decision or
    reply was still missing after its due date (the period's last day past the due date)."""

    def not_by_end(col: Column) -> ColumnElement[bool]:
        return or_(col.is_(None), col >= p.end)

    return dict(
        session.execute(
            select(Complaint.against_unit_id, func.count())
            .where(
                Complaint.registered_at < p.end,
                not_by_end(Complaint.closed_at),
                (not_by_end(Complaint.accepted_at) & (Complaint.acceptance_due < p.last))
                | (not_by_end(Complaint.replied_at) & (Complaint.reply_due < p.last)),
            )
            .group_by(Complaint.against_unit_id)
        ).all()
    )


def conditions_met(session: Session, p: Period) -> dict[str, int]:
    """四不放过: per condition code, how many complaints had it recorded as met in the period."""
    q = (
        select(ComplaintCondition.condition, func.count())
        .join(Complaint, Complaint.id == ComplaintCondition.complaint_id)
        .where(p.within(ComplaintCondition.met_at))
        .group_by(ComplaintCondition.condition)
    )
    return dict(session.execute(_against_unit(p, q)).all())
