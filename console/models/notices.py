"""Notices to the units (预警提醒): their contacts and the outbox (migration 0010).

``notices`` is an outbox: an event becomes one row per contact address, and UNIQUE(event_key, channel, address)
makes every enqueue idempotent (however many passes or engines see the event).  A sender claims a row in a
committed transaction before sending (moving its ``next_try_at`` past the send), then marks it sent in another:
a crash between the two sends again after the claim lapses (at least once), never twice while it is held.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    func,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from console.models.schema import Alarm, Base, Case, Item, Unit
from console.models.supervision_schema import Rectification

CHANNELS = ("email", "webhook")


class UnitContact(Base):
    """Who at a unit hears its notices, by which channel, and when not (quiet hours, local time; may wrap
    midnight).  Removing a contact deactivates it: its notices keep their history."""

    __tablename__ = "unit_contacts"
    __table_args__ = (
        UniqueConstraint("unit_id", "channel", "address", name="uq_unit_contacts_address"),
        CheckConstraint("channel IN ('email', 'webhook')", name="ck_unit_contacts_channel"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(8))
    address: Mapped[str] = mapped_column(String(300))  # an e-mail address or the webhook's URL
    name: Mapped[str] = mapped_column(String(64))
    quiet_start: Mapped[dt.time | None] = mapped_column(Time)
    quiet_end: Mapped[dt.time | None] = mapped_column(Time)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(64))


class Notice(Base):
    """One notice of one event to one address: pending → sent, or failed after the last attempt."""

    __tablename__ = "notices"
    __table_args__ = (
        UniqueConstraint("event_key", "channel", "address", name="uq_notices_event_address"),
        CheckConstraint("status IN ('pending', 'sent', 'failed')", name="ck_notices_status"),
        Index("ix_notices_due", "status", "next_try_at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_key: Mapped[str] = mapped_column(String(160))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("unit_contacts.id", ondelete="SET NULL"))
    channel: Mapped[str] = mapped_column(String(8))
    address: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(8), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[dt.datetime] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


# ---- contacts ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactRow:
    id: int
    unit_id: int
    unit_code: str
    unit_name: str
    channel: str
    address: str
    name: str
    quiet_start: dt.time | None
    quiet_end: dt.time | None
    active: bool
    created_at: dt.datetime


def contacts(session: Session, active_only: bool = True) -> list[ContactRow]:
    q = (
        select(UnitContact, Unit.code, Unit.name)
        .join(Unit, Unit.id == UnitContact.unit_id)
        .order_by(Unit.sort_order, Unit.code, UnitContact.id)
    )
    if active_only:
        q = q.where(UnitContact.active.is_(True))
    return [
        ContactRow(
            c.id,
            c.unit_id,
            code,
            uname,
            c.channel,
            c.address,
            c.name,
            c.quiet_start,
            c.quiet_end,
            c.active,
            c.created_at,
        )
        for c, code, uname in session.execute(q)
    ]


def unit_id_by_code(session: Session, code: str) -> int | None:
    return session.execute(select(Unit.id).where(Unit.code == code)).scalar_one_or_none()


def add_contact(
    session: Session,
    unit_id: int,
    channel: str,
    address: str,
    name: str,
    quiet: tuple[dt.time, dt.time] | None,
    by: str,
    at: dt.datetime,
) -> tuple[int, bool]:
    """Add (or re-activate, with the new name and quiet hours) a contact; returns (its id, whether it was new)."""
    c = session.execute(
        select(UnitContact).where(
            UnitContact.unit_id == unit_id, UnitContact.channel == channel, UnitContact.address == address
        )
    ).scalar_one_or_none()
    new = c is None
    if c is None:
        c = UnitContact(unit_id=unit_id, channel=channel, address=address, created_at=at, created_by=by)
        session.add(c)
    c.name, c.active = name, True
    c.quiet_start, c.quiet_end = quiet if quiet else (None, None)
    session.flush()
    return c.id, new


def deactivate_contact(session: Session, contact_id: int) -> ContactRow | None:
    """The contact hears nothing more (its pending notices fail at delivery); returns it as it was, or None."""
    rows = [r for r in contacts(session, active_only=True) if r.id == contact_id]
    if not rows:
        return None
    session.execute(update(UnitContact).where(UnitContact.id == contact_id).values(active=False))
    return rows[0]


# ---- the events ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AlarmEvent:
    alarm_id: int
    rule: str
    level: str
    message: str
    raised_at: dt.datetime
    case_no: str
    unit_id: int
    item_name: str


def alarms_raised_since(session: Session, since: dt.datetime) -> list[AlarmEvent]:
    """Red and yellow alarms raised from ``since`` on, not cancelled (by their raising moment: the index on
    (status, raised_at) serves it)."""
    q = (
        select(Alarm.id, Alarm.rule, Alarm.level, Alarm.message, Alarm.raised_at, Case.case_no, Case.unit_id, Item.name)
        .join(Case, Case.id == Alarm.case_id)
        .join(Item, Item.id == Case.item_id)
        .where(Alarm.raised_at >= since, Alarm.status.in_(("open", "acknowledged")), Alarm.level.in_(("red", "yellow")))
        .order_by(Alarm.id)
    )
    return [AlarmEvent(*row) for row in session.execute(q)]


@dataclass(frozen=True)
class DueCase:
    case_id: int
    case_no: str
    unit_id: int
    promised_due: dt.date
    yellow_days: int
    item_name: str


def open_cases_due_between(
    session: Session, first: dt.date, last: dt.date, units: Iterable[int] | None = None
) -> list[DueCase]:
    """Open cases (of ``units``, when given) whose promised date lies in [first, last] (the index on
    (completed_at, promised_due))."""
    q = (
        select(Case.id, Case.case_no, Case.unit_id, Case.promised_due, Item.yellow_days, Item.name)
        .join(Item, Item.id == Case.item_id)
        .where(Case.completed_at.is_(None), Case.promised_due >= first, Case.promised_due <= last)
    )
    if units is not None:
        q = q.where(Case.unit_id.in_(sorted(units)))
    return [DueCase(cid, no, uid, due, yd, name) for cid, no, uid, due, yd, name in session.execute(q) if due]


def max_yellow_days(session: Session) -> int:
    return max(session.scalars(select(Item.yellow_days)).all(), default=1)


@dataclass(frozen=True)
class DueRectification:
    id: int
    case_no: str
    unit_id: int
    due_date: dt.date
    deadline_days: int  # its limit, the order day not counted: all of it is left on that day


def rectifications_due_between(session: Session, first: dt.date, last: dt.date) -> list[DueRectification]:
    """Rectifications still waiting for the unit's answer whose deadline lies in [first, last]."""
    q = (
        select(
            Rectification.id, Case.case_no, Rectification.unit_id, Rectification.due_date, Rectification.deadline_days
        )
        .join(Case, Case.id == Rectification.case_id)
        .where(Rectification.status == "ordered", Rectification.due_date >= first, Rectification.due_date <= last)
    )
    return [DueRectification(*row) for row in session.execute(q)]


