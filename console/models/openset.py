"""Loading open cases into column arrays for the engine (SQL side of the poll and of re-dating).

The console keeps every open case in memory as numpy columns.  Rows are read column-wise: one lean SELECT
of integers per table (day indices computed by the database), straight into numpy — on PostgreSQL through
``COPY … TO STDOUT (FORMAT BINARY)`` parsed with one structured dtype, elsewhere through the DB-API cursor in
chunks — so no per-row Python object outlives a chunk.  ``OpenSet.apply`` keeps only rows whose engine inputs
changed (``dirty``), which is what the poller re-evaluates between its daily full passes.
"""

from __future__ import annotations

import datetime as dt
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import DTypeLike
from sqlalchemy import text
from sqlalchemy.orm import Session

from console.domain import catalogue, rules
from console.domain.calendar import FIRST, LAST, CalendarRangeError, WorkCalendar
from console.domain.timelimits import NO_CAP, NO_END, Suspensions
from console.models.case_corrections import corrected_case_ids, corrected_clocks

_NO_STEP = -1
_LAST_IDX = (LAST - FIRST).days
_CHUNK = 65536

# ---- step codes: small ints into one process-wide table (0 = no key-post step) ----------------------------
STEP_CODES: list[str] = [""] + [c for c, _, _ in catalogue.STEPS]
_STEP_INDEX: dict[str, int] = {c: i for i, c in enumerate(STEP_CODES)}


def step_code_id(code: str) -> int:
    i = _STEP_INDEX.get(code)
    if i is None:
        i = _STEP_INDEX[code] = len(STEP_CODES)
        STEP_CODES.append(code)
    return i


@dataclass
class CaseRecord:
    """What the engine needs of one case (a row of the open set); the row-wise view of ``CaseColumns``."""

    case_id: int
    unit_id: int
    open: bool
    accepted: int  # day index
    promised_days: int
    statutory_days: int
    extension_days: int
    blue_days: int
    yellow_days: int
    step_code: str
    step_start: int  # day index of the current key-post step's start, or -1
    step_limit: int  # its limit, or -1
    suspensions: tuple[tuple[int, int, int], ...]  # (start, end or NO_END, cap or NO_CAP), clock-stopping only
    change_seq: int
    promised_natural: int = -1  # the limits as accepted in 自然日 (-1: in working days), re-run on every pass
    statutory_natural: int = -1
    step_natural: int = -1  # the key-post step's limit in 自然日 (-1: in working days, or no step)


@dataclass
class CaseColumns:
    """Changed/loaded cases column-wise, sorted by case_id; suspensions flat (by case id)."""

    case_id: np.ndarray  # int32
    unit_id: np.ndarray
    open: np.ndarray  # bool
    accepted: np.ndarray
    promised_days: np.ndarray
    statutory_days: np.ndarray
    extension_days: np.ndarray
    blue_days: np.ndarray
    yellow_days: np.ndarray
    step_code: np.ndarray  # int16 into STEP_CODES
    step_start: np.ndarray
    step_limit: np.ndarray
    change_seq: np.ndarray  # int64
    acc_hour: np.ndarray  # hour of accepted_at (-1: none); completed day index and hour (-1: not completed):
    done_day: np.ndarray  # the per-hour counts of today follow the changed rows with these
    done_hour: np.ndarray
    s_case: np.ndarray  # suspensions: case id, start, end (NO_END), cap (NO_CAP); clock-stopping only
    s_start: np.ndarray
    s_end: np.ndarray
    s_cap: np.ndarray
    # the limits as accepted in 自然日, -1 where in working days (None: none given, all -1)
    promised_natural: np.ndarray | None = None
    statutory_natural: np.ndarray | None = None
    step_natural: np.ndarray | None = None

    def __post_init__(self) -> None:
        for c in ("promised_natural", "statutory_natural", "step_natural"):
            if getattr(self, c) is None:
                setattr(self, c, np.full(len(self.case_id), -1, dtype=np.int32))

    def __len__(self) -> int:
        return len(self.case_id)

    def records(self) -> list[CaseRecord]:
        """Row objects (small sets only: case detail, reports)."""
        out = []
        for i in range(len(self.case_id)):
            cid = int(self.case_id[i])
            lo, hi = np.searchsorted(self.s_case, [cid, cid + 1])
            susp = tuple(
                sorted(
                    (int(a), int(b), int(c))
                    for a, b, c in zip(self.s_start[lo:hi], self.s_end[lo:hi], self.s_cap[lo:hi], strict=True)
                )
            )
            out.append(
                CaseRecord(
                    case_id=cid,
                    unit_id=int(self.unit_id[i]),
                    open=bool(self.open[i]),
                    accepted=int(self.accepted[i]),
                    promised_days=int(self.promised_days[i]),
                    statutory_days=int(self.statutory_days[i]),
                    extension_days=int(self.extension_days[i]),
                    blue_days=int(self.blue_days[i]),
                    yellow_days=int(self.yellow_days[i]),
                    step_code=STEP_CODES[int(self.step_code[i])],
                    step_start=int(self.step_start[i]),
                    step_limit=int(self.step_limit[i]),
                    suspensions=susp,
                    change_seq=int(self.change_seq[i]),
                    promised_natural=int(self._natural("promised_natural")[i]),
                    statutory_natural=int(self._natural("statutory_natural")[i]),
                    step_natural=int(self._natural("step_natural")[i]),
                )
            )
        return out

    def _natural(self, c: str) -> np.ndarray:
        a: np.ndarray | None = getattr(self, c)
        assert a is not None  # filled in __post_init__
        return a

    @classmethod
    def from_records(cls, records: list[CaseRecord]) -> CaseColumns:
        records = sorted(records, key=lambda r: r.case_id)
        n = len(records)

        def col(name: str, dtype: DTypeLike = np.int32) -> np.ndarray:
            return np.fromiter((getattr(r, name) for r in records), dtype=dtype, count=n)

        s = [(r.case_id, a, b, c) for r in records for (a, b, c) in r.suspensions]
        sa = np.asarray(s, dtype=np.int32).reshape(-1, 4)
        return cls(
            col("case_id"),
            col("unit_id"),
            col("open", bool),
            col("accepted"),
            col("promised_days"),
            col("statutory_days"),
            col("extension_days"),
            col("blue_days"),
            col("yellow_days"),
            np.fromiter((step_code_id(r.step_code) for r in records), dtype=np.int16, count=n),
            col("step_start"),
            col("step_limit"),
            col("change_seq", np.int64),
            np.full(n, -1, np.int32),
            np.full(n, -1, np.int32),
            np.full(n, -1, np.int32),
            sa[:, 0].copy(),
            sa[:, 1].copy(),
            sa[:, 2].copy(),
            sa[:, 3].copy(),
            col("promised_natural"),
            col("statutory_natural"),
            col("step_natural"),
        )


