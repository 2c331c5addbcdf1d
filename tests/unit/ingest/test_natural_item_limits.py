"""自然日 limits from the catalogue (an item's, a key-post step's) and re-run on every evaluation, dates by hand.

2026: Fri 09-25 中秋 off, 09-26/27 weekend, Mon–Wed 09-28..09-30 working, 10-01..10-07 National Day, Thu/Fri
10-08/09 working, Sat 10-10 make-up working day, Sun 10-11 off, 10-12..10-16 working, weekend, 10-19 on working.
2027 as published today (no notice yet: weekends only, provisional); the Spring Festival notice assumed here:
02-06..02-12 off (02-08..02-12 weekdays made rest days), Sun 01-31 and Sat 02-20 make-up working days.
"""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np

from console.domain.calendar import WorkCalendar
from console.domain.timelimits import NO_CAP, NO_END, Suspensions, evaluate_cases, natural_limits
from console.ingest.fold import ItemConfig, StepConfig, fold_case
from console.ingest.records import parse_record

D = dt.date
NATURAL_ITEM = ItemConfig(
    code="TST-N01",
    statutory_days=20,
    promised_days=10,
    steps=(StepConfig("CB", "承办", 7, natural=True), StepConfig("SH", "审核", 3)),
    natural=True,
)
_ids = itertools.count(1)


def rec(type_: str, at: str, **fields):
    return parse_record({"record_id": f"NI{next(_ids)}", "type": type_, "case_no": "C1", "occurred_at": at, **fields})


def accept(at: str = "2026-09-28T10:00", **kw):
    return rec("accept", at, item_code="TST-N01", unit_code="D13", **kw)


SPRING_2027 = {
    **{D(2027, 2, d): False for d in range(8, 13)},
    D(2027, 1, 31): True,
    D(2027, 2, 20): True,
}


def test_an_item_in_natural_days_gives_an_accept_without_limits_calendar_day_dues(cal):
    st = fold_case(NATURAL_ITEM, [accept()], cal, D(2026, 9, 28))
    # Mon 09-28 + 10 calendar days = Thu 10-08; + 20 = Sun 10-18 -> Mon 10-19
    assert (st.promised_due, st.statutory_due) == (D(2026, 10, 8), D(2026, 10, 19))
    assert (st.promised_natural_days, st.statutory_natural_days) == (10, 20)
    # an accept that gives its limits in working days overrides the item's, unit included
    wd = fold_case(NATURAL_ITEM, [accept(promised_days=10, statutory_days=20)], cal, D(2026, 9, 28))
    assert wd.promised_due == D(2026, 10, 16) and wd.promised_natural_days is None


def test_an_application_waiting_for_acceptance_under_a_natural_day_item(cal):
    st = fold_case(NATURAL_ITEM, [rec("apply", "2026-09-28T10:00", item_code="TST-N01")], cal, D(2026, 9, 28))
    assert (st.promised_due, st.statutory_due) == (D(2026, 10, 8), D(2026, 10, 19))
    assert (st.promised_natural_days, st.statutory_natural_days) == (10, 20)


def test_a_step_limit_in_natural_days(cal):
    recs = [
        accept(),
        rec("step", "2026-09-29T09:00", step_code="CB", started_at="2026-09-29T09:00"),
        rec("step", "2026-09-29T09:00", step_code="SH", started_at="2026-09-29T09:00"),
    ]
    st = fold_case(NATURAL_ITEM, recs, cal, D(2026, 9, 30))
    cb, sh = sorted(st.steps, key=lambda s: s.step_code)
    # 承办 7 calendar days after Tue 09-29: Tue 10-06, National Day -> Thu 10-08 (2 working days: 09-30, 10-08)
    assert (cb.due, cb.natural_days, cb.limit_days) == (D(2026, 10, 8), 7, 2)
    # 审核 3 working days: 09-30, 10-08, 10-09
    assert (sh.due, sh.natural_days, sh.limit_days) == (D(2026, 10, 9), None, 3)


def _open_wait_case(cal: WorkCalendar, at: dt.date) -> tuple[np.ndarray, np.ndarray]:
    """Accepted Thu 09-24 with 10/20 自然日, a 补正 wait from Mon 09-28 still open; the limits folded on 09-28."""
    st = fold_case(
        NATURAL_ITEM,
        [accept("2026-09-24T10:00"), rec("supplement_notice", "2026-09-28T10:00")],
        cal,
        D(2026, 9, 28),
    )
    acc = np.asarray([cal.index(D(2026, 9, 24))])
    susp = Suspensions.of([(0, cal.index(D(2026, 9, 28)), NO_END, NO_CAP)])
    p, s = natural_limits(
        cal,
        acc,
        np.asarray([st.promised_days]),
        np.asarray([st.statutory_days]),
        np.asarray([10]),
        np.asarray([20]),
        cal.index(at),
        susp,
    )
    ev = evaluate_cases(cal, acc, p, s, cal.index(at), susp)
    return ev.promised_due, ev.statutory_due


def test_an_open_wait_moves_a_natural_day_due_by_calendar_days(cal):
    # counted: 09-25, 09-26, 09-27 (3); the wait stops 09-28 up to today; on Thu 10-08 seven calendar days are
    # left: 10-09 .. 10-15 (Thu, working); seventeen: 10-09 .. Sun 10-25 -> Mon 10-26
    p, s = _open_wait_case(cal, D(2026, 10, 8))
    assert (cal.date(p[0]), cal.date(s[0])) == (D(2026, 10, 15), D(2026, 10, 26))
    # on the notice day itself: 09-29 .. 10-05 (National Day) -> 10-08; 09-29 .. Thu 10-15
    p, s = _open_wait_case(cal, D(2026, 9, 28))
    assert (cal.date(p[0]), cal.date(s[0])) == (D(2026, 10, 8), D(2026, 10, 15))


def test_a_holiday_notice_re_dates_natural_day_limits_from_their_calendar_days():
    before = WorkCalendar.build()
    after = WorkCalendar.build(SPRING_2027, confirmed_years=[2027])
    st = fold_case(NATURAL_ITEM, [accept("2027-01-28T10:00")], before, D(2027, 1, 28))
    # Thu 01-28 + 10 = Sun 02-07 -> Mon 02-08; + 20 = Wed 02-17 (weekends only: no notice yet)
    assert (st.promised_due, st.statutory_due) == (D(2027, 2, 8), D(2027, 2, 17))
    acc = np.asarray([after.index(D(2027, 1, 28))])
    p, s = natural_limits(
        after,
        acc,
        np.asarray([st.promised_days]),
        np.asarray([st.statutory_days]),
        np.asarray([10]),
        np.asarray([20]),
        after.index(D(2027, 1, 29)),
    )
    ev = evaluate_cases(after, acc, p, s, after.index(D(2027, 1, 29)))
    # with the notice: Sun 02-07 -> 02-08..02-12 off, weekend -> Mon 02-15; Wed 02-17 is a working day: kept
    # (the stored 7 / 14 working days would give Fri 02-05 and Mon 02-22)
    assert (after.date(ev.promised_due[0]), after.date(ev.statutory_due[0])) == (D(2027, 2, 15), D(2027, 2, 17))
    assert not ev.provisional[0]
