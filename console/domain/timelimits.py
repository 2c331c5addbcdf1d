"""The time-limit engine: due dates, remaining working days and lights, vectorised (Qt-free).

Law and practice (行政许可法 第42–45条, 第82条; 民法典 第201–203条):
- the start day is not counted (民法典 201); the due date is the N-th working day after it; a period ending on
  a holiday runs to the next working day (automatic when counting working days); overdue from the next day;
- special procedures (行政许可法 45) and supplement waits (补正) stop the clock: their working days are not
  counted, a special procedure only up to its applied limit CAP (its first CAP working days), the rest count;
- an extension (延长审批) adds its days to the limit instead of stopping the clock.

One call evaluates any number of "clocks" (cases or steps) given as arrays of day indices from
``WorkCalendar``; suspensions are flat arrays pointing at their clock's row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

import numpy as np

from console.domain.calendar import CalendarRangeError, WorkCalendar

NO_END = -1  # a suspension still running
NO_CAP = -1  # a suspension without an applied limit (补正 wait)


class Light(IntEnum):
    NORMAL = 0
    BLUE = 1
    YELLOW = 2
    RED = 3


LIGHT_NAMES = {Light.NORMAL: "normal", Light.BLUE: "blue", Light.YELLOW: "yellow", Light.RED: "red"}
DEFAULT_BLUE_DAYS = 3  # blue when this many working days or fewer remain (today included)
DEFAULT_YELLOW_DAYS = 1  # yellow on the last working day


@dataclass(frozen=True)
class Suspensions:
    """Flat suspension arrays; ``row`` is the clock (case or step) each belongs to."""

    row: np.ndarray
    start: np.ndarray
    end: np.ndarray  # NO_END = still running (runs to the evaluation day)
    cap: np.ndarray  # NO_CAP = no applied limit

    @classmethod
    def empty(cls) -> Suspensions:
        z = np.zeros(0, dtype=np.int64)
        return cls(z, z, z, z)

    @classmethod
    def of(cls, rows: Sequence[tuple[int, int, int, int]]) -> Suspensions:
        if not rows:
            return cls.empty()
        a = np.asarray(rows, dtype=np.int64)
        return cls(a[:, 0], a[:, 1], a[:, 2], a[:, 3])


@dataclass(frozen=True)
class Clock:
    """Result per row: due day index, working days remaining on the evaluation day, provisional flag."""

    due: np.ndarray
    remaining: np.ndarray
    provisional: np.ndarray


class _Rounds:
    """Suspensions sorted once by (row, start) and split into rounds (the k-th suspension of each row), shared
    by every clock run over the same rows (promised, statutory, key-post step)."""

    __slots__ = ("rounds", "rows")

    def __init__(self, susp: Suspensions | None):
        if susp is None or not len(susp.row):
            self.rows = np.zeros(0, dtype=np.int64)
            self.rounds: list[tuple[np.ndarray, ...]] = []
            return
        row = np.asarray(susp.row, dtype=np.int64)
        start = np.asarray(susp.start, dtype=np.int64)
        sorted_already = len(row) < 2 or bool(
            np.all((row[1:] > row[:-1]) | ((row[1:] == row[:-1]) & (start[1:] >= start[:-1])))
        )
        if sorted_already:
            end, cap = np.asarray(susp.end, dtype=np.int64), np.asarray(susp.cap, dtype=np.int64)
        else:
            order = np.lexsort((start, row))
            row, start = row[order], start[order]
            end, cap = np.asarray(susp.end, dtype=np.int64)[order], np.asarray(susp.cap, dtype=np.int64)[order]
        first = np.r_[True, row[1:] != row[:-1]]
        self.rows = row[first]  # the suspended rows, ascending
        pos = np.cumsum(first) - 1  # position of each suspension's row in ``rows``
        group_start = np.maximum.accumulate(np.where(first, np.arange(len(row)), 0))
        rank = np.arange(len(row)) - group_start
        self.rounds = []
        for r in range(int(rank.max()) + 1):
            sel = rank == r if r else first
            self.rounds.append((pos[sel], start[sel], end[sel], cap[sel]))


def _gather(table: np.ndarray, k: np.ndarray, what: str = "a due date") -> np.ndarray:
    """``table[k]`` with one range check (k >= -1 always: cum >= 0, limits >= 0)."""
    if k.size and int(k.max()) >= len(table):
        raise CalendarRangeError(f"{what} falls after the end of the calendar")
    return np.take(table, k, mode="clip")


def _clock(
    cal: WorkCalendar,
    anchor: np.ndarray,
    c1: np.ndarray,
    limit: np.ndarray,
    at: int | np.ndarray,
    rounds: _Rounds,
    remaining: bool = True,
) -> tuple[np.ndarray, np.ndarray | None]:
    """(due, remaining) of ``limit`` working days counted after ``anchor`` (``c1`` = cum[anchor + 1]), the
    clock stopped by the suspensions in ``rounds``.  ``at`` is a scalar day index or one per row."""
    cum, nth = cal.cum, cal.nth
    due = np.where(limit > 0, _gather(nth, c1 + limit - 1), anchor)
    rem_out = None
    if remaining:
        cum_at = int(cum[at]) if isinstance(at, int) else cum[at]
        rem_out = limit - np.maximum(cum_at - c1, 0)
    if rounds.rounds:
        srows = rounds.rows
        start0 = anchor[srows]  # the clock starts after this day
        cur = start0.copy()  # the clock restarts after this day ...
        rem = limit[srows]  # ... with this many working days still to count
        moved = np.zeros(len(srows), dtype=bool)
        at_s = at if isinstance(at, int) else at[srows]
        for pos, a, b, c in rounds.rounds:
            at_r = at_s if isinstance(at_s, int) else at_s[pos]
            b = np.where(b == NO_END, at_r, b)
            cur_r = cur[pos]
            # a special procedure stops the clock only for its first CAP working days, counted from its own start
            # even when it began inside an earlier wait (a 补正 wait): both run concurrently, and the days both
            # stop count once (docs/exchange-format.md, "Suspensions")
            # (never before the clock starts: the acceptance day itself is not counted, 民法典 201)
            own = np.maximum(a, start0[pos] + 1)
            cum_own = cum[own].astype(np.int64)
            capped = (c >= 0) & (cum[b + 1] - cum_own > c)
            if capped.any():
                cap_end = cal.nth[np.clip(cum_own + c - 1, 0, len(cal.nth) - 1)]
                b = np.where(capped, np.where(c > 0, cap_end, own - 1), b)
            a_eff = np.maximum(a, cur_r + 1)
            cum_a = cum[a_eff].astype(np.int64)
            used_gap = cum_a - cum[cur_r + 1]  # counted days between the clock restart and a_eff
            applies = (b >= a_eff) & (used_gap < rem[pos])
            p, a_eff, b, used_gap, cum_a = pos[applies], a_eff[applies], b[applies], used_gap[applies], cum_a[applies]
            rem[p] -= used_gap  # each row at most once per round: plain fancy assignment
            cur[p] = b
            moved[p] = True
            if rem_out is not None:
                upto = np.minimum(b, (at_r if isinstance(at_r, int) else at_r[applies]) - 1)
                rem_out[srows[p]] += np.maximum(cum[upto + 1] - cum_a, 0)
        if moved.any():
            m = srows[moved]
            cur_m, rem_m = cur[moved], rem[moved]
            due[m] = np.where(rem_m > 0, _gather(nth, cum[cur_m + 1].astype(np.int64) + rem_m - 1), cur_m)
    return due, rem_out


def _provisional(cal: WorkCalendar, first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """True where any day in [first, max(last, first)] is provisional."""
    pc = cal.provisional_cum
    if not len(first) or pc[-1] == 0:
        return np.zeros(len(first), dtype=bool)
    lo, hi = int(first.min()), int(np.maximum(last, first).max())
    if pc[hi + 1] - pc[lo] == 0:
        return np.zeros(len(first), dtype=bool)
    touched: np.ndarray = (pc[np.maximum(last, first) + 1] - pc[first]) > 0
    return touched


def run_clock(
    cal: WorkCalendar,
    anchor: np.ndarray,
    limit: np.ndarray,
    at: np.ndarray | int,
    susp: Suspensions | None = None,
) -> Clock:
    """Due date of ``limit`` working days counted after ``anchor``, with the clock stopped by ``susp``.

    ``remaining`` = counted working days from day ``at`` (included when counted) to the due date, i.e.
    ``limit - used(at - 1)``; it is 0 or negative once overdue (minus the counted days overdue).
    """
    anchor = np.asarray(anchor, dtype=np.int64)
    limit = np.asarray(limit, dtype=np.int64)
    at = np.asarray(at, dtype=np.int64)
    if at.ndim:
        at = np.broadcast_to(at, anchor.shape)
    c1 = cal.cum[anchor + 1].astype(np.int64)
    due, remaining = _clock(cal, anchor, c1, limit, at if at.ndim else int(at), _Rounds(susp))
    assert remaining is not None  # asked for (remaining=True)
    return Clock(due, remaining, _provisional(cal, anchor + 1, due))


def natural_days_as_working(cal: WorkCalendar, accepted: dt.date, days: int) -> int:
    """A limit of ``days`` calendar days (自然日) as the working days it spans, for the engine: it ends ``days``
    days after the acceptance day (the start day not counted, 民法典 201), moved to the next working day when
    that is a rest day or holiday (民法典 203)."""
    if days <= 0:
        return 0
    end = accepted + dt.timedelta(days=days)
    while not cal.is_workday(end):
        end += dt.timedelta(days=1)
    return cal.count(accepted, end)


def calendar_limit_as_working(
    cal: WorkCalendar,
    accepted: dt.date,
    days: int,
    suspensions: Sequence[SuspensionSpec] = (),
    at: dt.date | None = None,
) -> int:
    """A limit of ``days`` calendar days (自然日) stopped by clock-stopping waits, as the working-day limit that
    makes the engine end on the same day with the same waits (so the vectorised engine, the stored due dates and
    the lights need no second unit).  The calendar-day due: ``days`` calendar days after the acceptance day (not
    counted, 民法典 201), skipping every calendar day a wait stops (its first and last day included, a day two
    waits stop counted once; a capped wait stops from its start until its ``cap``-th working day; an open wait up
    to ``at``), moved to the next working day when it is a rest day or holiday (民法典 203)."""
    if days <= 0:
        return 0
    at = at or accepted
    one = dt.timedelta(days=1)
    stopped: set[dt.date] = set()
    for sp in suspensions:
        end = sp.end or max(at, sp.start)
        if sp.cap is not None:
            if sp.cap <= 0:
                continue
            d, n = sp.start, 0
            while True:  # the day its applied working days run out
                n += cal.is_workday(d)
                if n >= sp.cap:
                    break
                d += one
            end = min(end, d)
        d = sp.start
        while d <= end:
            stopped.add(d)
            d += one
    due, left = accepted, days
    while left:
        due += one
        left -= due not in stopped
    while not cal.is_workday(due) or due in stopped:
        due += one
    # the smallest working-day limit whose due (same waits) is not before that day: binary search, monotone
    lo, hi = 0, cal.count(accepted, due)
    while lo < hi:
        mid = (lo + hi) // 2
        if evaluate_one(cal, accepted, mid, mid, at, suspensions).promised_due >= due:
            hi = mid
        else:
            lo = mid + 1
    return lo


def natural_as_working(
    cal: WorkCalendar,
    accepted: np.ndarray,
    natural: np.ndarray,
    working: np.ndarray,
    at: np.ndarray | int,
    susp: Suspensions | None = None,
) -> np.ndarray:
    """Per row, the working-day limit the engine runs for a limit given in 自然日: ``natural`` (-1: the limit is
    in working days, ``working`` kept) as ``calendar_limit_as_working`` gives it with the current calendar, on
    day ``at``.  Run on every evaluation rather than stored, so a holiday notice that changes the calendar
    re-dates such a case from its calendar days, and a wait still open moves the due by calendar days.
    Rows without a wait: vectorised (the day ``natural`` days after acceptance, on to the next working day);
    rows with one: one by one (few)."""
    accepted = np.asarray(accepted, dtype=np.int64)
    natural = np.asarray(natural, dtype=np.int64)
    out = np.array(working, dtype=np.int64)
    has = natural >= 0
    if not has.any():
        return out
    waited = np.zeros(len(natural), dtype=bool)
    if susp is not None and len(susp.row):
        waited[np.asarray(susp.row, dtype=np.int64)] = True
    plain = np.flatnonzero(has & ~waited)
    if len(plain):
        acc, n = accepted[plain], natural[plain]
        end = acc + n
        if int(end.max()) >= len(cal.cum) - 1:
            raise CalendarRangeError("a 自然日 due date falls after the end of the calendar")
        workday = _gather(cal.nth, cal.cum[end].astype(np.int64))  # the first working day on or after it
        out[plain] = np.where(n > 0, cal.cum[workday + 1].astype(np.int64) - cal.cum[acc + 1], 0)
    rest = np.flatnonzero(has & waited)
    if len(rest):
        assert susp is not None
        s_row = np.asarray(susp.row, dtype=np.int64)
        at_a = np.asarray(at, dtype=np.int64)
        for i in rest.tolist():
            k = np.flatnonzero(s_row == i)
            specs = [
                SuspensionSpec(
                    cal.date(int(susp.start[j])),
                    None if int(susp.end[j]) == NO_END else cal.date(int(susp.end[j])),
                    None if int(susp.cap[j]) == NO_CAP else int(susp.cap[j]),
                )
                for j in k.tolist()
            ]
            day = cal.date(int(at_a if at_a.ndim == 0 else at_a[i]))
            out[i] = calendar_limit_as_working(cal, cal.date(int(accepted[i])), int(natural[i]), specs, day)
    return out


def natural_limits(
    cal: WorkCalendar,
    accepted: np.ndarray,
    promised: np.ndarray,
    statutory: np.ndarray,
    promised_natural: np.ndarray,
    statutory_natural: np.ndarray,
    at: np.ndarray | int,
    susp: Suspensions | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(promised, statutory) working-day limits with the 自然日 ones re-run (``natural_as_working``); the promised
    never above the statutory, as the fold keeps it."""
    pn, sn = np.asarray(promised_natural), np.asarray(statutory_natural)
    if not ((pn >= 0).any() or (sn >= 0).any()):
        return promised, statutory
    s = natural_as_working(cal, accepted, sn, statutory, at, susp)
    p = natural_as_working(cal, accepted, pn, promised, at, susp)
    return np.minimum(p, s), s


