"""The SQL layer: every query the console, ingest and simulator make lives here (or in console.models.*)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, text, update
from sqlalchemy.dialects.postgresql import Insert as PgInsert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import Insert as SqliteInsert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from console.domain import clock
from console.domain.calendar import WorkCalendar
from console.domain.catalogue import ItemSpec, UnitSpec
from console.models.schema import (
    Alarm,
    AlarmAck,
    AuditLog,
    Base,
    CalendarOverride,
    CalendarYear,
    Case,
    ChangeCounter,
    Item,
    ItemStep,
    Meta,
    Unit,
)

now = clock.now  # the centre's wall clock (console.domain.clock)


def _insert(session: Session) -> Callable[[type[Base]], PgInsert | SqliteInsert]:
    """The dialect's INSERT, which has ON CONFLICT DO NOTHING on both engines."""
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


# ---- change watermark ------------------------------------------------------------------------


def next_change_seq(session: Session) -> int:
    """Take the next watermark value; the row lock held to commit keeps commit order = seq order."""
    return session.execute(
        update(ChangeCounter)
        .where(ChangeCounter.id == 1)
        .values(value=ChangeCounter.value + 1)
        .returning(ChangeCounter.value)
    ).scalar_one()


def current_change_seq(session: Session) -> int:
    return session.execute(select(ChangeCounter.value).where(ChangeCounter.id == 1)).scalar_one()


# ---- meta ------------------------------------------------------------------------------------


def get_meta(session: Session, key: str) -> str | None:
    row = session.get(Meta, key)
    return row.value if row is not None else None


def set_meta(session: Session, key: str, value: str) -> None:
    row = session.get(Meta, key)
    if row is None:
        session.add(Meta(key=key, value=value))
    else:
        row.value = value


# ---- catalogue -------------------------------------------------------------------------------


def sync_catalogue(session: Session, unit_specs: Sequence[UnitSpec], item_specs: Sequence[ItemSpec]) -> None:
    """Insert units and items that are missing (existing rows, possibly edited by an administrator, stay).

    One writer at a time, and the reading after the lock: several first ingests into an empty database at
    once would otherwise each find the catalogue empty and all but one fail on ``units_code_key``."""
    if session.get_bind().dialect.name == "sqlite":
        take_write_lock(session, "units")
    else:
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext('console catalogue'))"))
    by_code = {u.code: u for u in session.scalars(select(Unit))}
    for spec in unit_specs:
        if spec.code not in by_code:
            unit = Unit(code=spec.code, name=spec.name, kind=spec.kind, sort_order=spec.sort_order)
            session.add(unit)
            by_code[spec.code] = unit
    session.flush()
    have = set(session.scalars(select(Item.code)))
    for item_spec in item_specs:
        if item_spec.code in have:
            continue
        item = Item(
            code=item_spec.code,
            name=item_spec.name,
            unit_id=by_code[item_spec.unit_code].id,
            statutory_days=item_spec.statutory_days,
            promised_days=item_spec.promised_days,
            stop_clock_kinds=list(item_spec.stop_clock_kinds),
            fee_free=item_spec.fee_free,
        )
        item.steps = [
            ItemStep(seq=i, code=s.code, name=s.name, limit_days=s.limit_days) for i, s in enumerate(item_spec.steps)
        ]
        session.add(item)
    session.flush()


# ---- audit -----------------------------------------------------------------------------------


def audit(
    session: Session,
    actor: str,
    action: str,
    target: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    role: str | None = None,
    console: str | None = None,
) -> None:
    row = AuditLog(
        at=now(), actor=actor, role=role, console=console, action=action, target=target, before=before, after=after
    )
    if session.get_bind().dialect.name == "sqlite":
        _chain_sqlite(session, row)
    session.add(row)
    session.flush()  # in order: the next row of this transaction chains to this one


def take_write_lock(session: Session, table: str) -> None:
    """SQLite: hold the database's write lock from here to commit, so what is read next is what is current.

    The driver opens a transaction only at the first write, so a read-then-write would read outside it and
    several processes could act on one stale value (four consoles got 19 password checks under a 5-failure
    lock-out).  An UPDATE that matches no row opens it and takes the lock (the others wait busy_timeout).
    """
    session.execute(text(f"UPDATE {table} SET rowid = rowid WHERE 0"))


def _chain_sqlite(session: Session, row: AuditLog) -> None:
    """Number the row after the last one and hash it onto it, under the write lock (one writer at a time)."""
    from console.domain.audit_chain import row_hash

    session.flush()
    take_write_lock(session, "audit_log")
    last = session.execute(select(AuditLog.id, AuditLog.row_hash).order_by(AuditLog.id.desc()).limit(1)).first()
    row.id = (last.id if last else 0) + 1
    row.prev_hash = (last.row_hash or "") if last else ""
    row.row_hash = row_hash(
        row.prev_hash, row.id, row.at, row.actor, row.role, row.console, row.action, row.target, row.before, row.after
    )


