"""The SQL layer: every query the console, ingest and simulator make lives here (or in console.models.*)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import case, func, select, text, update
from sqlalchemy.dialects.postgresql import Insert as PgInsert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import Insert as SqliteInsert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from console.domain import clock
from console.domain.audit_chain import row_hash
from console.domain.calendar import WorkCalendar
from console.domain.catalogue import ItemSpec, UnitSpec
from console.models.push import notify
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
    once would otherwise each find the catalogue empty and all but one fail on ``units_code_key``.  On
    PostgreSQL the lock is ``catalogue_lock``'s, which only the schema owner (who alone adds units and items)
    may lock: an advisory lock any role could hold (migration 0020)."""
    if session.get_bind().dialect.name == "sqlite":
        take_write_lock(session, "units")
    else:
        session.execute(text("LOCK TABLE catalogue_lock IN EXCLUSIVE MODE"))
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
            limit_unit=item_spec.limit_unit,
        )
        item.steps = [
            ItemStep(seq=i, code=s.code, name=s.name, limit_days=s.limit_days, limit_unit=s.limit_unit)
            for i, s in enumerate(item_spec.steps)
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
    at: dt.datetime | None = None  # the business moment it happened (default: now, the moment it was noticed)


def _rule_levels(session: Session) -> dict[str, str]:
    return dict(session.execute(select(RuleLevel.rule, RuleLevel.level)).all())


RAISE_CHUNK = 2000  # occurrences looked up and inserted per round trip (SQLite: bound parameters)
PG_RAISE_CHUNK = 50_000  # PostgreSQL: one array per column, so the statement stays short whatever the count

_PG_INSERT_ALARMS = text(
    """
INSERT INTO alarms (case_id, rule, subject, occurrence, level, message, raised_at, raised_by, status, recorded_at)
SELECT *, CAST(:recorded_at AS timestamp)
  FROM unnest(CAST(:case_id AS integer[]), CAST(:rule AS varchar[]), CAST(:subject AS varchar[]),
              CAST(:occurrence AS integer[]), CAST(:level AS varchar[]), CAST(:message AS text[]),
              CAST(:raised_at AS timestamp[]), CAST(:raised_by AS varchar[]), CAST(:status AS varchar[]))
ON CONFLICT (case_id, rule, subject, occurrence) DO NOTHING
RETURNING id
"""
)
_PG_LAST_OCCURRENCES = text(
    """
SELECT case_id, rule, subject, occurrence, cleared_at FROM alarms
WHERE case_id = ANY(CAST(:case_ids AS integer[])) AND rule = ANY(CAST(:rules AS varchar[]))
"""
)


def _insert_alarms_pg(session: Session, rows: list[dict[str, Any]], recorded_at: dt.datetime) -> list[int]:
    """The rows as one INSERT … SELECT FROM unnest(arrays): a day change's hundred thousand alarms in one short
    statement (a VALUES list of that many parameters costs the driver more to parse than the server to insert)."""
    cols = ("case_id", "rule", "subject", "occurrence", "level", "message", "raised_at", "raised_by", "status")
    params: dict[str, Any] = {c: [r[c] for r in rows] for c in cols}
    params["recorded_at"] = recorded_at
    return list(session.execute(_PG_INSERT_ALARMS, params).scalars())


def _last_occurrences_pg(session: Session, specs: Sequence[AlarmSpec]) -> dict[tuple[int, str, str], tuple[int, bool]]:
    out: dict[tuple[int, str, str], tuple[int, bool]] = {}
    params = {"case_ids": sorted({s.case_id for s in specs}), "rules": sorted({s.rule for s in specs})}
    rows: Any = session.execute(_PG_LAST_OCCURRENCES, params)  # text(): untyped rows
    for cid, rule, subject, occ, cleared in rows:
        key = (int(cid), str(rule), str(subject))
        if key not in out or int(occ) > out[key][0]:
            out[key] = (int(occ), cleared is not None)
    return out


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
    pg = session.get_bind().dialect.name == "postgresql"
    step = PG_RAISE_CHUNK if pg else RAISE_CHUNK
    for chunk_start in range(0, len(specs), step):
        chunk = specs[chunk_start : chunk_start + step]
        last = _last_occurrences_pg(session, chunk) if pg else _last_occurrences(session, chunk)
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
                    raised_at=s.at or at,
                    raised_by=raised_by,
                    status="open",
                    recorded_at=at,  # when it was written (raised_at: when it happened), for the replay
                )
            )
        if not rows:
            continue
        if pg:
            created += _insert_alarms_pg(session, rows, at)
            continue
        stmt = (
            ins(Alarm)
            .on_conflict_do_nothing(index_elements=["case_id", "rule", "subject", "occurrence"])
            .returning(Alarm.id)
        )
        # executemany: one compiled statement, batched by the driver (a day change raises tens of thousands)
        created += list(session.execute(stmt, rows).scalars())
    if created:
        notify(session, "alarms")  # delivered at commit: the listening consoles poll at once
    return created


