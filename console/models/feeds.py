"""The feed's heartbeat per unit and sending system (``feed_heartbeats``), and its configured length."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import func, or_, select, union
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from console.domain.feeds import DEFAULT_HEARTBEAT_HOURS
from console.models.repository import get_meta, set_meta
from console.models.schema import Case, ExchangeRecord, FeedHeartbeat

HEARTBEAT_KEY = "feed_heartbeat_hours"


def record(session: Session, case_nos: Iterable[str], sender: str, at: dt.datetime) -> None:
    """Records of these cases arrived from ``sender`` at ``at``: their units' feeds are alive."""
    nos = sorted(set(case_nos))
    units: set[int] = set()
    for i in range(0, len(nos), 500):
        units |= set(session.scalars(select(Case.unit_id).where(Case.case_no.in_(nos[i : i + 500])).distinct()))
    if not units:
        return
    ins = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = ins(FeedHeartbeat).values([dict(unit_id=u, sender=sender[:64], last_record_at=at) for u in sorted(units)])
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=["unit_id", "sender"], set_={"last_record_at": stmt.excluded.last_record_at}
        )
    )


def last_by_unit(session: Session) -> dict[int, dt.datetime]:
    """unit id -> when its last record arrived from any sending system."""
    return dict(
        session.execute(
            select(FeedHeartbeat.unit_id, func.max(FeedHeartbeat.last_record_at)).group_by(FeedHeartbeat.unit_id)
        ).all()
    )


def by_sender(session: Session) -> list[tuple[int, str, dt.datetime]]:
    q = select(FeedHeartbeat.unit_id, FeedHeartbeat.sender, FeedHeartbeat.last_record_at)
    return [(unit_id, sender, last) for unit_id, sender, last in session.execute(q)]


def units_with_cases(session: Session) -> set[int]:
    """Units that hold at least one case (however it came: a unit with none and no feed has no data)."""
    return set(session.scalars(select(Case.unit_id).distinct()))


def units_with_cases_at(session: Session, at: dt.datetime) -> set[int]:
    """``units_with_cases`` as known at ``at`` (replay): units holding a case one of whose exchange records had
    arrived by then (``received_at``), or, a case with no record (written by a tool), received or accepted by
    then (console.models.asof's rule) — a unit heard of only later is 无数据 at ``at``, never all clear."""
    arrived = select(ExchangeRecord.case_no).where(ExchangeRecord.received_at <= at)
    recorded = select(ExchangeRecord.case_no)
    by_tool = (
        select(Case.unit_id)
        .where(~Case.case_no.in_(recorded))
        .where(or_(Case.received_at <= at, Case.accepted_at <= at))
    )
    q = union(select(Case.unit_id).where(Case.case_no.in_(arrived)), by_tool)
    return set(session.scalars(q))


def heartbeat_hours(session: Session) -> float:
    v = get_meta(session, HEARTBEAT_KEY)
    try:
        return float(v) if v is not None else DEFAULT_HEARTBEAT_HOURS
    except ValueError:
        return DEFAULT_HEARTBEAT_HOURS


def set_heartbeat_hours(session: Session, hours: float) -> None:
    set_meta(session, HEARTBEAT_KEY, repr(float(hours)))