# ---- SQL ---------------------------------------------------------------------------------------------------


def _day_sql(dialect: str, col: str) -> str:
    """Day index (days since calendar FIRST) of a timestamp column, computed by the database."""
    if dialect == "postgresql":
        return f"({col}::date - DATE '{FIRST.isoformat()}')"
    jd_first = 2453005.5 + (FIRST - dt.date(2004, 1, 1)).days  # julianday('2004-01-01') = 2453005.5
    return f"CAST(julianday(date({col})) - {jd_first} AS INTEGER)"


def _hour_sql(dialect: str, col: str) -> str:
    if dialect == "postgresql":
        return f"EXTRACT(HOUR FROM {col})::int4"
    return f"CAST(strftime('%H', {col}) AS INTEGER)"


def _step_code_sql(col: str) -> str:
    """A step code column as its index into STEP_CODES (0: a code not in the table yet)."""
    return (
        f"CASE {col} "
        + " ".join(f"WHEN '{c}' THEN {i}" for i, c in enumerate(STEP_CODES) if i and "'" not in c)
        + " ELSE 0 END"
    )


def _case_filter(since_seq: int | None, case_ids: list[int] | None) -> str:
    if case_ids is not None:
        return "c.id IN (" + ",".join(str(int(x)) for x in case_ids) + ")"
    if since_seq is not None:
        return f"c.change_seq > {int(since_seq)}"
    return "c.completed_at IS NULL"


def _queries(dialect: str, where: str, all_changed: bool = False) -> tuple[str, str]:
    """(cases with their open key-post step, clock-stopping suspensions).  ``all_changed``: the cases query
    also returns changed cases never accepted (open = 0; their completion still counts per hour)."""

    def d(c: str) -> str:
        return _day_sql(dialect, c)

    def h(c: str) -> str:
        return _hour_sql(dialect, c)

    base = f"c.accepted_at IS NOT NULL AND {where}"
    step_case = _step_code_sql("e.step_code")
    # the open key-post step (partial index ix_case_events_open_step); several (should not happen): the latest
    # started wins (numpy, below)
    cases = (
        "SELECT c.id, c.unit_id, CASE WHEN c.completed_at IS NULL AND c.accepted_at IS NOT NULL THEN 1 ELSE 0 END, "
        f"CASE WHEN c.accepted_at IS NULL THEN -1 ELSE {d('c.accepted_at')} END, "
        "COALESCE(c.promised_days, 0), COALESCE(c.statutory_days, 0), COALESCE(c.extension_days, 0), "
        "COALESCE(i.blue_days, 3), COALESCE(i.yellow_days, 1), c.change_seq, "
        f"CASE WHEN c.accepted_at IS NULL THEN -1 ELSE {h('c.accepted_at')} END, "
        f"CASE WHEN c.completed_at IS NULL THEN -1 ELSE {d('c.completed_at')} END, "
        f"CASE WHEN c.completed_at IS NULL THEN -1 ELSE {h('c.completed_at')} END, "
        f"CASE WHEN e.case_id IS NULL THEN 0 ELSE {step_case} END, "
        f"CASE WHEN e.case_id IS NULL THEN {_NO_STEP} ELSE {d('e.started_at')} END, "
        f"COALESCE(e.limit_days, {_NO_STEP}), "
        "COALESCE(c.promised_natural_days, -1), COALESCE(c.statutory_natural_days, -1), "
        "COALESCE(e.natural_days, -1) "
        "FROM cases c JOIN items i ON i.id = c.item_id "
        "LEFT JOIN case_events e ON e.case_id = c.id AND e.ended_at IS NULL AND e.limit_days IS NOT NULL "
        f"WHERE {where if all_changed else base}"
    )
    susp = (
        f"SELECT s.case_id, {d('s.started_at')}, "
        f"CASE WHEN s.ended_at IS NULL THEN {NO_END} ELSE {d('s.ended_at')} END, "
        f"CASE WHEN s.applied_days IS NULL OR s.kind = '补正' THEN {NO_CAP} ELSE s.applied_days END "
        f"FROM suspensions s JOIN cases c ON c.id = s.case_id WHERE s.stops_clock AND {base}"
    )
    return cases, susp


