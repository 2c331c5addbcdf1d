"""The time-limit engine: due dates, remaining working days and lights, vectorised (Qt-free).

Law and practice (see shared/domain.md):
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
from dataclasses import dataclass
from enum import IntEnum
from typing import Sequence

import numpy as np

from console.domain.calendar import WorkCalendar

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
    def empty(cls) -> "Suspensions":
        z = np.zeros(0, dtype=np.int64)
        return cls(z, z, z, z)

    @classmethod
    def of(cls, rows: Sequence[tuple[int, int, int, int]]) -> "Suspensions":
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


def run_clock(
    cal: WorkCalendar,
    anchor: np.ndarray,
    limit: np.ndarray,
    at: np.ndarray,
    susp: Suspensions | None = None,
) -> Clock:
    """Due date of ``limit`` working days counted after ``anchor``, with the clock stopped by ``susp``.

    ``remaining`` = counted working days from day ``at`` (included when counted) to the due date, i.e.
    ``limit - used(at - 1)``; it is 0 or negative once overdue (minus the counted days overdue).
    """
    anchor = np.asarray(anchor, dtype=np.int64)
    limit = np.asarray(limit, dtype=np.int64)
    at = np.broadcast_to(np.asarray(at, dtype=np.int64), anchor.shape)
    cur = anchor.copy()  # the clock restarts after this day ...
    rem = limit.copy()  # ... with this many working days still to count
    excluded_before_at = np.zeros_like(anchor)
    cum = cal.cum.astype(np.int64)

    if susp is not None and len(susp.row):
        order = np.lexsort((susp.start, susp.row))
        row, start, end, cap = (x[order] for x in (susp.row, susp.start, susp.end, susp.cap))
        first = np.r_[True, row[1:] != row[:-1]]
        group_start = np.maximum.accumulate(np.where(first, np.arange(len(row)), 0))
        rank = np.arange(len(row)) - group_start
        for r in range(int(rank.max()) + 1):
            sel = rank == r
            rr, a, b, c = row[sel], start[sel], end[sel], cap[sel]
            b = np.where(b == NO_END, at[rr], b)
            a_eff = np.maximum(a, cur[rr] + 1)
            # a special procedure stops the clock only for its first CAP working days
            capped = (c >= 0) & (cal.work_between_idx(a_eff, b) > c)
            cap_end = cal.nth[np.clip(cum[a_eff] + c - 1, 0, len(cal.nth) - 1)]
            b_eff = np.where(capped, np.where(c > 0, cap_end, a_eff - 1), b)
            used_gap = cum[a_eff] - cum[cur[rr] + 1]  # counted days between the clock restart and a_eff
            applies = (b_eff >= a_eff) & (used_gap < rem[rr])
            rr, a_eff, b_eff, used_gap = rr[applies], a_eff[applies], b_eff[applies], used_gap[applies]
            rem[rr] -= used_gap
            cur[rr] = b_eff
            upto = np.minimum(b_eff, at[rr] - 1)
            np.add.at(excluded_before_at, rr, cal.work_between_idx(a_eff, upto))

    due = cal.add_idx(cur, rem)
    used = np.maximum(cum[at] - cum[anchor + 1], 0) - excluded_before_at
    remaining = limit - used
    provisional = cal.provisional_between_idx(anchor + 1, due)
    return Clock(due, remaining, provisional)


def lights(
    at: np.ndarray,
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
    accepted = np.asarray(accepted, dtype=np.int64)
    at = np.broadcast_to(np.asarray(at, dtype=np.int64), accepted.shape)
    ext = np.asarray(extension, dtype=np.int64)
    p = run_clock(cal, accepted, np.asarray(promised) + ext, at, susp)
    s = run_clock(cal, accepted, np.asarray(statutory) + ext, at, susp)
    light = lights(at, p.due, p.remaining, blue_days, yellow_days)
    breach = at > s.due
    return CaseEvaluation(p.due, s.due, p.remaining, s.remaining, light, breach, p.provisional | s.provisional)


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

    def as_json(self) -> dict:
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