# ---- calendar --------------------------------------------------------------------------------

CALENDAR_FINGERPRINT = "calendar_fingerprint"


def load_calendar(session: Session) -> WorkCalendar:
    overrides = {o.day: o.is_workday for o in session.scalars(select(CalendarOverride))}
    confirmed = set(session.scalars(select(CalendarYear.year)))
    return WorkCalendar.build(overrides, confirmed)


def set_calendar_override(
    session: Session, day: dt.date, is_workday: bool | None, actor: str, note: str | None = None
) -> None:
    """Add, change or (``is_workday=None``) remove a local override; audited."""
    row = session.get(CalendarOverride, day)
    before = None if row is None else {"is_workday": row.is_workday, "note": row.note}
    if is_workday is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(CalendarOverride(day=day, is_workday=is_workday, note=note, updated_by=actor, updated_at=now()))
    else:
        row.is_workday, row.note, row.updated_by, row.updated_at = is_workday, note, actor, now()
    after = None if is_workday is None else {"is_workday": is_workday, "note": note}
    audit(session, actor, "calendar.override", day.isoformat(), before, after)


def confirm_calendar_year(session: Session, year: int, actor: str, note: str | None = None) -> None:
    if session.get(CalendarYear, year) is None:
        session.add(CalendarYear(year=year, confirmed_by=actor, confirmed_at=now(), note=note))
        audit(session, actor, "calendar.confirm_year", str(year), None, {"note": note})


# ---- alarms ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AlarmSpec:
    case_id: int
    rule: str
    level: str  # red | yellow
    message: str
    subject: str = ""  # a step code for step rules


def raise_alarms(session: Session, specs: Iterable[AlarmSpec], raised_by: str) -> list[int]:
    """Insert alarms that do not exist yet; returns the ids this call created (another writer's are skipped).

    The unique constraint (case, rule, subject, level) plus ON CONFLICT DO NOTHING makes two consoles
    raising the same alarm at once produce exactly one row, on both engines.
    """
    specs = list(specs)
    if not specs:
        return []
    at = now()
    ins = _insert(session)
    created: list[int] = []
    for chunk_start in range(0, len(specs), 500):
        rows = [
            dict(
                case_id=s.case_id,
                rule=s.rule,
                subject=s.subject,
                level=s.level,
                message=s.message,
                raised_at=at,
                raised_by=raised_by,
                status="open",
            )
            for s in specs[chunk_start : chunk_start + 500]
        ]
        stmt = (
            ins(Alarm)
            .values(rows)
            .on_conflict_do_nothing(index_elements=["case_id", "rule", "subject", "level"])
            .returning(Alarm.id)
        )
        created += list(session.execute(stmt).scalars())
    return created


@dataclass(frozen=True)
class AckOutcome:
    alarm_id: int
    won: bool  # False: someone else acknowledged first (operator/console/acked_at say who and when)
    operator: str
    console: str
    acked_at: dt.datetime


def acknowledge(session: Session, alarm_id: int, operator: str, console: str, note: str | None = None) -> AckOutcome:
    """Acknowledge once: the first console wins (unique alarm_id); a later one learns who and when."""
    at = now()
    stmt = (
        _insert(session)(AlarmAck)
        .values(alarm_id=alarm_id, operator=operator, console=console, acked_at=at, note=note)
        .on_conflict_do_nothing(index_elements=["alarm_id"])
        .returning(AlarmAck.id)
    )
    won = session.execute(stmt).scalar_one_or_none() is not None
    if won:
        session.execute(update(Alarm).where(Alarm.id == alarm_id).values(status="acknowledged"))
        audit(
            session,
            operator,
            "alarm.acknowledge",
            f"alarm:{alarm_id}",
            {"status": "open"},
            {"status": "acknowledged", "note": note},
            role="operator",
            console=console,
        )
        return AckOutcome(alarm_id, True, operator, console, at)
    ack = session.execute(select(AlarmAck).where(AlarmAck.alarm_id == alarm_id)).scalar_one()
    return AckOutcome(alarm_id, False, ack.operator, ack.console, ack.acked_at)


def open_alarm_ids(session: Session) -> list[int]:
    """Open (unacknowledged) alarms, oldest first."""
    return list(session.scalars(select(Alarm.id).where(Alarm.status == "open").order_by(Alarm.raised_at, Alarm.id)))


def has_items(session: Session) -> bool:
    return session.execute(select(Item.id).limit(1)).first() is not None


def has_cases(session: Session) -> bool:
    return session.execute(select(Case.id).limit(1)).first() is not None


def open_alarm_count(session: Session) -> int:
    return session.execute(select(func.count()).select_from(Alarm).where(Alarm.status == "open")).scalar_one()