def days_over(cal: WorkCalendar, due: dt.date, at: dt.date) -> int:
    """Working days a deadline is overdue on day ``at``: the words 超期 N 个工作日 everywhere (case list, detail,
    alarm, tooltip).  At least 1 from the day after the due date (a light is red from then, even on a weekend
    before any further working day has passed); 0 up to and on the due date."""
    if at <= due:
        return 0
    return max(cal.count(due, at), 1)


def countdown(
    cal: WorkCalendar, due: np.ndarray | int, at: np.ndarray | int, limit: np.ndarray | int | None = None
) -> np.ndarray:
    """Working days left on day ``at`` (index) of a deadline due on day ``due`` (index) — the one countdown of
    cases, 整改, 督办, 申诉 and 投诉: the counted days from ``at`` (counted itself while the period runs) to the
    due date, 1 on the due day, 0 or less once past (``lights``: red from the day after).  The day the period
    started is not counted (民法典 第201条): up to and on it the whole ``limit`` is left (a limit of N working
    days after its start, ``ladder_rules.due_date``), so 5 days ordered on 11-30 show 5 then and on 12-01.
    Equal to ``run_clock``'s remaining for a clock that was never stopped:
    cum[due + 1] - cum[max(at, start + 1)] = min(cum[due + 1] - cum[at], limit)."""
    left = cal.cum[np.asarray(due, dtype=np.int64) + 1].astype(np.int64) - cal.cum[np.asarray(at, dtype=np.int64)]
    if limit is not None:
        left = np.minimum(left, np.asarray(limit, dtype=np.int64))
    return np.asarray(left, dtype=np.int64)


