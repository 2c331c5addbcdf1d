"""自然日 (calendar-day) limits end to end in the fold, dates checked by hand around National Day 2026.

2026 calendar: Fri 09-25 中秋 off, Sat/Sun 09-26/27 off, Mon–Wed 09-28..09-30 working, **10-01..10-07 holiday**,
Thu/Fri 10-08/10-09 working, **Sat 10-10 make-up working day**, Sun 10-11 off, 10-12..10-16 working, weekend,
10-19.. working.  A calendar-day limit counts every day after the acceptance day and, ending on a rest day or a
holiday, moves to the next working day (民法典 201, 203); a 补正 wait stops it for every calendar day it runs
(its first and last day included), as it stops a working-day limit for its working days.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from console.domain.timelimits import SuspensionSpec, calendar_limit_as_working
from console.ingest.fold import ItemConfig, fold_case
from console.ingest.records import RecordError, parse_record

D = dt.date
ITEM = ItemConfig(code="TST-001", statutory_days=20, promised_days=10, stop_clock_kinds=frozenset(), fee_free=True)
_ids = itertools.count(1)


def rec(type_: str, at: str, **fields):
    return parse_record({"record_id": f"N{next(_ids)}", "type": type_, "case_no": "C1", "occurred_at": at, **fields})


def accept(at: str = "2026-09-28T10:00", **kw):
    return rec("accept", at, item_code="TST-001", unit_code="D13", **kw)


def test_calendar_days_end_on_a_date_not_after_as_many_working_days(cal):
    st = fold_case(ITEM, [accept(promised_days=10, statutory_days=20, limit_unit="自然日")], cal, D(2026, 9, 29))
    # 10 calendar days after Mon 09-28: Thu 10-08 (a working day); 20: Sun 10-18 -> Mon 10-19
    assert (st.promised_due, st.statutory_due) == (D(2026, 10, 8), D(2026, 10, 19))
    assert (st.promised_natural_days, st.statutory_natural_days) == (10, 20)
    # the same numbers in working days end much later: 09-29, 09-30, 10-08, 10-09, 10-10, 10-12 … 10-16
    wd = fold_case(ITEM, [accept(promised_days=10, statutory_days=20)], cal, D(2026, 9, 29))
    assert wd.promised_due == D(2026, 10, 16) and wd.promised_natural_days is None


def test_a_calendar_day_limit_ending_in_the_holiday_moves_to_the_next_working_day(cal):
    st = fold_case(
        ITEM,
        [accept("2026-09-24T10:00", promised_days=7, statutory_days=7, limit_unit="自然日")],
        cal,
        D(2026, 9, 24),
    )
    assert st.promised_due == D(2026, 10, 8)  # 09-24 + 7 = Thu 10-01, National Day: the next working day


def test_a_supplement_wait_stops_a_calendar_day_limit_for_every_day_it_runs(cal):
    recs = [
        accept(promised_days=10, statutory_days=20, limit_unit="自然日"),
        rec("supplement_notice", "2026-09-29T10:00"),
        rec("supplement_received", "2026-10-09T09:00"),
    ]
    st = fold_case(ITEM, recs, cal, D(2026, 10, 12))
    # 09-29 … 10-09 stopped (11 days); counting resumes 10-10: 10 days -> Mon 10-19, 20 days -> Thu 10-29
    assert (st.promised_due, st.statutory_due) == (D(2026, 10, 19), D(2026, 10, 29))


def test_the_working_day_equivalent_lands_the_engine_on_the_same_day(cal):
    wait = (SuspensionSpec(D(2026, 9, 29), D(2026, 10, 9)),)
    assert calendar_limit_as_working(cal, D(2026, 9, 28), 10) == 3  # 09-29, 09-30, 10-08
    assert calendar_limit_as_working(cal, D(2026, 9, 28), 10, wait, D(2026, 10, 12)) == 7  # 10-08 … 10-19 minus wait
    assert calendar_limit_as_working(cal, D(2026, 9, 28), 0) == 0


def test_only_the_two_units_are_accepted():
    assert accept(limit_unit="自然日").limit_unit == "自然日"
    with pytest.raises(RecordError):
        accept(limit_unit="月")
