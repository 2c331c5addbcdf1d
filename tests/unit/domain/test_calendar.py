"""The working-day calendar against the State Council's published notices of 2024–2026."""

import datetime as dt

import numpy as np
import pytest

from console.domain.calendar import CalendarRangeError, WorkCalendar

D = dt.date

# Make-up working weekends (调休上班) and weekday holidays, as published (国务院办公厅通知 2023-10, 2024-11, 2025-11).
MAKEUP = {
    2024: ["02-04", "02-18", "04-07", "04-28", "05-11", "09-14", "09-29", "10-12"],
    2025: ["01-26", "02-08", "04-27", "09-28", "10-11"],
    2026: ["01-04", "02-14", "02-28", "05-09", "09-20", "10-10"],
}
WEEKDAY_HOLIDAYS = {
    2024: [
        "01-01",
        "02-12",
        "02-13",
        "02-14",
        "02-15",
        "02-16",
        "04-04",
        "04-05",
        "05-01",
        "05-02",
        "05-03",
        "06-10",
        "09-16",
        "09-17",
        "10-01",
        "10-02",
        "10-03",
        "10-04",
        "10-07",
    ],
    2025: [
        "01-01",
        "01-28",
        "01-29",
        "01-30",
        "01-31",
        "02-03",
        "02-04",
        "04-04",
        "05-01",
        "05-02",
        "05-05",
        "06-02",
        "10-01",
        "10-02",
        "10-03",
        "10-06",
        "10-07",
        "10-08",
    ],
    2026: [
        "01-01",
        "01-02",
        "02-16",
        "02-17",
        "02-18",
        "02-19",
        "02-20",
        "02-23",
        "04-06",
        "05-01",
        "05-04",
        "05-05",
        "06-19",
        "09-25",
        "10-01",
        "10-02",
        "10-05",
        "10-06",
        "10-07",
    ],
}


def _d(year, md):
    return D.fromisoformat(f"{year}-{md}")


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_every_day_of_published_years_matches_the_notice(cal, year):
    makeup = {_d(year, md) for md in MAKEUP[year]}
    holidays = {_d(year, md) for md in WEEKDAY_HOLIDAYS[year]}
    day = D(year, 1, 1)
    wrong = []
    while day.year == year:
        expected = (day.weekday() < 5 and day not in holidays) or day in makeup
        if cal.is_workday(day) != expected:
            wrong.append(day)
        assert not cal.is_provisional(day)
        day += dt.timedelta(days=1)
    assert wrong == []


def test_count_and_add_across_national_day_2025(cal):
    # accepted Fri 2025-09-26; 9-28 (Sun) is a make-up working day; 10-01..10-08 closed; 10-11 (Sat) works
    assert cal.add(D(2025, 9, 26), 1) == D(2025, 9, 28)
    assert cal.add(D(2025, 9, 26), 3) == D(2025, 9, 30)
    assert cal.add(D(2025, 9, 26), 4) == D(2025, 10, 9)
    assert cal.add(D(2025, 9, 26), 6) == D(2025, 10, 11)
    assert cal.add(D(2025, 9, 26), 0) == D(2025, 9, 26)
    assert cal.count(D(2025, 9, 26), D(2025, 10, 11)) == 6
    assert cal.count(D(2025, 10, 1), D(2025, 10, 8)) == 0


def test_period_ending_on_a_holiday_runs_to_the_next_working_day(cal):
    # 3 working days after Thu 2024-09-12: Fri 13, Sat 14 (make-up), then Wed 18 (15..17 中秋)
    assert cal.add(D(2024, 9, 12), 3) == D(2024, 9, 18)


def test_vector_forms_agree_with_scalar_loop(cal):
    rng = np.random.default_rng(7)
    starts = rng.integers(cal.index(D(2024, 1, 1)), cal.index(D(2026, 6, 30)), 2000)
    ns = rng.integers(0, 60, 2000)
    due = cal.add_idx(starts, ns)
    for s, n, d in zip(starts[:200], ns[:200], due[:200], strict=True):
        day, left = cal.date(s), int(n)
        while left:  # the slow, obvious way
            day += dt.timedelta(days=1)
            left -= cal.is_workday(day)
        assert cal.date(d) == day


def test_unpublished_year_is_weekends_only_and_provisional(cal):
    _first, last = cal.published_years
    nxt = last + 1
    assert cal.is_provisional(D(nxt, 3, 2))
    assert cal.is_workday(D(nxt, 1, 1)) == (D(nxt, 1, 1).weekday() < 5)  # no guessed holiday
    assert not cal.is_provisional(D(last, 12, 31))
    # a span that only touches published days is not provisional
    i = cal.index(D(last, 12, 1))
    assert not cal.provisional_between_idx(np.array([i]), np.array([i + 10]))[0]
    assert cal.provisional_between_idx(np.array([i]), np.array([cal.index(D(nxt, 1, 5))]))[0]


def test_confirming_a_year_ends_provisional_and_overrides_apply(cal):
    nxt = cal.published_years[1] + 1
    day = D(nxt, 1, 1)
    c2 = WorkCalendar.build(overrides={day: False, D(nxt, 1, 3): True}, confirmed_years=[nxt])
    assert not c2.is_provisional(D(nxt, 6, 1))
    assert not c2.is_workday(day)
    assert c2.is_workday(D(nxt, 1, 3))
    assert c2.fingerprint != cal.fingerprint


def test_local_override_in_published_year_moves_dates(cal):
    c2 = WorkCalendar.build(overrides={D(2025, 9, 29): False})  # the centre closed for a day
    assert c2.add(D(2025, 9, 26), 2) == D(2025, 9, 30)
    assert cal.add(D(2025, 9, 26), 2) == D(2025, 9, 29)


def test_outside_range_is_a_clear_error(cal):
    with pytest.raises(CalendarRangeError):
        cal.index(D(1999, 1, 1))
