"""The time-limit engine: due dates, suspensions, caps, extensions, per-step limits and lights."""

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console.domain.timelimits import (
    NO_CAP,
    NO_END,
    Light,
    Suspensions,
    evaluate_cases,
    evaluate_one,
    lights,
    run_clock,
)
from console.domain.timelimits import (
    SuspensionSpec as S,
)

D = dt.date


# accepted, promised, statutory, at, suspensions, extension -> promised_due, statutory_due, remaining, light, breach
CASES = [
    # the README example: 2025 National Day; the start day is not counted, 9-28 (Sun) works, 10-01..08 closed
    (D(2025, 9, 26), 5, 20, D(2025, 10, 9), [], 0, D(2025, 10, 10), D(2025, 10, 30), 2, "blue", False),
    (D(2025, 9, 26), 5, 20, D(2025, 9, 27), [], 0, D(2025, 10, 10), D(2025, 10, 30), 5, "normal", False),
    # last working day: yellow; the day after (a make-up Saturday): red
    (D(2025, 9, 26), 5, 20, D(2025, 10, 10), [], 0, D(2025, 10, 10), D(2025, 10, 30), 1, "yellow", False),
    (D(2025, 9, 26), 5, 20, D(2025, 10, 11), [], 0, D(2025, 10, 10), D(2025, 10, 30), 0, "red", False),
    # red on a non-working day too: overdue from the start of the next day
    (D(2025, 9, 26), 4, 20, D(2025, 10, 10), [], 0, D(2025, 10, 9), D(2025, 10, 30), 0, "red", False),
    # a supplement wait 10-09..10-15 (6 working days incl. Sat 10-11) pushes both due dates by 6
    (
        D(2025, 9, 26),
        5,
        20,
        D(2025, 10, 9),
        [S(D(2025, 10, 9), D(2025, 10, 15))],
        0,
        D(2025, 10, 17),
        D(2025, 11, 7),
        2,
        "blue",
        False,
    ),
    # a special procedure capped at 2 working days: 10-09, 10-10 stop the clock, 10-11 on counts again
    (
        D(2025, 9, 26),
        5,
        20,
        D(2025, 10, 9),
        [S(D(2025, 10, 9), D(2025, 10, 15), 2)],
        0,
        D(2025, 10, 13),
        D(2025, 11, 3),
        2,
        "blue",
        False,
    ),
    # cap 0: no stop at all
    (
        D(2025, 9, 26),
        5,
        20,
        D(2025, 10, 9),
        [S(D(2025, 10, 9), D(2025, 10, 15), 0)],
        0,
        D(2025, 10, 10),
        D(2025, 10, 30),
        2,
        "blue",
        False,
    ),
    # a suspension that starts after the promised due date does not excuse that overrun (-6: 11 days used),
    # but it still stops the statutory clock, which had not run out: 10-30 + 3 working days
    (
        D(2025, 9, 26),
        5,
        20,
        D(2025, 10, 20),
        [S(D(2025, 10, 13), D(2025, 10, 15))],
        0,
        D(2025, 10, 10),
        D(2025, 11, 4),
        -6,
        "red",
        False,
    ),
    # still running (no end): the clock is stopped up to today, remaining frozen
    (
        D(2025, 9, 26),
        5,
        20,
        D(2025, 10, 15),
        [S(D(2025, 10, 9), None)],
        0,
        D(2025, 10, 17),
        D(2025, 11, 7),
        2,
        "blue",
        False,
    ),
    # extension (延长审批) of 10 days adds to both limits
    (D(2025, 9, 26), 5, 20, D(2025, 10, 9), [], 10, D(2025, 10, 23), D(2025, 11, 13), 12, "normal", False),
    # past the statutory due date: red, marked as a statutory breach
    (D(2025, 9, 26), 5, 20, D(2025, 10, 31), [], 0, D(2025, 10, 10), D(2025, 10, 30), -15, "red", True),
    # 即办件: promised 0 -> due the day of acceptance; red from the next day
    (D(2025, 9, 26), 0, 20, D(2025, 9, 26), [], 0, D(2025, 9, 26), D(2025, 10, 30), 0, "yellow", False),
    (D(2025, 9, 26), 0, 20, D(2025, 9, 28), [], 0, D(2025, 9, 26), D(2025, 10, 30), 0, "red", False),
    (D(2025, 9, 26), 0, 20, D(2025, 9, 29), [], 0, D(2025, 9, 26), D(2025, 10, 30), -1, "red", False),
    # accepted on a holiday: the clock starts on the first working day after it
    (D(2025, 10, 3), 3, 20, D(2025, 10, 3), [], 0, D(2025, 10, 11), D(2025, 11, 4), 3, "blue", False),
    # two suspensions (the second capped at 3: 9-20, 9-23, 9-24) around 中秋 9-15..17 and National Day 2024
    (
        D(2024, 9, 10),
        10,
        20,
        D(2024, 9, 10),
        [S(D(2024, 9, 11), D(2024, 9, 12)), S(D(2024, 9, 20), D(2024, 9, 30), 3)],
        0,
        D(2024, 10, 8),
        D(2024, 10, 21),
        10,
        "normal",
        False,
    ),
]


