"""The lights' history in the database: light counts per unit and the headline totals, one sample every few
minutes, so the statistics screen's charts have their history from any console start (a console's memory
is empty after each start).

Two compact tables keyed by the sample's time: ``light_samples`` (the city's totals: one row per sample, its
primary key on ``at`` makes a month's chart one index range scan) and ``light_samples_units`` (one row per
unit and sample, keyed ``(unit_id, at)`` for one unit's chart, with an index on ``at`` for the retention
delete).  The sample time is the poll's business time rounded down to the sampling interval, and rows are
inserted with ON CONFLICT DO NOTHING: however many consoles poll the same database, each moment is recorded
once.  Samples older than the retention (default 400 days: a year and its same month last year) are deleted
by the pass that writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import DateTime, Index, Integer, SmallInteger, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from console.domain.snapshot import LightsPoint
from console.models.schema import Base

DEFAULT_EVERY_S = 300  # a sample every 5 minutes: 288 points a day, ~8,600 a month (one chart, one query)
DEFAULT_KEEP_DAYS = 400


class LightSample(Base):
    """The headline totals at one moment (open cases by light, handled reds, alarms waiting)."""

    __tablename__ = "light_samples"
    at: Mapped[dt.datetime] = mapped_column(DateTime, primary_key=True)
    normal: Mapped[int] = mapped_column(Integer)
    blue: Mapped[int] = mapped_column(Integer)
    yellow: Mapped[int] = mapped_column(Integer)
    red: Mapped[int] = mapped_column(Integer)
    red_handled: Mapped[int] = mapped_column(Integer)
    alarms_waiting: Mapped[int] = mapped_column(Integer)


class LightSampleUnit(Base):
    """One unit's open cases by light at one moment."""

    __tablename__ = "light_samples_units"
    unit_id: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, primary_key=True)
    normal: Mapped[int] = mapped_column(Integer)
    blue: Mapped[int] = mapped_column(Integer)
    yellow: Mapped[int] = mapped_column(Integer)
    red: Mapped[int] = mapped_column(Integer)
    red_handled: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_light_samples_units_at", "at"),)


def sample_time(now: dt.datetime, every_s: int) -> dt.datetime:
    """``now`` rounded down to the sampling interval (counted from midnight), to the second."""
    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    secs = int((now - day).total_seconds())
    return day + dt.timedelta(seconds=secs - secs % max(1, every_s))


def record(
    session: Session,
    at: dt.datetime,
    totals: tuple[int, int, int, int, int, int],
    per_unit: Sequence[tuple[int, int, int, int, int, int]],
    keep_days: int = DEFAULT_KEEP_DAYS,
) -> bool:
    """Write one sample (once, whoever writes first) and delete what is past the retention.

    ``totals``: (normal, blue, yellow, red, red_handled, alarms_waiting); ``per_unit``: (unit_id, normal,
    blue, yellow, red, red_handled).  Returns whether this call wrote the sample.
    """
    ins = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    keys = ("normal", "blue", "yellow", "red", "red_handled", "alarms_waiting")
    wrote = session.execute(
        ins(LightSample)
        .values(at=at, **dict(zip(keys, totals, strict=True)))
        .on_conflict_do_nothing(index_elements=["at"])
    ).rowcount  # type: ignore[attr-defined]
    if wrote and per_unit:
        ukeys = ("unit_id", *keys[:5])
        session.execute(
            ins(LightSampleUnit).on_conflict_do_nothing(index_elements=["unit_id", "at"]),
            [{"at": at, **dict(zip(ukeys, row, strict=True))} for row in per_unit],
        )
    if wrote:
        cutoff = at - dt.timedelta(days=keep_days)
        session.execute(delete(LightSample).where(LightSample.at < cutoff))
        session.execute(delete(LightSampleUnit).where(LightSampleUnit.at < cutoff))
    return bool(wrote)


def totals_between(session: Session, start: dt.datetime, end: dt.datetime) -> list[LightsPoint]:
    """The city's lights from ``start`` (included) to ``end`` (excluded), oldest first: one index range scan."""
    rows = session.execute(
        select(LightSample.at, LightSample.normal, LightSample.blue, LightSample.yellow, LightSample.red)
        .where(LightSample.at >= start, LightSample.at < end)
        .order_by(LightSample.at)
    )
    return [LightsPoint(at, normal, blue, yellow, red) for at, normal, blue, yellow, red in rows]


def unit_between(session: Session, unit_id: int, start: dt.datetime, end: dt.datetime) -> list[LightsPoint]:
    """One unit's lights from ``start`` to ``end`` (excluded), oldest first (the primary key's range)."""
    t = LightSampleUnit
    rows = session.execute(
        select(t.at, t.normal, t.blue, t.yellow, t.red)
        .where(t.unit_id == unit_id, t.at >= start, t.at < end)
        .order_by(t.at)
    )
    return [LightsPoint(at, normal, blue, yellow, red) for at, normal, blue, yellow, red in rows]
