"""The database as it was known at a past moment T (replay): the open set, the alarm queue and the day's counts.

"Known at T" is decided by arrival where the schema records it, else by the event's own time:

* a case folded from exchange records is accepted for the wall once an ``accept`` record had arrived
  (``exchange_records.received_at`` ≤ T), or, accepted at its receipt (行政许可法 32), once its ``apply`` had;
  it leaves the open set once its ``complete`` record had arrived (or its refusing ``accept``);
* a case with no exchange record (written by a tool) is judged by its own ``accepted_at``/``completed_at``;
* a wait (suspension) counts once reported (``reported_at`` ≤ T) and started by T; its end counts once
  ``ended_at`` ≤ T (the end's arrival is not stored); an extension's days count once reported;
* the open key-post step is the step with a limit started by T and not ended by T (steps keep no arrival time);
* promised/statutory days are the case's current ones (a later corrected ``accept`` is not undone), and so are
  their 自然日 (``promised_natural_days``/``statutory_natural_days``, written with them by the same ``accept``);
  a step's 自然日 (``case_events.natural_days``) is that of the step row open at T;
* an alarm is in the queue at T once written by T (``recorded_at`` ≤ T, migration 0018: ``raised_at`` is when it
  happened — a limit ending on day D is red from 00:00 of D+1 — and a case whose records came late had no alarm
  before they came) and neither acknowledged nor cancelled by T (``acked_at``, ``cancelled_at``: the wall clock),
  cleared or not, as the live queue: a cleared alarm still needs its acknowledgement;
* a time alarm's clearing counts once ``cleared_at`` ≤ T: it is stamped with the arrival of the record that
  ended the condition (the case's ``updated_at``, the wall clock of the fold), else the pass's wall-clock
  moment (repository.clear_alarms_at_record_time), never a business moment before anything was known.

Timestamps go into the SQL as literals formatted from a ``datetime`` (PostgreSQL's COPY takes no parameters).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from sqlalchemy import Select, exists, func, select, text
from sqlalchemy.orm import Session

from console.domain.calendar import FIRST
from console.domain.timelimits import NO_CAP, NO_END
from console.domain.vocabulary import EXTENSION, SUPPLEMENT
from console.models.case_corrections import corrected_case_ids
from console.models.openset import (
    _NO_STEP,
    CaseColumns,
    _check_days,
    _day_sql,
    _hour_sql,
    _step_code_sql,
    fetch_ints,
    fetch_red_time_alarms,
    step_code_id,
)
from console.models.schema import Alarm, AlarmAck, Case, Evaluation, Item, Unit
from console.models.supervision_schema import AlarmCancellation

CHANGED_SCAN_FROM = 20_000  # cases changed since T above which their steps are read by one scan of case_events
PATCH_READ_MAX = 200_000  # cases to read as of T above which fetch_columns_at_from_live gives up (full read)
REFUSED = "不予受理"  # console.ingest.fold.REFUSED: a refusal at the counter completes the case on the spot


def _lit(at: dt.datetime) -> str:
    return f"'{at.replace(tzinfo=None).isoformat(sep=' ', timespec='seconds')}'"


def _ts(dialect: str, at: dt.datetime) -> str:
    return f"TIMESTAMP {_lit(at)}" if dialect == "postgresql" else _lit(at)


def _arrivals() -> str:
    """Per case number: when its first apply, accept and complete records arrived (one pass, grouped)."""
    return (
        "SELECT case_no, MIN(CASE WHEN type = 'apply' THEN received_at END) AS apply_at, "
        "MIN(CASE WHEN type = 'accept' THEN received_at END) AS acc_at, "
        "MIN(CASE WHEN type = 'complete' THEN received_at END) AS done_at "
        "FROM exchange_records WHERE type IN ('apply', 'accept', 'complete') GROUP BY case_no"
    )


def _known_open(t: str) -> str:
    """The WHERE of the open set at ``t`` over ``cases c`` LEFT JOIN the arrivals ``r``."""
    accepted = f"(r.case_no IS NULL OR r.acc_at <= {t} OR (c.accepted_at = c.received_at AND r.apply_at <= {t}))"
    completed = (
        f"(c.completed_at <= {t} AND (r.case_no IS NULL OR r.done_at <= {t} "
        f"OR (c.result = '{REFUSED}' AND r.acc_at <= {t})))"
    )
    # CASE, not NOT: a NULL (an open case, a record never sent) must read as "not known", never as unknown
    known = f"CASE WHEN {accepted} THEN 1 ELSE 0 END = 1"
    not_done = f"CASE WHEN {completed} THEN 0 ELSE 1 END = 1"
    return f"c.accepted_at <= {t} AND {known} AND {not_done}"


def fetch_columns_at(session: Session, at: dt.datetime) -> CaseColumns:
    """The open set as known at ``at`` (rules in the module's docstring), column-wise, sorted by case id; read
    like ``console.models.openset.fetch_columns`` (COPY BINARY on PostgreSQL, each column packed into one
    array), in four lean reads joined in numpy: the cases (one scan), the open key-post steps (the partial
    index of the live poll), the steps of the cases changed since ``at`` (by case id), the clock-stopping waits.

    Every fold of a case rewrites its row and its steps and stamps ``updated_at`` (ingest_store.replace_cases):
    a case not updated after ``at`` still holds what was known at ``at``, its open step included; only the few
    updated since are read from their step history (started by ``at``, not ended by then)."""
    return _with_waits(session, at, _cases_at(session, at))


def fetch_columns_at_from_live(
    session: Session, at: dt.datetime, live: tuple[np.ndarray, ...], watermark: int, min_share: float = 0.5
) -> CaseColumns | None:
    """``fetch_columns_at`` computed from the live open set a console holds (``OpenSet.live_columns`` read at
    change ``watermark``): its rows stand as they were known at ``at`` unless the case changed since, so only
    the cases that may differ are read as of ``at`` (None: less than ``min_share`` of the live set accepted by
    ``at``'s day, or more than PATCH_READ_MAX cases to read — the full read is cheaper then).

    A live row is taken as it is when none of these holds (one read of their ids): accepted after ``at`` (not
    open then: dropped); ``updated_at`` after ``at`` (fetch_columns_at reads its steps from their history);
    written after ``watermark`` (the row in memory is older than the database); completed after ``at`` (not
    in the live set, may have been open then); an apply/accept/complete record arrived after ``at`` (its
    acceptance or completion not known then); an extension reported after ``at`` (its days not known then);
    its times corrected on appeal (the live row carries the corrected acceptance, case_corrections).  What
    remains is open now with the values fetch_columns_at reads for it (the current limits and the items'
    thresholds, the limits' 自然日) but its step and waits, which are read as of
    ``at`` for all, as fetch_columns_at does for an unchanged case: the open steps started by ``at`` (the partial
    index) and the waits (one scan of ``suspensions``).  A case with an ``apply`` but no ``accept`` record and
    an acceptance other than its receipt is known at no moment to fetch_columns_at; the fold writes none (it
    accepts such a case at its receipt, 行政许可法 32)."""
    dialect = session.connection().dialect.name
    t = _ts(dialect, at)
    l_cid, l_acc = live[0], live[2]  # and the limits, thresholds and 自然日; steps and waits: read as of T
    before = l_acc <= (at.date() - FIRST).days  # accepted by T's day (a corrected acceptance is read below)
    if live_share(live, at) < min_share:  # most of the live set came later: the full read is cheaper (it sends
        return None  # only the rows open at T; the patch scans the same tables for its ids)
    types = "'apply', 'accept', 'complete'"
    # accepted after T: those of T's day found by the index, the later ones dropped by their day in memory
    next_day = _ts(dialect, dt.datetime.combine(at.date() + dt.timedelta(days=1), dt.time()))
    d_id, d_drop = fetch_ints(
        session,
        f"SELECT c.id, CASE WHEN c.accepted_at > {t} THEN 1 ELSE 0 END FROM cases c "
        f"WHERE c.accepted_at IS NOT NULL AND ((c.accepted_at > {t} AND c.accepted_at < {next_day}) "
        f"OR c.updated_at > {t} OR c.change_seq > {int(watermark)} OR c.completed_at > {t}) "
        f"UNION ALL SELECT c.id, 0 FROM exchange_records r JOIN cases c ON c.case_no = r.case_no "
        f"WHERE r.received_at > {t} AND r.type IN ({types}) "
        f"UNION ALL SELECT s.case_id, 0 FROM suspensions s WHERE s.kind = '{EXTENSION}' AND s.reported_at > {t}",
        ("i4", "i4"),
        packed=True,
    )
    drop = np.sort(d_id[d_drop == 1])  # once each: the first SELECT reads each case once
    fixed = corrected_case_ids(session)
    read = np.unique(
        np.concatenate(
            [
                d_id[d_drop == 0],
                np.fromiter(fixed, dtype=np.int32, count=len(fixed)),
            ]
        ).astype(np.int32)
    )
    read = read[~_member(read, drop)]  # accepted after at: not open then, whatever else changed
    if len(read) > PATCH_READ_MAX:
        return None
    keep = before & ~_member(l_cid, drop) & ~_member(l_cid, read)
    k_cid = l_cid[keep]
    # their steps as fetch_columns_at takes an unchanged case's: the latest open step started by T (the live
    # row's may have begun after T; the generator of bench/gen.py stamps no update for it)
    s_open = fetch_ints(session, _open_steps_sql(dialect, t), ("i4",) * 5, packed=True)
    k_steps = _place_steps(session, t, k_cid, [[a[_member(s_open[0], k_cid)] for a in s_open]])
    got = _cases_at(session, at, only=read)
    mine = tuple(a[keep] for a in live[1:])
    cols = tuple(np.concatenate([a.astype(b.dtype), b]) for a, b in zip((k_cid, *mine, *k_steps), got, strict=True))
    o = np.argsort(cols[0], kind="stable")
    return _with_waits(session, at, tuple(c[o] for c in cols))


def live_share(live: tuple[np.ndarray, ...], at: dt.datetime) -> float:
    """The share of the live set (``OpenSet.live_columns``) accepted by ``at``'s day: what a patch can keep."""
    return float(np.mean(live[2] <= (at.date() - FIRST).days)) if len(live[0]) else 0.0


def _cases_at(session: Session, at: dt.datetime, only: np.ndarray | None = None) -> tuple[np.ndarray, ...]:
    """The open cases as known at ``at`` (of ``only``'s ids, if given), sorted by id: (id, unit, accepted day,
    promised, statutory, extension days, blue, yellow, promised and statutory 自然日 (-1: working days), step code,
    step start, step limit, step 自然日 (-1: working days, or no step))."""
    dialect = session.connection().dialect.name
    t = _ts(dialect, at)

    def d(c: str) -> str:
        return _day_sql(dialect, c)

    def ids_in(col: str) -> str:
        return "" if only is None else f" AND {col} IN ({','.join(str(int(x)) for x in only) or '0'})"

    arrivals = _arrivals()
    if only is not None:  # only these cases' records: the grouping of all records is what a full read pays for
        arrivals = arrivals.replace(
            "GROUP BY", f"AND case_no IN (SELECT c.case_no FROM cases c WHERE TRUE{ids_in('c.id')}) GROUP BY"
        )
    cases = (
        f"SELECT c.id, c.unit_id, c.item_id, {d('c.accepted_at')}, "
        "COALESCE(c.promised_days, 0), COALESCE(c.statutory_days, 0), "
        "COALESCE(c.extension_days, 0) - COALESCE(x.late, 0), "
        f"CASE WHEN c.updated_at > {t} THEN 1 ELSE 0 END, "
        # 自然日 as the live read takes them (openset._queries): in the same scan, one more packed int4 pair
        "COALESCE(c.promised_natural_days, -1), COALESCE(c.statutory_natural_days, -1) "
        f"FROM cases c LEFT JOIN ({arrivals}) r ON r.case_no = c.case_no "
        # extensions reported after T: their days were not known yet
        "LEFT JOIN (SELECT case_id, SUM(COALESCE(applied_days, 0)) AS late FROM suspensions "
        f"WHERE kind = '{EXTENSION}' AND reported_at > {t} GROUP BY case_id) x ON x.case_id = c.id "
        f"WHERE {_known_open(t)}{ids_in('c.id')}"
    )
    # a replay needs neither the change counter nor the acceptance hour (its per-hour counts are hours_at's)
    got = fetch_ints(session, cases, ("i4",) * 10, packed=True)
    order = np.argsort(got[0], kind="stable")
    cid, unit, item, acc, prom, stat, ext, moved, p_nat, s_nat = (a[order] for a in got)
    # the items' light thresholds (a few hundred rows) by item id
    i_id, i_blue, i_yellow = fetch_ints(
        session, "SELECT id, COALESCE(blue_days, 3), COALESCE(yellow_days, 1) FROM items", ("i4",) * 3
    )
    lut_b = np.full(int(i_id.max(initial=0)) + 1, 3, np.int32)
    lut_y = np.full(len(lut_b), 1, np.int32)
    lut_b[i_id], lut_y[i_id] = i_blue, i_yellow
    blue, yellow = lut_b[item], lut_y[item]

    step = f"e.case_id, {_step_code_sql('e.step_code')}, {d('e.started_at')}, e.limit_days, {_STEP_NATURAL}"
    s_open = fetch_ints(session, _open_steps_sql(dialect, t) + ids_in("e.case_id"), ("i4",) * 5, packed=True)
    changed = cid[moved == 1]
    keep = ~_member(s_open[0], changed)
    parts = [[a[keep] for a in s_open]]
    history = f"e.limit_days IS NOT NULL AND e.started_at <= {t} AND (e.ended_at IS NULL OR e.ended_at > {t})"
    if len(changed) > CHANGED_SCAN_FROM:  # many: one scan of the steps beats that many index look-ups
        got = fetch_ints(session, f"SELECT {step} FROM case_events e WHERE {history}", ("i4",) * 5, packed=True)
        parts.append([a[_member(got[0], changed)] for a in got])
    else:
        for i in range(0, len(changed), 5000):
            ids = ",".join(str(int(x)) for x in changed[i : i + 5000])
            parts.append(
                fetch_ints(
                    session, f"SELECT {step} FROM case_events e WHERE e.case_id IN ({ids}) AND {history}", ("i4",) * 5
                )
            )
    step_code, step_start, step_limit, step_nat = _place_steps(session, t, cid, parts)
    return cid, unit, acc, prom, stat, ext, blue, yellow, p_nat, s_nat, step_code, step_start, step_limit, step_nat


_STEP_NATURAL = "COALESCE(e.natural_days, -1)"  # a step row's limit in 自然日 (-1: working days), as openset reads it


def _open_steps_sql(dialect: str, t: str) -> str:
    """The open key-post steps started by ``t`` (the partial index of the live poll): (case, code, start day, limit,
    自然日)."""
    step = (
        f"e.case_id, {_step_code_sql('e.step_code')}, {_day_sql(dialect, 'e.started_at')}, e.limit_days, "
        f"{_STEP_NATURAL}"
    )
    return (
        f"SELECT {step} FROM case_events e "
        f"WHERE e.ended_at IS NULL AND e.limit_days IS NOT NULL AND e.started_at <= {t}"
    )


def _place_steps(
    session: Session, t: str, cid: np.ndarray, parts: list[list[np.ndarray]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each case's step at ``t`` from step rows (case, code, start, limit, 自然日): its latest started, else none
    (code 0, start and limit ``_NO_STEP``, 自然日 -1)."""
    e_case, e_code, e_start, e_limit, e_nat = (np.concatenate([p[k] for p in parts]) for k in range(5))
    o = np.lexsort((e_start, e_case))  # by case, then start: a case's last row is its latest open step
    last = np.r_[e_case[o][1:] != e_case[o][:-1], True] if len(e_case) else np.zeros(0, bool)
    e_case, e_code, e_start, e_limit, e_nat = (a[o][last] for a in (e_case, e_code, e_start, e_limit, e_nat))
    n = len(cid)
    step_code = np.zeros(n, np.int16)
    step_start = np.full(n, _NO_STEP, np.int32)
    step_limit = np.full(n, _NO_STEP, np.int32)
    step_nat = np.full(n, -1, np.int32)
    if n and len(e_case):
        k = np.minimum(np.searchsorted(cid, e_case), n - 1)
        hit = cid[k] == e_case
        step_code[k[hit]], step_start[k[hit]], step_limit[k[hit]] = e_code[hit], e_start[hit], e_limit[hit]
        step_nat[k[hit]] = e_nat[hit]
    unknown = (step_code == 0) & (step_limit != _NO_STEP)
    if unknown.any():  # a step code not in the table yet: read its text (rare)
        ids = ",".join(str(int(x)) for x in cid[unknown])
        names: dict[int, str] = dict(
            session.execute(
                text(
                    "SELECT case_id, step_code FROM case_events WHERE limit_days IS NOT NULL "
                    f"AND case_id IN ({ids}) AND started_at <= {t} AND (ended_at IS NULL OR ended_at > {t}) "
                    "ORDER BY started_at"
                )
            ).all()
        )
        step_code[unknown] = [step_code_id(names[int(x)]) for x in cid[unknown]]

    return step_code, step_start, step_limit, step_nat


def _with_waits(session: Session, at: dt.datetime, cols: tuple[np.ndarray, ...]) -> CaseColumns:
    """The case columns of ``_cases_at`` with their clock-stopping waits as known at ``at``."""
    dialect = session.connection().dialect.name
    t = _ts(dialect, at)

    def d(c: str) -> str:
        return _day_sql(dialect, c)

    cid, unit, acc, prom, stat, ext, blue, yellow, p_nat, s_nat, step_code, step_start, step_limit, step_nat = cols
    n = len(cid)
    s_case, s_start, s_end, s_cap = fetch_ints(
        session,
        f"SELECT s.case_id, {d('s.started_at')}, "
        f"CASE WHEN s.ended_at IS NULL OR s.ended_at > {t} THEN {NO_END} ELSE {d('s.ended_at')} END, "
        f"CASE WHEN s.applied_days IS NULL OR s.kind = '{SUPPLEMENT}' THEN {NO_CAP} ELSE s.applied_days END "
        f"FROM suspensions s WHERE s.stops_clock AND s.started_at <= {t} "
        f"AND (s.reported_at IS NULL OR s.reported_at <= {t})",
        ("i4",) * 4,
        packed=True,
    )
    mine = _member(s_case, cid)
    s_case, s_start, s_end, s_cap = s_case[mine], s_start[mine], s_end[mine], s_cap[mine]
    _check_days(acc, s_start, s_end, step_start[step_start != _NO_STEP])
    if len(s_case):
        o = np.lexsort((s_cap, s_end, s_start, s_case))
        s_case, s_start, s_end, s_cap = s_case[o], s_start[o], s_end[o], s_cap[o]
    none = np.full(n, -1, np.int32)
    return CaseColumns(
        cid,
        unit,
        np.ones(n, bool),
        acc,
        prom,
        stat,
        np.maximum(ext, 0),
        blue,
        yellow,
        step_code,
        step_start,
        step_limit,
        np.zeros(n, np.int64),
        none,
        none.copy(),
        none.copy(),
        s_case,
        s_start,
        s_end,
        s_cap,
        p_nat,
        s_nat,
        step_nat,
    )


def _member(values: np.ndarray, sorted_ids: np.ndarray) -> np.ndarray:
    """``np.isin(values, sorted_ids)`` for an ascending ``sorted_ids``."""
    if not len(sorted_ids) or not len(values):
        return np.zeros(len(values), dtype=bool)
    k = np.minimum(np.searchsorted(sorted_ids, values), len(sorted_ids) - 1)
    hit: np.ndarray = sorted_ids[k] == values
    return hit


def hours_at(session: Session, at: dt.datetime) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Cases accepted and completed on ``at``'s day up to ``at``, per hour (0..23), as known at ``at``."""
    dialect = session.connection().dialect.name
    t = _ts(dialect, at)
    day = _ts(dialect, dt.datetime.combine(at.date(), dt.time()))
    base = f"FROM cases c LEFT JOIN ({_arrivals()}) r ON r.case_no = c.case_no"
    acc_known = f"(r.case_no IS NULL OR r.acc_at <= {t} OR (c.accepted_at = c.received_at AND r.apply_at <= {t}))"
    done_known = f"(r.case_no IS NULL OR r.done_at <= {t} OR (c.result = '{REFUSED}' AND r.acc_at <= {t}))"
    (acc,) = fetch_ints(
        session,
        f"SELECT {_hour_sql(dialect, 'c.accepted_at')} {base} "
        f"WHERE c.accepted_at >= {day} AND c.accepted_at <= {t} AND {acc_known}",
        ("i4",),
    )
    (done,) = fetch_ints(
        session,
        f"SELECT {_hour_sql(dialect, 'c.completed_at')} {base} "
        f"WHERE c.completed_at >= {day} AND c.completed_at <= {t} AND {done_known}",
        ("i4",),
    )

    def tally(h: np.ndarray) -> tuple[int, ...]:
        return tuple(int(x) for x in np.bincount(h[(h >= 0) & (h < 24)], minlength=24)[:24])

    return tally(acc), tally(done)


def satisfaction_at(session: Session, at: dt.datetime) -> dict[int, int]:
    """Evaluations given on ``at``'s day up to ``at``, counted per level."""
    start = dt.datetime.combine(at.date(), dt.time())
    return dict(
        session.execute(
            select(Evaluation.level, func.count())
            .where(Evaluation.evaluated_at >= start, Evaluation.evaluated_at <= at)
            .group_by(Evaluation.level)
        ).all()
    )


def red_time_alarms_at(session: Session, at: dt.datetime) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``openset.fetch_red_time_alarms`` as it stood at ``at``: the time alarms written by then, not cleared by then
    (acknowledged or not: an acknowledged one is the handled red's)."""
    t = _ts(session.connection().dialect.name, at)
    return fetch_red_time_alarms(
        session, active=f"recorded_at <= {t} AND raised_at <= {t} AND (cleared_at IS NULL OR cleared_at > {t})"
    )


def _queue_at(at: dt.datetime) -> Select:  # type: ignore[type-arg]
    """Alarms in the queue at ``at``: written (known) by then, not acknowledged nor cancelled by then."""
    acked = select(AlarmAck.id, AlarmAck.alarm_id).where(AlarmAck.acked_at <= at).subquery()
    cancelled = exists().where(AlarmCancellation.alarm_id == Alarm.id, AlarmCancellation.cancelled_at <= at)
    q = (
        select(
            Alarm,
            Case.case_no,
            Case.unit_id,
            Case.handler,
            Case.promised_due,
            Case.statutory_due,
            Item.name.label("item_name"),
            Unit.name.label("unit_name"),
        )
        .join(Case, Case.id == Alarm.case_id)
        .join(Item, Item.id == Case.item_id)
        .join(Unit, Unit.id == Case.unit_id)
        .outerjoin(acked, acked.c.alarm_id == Alarm.id)
        .where(Alarm.recorded_at <= at, Alarm.raised_at <= at, acked.c.id.is_(None), ~cancelled)
    )
    return q


def open_alarms_at(session: Session, at: dt.datetime) -> list[Any]:
    """The alarm queue at ``at``, oldest first; rows carry ``Alarm`` and the case's columns as
    ``console.models.wall.open_alarms`` (``AlarmAck`` None: nothing was acknowledged yet at ``at``)."""
    rows = session.execute(_queue_at(at).order_by(Alarm.raised_at, Alarm.id)).all()
    return [_Row(r) for r in rows]


class _Row:
    """A queue row shaped like ``wall.open_alarms``' (``.Alarm``, ``.AlarmAck`` and the case's columns)."""

    AlarmAck = None

    def __init__(self, r: Any):
        self.Alarm = r.Alarm
        for k in ("case_no", "unit_id", "handler", "promised_due", "statutory_due", "item_name", "unit_name"):
            setattr(self, k, getattr(r, k))


def alarms_of_unit_at(session: Session, unit_id: int, at: dt.datetime) -> list[tuple[int, str, str]]:
    """(case id, rule, level) of the alarms in the queue at ``at`` on the unit's cases."""
    q = _queue_at(at).where(Case.unit_id == unit_id).order_by(Alarm.case_id, Alarm.id)
    return [(r.Alarm.case_id, r.Alarm.rule, r.Alarm.level) for r in session.execute(q)]


def alarms_of_cases_at(session: Session, case_ids: list[int], at: dt.datetime) -> list[tuple[int, str, str]]:
    out: list[tuple[int, str, str]] = []
    for i in range(0, len(case_ids), 500):
        q = _queue_at(at).where(Alarm.case_id.in_(case_ids[i : i + 500]))
        out += [(r.Alarm.case_id, r.Alarm.rule, r.Alarm.level) for r in session.execute(q)]
    return out


def case_alarms_at(session: Session, rows: list[Any], at: dt.datetime) -> dict[int, str]:
    """A case file's alarm rows (``wall.case_file``) as known at ``at``: {alarm id: its status then} of those
    written by then (``recorded_at``): cancelled by ``at``, else acknowledged by ``at``, else open.  The caller
    drops the others, and the acknowledgement and the clearing that came later."""
    kept = [r for r in rows if r.Alarm.recorded_at is not None and r.Alarm.recorded_at <= at]
    ids = [r.Alarm.id for r in kept]
    cancelled = set(
        session.scalars(
            select(AlarmCancellation.alarm_id).where(
                AlarmCancellation.alarm_id.in_(ids), AlarmCancellation.cancelled_at <= at
            )
        )
    )
    states = {
        r.Alarm.id: "cancelled"
        if r.Alarm.id in cancelled
        else "acknowledged"
        if r.AlarmAck is not None and r.AlarmAck.acked_at <= at
        else "open"
        for r in kept
    }
    return states
