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
from console.domain.audit_chain import row_hash
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
    RuleLevel,
    Unit,
)
from console.models.supervision_schema import AlarmCancellation

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


def _rule_levels(session: Session) -> dict[str, str]:
    return dict(session.execute(select(RuleLevel.rule, RuleLevel.level)).all())


def raise_alarms(session: Session, specs: Iterable[AlarmSpec], raised_by: str, recurring: bool = False) -> list[int]:
    """Insert the occurrences that are due; returns the ids this call created (another writer's are skipped).

    ``recurring=False`` (what a case's records show, facts of its history): once ever per case, rule and subject.
    ``recurring=True`` (the poller's time rules, conditions that come and go): a new occurrence once the last one
    has cleared (ISA-18.2: a condition that comes back is a new alarm), none while one is still active.
    Exactly once across consoles: each writer numbers the occurrence from what exists, and the unique key (case,
    rule, subject, occurrence) with ON CONFLICT DO NOTHING lets only the first insert of that number land.
    """
    specs = list({(s.case_id, s.rule, s.subject): s for s in specs}.values())
    if not specs:
        return []
    at = now()
    ins = _insert(session)
    created: list[int] = []
    # the level is the rule's, as the administrator set it in ``rule_levels`` (whoever raised the alarm)
    levels = _rule_levels(session)
    for chunk_start in range(0, len(specs), 500):
        chunk = specs[chunk_start : chunk_start + 500]
        last = _last_occurrences(session, chunk)
        rows = []
        for s in chunk:
            prev = last.get((s.case_id, s.rule, s.subject))
            if prev is not None and not (recurring and prev[1]):
                continue  # still active, or a history fact already raised
            rows.append(
                dict(
                    case_id=s.case_id,
                    rule=s.rule,
                    subject=s.subject,
                    occurrence=1 if prev is None else prev[0] + 1,
                    level=levels.get(s.rule, s.level),
                    message=s.message,
                    raised_at=at,
                    raised_by=raised_by,
                    status="open",
                )
            )
        if not rows:
            continue
        stmt = (
            ins(Alarm)
            .values(rows)
            .on_conflict_do_nothing(index_elements=["case_id", "rule", "subject", "occurrence"])
            .returning(Alarm.id)
        )
        created += list(session.execute(stmt).scalars())
    return created


def _last_occurrences(session: Session, specs: Sequence[AlarmSpec]) -> dict[tuple[int, str, str], tuple[int, bool]]:
    """(case, rule, subject) -> (its latest occurrence number, whether that one has cleared)."""
    out: dict[tuple[int, str, str], tuple[int, bool]] = {}
    q = select(Alarm.case_id, Alarm.rule, Alarm.subject, Alarm.occurrence, Alarm.cleared_at).where(
        Alarm.case_id.in_({s.case_id for s in specs}), Alarm.rule.in_({s.rule for s in specs})
    )
    for cid, rule, subject, occ, cleared in session.execute(q):
        key = (cid, rule, subject)
        if key not in out or occ > out[key][0]:
            out[key] = (occ, cleared is not None)
    return out


def _rowcount(result: Any) -> int:
    """Rows an UPDATE matched (a CursorResult's rowcount; typed loosely by SQLAlchemy's execute)."""
    return int(result.rowcount or 0)


def clear_alarms(session: Session, case_ids: Sequence[int], rule: str, at: dt.datetime | None = None) -> int:
    """The condition of ``rule`` ended on these cases: their active occurrences are cleared (an unacknowledged one
    still waits for its acknowledgement; the next time the condition comes back it is a new occurrence)."""
    n = 0
    at = at or now()
    ids = list(case_ids)
    for i in range(0, len(ids), 500):
        res = session.execute(
            update(Alarm)
            .where(Alarm.case_id.in_(ids[i : i + 500]), Alarm.rule == rule, Alarm.cleared_at.is_(None))
            .values(cleared_at=at)
        )
        n += _rowcount(res)
    return n