@dataclass(frozen=True)
class AlarmGroup:
    """What many alarms share (a day change: one rule, due date and step for thousands of cases)."""

    rule: str
    level: str  # red | yellow (the rule's level in ``rule_levels`` wins, as in raise_alarms)
    message: str
    subject: str = ""
    at: dt.datetime | None = None


_PG_RAISE_GROUPS = text(
    """
WITH src AS (
  SELECT c.case_id, g.rule, g.subject, g.level, g.message, g.raised_at
    FROM unnest(CAST(:case_ids AS integer[]), CAST(:group_of AS integer[])) AS c (case_id, grp)
    JOIN unnest(CAST(:rule AS varchar[]), CAST(:subject AS varchar[]), CAST(:level AS varchar[]),
                CAST(:message AS text[]), CAST(:raised_at AS timestamp[])) WITH ORDINALITY
         AS g (rule, subject, level, message, raised_at, n) ON g.n = c.grp + 1
), last AS (
  SELECT DISTINCT ON (a.case_id, a.rule, a.subject) a.case_id, a.rule, a.subject, a.occurrence, a.cleared_at
    FROM alarms a JOIN src ON a.case_id = src.case_id AND a.rule = src.rule AND a.subject = src.subject
   ORDER BY a.case_id, a.rule, a.subject, a.occurrence DESC
), ins AS (
  INSERT INTO alarms (case_id, rule, subject, occurrence, level, message, raised_at, raised_by, status, recorded_at)
  SELECT src.case_id, src.rule, src.subject, coalesce(last.occurrence, 0) + 1, coalesce(rl.level, src.level),
         src.message, src.raised_at, :raised_by, 'open', CAST(:recorded_at AS timestamp)
    FROM src
    LEFT JOIN last ON last.case_id = src.case_id AND last.rule = src.rule AND last.subject = src.subject
    LEFT JOIN rule_levels rl ON rl.rule = src.rule
   WHERE last.occurrence IS NULL OR (:recurring AND last.cleared_at IS NOT NULL)
  ON CONFLICT (case_id, rule, subject, occurrence) DO NOTHING
  RETURNING 1
)
SELECT count(*) FROM ins
"""
)


def _int_array(a: Any) -> str:
    """An integer array's literal: psycopg would adapt each of a hundred thousand numbers on its own."""
    return "{" + ",".join(map(str, np.asarray(a, dtype=np.int64).tolist())) + "}"


def raise_alarm_groups(
    session: Session,
    groups: Sequence[AlarmGroup],
    case_ids: Any,
    group_of: Any,
    raised_by: str,
    recurring: bool = False,
) -> int:
    """raise_alarms for alarms given as columns: case ``case_ids[i]`` gets an alarm of ``groups[group_of[i]]``.
    Returns how many this call created.  On PostgreSQL one statement numbers the occurrences and inserts (the
    day change's hundred thousand alarms: two integer arrays and the few distinct groups cross the wire);
    SQLite goes through raise_alarms."""
    case_ids = np.asarray(case_ids)
    group_of = np.asarray(group_of)
    if not len(case_ids):
        return 0
    if session.get_bind().dialect.name != "postgresql":
        specs = [
            AlarmSpec(int(c), g.rule, g.level, g.message, g.subject, g.at)
            for c, g in zip(case_ids.tolist(), (groups[i] for i in group_of.tolist()), strict=True)
        ]
        return len(raise_alarms(session, specs, raised_by, recurring))
    # in case order: the foreign key's look-ups and locks sweep ``cases`` once and the (case, …) index grows in
    # order, instead of touching pages at random (many more than the buffer cache holds at 1,000,000 cases)
    order = np.argsort(case_ids, kind="stable")
    case_ids, group_of = case_ids[order], group_of[order]
    at = now()
    params = {
        "case_ids": _int_array(case_ids),
        "group_of": _int_array(group_of),
        "rule": [g.rule for g in groups],
        "subject": [g.subject for g in groups],
        "level": [g.level for g in groups],
        "message": [g.message for g in groups],
        "raised_at": [g.at or at for g in groups],
        "raised_by": raised_by,
        "recorded_at": at,  # the wall clock of this write: when the centre knew (raised_at: when it happened)
        "recurring": recurring,
    }
    n = int(session.execute(_PG_RAISE_GROUPS, params).scalar_one())
    if n:
        notify(session, "alarms")  # delivered at commit: the listening consoles poll at once
    return n