def lights(
    at: np.ndarray | int,
    due: np.ndarray,
    remaining: np.ndarray,
    blue_days: np.ndarray | int = DEFAULT_BLUE_DAYS,
    yellow_days: np.ndarray | int = DEFAULT_YELLOW_DAYS,
) -> np.ndarray:
    """Light per row: red from the day after the due date; yellow/blue by working days remaining."""
    light = np.full(np.shape(due), Light.NORMAL, dtype=np.int8)
    light[remaining <= blue_days] = Light.BLUE
    light[remaining <= yellow_days] = Light.YELLOW
    light[np.asarray(at) > due] = Light.RED
    return light


# ---- the case engine ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseEvaluation:
    promised_due: np.ndarray
    statutory_due: np.ndarray
    remaining: np.ndarray  # to the promised due date
    statutory_remaining: np.ndarray
    light: np.ndarray
    statutory_breach: np.ndarray
    provisional: np.ndarray


def evaluate_cases(
    cal: WorkCalendar,
    accepted: np.ndarray,
    promised: np.ndarray,
    statutory: np.ndarray,
    at: np.ndarray | int,
    susp: Suspensions | None = None,
    extension: np.ndarray | int = 0,
    blue_days: np.ndarray | int = DEFAULT_BLUE_DAYS,
    yellow_days: np.ndarray | int = DEFAULT_YELLOW_DAYS,
) -> CaseEvaluation:
    """Evaluate every case on day ``at`` (per case: its completion day for completed cases)."""
    return evaluate_with_step(cal, accepted, promised, statutory, at, susp, extension, blue_days, yellow_days)[0]


