"""A realistic synthetic Snapshot (46 departments, 20 districts, mixed states) for previews and widget tests.

Qt-free and deterministic; real dataclasses from console.domain.snapshot.  Not used by the running console.
"""

from __future__ import annotations

import datetime as dt
import random

from console.domain import clock
from console.domain.catalogue import DEPARTMENTS, DISTRICT_CODES, DISTRICTS
from console.domain.rollup import UnitState
from console.domain.snapshot import LightsPoint, Snapshot, Totals, UnitStatus


def unit_status(unit_id: int, name: str, kind: str, state: UnitState, rng: random.Random, code: str = "") -> UnitStatus:
    if state == UnitState.NO_DATA:
        return UnitStatus(unit_id, code or f"U{unit_id}", name, kind, state)
    normal = rng.randint(20, 400)
    blue = yellow = red = handled = 0
    if state >= UnitState.BLUE:
        blue = rng.randint(1, 12)
    if state >= UnitState.YELLOW:
        yellow = rng.randint(1, 6)
    if state == UnitState.RED:
        red = rng.randint(1, 4)
        handled = rng.choice((0, 0, 1))
        red += handled
    if state == UnitState.RED_HANDLED:
        red = handled = rng.randint(1, 2)
        blue = 0
    if state == UnitState.NORMAL and rng.random() < 0.3:
        blue = 0
    return UnitStatus(
        unit_id,
        code or f"U{unit_id}",
        name,
        kind,
        state,
        normal=normal,
        blue=blue,
        yellow=yellow,
        red=red,
        red_handled=handled,
        due_today=rng.randint(0, 9),
        statutory_breaches=1 if state == UnitState.RED and rng.random() < 0.3 else 0,
    )


_DEPT_STATES = (
    [UnitState.NORMAL] * 24
    + [UnitState.BLUE] * 9
    + [UnitState.YELLOW] * 6
    + [UnitState.RED] * 3
    + [UnitState.RED_HANDLED] * 2
    + [UnitState.NO_DATA] * 2
)
_DIST_STATES = (
    [UnitState.NORMAL] * 9
    + [UnitState.BLUE] * 4
    + [UnitState.YELLOW] * 3
    + [UnitState.RED] * 2
    + [UnitState.RED_HANDLED]
    + [UnitState.NO_DATA]
)


def demo_snapshot(
    as_of: dt.datetime | None = None, seed: int = 7, ok: bool = True, calendar_note: str | None = None
) -> Snapshot:
    rng = random.Random(seed)
    as_of = as_of or clock.now().replace(microsecond=0)
    dstates = _DEPT_STATES[:]
    rng.shuffle(dstates)
    wstates = _DIST_STATES[:]
    rng.shuffle(wstates)
    units = [
        unit_status(i + 1, n, "department", s, rng, f"D{i + 1:02d}")
        for i, (n, s) in enumerate(zip(DEPARTMENTS, dstates, strict=True))
    ]
    units += [
        unit_status(100 + i, n, "district", s, rng, c)
        for i, (n, c, s) in enumerate(zip(DISTRICTS, DISTRICT_CODES, wstates, strict=True))
    ]
    totals = Totals(
        open_cases=sum(u.open_cases for u in units),
        due_today=sum(u.due_today for u in units),
        normal=sum(u.normal for u in units),
        blue=sum(u.blue for u in units),
        yellow=sum(u.yellow for u in units),
        red=sum(u.red for u in units),
        red_handled=sum(u.red_handled for u in units),
        statutory_breaches=sum(u.statutory_breaches for u in units),
        alarms_waiting=7,
        provisional=3,
    )
    start = as_of.replace(hour=8, minute=30, second=0)
    history = []
    b, y, r = 60, 18, 4
    t = start
    while t <= as_of:
        b = max(0, b + rng.randint(-3, 4))
        y = max(0, y + rng.randint(-2, 2))
        r = max(0, r + rng.choice((0, 0, 0, 1, -1)))
        history.append(LightsPoint(t, totals.normal + rng.randint(-50, 50), b, y, r))
        t += dt.timedelta(minutes=5)
    top = sorted(((u.name, u.red) for u in units if u.red), key=lambda x: -x[1])[:10]
    hour = as_of.hour
    accepted = tuple(0 if h < 9 or h > hour or h > 17 else rng.randint(40, 160) for h in range(24))
    completed = tuple(0 if a == 0 else max(0, a - rng.randint(-20, 40)) for a in accepted)
    return Snapshot(
        as_of=as_of,
        units=tuple(units),
        totals=totals,
        lights_history=tuple(history),
        top_overdue=tuple(top),
        accepted_per_hour=accepted,
        completed_per_hour=completed,
        satisfaction=(3, 6, 41, 388, 902),
        ok=ok,
        error=None if ok else "connection refused",
        calendar_note=calendar_note,
    )
