"""One countdown for cases, 整改, 督办, 申诉 and 投诉 (timelimits.countdown), worked out by hand.

The calendar: November–December 2026 with Thu 12-03 made a holiday (override) and the weekend 12-05/06.
5 working days ordered Mon 11-30 (the order day not counted, 民法典 201): Tue 12-01, Wed 12-02, Fri 12-04,
Mon 12-07, Tue 12-08 → due Tue 12-08.  Left on each day (the day itself counted once the period runs):
11-27 → 5 (not started), 11-30 → 5 (the start day), 12-01 → 5, 12-02 → 4, 12-03 (holiday) → 3, 12-05 (Sat) → 2,
12-07 → 2, 12-08 → 1 (the last day: yellow), 12-09 → 0 (red)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from console.domain.calendar import WorkCalendar
from console.domain.escalation import deadline_lights
from console.domain.timelimits import countdown, run_clock

D = dt.date
START, DUE, LIMIT = D(2026, 11, 30), D(2026, 12, 8), 5
EXPECTED = {
    D(2026, 11, 27): 5,
    D(2026, 11, 30): 5,
    D(2026, 12, 1): 5,
    D(2026, 12, 2): 4,
    D(2026, 12, 3): 3,
    D(2026, 12, 5): 2,
    D(2026, 12, 7): 2,
    D(2026, 12, 8): 1,
    D(2026, 12, 9): 0,
}


@pytest.fixture(scope="module")
def hcal():
    return WorkCalendar.build({D(2026, 12, 3): False})


def test_the_due_date_skips_the_weekend_and_the_holiday(hcal):
    assert hcal.add(START, LIMIT) == DUE


@pytest.mark.parametrize(("day", "left"), sorted(EXPECTED.items()))
def test_countdown_by_hand(hcal, day, left):
    assert int(countdown(hcal, hcal.index(DUE), hcal.index(day), LIMIT)) == left


def test_without_the_limit_the_start_day_itself_would_count(hcal):
    # only the limit keeps the start day out: 11-30 counted too would give 6 (the 督办/申诉 tabs' old words)
    assert int(countdown(hcal, hcal.index(DUE), hcal.index(START))) == 6
    assert int(countdown(hcal, hcal.index(DUE), hcal.index(START), LIMIT)) == 5


def test_deadline_lights_use_it(hcal):
    days = sorted(EXPECTED)
    got = [deadline_lights(hcal, [DUE], d, [LIMIT])[0] for d in days]
    assert [n for n, _ in got] == [EXPECTED[d] for d in days]
    assert dict(zip(days, (light for _, light in got), strict=True))[D(2026, 12, 8)] == "yellow"
    assert dict(zip(days, (light for _, light in got), strict=True))[D(2026, 12, 9)] == "red"


def test_same_as_a_case_clock_that_never_stopped(hcal):
    anchor = np.asarray([hcal.index(START)])
    for day, left in EXPECTED.items():
        clock = run_clock(hcal, anchor, np.asarray([LIMIT]), hcal.index(day))
        assert int(clock.due[0]) == hcal.index(DUE)
        assert int(clock.remaining[0]) == left == int(countdown(hcal, clock.due, hcal.index(day), LIMIT)[0])