def evaluate_with_step(
    cal: WorkCalendar,
    accepted: np.ndarray,
    promised: np.ndarray,
    statutory: np.ndarray,
    at: np.ndarray | int,
    susp: Suspensions | None = None,
    extension: np.ndarray | int = 0,
    blue_days: np.ndarray | int = DEFAULT_BLUE_DAYS,
    yellow_days: np.ndarray | int = DEFAULT_YELLOW_DAYS,
    step_start: np.ndarray | None = None,
    step_limit: np.ndarray | None = None,
) -> tuple[CaseEvaluation, np.ndarray | None]:
    """``evaluate_cases`` plus, when given, the key-post step clock (``step_limit`` < 0: no step); returns
    (evaluation, step due).  The suspensions are sorted once for all clocks; the promised and statutory clocks
    share their start lookup."""
    accepted = np.asarray(accepted, dtype=np.int64)
    at_a = np.asarray(at, dtype=np.int64)
    at_v = int(at_a) if at_a.ndim == 0 else np.broadcast_to(at_a, accepted.shape)
    ext = np.asarray(extension, dtype=np.int64)
    p_lim = np.asarray(promised, dtype=np.int64) + ext
    s_lim = np.asarray(statutory, dtype=np.int64) + ext
    if p_lim.shape != accepted.shape:
        p_lim = np.broadcast_to(p_lim, accepted.shape)
    if s_lim.shape != accepted.shape:
        s_lim = np.broadcast_to(s_lim, accepted.shape)
    rounds = _Rounds(susp)
    c1 = cal.cum[accepted + 1].astype(np.int64)
    p_due, p_rem = _clock(cal, accepted, c1, p_lim, at_v, rounds)
    s_due, s_rem = _clock(cal, accepted, c1, s_lim, at_v, rounds)
    assert p_rem is not None and s_rem is not None  # asked for (remaining=True)
    light = lights(at_v, p_due, p_rem, blue_days, yellow_days)
    breach = at_v > s_due
    provisional = _provisional(cal, accepted + 1, np.maximum(p_due, s_due))
    step_due = None
    if step_limit is not None:
        step_limit = np.asarray(step_limit, dtype=np.int64)
        has = step_limit >= 0
        anchor = np.where(has, np.asarray(step_start, dtype=np.int64), accepted)
        s_c1 = cal.cum[anchor + 1].astype(np.int64)
        step_due, _ = _clock(cal, anchor, s_c1, np.where(has, step_limit, 0), at_v, rounds, remaining=False)
    return CaseEvaluation(p_due, s_due, p_rem, s_rem, light, breach, provisional), step_due