@pytest.mark.parametrize("accepted,promised,statutory,at,susp,ext,p_due,s_due,remaining,light,breach", CASES)
def test_table(cal, accepted, promised, statutory, at, susp, ext, p_due, s_due, remaining, light, breach):
    r = evaluate_one(cal, accepted, promised, statutory, at, susp, extension=ext)
    assert (r.promised_due, r.statutory_due) == (p_due, s_due)
    assert r.remaining_working_days == remaining
    assert r.light == light
    assert r.statutory_breach is breach
    assert r.provisional is False


def test_thresholds_are_configurable(cal):
    r = evaluate_one(cal, D(2025, 9, 26), 5, 20, D(2025, 9, 29), blue_days=5, yellow_days=2)
    assert (r.remaining_working_days, r.light) == (4, "blue")
    r = evaluate_one(cal, D(2025, 9, 26), 5, 20, D(2025, 10, 9), blue_days=5, yellow_days=2)
    assert r.light == "yellow"


def test_due_date_in_unpublished_year_is_provisional(cal):
    last = cal.published_years[1]
    r = evaluate_one(cal, D(last, 12, 20), 5, 20, D(last, 12, 21))
    assert r.provisional is True
    r = evaluate_one(cal, D(last, 11, 2), 3, 5, D(last, 11, 3))
    assert r.provisional is False


def test_step_limit_counted_from_the_step_start(cal):
    # 承办 step started Mon 2025-09-29 with a 2-day limit; counted from the next day: due 10-09
    clock = run_clock(cal, np.array([cal.index(D(2025, 9, 29))]), np.array([2]), cal.index(D(2025, 10, 10)))
    assert cal.date(clock.due[0]) == D(2025, 10, 9)
    assert lights(cal.index(D(2025, 10, 10)), clock.due, clock.remaining)[0] == Light.RED


def test_lights_order():
    at = np.array([10, 10, 10, 10, 12])
    due = np.array([20, 12, 10, 9, 12])
    remaining = np.array([8, 3, 1, 0, 1])
    assert list(lights(at, due, remaining)) == [Light.NORMAL, Light.BLUE, Light.YELLOW, Light.RED, Light.YELLOW]


# ---- the vectorised engine against a brute-force day-by-day count ---------------------------------


def brute(cal, s, n, at, susps):
    """Walk day by day: a working day counts unless an active suspension still has cap left."""
    used_before_at = 0
    used = 0
    day = s
    due = s if n == 0 else None
    spent = [0] * len(susps)
    active = [False] * len(susps)
    while due is None or day < at - 1:
        day += 1
        for k, (a, _b, _cap) in enumerate(susps):
            if day == max(a, s + 1) and used < n:
                active[k] = True
        counted = bool(cal.is_work[day])
        if counted:
            for k, (a, b, cap) in enumerate(susps):
                end = at if b == NO_END else b
                if active[k] and a <= day <= end and (cap == NO_CAP or spent[k] < cap):
                    spent[k] += 1
                    counted = False
                    break
        if counted:
            used += 1
            if used == n and due is None:
                due = day
        if day <= at - 1 and counted:
            used_before_at += 1
    return due, n - used_before_at


@settings(max_examples=300, deadline=None)
@given(
    start=st.integers(0, 900),
    n=st.integers(0, 30),
    at_off=st.integers(0, 80),
    gaps=st.lists(st.tuples(st.integers(0, 12), st.integers(0, 10), st.integers(-1, 6)), max_size=3),
    ongoing=st.booleans(),
)
def test_engine_matches_brute_force(cal, start, n, at_off, gaps, ongoing):
    s = cal.index(D(2024, 1, 1)) + start
    at = s + at_off
    susps, cursor = [], s
    for k, (gap, length, cap) in enumerate(gaps):
        a = cursor + gap
        b = a + length
        last = k == len(gaps) - 1
        if last and ongoing and a <= at:
            b = NO_END
        susps.append((a, b, cap))
        cursor = (at if b == NO_END else b) + 1
        if b == NO_END:
            break
    sp = Suspensions.of([(0, a, b, c) for a, b, c in susps])
    clock = run_clock(cal, np.array([s]), np.array([n]), np.array([at]), sp)
    due, remaining = brute(cal, s, n, at, susps)
    assert int(clock.due[0]) == due
    assert int(clock.remaining[0]) == remaining


def test_vectorised_rows_do_not_interfere(cal):
    """Many cases in one call give the same answers as one call each."""
    rng = np.random.default_rng(3)
    k = 300
    acc = rng.integers(cal.index(D(2024, 1, 2)), cal.index(D(2026, 3, 1)), k)
    promised = rng.integers(0, 15, k)
    statutory = promised + rng.integers(0, 20, k)
    at = acc + rng.integers(0, 40, k)
    rows = [(i, int(acc[i]) + 2, int(acc[i]) + 6, int(rng.integers(-1, 4))) for i in range(0, k, 3)]
    ev = evaluate_cases(cal, acc, promised, statutory, at, Suspensions.of(rows))
    for i in range(0, k, 7):
        mine = [r for r in rows if r[0] == i]
        one = evaluate_cases(
            cal,
            acc[i : i + 1],
            promised[i : i + 1],
            statutory[i : i + 1],
            at[i : i + 1],
            Suspensions.of([(0, a, b, c) for _, a, b, c in mine]),
        )
        assert one.promised_due[0] == ev.promised_due[i]
        assert one.statutory_due[0] == ev.statutory_due[i]
        assert one.light[0] == ev.light[i]
