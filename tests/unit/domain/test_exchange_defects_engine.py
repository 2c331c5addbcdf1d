"""A capped special procedure that begins during a 补正 wait: its applied days run from its own start,
concurrently with the wait (the days both stop count once), not from the end of the wait."""

import datetime as dt

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from console.domain.timelimits import NO_CAP, NO_END, Suspensions, SuspensionSpec, evaluate_one, run_clock

D = dt.date


def test_a_capped_procedure_begun_inside_a_wait_counts_its_cap_from_its_own_start(cal):
    wait = SuspensionSpec(D(2025, 11, 4), D(2025, 11, 7))  # 补正: Tue..Fri, 4 working days
    review = SuspensionSpec(D(2025, 11, 5), D(2025, 11, 20), cap=3)  # 专家评审 applied for 3: Wed, Thu, Fri
    res = evaluate_one(cal, D(2025, 11, 3), 5, 20, D(2025, 11, 21), [wait, review])
    # stopped: 11-04..11-07 once; 5 working days after Monday 11-03 then run 11-10..11-14
    assert res.promised_due == D(2025, 11, 14)  # was 11-19: the cap counted 11-10..11-12 after the wait
    alone = evaluate_one(cal, D(2025, 11, 3), 5, 20, D(2025, 11, 21), [wait])
    assert alone.promised_due == res.promised_due  # its three days lay inside the wait: they count once


def test_a_capped_procedure_outlasting_the_wait_stops_only_its_own_days(cal):
    wait = SuspensionSpec(D(2025, 11, 4), D(2025, 11, 5))  # Tue, Wed
    review = SuspensionSpec(D(2025, 11, 5), None, cap=3)  # Wed, Thu, Fri applied; still running
    res = evaluate_one(cal, D(2025, 11, 3), 5, 20, D(2025, 11, 21), [wait, review])
    assert res.promised_due == D(2025, 11, 14)  # stopped Tue..Fri (4 days), as above
    swapped = evaluate_one(cal, D(2025, 11, 3), 5, 20, D(2025, 11, 21), [review, wait])
    assert swapped == res  # the order the suspensions are given in does not matter


def brute_overlapping(cal, s, n, at, susps):
    """Day by day: a working day is stopped when any suspension covers it within its own applied days, counted
    from its own start (never before the clock starts); a suspension counts only if it begins before the
    clock has run out."""
    used = used_before_at = 0
    due = s if n == 0 else None
    day = s
    active = [False] * len(susps)
    while due is None or day < at - 1:
        day += 1
        for k, (a, _b, _c) in enumerate(susps):
            if day == max(a, s + 1) and used < n:
                active[k] = True
        stopped = False
        if cal.is_work[day]:
            for k, (a, b, c) in enumerate(susps):
                end = at if b == NO_END else b
                own = max(a, s + 1)
                if active[k] and own <= day <= end and (c == NO_CAP or int(cal.cum[day + 1] - cal.cum[own]) <= c):
                    stopped = True
        counted = bool(cal.is_work[day]) and not stopped
        if counted:
            used += 1
            if used == n and due is None:
                due = day
            if day <= at - 1:
                used_before_at += 1
    return due, n - used_before_at


@settings(max_examples=300, deadline=None)
@given(
    start=st.integers(0, 900),
    n=st.integers(0, 25),
    at_off=st.integers(0, 70),
    susps=st.lists(
        st.tuples(st.integers(0, 25), st.integers(0, 12), st.integers(-1, 6), st.booleans()), min_size=1, max_size=3
    ),
)
def test_overlapping_waits_match_day_by_day_counting(cal, start, n, at_off, susps):
    """Property: waits and capped procedures that overlap in any way stop each day at most once, each capped one
    for its own first applied days from its own start — the engine agrees with counting day by day."""
    s = cal.index(D(2024, 1, 1)) + start
    at = s + at_off
    rows = []
    for off, length, cap, ongoing in susps:
        a = s + off
        b = NO_END if ongoing and a <= at else a + length
        rows.append((a, b, cap))
    clock = run_clock(cal, np.array([s]), np.array([n]), np.array([at]), Suspensions.of([(0, *r) for r in rows]))
    due, remaining = brute_overlapping(cal, s, n, at, rows)
    assert (int(clock.due[0]), int(clock.remaining[0])) == (due, remaining)
