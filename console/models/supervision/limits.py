"""Items' time limits as the 时限清理 sees them: the settings and the completed cases' habits it checks, the
item row a correction changes, and re-dating that item's open cases."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, Date, Row, bindparam, case, cast, func, select, update
from sqlalchemy.orm import QueryableAttribute, Session

from console.domain.calendar import WorkCalendar
from console.models import repository as repo
from console.models.db import Rows
from console.models.openset import OpenSet, fetch_cases
from console.models.recompute import evaluate_open
from console.models.schema import Case, Item, ItemStep, Suspension, Unit


def items_with_units(session: Session) -> Rows:
    """(id, code, name, statutory_days, promised_days, stop_clock_kinds, unit_code, unit_name, sort_order,
    limit_unit) of every item."""
    return session.execute(
        select(
            Item.id,
            Item.code,
            Item.name,
            Item.statutory_days,
            Item.promised_days,
            Item.stop_clock_kinds,
            Unit.code.label("unit_code"),
            Unit.name.label("unit_name"),
            Unit.sort_order,
            Item.limit_unit,
        ).join(Unit, Unit.id == Item.unit_id)
    ).all()


def step_limit_sums(session: Session) -> dict[int, int]:
    """Per item: the sum of its steps' limits (steps without a limit left out)."""
    rows = session.execute(
        select(ItemStep.item_id, func.sum(ItemStep.limit_days))
        .where(ItemStep.limit_days.is_not(None))
        .group_by(ItemStep.item_id)
    )
    return {item_id: total or 0 for item_id, total in rows}  # a sum over non-null limits is never NULL


def _day_of(session: Session, col: QueryableAttribute[Any]) -> ColumnElement[Any]:
    return func.date(col) if session.get_bind().dialect.name == "sqlite" else cast(col, Date)


def _second_of(session: Session, col: QueryableAttribute[Any]) -> ColumnElement[Any]:
    if session.get_bind().dialect.name == "sqlite":
        return func.strftime("%Y-%m-%d %H:%M:%S", col)
    return func.date_trunc("second", col)


def completed_stats(session: Session, since: dt.date | None) -> dict[int, tuple[int, int, int, int]]:
    """Per item: completed cases, late by promised date, completed in the acceptance second, over a day."""
    done_day = _day_of(session, Case.completed_at)
    q = (
        select(
            Case.item_id,
            func.count(),
            func.sum(case((done_day > Case.promised_due, 1), else_=0)),
            func.sum(
                case((_second_of(session, Case.completed_at) == _second_of(session, Case.accepted_at), 1), else_=0)
            ),
            func.sum(case((done_day > _day_of(session, Case.accepted_at), 1), else_=0)),
        )
        .where(Case.completed_at.is_not(None), Case.accepted_at.is_not(None))
        .group_by(Case.item_id)
    )
    if since is not None:
        q = q.where(Case.completed_at >= since)
    return {r[0]: (int(r[1]), int(r[2] or 0), int(r[3] or 0), int(r[4] or 0)) for r in session.execute(q)}


def specials_after_completion(session: Session, since: dt.date | None) -> dict[int, int]:
    """Per item: completed cases with a special procedure reported after completion."""
    q = (
        select(Case.item_id, func.count(func.distinct(Case.id)))
        .join(Suspension, Suspension.case_id == Case.id)
        .where(Case.completed_at.is_not(None), Suspension.reported_at > Case.completed_at)
        .group_by(Case.item_id)
    )
    if since is not None:
        q = q.where(Case.completed_at >= since)
    return dict(session.execute(q).all())


def item_for_update(session: Session, item_code: str) -> Item | None:
    return session.execute(select(Item).where(Item.code == item_code).with_for_update()).scalar_one_or_none()


def item_with_unit(session: Session, item_code: str) -> Row[Item, str] | None:
    """(item row, unit name) or None."""
    return session.execute(
        select(Item, Unit.name).join(Unit, Unit.id == Item.unit_id).where(Item.code == item_code)
    ).one_or_none()


def open_case_ids(session: Session, item_id: int) -> list[int]:
    """The item's cases accepted and not completed."""
    return list(
        session.scalars(
            select(Case.id).where(Case.item_id == item_id, Case.completed_at.is_(None), Case.accepted_at.is_not(None))
        )
    )


def set_case_limits(
    session: Session, case_ids: list[int], promised_days: int, statutory_days: int, natural: bool = False
) -> None:
    """The open cases take the item's limits; in 自然日 they are kept as such (the engine runs their working-day
    equivalents from them on every pass, ``console.domain.timelimits.natural_limits``)."""
    if case_ids:
        values = (
            dict(promised_natural_days=promised_days, statutory_natural_days=statutory_days)
            if natural
            else dict(
                promised_days=promised_days,
                statutory_days=statutory_days,
                promised_natural_days=None,
                statutory_natural_days=None,
            )
        )
        session.execute(update(Case).where(Case.id.in_(case_ids)).values(**values))


def redate_cases(session: Session, cal: WorkCalendar, case_ids: list[int], today: dt.date | None = None) -> int:
    """``recompute_open_due_dates`` narrowed to some open cases; returns how many due dates changed.

    Changed rows take a new watermark so every console's poller reads them again.
    """
    if not case_ids:
        return 0
    today = today or repo.now().date()
    open_set = OpenSet()
    open_set.apply(fetch_cases(session, cal, case_ids=case_ids))
    if not len(open_set):
        return 0
    ev = evaluate_open(cal, open_set, today)
    stored = {
        r.id: (r.promised_due, r.statutory_due, r.due_provisional)
        for r in session.execute(
            select(Case.id, Case.promised_due, Case.statutory_due, Case.due_provisional).where(Case.id.in_(case_ids))
        )
    }
    changes = []
    for cid, i in open_set.pos.items():
        new = (cal.date(ev.promised_due[i]), cal.date(ev.statutory_due[i]), bool(ev.provisional[i]))
        if stored.get(cid) != new:
            changes.append({"cid": cid, "p": new[0], "s": new[1], "prov": new[2]})
    if changes:
        seq = repo.next_change_seq(session)
        table = Case.table()
        session.execute(
            update(table)
            .where(table.c.id == bindparam("cid"))
            .values(
                promised_due=bindparam("p"),
                statutory_due=bindparam("s"),
                due_provisional=bindparam("prov"),
                change_seq=seq,
                updated_at=repo.now(),
            ),
            changes,
        )
        for obj in list(session.identity_map.values()):  # Core update: loaded Case objects are stale now
            if isinstance(obj, Case) and obj.id in case_ids:
                session.expire(obj)
    return len(changes)