def unit_names(session: Session) -> dict[int, str]:
    return dict(session.execute(select(Unit.id, Unit.name)).all())


# ---- the outbox --------------------------------------------------------------------------------------


def enqueue(session: Session, rows: Sequence[dict[str, Any]]) -> int:
    """Insert the notices not already there (by event, channel and address); returns how many this transaction
    found new.  The ones there are looked up first (a pass at 1M open cases re-finds tens of thousands of
    events: compiling them into conflicting multi-row INSERTs cost half a minute); the unique key still
    decides between concurrent passes (ON CONFLICT DO NOTHING)."""
    if not rows:
        return 0
    keys = sorted({r["event_key"] for r in rows})
    have: set[tuple[str, str, str]] = set()
    for i in range(0, len(keys), 1000):
        q = select(Notice.event_key, Notice.channel, Notice.address).where(Notice.event_key.in_(keys[i : i + 1000]))
        have.update((k, c, a) for k, c, a in session.execute(q))
    new = [r for r in rows if (r["event_key"], r["channel"], r["address"]) not in have]
    if new:
        ins = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        stmt = ins(Notice.table()).on_conflict_do_nothing(index_elements=["event_key", "channel", "address"])
        session.execute(stmt, new)  # executemany: one statement compiled once
    return len(new)


@dataclass(frozen=True)
class DueNotice:
    id: int
    event_key: str
    unit_id: int
    channel: str
    address: str
    subject: str
    body: str
    attempts: int
    contact_active: bool | None  # None: the contact row is gone
    quiet_start: dt.time | None
    quiet_end: dt.time | None


def due(session: Session, now: dt.datetime, limit: int = 200) -> list[DueNotice]:
    """Pending notices whose next try has come, oldest first."""
    q = (
        select(
            Notice.id,
            Notice.event_key,
            Notice.unit_id,
            Notice.channel,
            Notice.address,
            Notice.subject,
            Notice.body,
            Notice.attempts,
            UnitContact.active,
            UnitContact.quiet_start,
            UnitContact.quiet_end,
        )
        .outerjoin(UnitContact, UnitContact.id == Notice.contact_id)
        .where(Notice.status == "pending", Notice.next_try_at <= now)
        .order_by(Notice.next_try_at, Notice.id)
        .limit(limit)
    )
    return [DueNotice(*row) for row in session.execute(q)]


def _pending(notice_id: int) -> Any:
    return (Notice.id == notice_id) & (Notice.status == "pending")


def claim(session: Session, notice_id: int, now: dt.datetime, until: dt.datetime) -> bool:
    """Take the notice for a send (commit before sending): False when another sender has it, or it is done."""
    res = session.execute(
        update(Notice).where(_pending(notice_id), Notice.next_try_at <= now).values(next_try_at=until)
    )
    return int(getattr(res, "rowcount", 0) or 0) == 1


def mark_sent(session: Session, notice_id: int, at: dt.datetime) -> None:
    session.execute(
        update(Notice)
        .where(_pending(notice_id))
        .values(status="sent", sent_at=at, attempts=Notice.attempts + 1, last_error=None)
    )


def mark_attempt_failed(session: Session, notice_id: int, error: str, next_try: dt.datetime, give_up: bool) -> None:
    session.execute(
        update(Notice)
        .where(_pending(notice_id))
        .values(
            attempts=Notice.attempts + 1,
            last_error=error[:2000],
            next_try_at=next_try,
            status="failed" if give_up else "pending",
        )
    )


def hold(session: Session, notice_id: int, until: dt.datetime) -> None:
    """Not before ``until`` (quiet hours): no attempt is counted."""
    session.execute(update(Notice).where(_pending(notice_id)).values(next_try_at=until))


def give_up(session: Session, notice_id: int, reason: str) -> None:
    session.execute(update(Notice).where(_pending(notice_id)).values(status="failed", last_error=reason))


def all_notices(session: Session, statuses: Iterable[str] | None = None) -> list[Notice]:
    q = select(Notice).order_by(Notice.id)
    if statuses is not None:
        q = q.where(Notice.status.in_(tuple(statuses)))
    return list(session.scalars(q))


def status_counts(session: Session) -> dict[str, int]:
    return dict(session.execute(select(Notice.status, func.count()).group_by(Notice.status)).all())
