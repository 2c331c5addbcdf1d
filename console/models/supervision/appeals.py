"""申诉 rows: added, locked for the decision, found by their exchange record, listed for the 申诉 tab, their
running deadlines, the counts for the period report, and the time corrections an upheld appeal made."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from console.domain.corrections import CaseCorrection
from console.domain.vocabulary import SUPPLEMENT
from console.models.escalation_schema import Appeal, CaseTimeCorrection
from console.models.schema import Alarm, Case, Unit


def add(session: Session, **fields: Any) -> Appeal:
    a = Appeal(**fields)
    session.add(a)
    session.flush()
    return a


def for_update(session: Session, appeal_id: int) -> Appeal | None:
    return session.get(Appeal, appeal_id, with_for_update=True)


def by_record(session: Session, record_id: str) -> Appeal | None:
    return session.execute(select(Appeal).where(Appeal.record_id == record_id)).scalar_one_or_none()


def pending_for_alarm(session: Session, alarm_id: int) -> int | None:
    return session.execute(select(Appeal.id).where(Appeal.alarm_id == alarm_id, Appeal.status == "filed")).scalar()


def alarm_by_case_no(session: Session, case_no: str, rule: str) -> int | None:
    """(alarm id) of the case's newest alarm of ``rule`` that is not cancelled, or None."""
    return session.execute(
        select(Alarm.id)
        .join(Case, Case.id == Alarm.case_id)
        .where(Case.case_no == case_no, Alarm.rule == rule, Alarm.status != "cancelled")
        .order_by(Alarm.raised_at.desc(), Alarm.id.desc())
    ).scalar()


def running(session: Session, unit_id: int | None = None) -> list[Any]:
    """(id, filed_at, deadline_days) of the appeals waiting for a decision, by id."""
    q = select(Appeal.id, Appeal.filed_at, Appeal.deadline_days).where(Appeal.status == "filed")
    if unit_id is not None:
        q = q.where(Appeal.unit_id == unit_id)
    return list(session.execute(q.order_by(Appeal.id)).all())


def with_alarm_case_and_unit(
    session: Session,
    ids: list[int] | None = None,
    statuses: tuple[str, ...] | None = None,
    as_of: dt.datetime | None = None,
) -> list[Any]:
    """(appeal, alarm rule, alarm message, alarm status, case_no, unit name), newest first; ``as_of``: only
    those filed by then (a replay; decided or not then: ``console.domain.supervision_asof``)."""
    q = (
        select(Appeal, Alarm.rule, Alarm.message, Alarm.status, Case.case_no, Unit.name)
        .join(Alarm, Alarm.id == Appeal.alarm_id)
        .join(Case, Case.id == Appeal.case_id)
        .join(Unit, Unit.id == Appeal.unit_id)
        .order_by(Appeal.id.desc())
    )
    if ids is not None:
        q = q.where(Appeal.id.in_(ids))
    if statuses is not None:
        q = q.where(Appeal.status.in_(statuses))
    if as_of is not None:
        q = q.where(Appeal.filed_at <= as_of)
    return list(session.execute(q).all())


def counts_by_unit(session: Session, start: dt.datetime, end: dt.datetime, unit_id: int | None) -> list[Any]:
    """(unit_id, status, n) of the appeals filed in [start, end)."""
    q = (
        select(Appeal.unit_id, Appeal.status, func.count())
        .where(Appeal.filed_at >= start, Appeal.filed_at < end)
        .group_by(Appeal.unit_id, Appeal.status)
    )
    if unit_id is not None:
        q = q.where(Appeal.unit_id == unit_id)
    return list(session.execute(q).all())


def add_correction(
    session: Session, case_id: int, appeal_id: int, c: CaseCorrection, reason: str, made_by: str, made_at: dt.datetime
) -> CaseTimeCorrection:
    row = CaseTimeCorrection(
        case_id=case_id,
        appeal_id=appeal_id,
        kind=c.kind,
        wait_kind=c.wait_kind if c.kind == "wait" else None,
        at=c.at,
        started_at=c.started_at,
        ended_at=c.ended_at,
        reason=reason,
        made_by=made_by,
        made_at=made_at,
    )
    session.add(row)
    session.flush()
    return row


def corrections_by_appeal(session: Session, appeal_ids: list[int]) -> dict[int, list[CaseCorrection]]:
    """{appeal_id: the corrections made with its decision} of the appeals that made any."""
    return _corrections_by(session, CaseTimeCorrection.appeal_id, appeal_ids)


def corrections_by_case(session: Session, case_ids: list[int]) -> dict[int, list[CaseCorrection]]:
    """{case_id: its corrections in the order they were made} of the cases that have any."""
    return _corrections_by(session, CaseTimeCorrection.case_id, case_ids)


def _corrections_by(
    session: Session, key: InstrumentedAttribute[int], ids: list[int]
) -> dict[int, list[CaseCorrection]]:
    out: dict[int, list[CaseCorrection]] = {}
    for i in range(0, len(ids), 500):
        rows = session.scalars(
            select(CaseTimeCorrection).where(key.in_(ids[i : i + 500])).order_by(CaseTimeCorrection.id)
        )
        for r in rows:
            out.setdefault(getattr(r, key.key), []).append(
                CaseCorrection(r.kind, r.at, r.started_at, r.ended_at, r.wait_kind or SUPPLEMENT)
            )
    return out
