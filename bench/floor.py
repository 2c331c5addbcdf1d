"""Baselines for the engine benchmark.

(b) the floor: a bare numpy pass over pre-loaded int arrays with the cumulative index (``cum``/``nth`` of
    ``WorkCalendar``).  Suspensions are handled only as far as the benchmark data needs: at most one
    clock-stopping suspension per case (the generator guarantees it), on the pre-selected subset of rows.
(a) the holiday package's own per-call functions: ``chinese_calendar.is_workday`` day by day (what a
    per-case implementation on top of the package does), on a sample, extrapolated linearly.

Both compute what the console computes per open case: promised and statutory due dates, working days
remaining to the promised due date, the light (incl. red for an overrun key-post step) and the statutory
breach flag.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from console.domain.calendar import FIRST

NORMAL, BLUE, YELLOW, RED = 0, 1, 2, 3


@dataclass
class FloorInput:
    """Pre-loaded arrays (row = open case)."""

    accepted: np.ndarray
    promised: np.ndarray  # incl. extension
    statutory: np.ndarray  # incl. extension
    blue: np.ndarray
    yellow: np.ndarray
    step_start: np.ndarray  # -1 = no key-post step
    step_limit: np.ndarray
    s_row: np.ndarray  # rows with one suspension
    s_start: np.ndarray
    s_end: np.ndarray  # -1 = running
    s_cap: np.ndarray  # -1 = no cap


def _clock(cum, nth, anchor, limit, at, inp: FloorInput):
    """Due day index and remaining working days of ``limit`` days counted after ``anchor``."""
    c1 = cum[anchor + 1]
    due = np.where(limit > 0, nth[c1 + limit - 1], anchor)
    remaining = limit - np.maximum(cum[at] - c1, 0)
    if len(inp.s_row):
        r = inp.s_row
        an, li = anchor[r], limit[r]
        a = np.maximum(inp.s_start, an + 1)
        b = np.where(inp.s_end < 0, at, inp.s_end)
        ca = cum[a]
        cap = inp.s_cap
        capped = (cap >= 0) & (cum[b + 1] - ca > cap)
        b = np.where(capped, np.where(cap > 0, nth[ca + cap - 1], a - 1), b)
        gap = ca - c1[r]
        ok = (b >= a) & (gap < li)
        r, a, b, ca, rem = r[ok], a[ok], b[ok], ca[ok], (li - gap)[ok]
        due[r] = nth[cum[b + 1] + rem - 1]
        remaining[r] += np.maximum(cum[np.minimum(b, at - 1) + 1] - ca, 0)
    return due, remaining


def floor_cases(cum, nth, at: int, inp: FloorInput):
    """Promised/statutory due, remaining, light (without the step clock)."""
    p_due, rem = _clock(cum, nth, inp.accepted, inp.promised, at, inp)
    s_due, _ = _clock(cum, nth, inp.accepted, inp.statutory, at, inp)
    light = np.zeros(len(rem), dtype=np.int8)
    light[rem <= inp.blue] = BLUE
    light[rem <= inp.yellow] = YELLOW
    light[at > p_due] = RED
    return p_due, s_due, rem, light


def floor_full(cum, nth, at: int, inp: FloorInput):
    """As the console's poll evaluates: ``floor_cases`` plus the key-post step clock turning lights red."""
    p_due, s_due, rem, light = floor_cases(cum, nth, at, inp)
    has = inp.step_limit >= 0
    st_due, _ = _clock(cum, nth, np.where(has, inp.step_start, inp.accepted), np.where(has, inp.step_limit, 0), at, inp)
    step_red = has & (at > st_due)
    light[step_red] = RED
    return p_due, s_due, rem, light, at > s_due, step_red, st_due


# ---- (a) the package's per-call functions ---------------------------------------------------------


def package_is_workday():
    """``chinese_calendar.is_workday``; unpublished years fall back to the console's provisional rule
    (weekends only), as the console does, so the results are comparable."""
    import chinese_calendar

    def is_workday(day: dt.date) -> bool:
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            return day.weekday() < 5

    return is_workday


def per_call_clock(is_workday, anchor: dt.date, limit: int, at: dt.date, susp) -> tuple[dt.date, int]:
    """Day-by-day: the ``limit``-th counted working day after ``anchor``, and remaining on ``at``.

    ``susp`` = (start, end or None, cap or None) dates/int, or None.  Same semantics as the engine.
    """
    if susp is not None:
        s_start, s_end, cap = susp
        s_start = max(s_start, anchor + dt.timedelta(days=1))
        s_end = at if s_end is None else s_end
    day = anchor
    counted = 0
    counted_before_at = 0
    skipped = 0
    active = False
    due = anchor
    last = max(at, anchor)
    while counted < limit or day < last:
        day += dt.timedelta(days=1)
        if susp is not None and day == s_start and counted < limit and s_start <= s_end:
            active = True
        if active and day > s_end:
            active = False
        work = is_workday(day)
        if not work:
            continue
        if active and (cap is None or skipped < cap):
            skipped += 1
            continue
        if active:
            active = False
        if counted < limit:
            counted += 1
            if counted == limit:
                due = day
        if day < at:
            counted_before_at += 1
    if limit == 0:
        due = anchor
    return due, limit - counted_before_at


def per_call_case(is_workday, accepted, promised, statutory, blue, yellow, step_start, step_limit, at, susp):
    p_due, rem = per_call_clock(is_workday, accepted, promised, at, susp)
    s_due, _ = per_call_clock(is_workday, accepted, statutory, at, susp)
    light = NORMAL
    if rem <= blue:
        light = BLUE
    if rem <= yellow:
        light = YELLOW
    if at > p_due:
        light = RED
    if step_start is not None:
        st_due, _ = per_call_clock(is_workday, step_start, step_limit, at, susp)
        if at > st_due:
            light = RED
    return p_due, s_due, rem, light


def day(idx) -> dt.date:
    return FIRST + dt.timedelta(days=int(idx))