@dataclass(frozen=True)
class AckOutcome:
    alarm_id: int
    won: bool  # False: refused, someone acknowledged or cancelled it first (operator/console/acked_at: who, when)
    operator: str
    console: str
    acked_at: dt.datetime
    status: str = "acknowledged"  # the occurrence's status after the attempt: acknowledged | cancelled
    refusal: str | None = None  # why it was refused, in words: "已被 王芳 于 10-10 10:05 撤销"


def acknowledge(
    session: Session,
    alarm_id: int,
    operator: str,
    console: str,
    note: str | None = None,
    username: str | None = None,
    role: str | None = None,
) -> AckOutcome:
    """Acknowledge an unacknowledged occurrence, compare-and-set: only ``open`` → ``acknowledged`` is allowed, so
    the first console wins and a cancelled occurrence is never brought back.  ``username``/``role``: the account
    at the console and its role now (stored on the acknowledgement and audited); ``operator`` is its display name.
    """
    at = now()
    res = session.execute(
        update(Alarm).where(Alarm.id == alarm_id, Alarm.status == "open").values(status="acknowledged")
    )
    if _rowcount(res) == 1:
        session.add(
            AlarmAck(
                alarm_id=alarm_id,
                operator=operator,
                console=console,
                acked_at=at,
                note=note,
                username=username,
                role=role,
            )
        )
        session.flush()
        audit(
            session,
            username or operator,
            "alarm.acknowledge",
            f"alarm:{alarm_id}",
            {"status": "open"},
            {"status": "acknowledged", "note": note, "display_name": operator},
            role=role,
            console=console,
        )
        return AckOutcome(alarm_id, True, operator, console, at)
    return _refused(session, alarm_id)


def _refused(session: Session, alarm_id: int) -> AckOutcome:
    """Who changed the occurrence first, and the words that say so."""
    status = session.execute(select(Alarm.status).where(Alarm.id == alarm_id)).scalar_one_or_none()
    if status == "cancelled":
        c = session.execute(select(AlarmCancellation).where(AlarmCancellation.alarm_id == alarm_id)).scalar()
        who, where, when = (c.cancelled_by, c.console or "", c.cancelled_at) if c else ("?", "", now())
        return AckOutcome(alarm_id, False, who, where, when, "cancelled", f"已被 {who} 于 {when:%Y-%m-%d %H:%M} 撤销")
    ack = session.execute(select(AlarmAck).where(AlarmAck.alarm_id == alarm_id)).scalar()
    if ack is None:
        return AckOutcome(alarm_id, False, "", "", now(), status or "missing", f"没有告警 #{alarm_id}")
    return AckOutcome(
        alarm_id,
        False,
        ack.operator,
        ack.console,
        ack.acked_at,
        "acknowledged",
        f"已被 {ack.operator} 于 {ack.acked_at:%Y-%m-%d %H:%M} 确认",
    )


def cancel_alarm_status(session: Session, alarm_id: int) -> str | None:
    """撤销, compare-and-set: an open or acknowledged occurrence becomes cancelled; returns its status before, or
    None when it was cancelled already (or is gone)."""
    for before in ("open", "acknowledged"):
        res = session.execute(
            update(Alarm).where(Alarm.id == alarm_id, Alarm.status == before).values(status="cancelled")
        )
        if _rowcount(res) == 1:
            return before
    return None


def refusal_text(session: Session, alarm_id: int) -> str:
    """The words saying who cancelled or acknowledged an occurrence first."""
    return _refused(session, alarm_id).refusal or ""


def open_alarm_ids(session: Session) -> list[int]:
    """Open (unacknowledged) alarms, oldest first."""
    return list(session.scalars(select(Alarm.id).where(Alarm.status == "open").order_by(Alarm.raised_at, Alarm.id)))


def has_items(session: Session) -> bool:
    return session.execute(select(Item.id).limit(1)).first() is not None


def has_cases(session: Session) -> bool:
    return session.execute(select(Case.id).limit(1)).first() is not None


def open_alarm_count(session: Session) -> int:
    return session.execute(select(func.count()).select_from(Alarm).where(Alarm.status == "open")).scalar_one()