# ---- scalar convenience (CLI, ingest fold, tests) ----------------------------------------------


@dataclass(frozen=True)
class SuspensionSpec:
    start: dt.date
    end: dt.date | None = None
    cap: int | None = None  # working days of the applied limit; None = stops the clock until it ends


@dataclass(frozen=True)
class TimerResult:
    promised_due: dt.date
    statutory_due: dt.date
    remaining_working_days: int
    statutory_remaining_working_days: int
    light: str
    statutory_breach: bool
    provisional: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "promised_due": self.promised_due.isoformat(),
            "statutory_due": self.statutory_due.isoformat(),
            "remaining_working_days": self.remaining_working_days,
            "statutory_remaining_working_days": self.statutory_remaining_working_days,
            "light": self.light,
            "statutory_breach": self.statutory_breach,
            "provisional": self.provisional,
        }


def suspensions_for_one(cal: WorkCalendar, specs: Sequence[SuspensionSpec], row: int = 0) -> Suspensions:
    return Suspensions.of(
        [
            (
                row,
                cal.index(sp.start),
                NO_END if sp.end is None else cal.index(sp.end),
                NO_CAP if sp.cap is None else sp.cap,
            )
            for sp in specs
        ]
    )


def evaluate_one(
    cal: WorkCalendar,
    accepted: dt.date,
    promised: int,
    statutory: int,
    at: dt.date,
    suspensions: Sequence[SuspensionSpec] = (),
    extension: int = 0,
    blue_days: int = DEFAULT_BLUE_DAYS,
    yellow_days: int = DEFAULT_YELLOW_DAYS,
) -> TimerResult:
    ev = evaluate_cases(
        cal,
        np.asarray([cal.index(accepted)]),
        np.asarray([promised]),
        np.asarray([statutory]),
        cal.index(at),
        suspensions_for_one(cal, suspensions),
        extension,
        blue_days,
        yellow_days,
    )
    return TimerResult(
        cal.date(ev.promised_due[0]),
        cal.date(ev.statutory_due[0]),
        int(ev.remaining[0]),
        int(ev.statutory_remaining[0]),
        LIGHT_NAMES[Light(int(ev.light[0]))],
        bool(ev.statutory_breach[0]),
        bool(ev.provisional[0]),
    )
