"""红榜/黑榜 from a month's ranking: only units that completed anything are judged; the worst come first."""

import datetime as dt

from console.domain.statistics import MonthPage, UnitRate, UnitRatings


def _rate(rank, code, rate):
    return UnitRate(rank, code, code, 10 if rate is not None else 0, 0, 0, rate, rate)


def test_best_and_worst_ten_leave_out_units_with_nothing_completed():
    units = tuple(_rate(i + 1, f"U{i:02d}", 1 - i / 100) for i in range(25)) + (_rate(26, "IDLE", None),)
    page = MonthPage(dt.date(2025, 11, 1), dt.date(2025, 11, 30), units)
    assert [u.unit_code for u in page.best()] == [f"U{i:02d}" for i in range(10)]
    assert [u.unit_code for u in page.worst()] == [f"U{i:02d}" for i in range(24, 14, -1)]
    assert page.worst(3)[0].on_time_rate == 0.76


def test_a_unit_with_every_case_on_time_is_never_on_the_black_list():
    units = tuple(_rate(i + 1, f"U{i:02d}", 1.0) for i in range(20)) + (_rate(21, "LATE", 0.9), _rate(22, "LATER", 0.5))
    page = MonthPage(dt.date(2025, 11, 1), dt.date(2025, 11, 30), units)
    assert [u.unit_code for u in page.worst()] == ["LATER", "LATE"]
    assert len(page.best()) == 10


def test_satisfaction_rate_needs_ratings():
    assert UnitRatings("发改委", 0, 0, 0, 0, 0, 0).satisfaction_rate is None
    assert UnitRatings("发改委", 4, 3, 1, 0, 1, 0).satisfaction_rate == 0.75
