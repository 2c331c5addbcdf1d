"""The 30-day page's overdue series in one query equals the period report's count at each day's end."""

import datetime as dt
import itertools
from collections import Counter

from sqlalchemy import select, update

from console.domain import catalogue
from console.models import repository as repo
from console.models.schema import Case, Unit
from console.models.supervision import reports as counts
from console.models.supervision.reports import Period
from console.supervision import statistics as st
from tests.support.factories import add_case

FIRST, LAST = dt.date(2025, 11, 1), dt.date(2025, 11, 30)


def _scenario(Session) -> None:
    """Cases on every edge: accepted at 00:00 and 23:59, completed at midnight (the day's end itself), promised
    the day before, on and after a day, before and after the window, open, and without a promised date."""
    days = [FIRST + dt.timedelta(days=k) for k in (-10, -1, 0, 3, 14, 29, 30)]
    times = (dt.time(0, 0), dt.time(9, 30), dt.time(23, 59, 59))
    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), catalogue.items())
        edges = itertools.product(days[:-1], times, (-3, -1, 0, 1, 6, None), (None, 0, 1, 5, 12, 40))
        for n, (acc_day, acc_time, due_shift, done) in enumerate(edges):
            accepted = dt.datetime.combine(acc_day, acc_time)
            completed = None if done is None else dt.datetime.combine(acc_day + dt.timedelta(days=done), dt.time())
            if done == 1:
                completed += dt.timedelta(hours=15)  # mid-afternoon, not only at midnight
            unit = "D01" if n % 3 else "D05"
            cid = add_case(s, f"O{n}", unit, accepted, completed=completed)
            due = None if due_shift is None else acc_day + dt.timedelta(days=due_shift)
            s.execute(
                update(Case)
                .where(Case.id == cid)
                .values(promised_due=due, received_at=accepted - dt.timedelta(minutes=30))
            )


def _one_per_day(s, unit_id=None) -> tuple[int, ...]:
    span = [FIRST + dt.timedelta(days=k) for k in range((LAST - FIRST).days + 1)]
    return tuple(counts.open_overdue_at_end(s, Period(d, d, unit_id)) for d in span)


def test_one_query_equals_a_query_per_day_end(Session):
    _scenario(Session)
    with Session() as s:
        old = _one_per_day(s)
        new = counts.open_overdue_per_day(s, FIRST, LAST)
        d05 = s.scalar(select(Unit.id).where(Unit.code == "D05"))
        old_d05, new_d05 = _one_per_day(s, d05), counts.open_overdue_per_day(s, FIRST, LAST, d05)
        short = counts.open_overdue_per_day(s, FIRST + dt.timedelta(days=2), FIRST + dt.timedelta(days=4))
    assert len(new) == 30 and sum(old) > 500 and len(set(old)) > 5  # a scenario that moves
    assert new == old
    assert new_d05 == old_d05 and 0 < sum(new_d05) < sum(new)
    assert short == old[2:5]


def test_the_daily_series_counts_per_day_what_the_report_lists(Session):
    _scenario(Session)
    with Session() as s:
        series = st.daily(s, LAST)
        p = Period(FIRST, LAST, None)
        by_day = [
            Counter(t.date() for t in times)
            for times in (
                counts.received_times(s, p),
                counts.accepted_times(s, p),
                [done for _, done, _, _ in counts.completions(s, p)],
            )
        ]
    assert series.days[0] == FIRST and series.days[-1] == LAST
    for got, want in zip((series.received, series.accepted, series.completed), by_day, strict=True):
        assert got == tuple(want.get(d, 0) for d in series.days)
    assert sum(series.received) > 100 and sum(series.accepted) > 100 and sum(series.completed) > 100