def _last_occurrences(session: Session, specs: Sequence[AlarmSpec]) -> dict[tuple[int, str, str], tuple[int, bool]]:
    """(case, rule, subject) -> (its latest occurrence number, whether that one has cleared)."""
    out: dict[tuple[int, str, str], tuple[int, bool]] = {}
    q = select(Alarm.case_id, Alarm.rule, Alarm.subject, Alarm.occurrence, Alarm.cleared_at).where(
        Alarm.case_id.in_({s.case_id for s in specs}), Alarm.rule.in_({s.rule for s in specs})
    )
    for cid, rule, subject, occ, cleared in session.execute(q):
        if cid is None:  # a case's alarms here (case_id IN …): never a complaint's
            continue
        key = (cid, rule, subject)
        if key not in out or occ > out[key][0]:
            out[key] = (occ, cleared is not None)
    return out


def _rowcount(result: Any) -> int:
    """Rows an UPDATE matched (a CursorResult's rowcount; typed loosely by SQLAlchemy's execute)."""
    return int(result.rowcount or 0)


def clear_alarms(
    session: Session, case_ids: Sequence[int], rule: str | Sequence[str], at: dt.datetime | None = None
) -> int:
    """The condition of ``rule`` ended on these cases: their active occurrences are cleared (an unacknowledged one
    still waits for its acknowledgement; the next time the condition comes back it is a new occurrence)."""
    n = 0
    at = at or now()
    ids = list(case_ids)
    names = [rule] if isinstance(rule, str) else list(rule)
    for i in range(0, len(ids), 500):
        res = session.execute(
            update(Alarm)
            .where(Alarm.case_id.in_(ids[i : i + 500]), Alarm.rule.in_(names), Alarm.cleared_at.is_(None))
            .values(cleared_at=at)
        )
        n += _rowcount(res)
    if n:
        notify(session, "alarms")
    return n


def clear_alarms_at_record_time(
    session: Session, case_ids: Sequence[int], rule: str | Sequence[str], fallback: dt.datetime
) -> int:
    """Like ``clear_alarms``, stamped with the record that ended the condition (the case's last change: an
    extension, the step finished), never later than ``fallback`` (the pass's moment).  One UPDATE per 2,000
    cases, the stamp read by the database (a calendar change may clear a great many at once).  ``rule``: one rule
    or several (a step's time rules: 环节超时 and 受理超时)."""
    rules_ = [rule] if isinstance(rule, str) else list(rule)
    at = case((Case.updated_at < fallback, Case.updated_at), else_=fallback)
    stamp = func.coalesce(select(at).where(Case.id == Alarm.case_id).scalar_subquery(), fallback)
    ids = list(case_ids)
    n = 0
    for i in range(0, len(ids), 2000):
        res = session.execute(
            update(Alarm)
            .where(Alarm.case_id.in_(ids[i : i + 2000]), Alarm.rule.in_(rules_), Alarm.cleared_at.is_(None))
            .values(cleared_at=stamp)
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
    On PostgreSQL in a log-in session the database stamps the row itself (account, name, console and the centre's
    time: migration 0021); the outcome reports what was stored.  An acknowledgement row already there (the
    alarm's unique key) is a lost race like the status's, never an error: a row written past the console (plain
    SQL) had stopped 全部确认 on a raw UniqueViolation."""
    at = now()
    if session.scalar(select(AlarmAck.id).where(AlarmAck.alarm_id == alarm_id)) is not None:
        return _refused(session, alarm_id)  # a row left behind (plain SQL, an old room): who and when
    # the status and the row together, or neither (on SQLite too: make_engine begins the transaction before a
    # SAVEPOINT, whose release had committed the status and the row ahead of the audit row)
    try:
        with session.begin_nested():
            res = session.execute(
                update(Alarm).where(Alarm.id == alarm_id, Alarm.status == "open").values(status="acknowledged")
            )
            if _rowcount(res) != 1:
                return _refused(session, alarm_id)
            ack = AlarmAck(
                alarm_id=alarm_id,
                operator=operator,
                console=console,
                acked_at=at,
                note=note,
                username=username,
                role=role,
            )
            session.add(ack)
            session.flush()
    except IntegrityError:
        return _refused(session, alarm_id)
    session.refresh(ack, ["operator", "console", "acked_at"])  # as the database's trigger stamped them
    audit(
        session,
        username or operator,
        "alarm.acknowledge",
        f"alarm:{alarm_id}",
        {"status": "open"},
        {"status": "acknowledged", "note": note, "display_name": ack.operator},
        role=role,
        console=ack.console,
    )
    notify(session, "acks")  # the other consoles close the dialog at once
    return AckOutcome(alarm_id, True, ack.operator, ack.console, ack.acked_at)


def ack_refused(alarm_id: int, why: str) -> AckOutcome:
    """An acknowledgement the database refused outright: the occurrence stays open, ``why`` says so."""
    return AckOutcome(alarm_id, False, "", "", now(), "open", why)


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
