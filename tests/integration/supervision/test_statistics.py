"""The statistics pages count what the period report counts: the same seed, the same period, equal figures."""

import datetime as dt

from sqlalchemy import select

from console.domain import catalogue
from console.models import repository as repo
from console.models.schema import Case, Evaluation
from console.supervision import statistics as st
from console.supervision.reports import build_report
from tests.integration.supervision.test_supervision_report import FROM, TO, build_seed_period
from tests.support.factories import add_case

D = dt.date


def test_the_month_page_is_the_period_reports_ranking(Session, cal):
    build_seed_period(Session, cal)
    with Session() as s:
        report = build_report(s, cal, FROM, TO)
        page = st.month_page(s, FROM, TO)
    assert [
        (u.rank, u.unit_code, u.completed, u.on_time, u.early, u.on_time_rate, u.early_rate) for u in page.units
    ] == [
        (r["rank"], r["unit_code"], r["completed"], r["on_time"], r["early"], r["on_time_rate"], r["early_rate"])
        for r in report.ranking
    ]
    c = report.cases
    assert page.city_on_time_rate == round(c["on_time"] / (c["on_time"] + c["overtime_promised"]), 4) == 0.2
    assert page.city_early_rate == 0.2
    assert page.best(10)[0].unit_code == "D05" and page.worst(10)[0].on_time_rate == 0.0
    assert len(page.best(10)) == 5  # only the units that completed anything are ranked on punctuality


def test_complaints_and_the_daily_series_equal_the_report(Session, cal):
    build_seed_period(Session, cal)
    with Session() as s:
        report = build_report(s, cal, FROM, TO)
        page = st.complaints_page(s, FROM, TO)
        today_page = st.complaints_page(s, repo.now().date(), repo.now().date())
        last30 = D(2025, 11, 8)
        report30 = build_report(s, cal, last30 - dt.timedelta(days=29), last30)
        series = st.daily(s, last30)
    assert sum(u.received for u in page.units) == report.complaints["received"] == 14
    assert page.closed == report.complaints["closed"] == 10
    assert sum(u.accepted for u in page.units) == 10 and sum(u.replied for u in page.units) == 10
    # the seed records the 四不放过 conditions at the wall clock's now: counted on the day they were recorded
    assert dict(page.conditions) == dict.fromkeys(
        ("问题不查清不放过", "问题不解决不放过", "整改不落实不放过", "责任不追究不放过"), 0
    )
    assert [n for _, n in today_page.conditions] == [10, 10, 10, 10]
    # never decided, past the 5-working-day acceptance by 12-31: the period's last four and the one of 09-20
    assert sum(u.overdue for u in page.units) == 5
    assert len(series.days) == 30 and series.days[-1] == last30
    assert sum(series.accepted) == report30.cases["accepted"]
    assert sum(series.completed) == report30.cases["completed"]
    assert series.overdue[-1] == report30.cases["open_overdue_at_end"]


def test_ratings_per_unit_with_the_bad_ones_rectification(Session, cal):
    build_seed_period(Session, cal)
    with Session.begin() as s:
        ids = {n: s.scalar(select(Case.id).where(Case.case_no == n)) for n in ("OK0", "OK1", "OK2", "OK3")}
        at = dt.datetime(2025, 10, 15, 9)
        # OK0 has a verified rectification (the fee), OK2 none; 基本满意 counts satisfied
        for no, level in (("OK0", 1), ("OK1", 3), ("OK2", 2), ("OK3", 5)):
            s.add(Evaluation(case_id=ids[no], level=level, channel="窗口", evaluated_at=at))
    with Session() as s:
        rows = st.ratings(s, FROM, TO)
    (d05,) = rows
    assert (d05.rated, d05.satisfied, d05.bad, d05.bad_rectified, d05.bad_untouched) == (4, 2, 2, 1, 1)
    assert d05.satisfaction_rate == 0.5


def test_today_per_hour_against_the_same_weekdays_average(Session, cal):
    now = dt.datetime(2025, 11, 20, 15, 0)  # a Thursday
    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), catalogue.items())
        add_case(s, "T0", "D01", dt.datetime(2025, 11, 20, 10, 5))
        add_case(s, "T1", "D01", dt.datetime(2025, 11, 20, 10, 50), completed=dt.datetime(2025, 11, 20, 14, 0))
        # the same weekday 1 and 2 weeks before (counted), a Wednesday (not), 5 weeks before (beyond 4)
        add_case(s, "W1", "D02", dt.datetime(2025, 11, 13, 10, 30))
        add_case(s, "W2", "D02", dt.datetime(2025, 11, 6, 10, 30), completed=dt.datetime(2025, 11, 6, 14, 30))
        add_case(s, "WD", "D02", dt.datetime(2025, 11, 19, 10, 30))
        add_case(s, "W5", "D02", dt.datetime(2025, 10, 16, 10, 30))
    with Session() as s:
        page = st.today_page(s, now)
    assert page.accepted_per_hour[10] == 2 and sum(page.accepted_per_hour) == 2
    assert page.completed_per_hour[14] == 1
    assert page.accepted_avg[10] == 0.5 and sum(page.accepted_avg) == 0.5  # 2 over 4 weeks
    assert page.completed_avg[14] == 0.25