_PG_TYPES = {"i4": "int4", "i8": "int8"}


def _pg_copy(raw: Any, sql: str, kinds: tuple[str, ...]) -> list[np.ndarray]:
    """``COPY (sql) TO STDOUT (FORMAT BINARY)`` of non-null integer columns, parsed with one dtype."""
    casts = ", ".join(f"q.c{k}::{_PG_TYPES[t]}" for k, t in enumerate(kinds))
    names = ", ".join(f"c{k}" for k in range(len(kinds)))
    stmt = f"COPY (SELECT {casts} FROM ({sql}) AS q({names})) TO STDOUT (FORMAT BINARY)"
    buf = bytearray()
    with raw.cursor() as cur, cur.copy(stmt) as cp:
        for block in cp:
            buf += block
    dtype = np.dtype([("n", ">i2")] + [x for k, t in enumerate(kinds) for x in ((f"l{k}", ">i4"), (f"v{k}", ">" + t))])
    head = 19  # signature (11) + flags (4) + header extension length (4, = 0 as written by the server)
    body = len(buf) - head - 2  # trailer: int16 -1
    if body < 0 or body % dtype.itemsize:
        raise ValueError("unexpected COPY BINARY layout (NULL in an integer column?)")
    rec = np.frombuffer(buf, dtype=dtype, count=body // dtype.itemsize, offset=head)
    if len(rec) and (
        np.any(rec["n"] != len(kinds)) or any(np.any(rec[f"l{k}"] != int(t[1])) for k, t in enumerate(kinds))
    ):
        raise ValueError("unexpected COPY BINARY layout")
    out = [rec[f"v{k}"].astype("=" + t) for k, t in enumerate(kinds)]
    del rec, buf
    return out


def _pg_arrays(raw: Any, sql: str, kinds: tuple[str, ...]) -> list[np.ndarray]:
    """As ``_pg_copy``, but the server packs each column into one array (``array_agg``) sent as one COPY row:
    COPY sends a message per row, and at ~10^6 rows reading them one by one costs more client CPU than the
    query (a replay reads its columns this way; every aggregate of one pass sees the rows in the same order).
    Two int4 columns side by side travel as one int8 (high and low half): half the aggregate calls."""
    names = ", ".join(f"c{k}" for k in range(len(kinds)))
    groups: list[tuple[int, ...]] = []  # column indexes per array: (k,) or an int4 pair (k, k + 1)
    k = 0
    while k < len(kinds):
        pair = kinds[k] == "i4" and k + 1 < len(kinds) and kinds[k + 1] == "i4"
        groups.append((k, k + 1) if pair else (k,))
        k += len(groups[-1])
    aggs = ", ".join(
        f"array_agg((q.c{g[0]}::int8 << 32) | (q.c{g[1]}::int8 & 4294967295))"
        if len(g) == 2
        else f"array_agg(q.c{g[0]}::{_PG_TYPES[kinds[g[0]]]})"
        for g in groups
    )
    stmt = f"COPY (SELECT {aggs} FROM ({sql}) AS q({names})) TO STDOUT (FORMAT BINARY)"
    buf = bytearray()
    with raw.cursor() as cur, cur.copy(stmt) as cp:
        for block in cp:
            buf += block
    pos = 19  # the file header, as in _pg_copy
    (fields,) = struct.unpack_from(">h", buf, pos)
    if fields != len(groups):
        raise ValueError("unexpected COPY BINARY layout")
    pos += 2
    out: list[np.ndarray] = [np.zeros(0)] * len(kinds)
    for g in groups:
        t = "i8" if len(g) == 2 else kinds[g[0]]
        (size,) = struct.unpack_from(">i", buf, pos)
        pos += 4
        if size == -1:  # no rows: array_agg gives NULL
            vals = np.zeros(0, "=" + t)
        else:
            # int4[]/int8[] binary: ndim, has-null flag, element type, then (length, lower bound) per dimension
            ndim, has_null, _oid, count, _lb = struct.unpack_from(">iiiii", buf, pos)
            if ndim != 1 or has_null:
                raise ValueError("unexpected array layout (NULL in an integer column?)")
            rec = np.frombuffer(buf, dtype=[("l", ">i4"), ("v", ">" + t)], count=count, offset=pos + 20)
            if np.any(rec["l"] != int(t[1])):
                raise ValueError("unexpected array layout")
            vals = rec["v"].astype("=" + t)
            pos += size
        if len(g) == 2:
            out[g[0]] = (vals >> 32).astype(np.int32)
            out[g[1]] = (vals & 0xFFFFFFFF).astype(np.uint32).view(np.int32)
        else:
            out[g[0]] = vals
    del buf
    return out


def _cursor_fetch(raw: Any, sql: str, kinds: tuple[str, ...]) -> list[np.ndarray]:
    """DB-API cursor in chunks of tuples → int64 arrays; no more than one chunk of Python rows alive."""
    parts = []
    cur = raw.cursor()
    try:
        cur.execute(sql)
        while True:
            rows = cur.fetchmany(_CHUNK)
            if not rows:
                break
            parts.append(np.array(rows, dtype=np.int64).reshape(-1, len(kinds)))
            del rows
    finally:
        cur.close()
    a = np.concatenate(parts) if parts else np.zeros((0, len(kinds)), dtype=np.int64)
    return [a[:, k].astype("=" + t) for k, t in enumerate(kinds)]


def fetch_ints(session: Session, sql: str, kinds: tuple[str, ...], packed: bool = False) -> list[np.ndarray]:
    """Run ``sql`` (non-null integer columns of numpy kinds "i4"/"i8") column-wise in the session's
    transaction: COPY BINARY on PostgreSQL (``packed``: as one row of arrays), chunked DB-API cursor elsewhere."""
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        return (_pg_arrays if packed else _pg_copy)(conn.connection.driver_connection, sql, kinds)
    return _cursor_fetch(conn.connection, sql, kinds)


def _check_days(*cols: np.ndarray) -> None:
    for c in cols:
        if len(c) and (c.min() < 0 or c.max() > _LAST_IDX):
            bad = c[(c < 0) | (c > _LAST_IDX)]
            bad = bad[bad != NO_END]
            if len(bad):
                raise CalendarRangeError(f"a date outside the calendar ({FIRST}..{LAST}): day index {int(bad[0])}")


def fetch_columns(session: Session, since_seq: int | None = None, case_ids: list[int] | None = None) -> CaseColumns:
    """What the engine needs of: the given cases; else cases changed after ``since_seq`` (open or just
    closed, so a reader can drop them); else every open case — column-wise, sorted by case id."""
    dialect = session.connection().dialect.name
    if case_ids is not None and not case_ids:
        case_ids = [0]
    kinds = ("i4",) * 9 + ("i8",) + ("i4",) * 9
    if dialect == "postgresql" and since_seq is not None and case_ids is None:
        # the changed cases read once (one index scan), cases and suspensions in one COPY, told apart by a tag
        q_cases, q_susp = _queries(dialect, "TRUE", all_changed=True)
        q_cases, q_susp = (
            q.replace("FROM cases c", "FROM ch c").replace("JOIN cases c", "JOIN ch c") for q in (q_cases, q_susp)
        )
        q_susp = q_susp.replace("SELECT s.case_id,", "SELECT 1, s.case_id,").replace(
            " FROM suspensions", ", 0" * 5 + ", 0::int8" + ", 0" * 9 + " FROM suspensions"
        )
        sql = (
            f"WITH ch AS MATERIALIZED (SELECT id, unit_id, item_id, completed_at, accepted_at, promised_days, "
            f"statutory_days, extension_days, change_seq, promised_natural_days, statutory_natural_days "
            f"FROM cases WHERE change_seq > {int(since_seq)}) "
            f"{q_cases.replace('SELECT c.id,', 'SELECT 0, c.id,', 1)} UNION ALL {q_susp}"
        )
        both = fetch_ints(session, sql, ("i4",) + kinds)
        is_case = both[0] == 0
        cols = [x[is_case] for x in both[1:]]
        s_case, s_start, s_end, s_cap = (both[k][~is_case] for k in (1, 2, 3, 4))
        del both
    else:
        q_cases, q_susp = _queries(
            dialect, _case_filter(since_seq, case_ids), all_changed=since_seq is not None and case_ids is None
        )
        cols = fetch_ints(session, q_cases, kinds)
        s_case, s_start, s_end, s_cap = fetch_ints(session, q_susp, ("i4",) * 4)
    # by case id, then step start: the last row of a case is its (latest) open step
    order = np.lexsort((cols[14], cols[0]))
    cols = [x[order] for x in cols]
    if len(cols[0]) > 1 and np.any(cols[0][1:] == cols[0][:-1]):
        last = np.r_[cols[0][1:] != cols[0][:-1], True]
        cols = [x[last] for x in cols]
    (
        cid,
        unit,
        is_open,
        acc,
        prom,
        stat,
        ext,
        blue,
        yellow,
        seq,
        acc_hour,
        done_day,
        done_hour,
        step_code,
        step_start,
        step_limit,
        p_natural,
        s_natural,
        step_natural,
    ) = cols
    _check_days(acc[acc != -1], s_start, s_end, step_start[step_start != _NO_STEP])
    step_code = step_code.astype(np.int16)
    unknown = (step_code == 0) & (step_limit != _NO_STEP)
    if unknown.any():  # a step code not in the table yet: read its text (rare)
        ids = ",".join(str(int(x)) for x in cid[unknown])
        names: dict[int, str] = dict(
            session.execute(
                text(
                    "SELECT case_id, step_code FROM case_events WHERE ended_at IS NULL AND limit_days IS NOT NULL "
                    f"AND case_id IN ({ids}) ORDER BY started_at"
                )
            ).all()
        )
        step_code[unknown] = [step_code_id(names[int(x)]) for x in cid[unknown]]
    acc, acc_hour, done_day, done_hour, s_case, s_start, s_end, s_cap = _lay_corrections(
        session, cid, acc, acc_hour, done_day, done_hour, s_case, s_start, s_end, s_cap
    )
    if len(s_case):
        o = np.lexsort((s_cap, s_end, s_start, s_case))
        s_case, s_start, s_end, s_cap = s_case[o], s_start[o], s_end[o], s_cap[o]
    return CaseColumns(
        cid,
        unit,
        is_open.astype(bool),
        acc,
        prom,
        stat,
        ext,
        blue,
        yellow,
        step_code,
        step_start,
        step_limit,
        seq,
        acc_hour,
        done_day,
        done_hour,
        s_case,
        s_start,
        s_end,
        s_cap,
        p_natural,
        s_natural,
        step_natural,
    )


def _day(t: dt.datetime) -> int:
    return (t.date() - FIRST).days


def _lay_corrections(
    session: Session,
    cid: np.ndarray,
    acc: np.ndarray,
    acc_hour: np.ndarray,
    done_day: np.ndarray,
    done_hour: np.ndarray,
    s_case: np.ndarray,
    s_start: np.ndarray,
    s_end: np.ndarray,
    s_cap: np.ndarray,
) -> tuple[np.ndarray, ...]:
    """The time corrections of upheld appeals laid over the read rows (console.models.case_corrections), so the
    poll and the calendar re-dating count a corrected case as the decision re-dated it, re-folded or not."""
    fixed = corrected_case_ids(session)
    hit = np.isin(cid, np.fromiter(fixed, dtype=np.int64, count=len(fixed))) & (acc != -1) if fixed else None
    if hit is None or not hit.any():
        return acc, acc_hour, done_day, done_hour, s_case, s_start, s_end, s_cap
    clocks = corrected_clocks(session, [int(x) for x in cid[hit]])
    acc, acc_hour, done_day, done_hour = acc.copy(), acc_hour.copy(), done_day.copy(), done_hour.copy()
    rows = {int(c): i for i, c in zip(np.flatnonzero(hit), cid[hit], strict=True)}
    added = []
    for c, k in clocks.items():
        i = rows[c]
        if k.accepted is not None:
            acc[i], acc_hour[i] = _day(k.accepted), k.accepted.hour
        if k.completed is not None and done_day[i] != -1:
            done_day[i], done_hour[i] = _day(k.completed), k.completed.hour
        added += [
            (c, _day(st), NO_END if en is None else _day(en), NO_CAP if cap is None else cap) for st, en, cap in k.waits
        ]
    keep = ~np.isin(s_case, np.fromiter(clocks, dtype=np.int64, count=len(clocks)))
    extra = np.asarray(added, dtype=s_case.dtype).reshape(-1, 4)
    return (
        acc,
        acc_hour,
        done_day,
        done_hour,
        *(
            np.concatenate([col[keep], extra[:, j].astype(col.dtype)])
            for j, col in enumerate((s_case, s_start, s_end, s_cap))
        ),
    )


def fetch_cases(
    session: Session, cal: WorkCalendar | None = None, since_seq: int | None = None, case_ids: list[int] | None = None
) -> list[CaseRecord]:
    """Row-wise form of ``fetch_columns`` (small sets: case detail, reports, audits)."""
    return fetch_columns(session, since_seq=since_seq, case_ids=case_ids).records()


# ---- the poll's and the re-dating's other column-wise reads -------------------------------------------------


def fetch_red_time_alarms(
    session: Session, active: str = "cleared_at IS NULL"
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The cases with an active time alarm (an occurrence whose condition has not cleared, at whatever level its
    rule has), column-wise: (promised_overdue case ids, statutory_overdue case ids, step_overdue case ids, their
    steps as indices into STEP_CODES, 0 for a code not in the table).  ``active``: the SQL condition of "active"
    (a replay's is "raised by T, not cleared by T": console.models.asof.red_time_alarms_at)."""
    step_rules = ", ".join(f"'{r}'" for r in rules.STEP_RULES)  # 环节超时 and 受理超时 (the wait for acceptance)
    (promised,) = fetch_ints(
        session, f"SELECT case_id FROM alarms WHERE rule = 'promised_overdue' AND {active}", ("i4",)
    )
    (statutory,) = fetch_ints(
        session, f"SELECT case_id FROM alarms WHERE rule = 'statutory_overdue' AND {active}", ("i4",)
    )
    step_cid, step_code = fetch_ints(
        session,
        f"SELECT case_id, {_step_code_sql('subject')} FROM alarms WHERE rule IN ({step_rules}) AND {active}",
        ("i4", "i4"),
    )
    return promised, statutory, step_cid, step_code


def fetch_hours_since(session: Session, start: dt.datetime) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Cases accepted at or after ``start`` with the hour of their acceptance, and the same of completions:
    (accepted case ids, their hours, completed case ids, their hours); both reads use their column's index."""
    d = session.get_bind().dialect.name
    lit = f"TIMESTAMP '{start:%Y-%m-%d %H:%M:%S}'" if d == "postgresql" else f"'{start:%Y-%m-%d %H:%M:%S}'"
    acc = fetch_ints(
        session, f"SELECT id, {_hour_sql(d, 'accepted_at')} FROM cases WHERE accepted_at >= {lit}", ("i4", "i4")
    )
    done = fetch_ints(
        session, f"SELECT id, {_hour_sql(d, 'completed_at')} FROM cases WHERE completed_at >= {lit}", ("i4", "i4")
    )
    return acc[0], acc[1], done[0], done[1]


def fetch_stored_due_days(session: Session) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The due dates stored with the open cases, as day indices (-1: none): (case ids, promised, statutory,
    provisional 0/1)."""
    dialect = session.connection().dialect.name

    def day(c: str) -> str:
        return f"CASE WHEN {c} IS NULL THEN -1 ELSE {_day_sql(dialect, c)} END"

    sid, promised, statutory, provisional = fetch_ints(
        session,
        f"SELECT id, {day('promised_due')}, {day('statutory_due')}, "
        f"CASE WHEN due_provisional THEN 1 ELSE 0 END FROM cases "
        f"WHERE completed_at IS NULL AND accepted_at IS NOT NULL",
        ("i4",) * 4,
    )
    return sid, promised, statutory, provisional


# ---- the open set ------------------------------------------------------------------------------------------


class OpenSet:
    """The open cases as numpy columns (int32 where values fit), updated in place from changed rows.

    Rows are looked up through a sorted case-id array (``_ids``/``_rows``, searchsorted) instead of a dict.
    ``dirty`` collects the rows whose engine inputs changed since the last ``take_dirty``; ``layout`` changes
    whenever rows move (compaction), so cached per-row results must be recomputed.
    """

    COLUMNS = (
        "case_id",
        "unit_id",
        "accepted",
        "promised_days",
        "statutory_days",
        "extension_days",
        "blue_days",
        "yellow_days",
        "step_start",
        "step_limit",
        "promised_natural",
        "statutory_natural",
        "step_natural",
    )
    INPUTS = COLUMNS[1:] + ("step_code",)
    ALARM_PROMISED, ALARM_STATUTORY, ALARM_STEP = 1, 2, 4  # bits of ``alarm_known``
    # the COLUMNS, created in __init__ and grown in _grow by name (one int32 array each, row-aligned)
    case_id: np.ndarray
    unit_id: np.ndarray
    accepted: np.ndarray
    promised_days: np.ndarray
    statutory_days: np.ndarray
    extension_days: np.ndarray
    blue_days: np.ndarray
    yellow_days: np.ndarray
    step_start: np.ndarray
    step_limit: np.ndarray
    promised_natural: np.ndarray  # -1: the limit is in working days
    statutory_natural: np.ndarray
    step_natural: np.ndarray

    def __init__(self) -> None:
        self.alive = np.zeros(0, dtype=bool)
        for c in self.COLUMNS:
            setattr(self, c, np.zeros(0, dtype=np.int32))
        self.step_code = np.zeros(0, dtype=np.int16)
        self.alarm_known = np.zeros(0, dtype=np.uint8)  # time alarms raised (committed) for this row
        self._ids = np.zeros(0, dtype=np.int32)  # sorted case ids of all rows
        self._rows = np.zeros(0, dtype=np.int32)  # their row positions
        # clock-stopping suspensions, sorted by (row, start)
        self.s_row = self.s_start = self.s_end = self.s_cap = np.zeros(0, dtype=np.int32)
        self._susp_cache: Suspensions | None = None
        self._dirty: list[np.ndarray] = []
        self._step_moved: list[np.ndarray] = []  # rows whose alarmed step ended or began again
        self.layout = 0

    def __len__(self) -> int:
        return int(self.alive.sum())

    # ---- lookup -------------------------------------------------------------------------------------
    def rows_of(self, case_ids: Sequence[int] | np.ndarray) -> np.ndarray:
        """Row of each case id, -1 where not in the set (alive or not)."""
        ids = np.asarray(case_ids, dtype=np.int64)
        if len(ids) and ids.min() >= -(2**31) and ids.max() < 2**31:
            ids = ids.astype(np.int32)  # same dtype as the index: no conversion of the 1M-long haystack
        if not len(self._ids):
            return np.full(len(ids), -1, dtype=np.int64)
        k = np.searchsorted(self._ids, ids)
        kc = np.minimum(k, len(self._ids) - 1)
        return np.where(self._ids[kc] == ids, self._rows[kc], -1).astype(np.int64)

    def row_of(self, case_id: int) -> int | None:
        r = int(self.rows_of([case_id])[0])
        return r if r >= 0 and self.alive[r] else None

    @property
    def pos(self) -> dict[int, int]:
        """case_id → row of the live rows (a dict built on demand: small sets and tests)."""
        live = self.alive[self._rows]
        return dict(zip(self._ids[live].tolist(), self._rows[live].tolist(), strict=True))

    @property
    def susp(self) -> dict[int, tuple[tuple[int, int, int], ...]]:
        """Suspensions by row (a dict built on demand)."""
        out: dict[int, list[tuple[int, int, int]]] = {}
        for r, a, b, c in zip(
            self.s_row.tolist(), self.s_start.tolist(), self.s_end.tolist(), self.s_cap.tolist(), strict=True
        ):
            out.setdefault(r, []).append((a, b, c))
        return {r: tuple(v) for r, v in out.items()}

    def take_dirty(self, discard: bool = False) -> np.ndarray:
        if discard:
            self._dirty = []
            return np.zeros(0, dtype=np.int64)
        d = np.unique(np.concatenate(self._dirty)) if self._dirty else np.zeros(0, dtype=np.int64)
        self._dirty = []
        return d

    def take_step_moved(self) -> np.ndarray:
        """Rows with a step alarm whose step has since ended or begun again (each returned once)."""
        d = np.unique(np.concatenate(self._step_moved)) if self._step_moved else np.zeros(0, dtype=np.int64)
        self._step_moved = []
        return d

    def mark_step_moved(self, rows: np.ndarray) -> None:
        self._step_moved.append(np.asarray(rows, dtype=np.int64))

    def live_columns(self) -> tuple[np.ndarray, ...]:
        """The live rows sorted by case id, as ``asof.fetch_columns_at_from_live`` takes them: (case id, unit,
        accepted, promised, statutory, extension days, blue, yellow, promised and statutory 自然日); a replay
        reads steps (their 自然日 with them) and waits as of T."""
        rows = self._rows[self.alive[self._rows]]
        cols = ("case_id", "unit_id", "accepted", "promised_days", "statutory_days", "extension_days")
        return tuple(
            getattr(self, c)[rows] for c in (*cols, "blue_days", "yellow_days", "promised_natural", "statutory_natural")
        )

    # ---- update -------------------------------------------------------------------------------------
    def apply(self, data: CaseColumns | list[CaseRecord]) -> int:
        """Insert, update or (closed cases) drop rows; returns how many rows' engine inputs changed."""
        if not isinstance(data, CaseColumns):
            data = CaseColumns.from_records(data)
        if not len(data):
            return 0
        rows = self.rows_of(data.case_id)
        new = (rows < 0) & data.open
        if new.any():
            rows = self._grow(data.case_id, rows, new)
        known = rows >= 0
        rk = rows[known]
        is_open = data.open[known]
        # changed: liveness, any engine input, or its suspensions
        changed = self.alive[rk] != is_open
        changed |= new[known]
        for c in self.INPUTS:
            changed |= getattr(self, c)[rk] != getattr(data, c)[known]
        susp_rows = self._susp_changed(data, rows, new)
        if len(susp_rows):
            changed |= np.isin(rk, susp_rows)
        ch_rows = rk[changed]
        if len(ch_rows):
            sel = np.flatnonzero(known)[changed]
            # a new step (another code, or the same step begun again, e.g. a case returned to 承办): the old step's
            # alarm clears and an overrun of the new one is a new occurrence (the poller takes these rows)
            step_moved = (self.step_code[ch_rows] != data.step_code[sel]) | (
                self.step_start[ch_rows] != data.step_start[sel]
            )
            moved = ch_rows[step_moved & (self.alarm_known[ch_rows] & self.ALARM_STEP != 0)]
            if len(moved):
                self._step_moved.append(moved.astype(np.int64))
            for c in self.INPUTS:
                getattr(self, c)[ch_rows] = getattr(data, c)[sel]
            self.alive[ch_rows] = data.open[sel]
            self._dirty.append(ch_rows.astype(np.int64))
        if len(susp_rows):
            self._replace_susp(susp_rows, data, rows)
        if len(self.alive) > 1024 and self.alive.sum() < len(self.alive) // 2:
            self._compact()
        return len(ch_rows)

    def _grow(self, case_id: np.ndarray, rows: np.ndarray, new: np.ndarray) -> np.ndarray:
        ids = case_id[new]
        base = len(self.alive)
        k = len(ids)
        new_rows = np.arange(base, base + k, dtype=np.int32)
        for c in self.COLUMNS:
            setattr(self, c, np.concatenate([getattr(self, c), np.zeros(k, dtype=np.int32)]))
        self.case_id[base:] = ids
        self.step_code = np.concatenate([self.step_code, np.zeros(k, dtype=np.int16)])
        self.alarm_known = np.concatenate([self.alarm_known, np.zeros(k, dtype=np.uint8)])
        self.alive = np.concatenate([self.alive, np.zeros(k, dtype=bool)])
        if not len(self._ids) or ids.min() > self._ids[-1]:  # ids ascending (sorted input): append
            self._ids = np.concatenate([self._ids, ids.astype(np.int32)])
            self._rows = np.concatenate([self._rows, new_rows])
        else:
            at = np.searchsorted(self._ids, ids)
            self._ids = np.insert(self._ids, at, ids.astype(np.int32))
            self._rows = np.insert(self._rows, at, new_rows)
        rows = rows.copy()
        rows[new] = new_rows
        return rows

    def _susp_changed(self, data: CaseColumns, rows: np.ndarray, new: np.ndarray) -> np.ndarray:
        """Rows whose suspension list must be replaced: new rows with suspensions, and existing rows whose
        incoming list differs from the stored one."""
        if len(data.s_case):
            k = np.minimum(np.searchsorted(data.case_id, data.s_case), len(rows) - 1)
            in_rows = rows[k]
            in_new = new[k]
        else:
            in_rows = np.zeros(0, dtype=np.int64)
            in_new = np.zeros(0, dtype=bool)
        out = [np.unique(in_rows[in_new])]
        old = rows[(rows >= 0) & ~new]
        if len(old):
            m_inc = (in_rows >= 0) & ~in_new
            m_cur = np.isin(self.s_row, old) if len(self.s_row) else np.zeros(0, dtype=bool)
            if m_inc.any() or m_cur.any():
                inc: dict[int, list[tuple[int, int, int]]] = {}
                for r, a, b, c in zip(
                    in_rows[m_inc].tolist(),
                    data.s_start[m_inc].tolist(),
                    data.s_end[m_inc].tolist(),
                    data.s_cap[m_inc].tolist(),
                    strict=True,
                ):
                    inc.setdefault(r, []).append((a, b, c))
                cur: dict[int, list[tuple[int, int, int]]] = {}
                for r, a, b, c in zip(
                    self.s_row[m_cur].tolist(),
                    self.s_start[m_cur].tolist(),
                    self.s_end[m_cur].tolist(),
                    self.s_cap[m_cur].tolist(),
                    strict=True,
                ):
                    cur.setdefault(r, []).append((a, b, c))
                diff = [r for r in inc.keys() | cur.keys() if sorted(inc.get(r, ())) != sorted(cur.get(r, ()))]
                out.append(np.asarray(diff, dtype=np.int64))
        return np.unique(np.concatenate(out).astype(np.int64))

    def _replace_susp(self, susp_rows: np.ndarray, data: CaseColumns, rows: np.ndarray) -> None:
        keep = ~np.isin(self.s_row, susp_rows)
        parts = [(self.s_row[keep], self.s_start[keep], self.s_end[keep], self.s_cap[keep])]
        if len(data.s_case):
            k = np.minimum(np.searchsorted(data.case_id, data.s_case), len(rows) - 1)
            r = rows[k]
            m = np.isin(r, susp_rows)
            parts.append((r[m], data.s_start[m], data.s_end[m], data.s_cap[m]))
        cols = [np.concatenate([p[j] for p in parts]).astype(np.int32) for j in range(4)]
        o = np.lexsort((cols[1], cols[0]))
        self.s_row, self.s_start, self.s_end, self.s_cap = (x[o] for x in cols)
        self._susp_cache = None

    def load(self, data: CaseColumns) -> None:
        """Initial load into an empty set (all rows new): no comparisons."""
        assert not len(self.alive)
        self.apply(data)

    def _compact(self) -> None:
        keep = np.flatnonzero(self.alive)
        remap = np.full(len(self.alive), -1, dtype=np.int64)
        remap[keep] = np.arange(len(keep))
        for c in self.COLUMNS + ("step_code", "alarm_known", "alive"):
            setattr(self, c, getattr(self, c)[keep])
        live = remap[self._rows] >= 0
        self._ids = self._ids[live]
        self._rows = remap[self._rows[live]].astype(np.int32)
        m = remap[self.s_row] >= 0 if len(self.s_row) else np.zeros(0, bool)
        self.s_row = remap[self.s_row[m]].astype(np.int32)
        self.s_start, self.s_end, self.s_cap = self.s_start[m], self.s_end[m], self.s_cap[m]
        self._susp_cache = None
        self._dirty = []
        moved = remap[self.take_step_moved()]  # a completed case's rows go: its alarms stay as they are
        self._step_moved = [moved[moved >= 0]]
        self.layout += 1  # row positions moved

    def suspensions(self) -> Suspensions:
        if self._susp_cache is None:
            self._susp_cache = Suspensions(self.s_row, self.s_start, self.s_end, self.s_cap)
        return self._susp_cache

    def nbytes(self) -> int:
        arrays = [getattr(self, c) for c in self.COLUMNS] + [
            self.step_code,
            self.alarm_known,
            self.alive,
            self._ids,
            self._rows,
            self.s_row,
            self.s_start,
            self.s_end,
            self.s_cap,
        ]
        return sum(a.nbytes for a in arrays)
