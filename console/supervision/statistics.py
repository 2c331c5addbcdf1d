"""The statistics screen's pages, built from the period reports' own counts (console/models/supervision/reports.py
and console/supervision/reports.py): on-time and early rates are the report's ranking for the month, complaints
and acceptances count the same rows the report counts — one definition of each figure.

Periods end on the business day ``now`` falls on: this month = the 1st to today, the daily series = the 30
days up to today, "the same weekday's average" = the previous ``weeks`` same weekdays.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from console.domain.statistics import (
    ComplaintsPage,
    DailySeries,
    FollowupPage,
    MonthPage,
    StatisticsPages,
    TodayPage,
    UnitComplaints,
    UnitFollowup,
    UnitRate,
    UnitRatings,
)
from console.domain.vocabulary import FOUR_CONDITIONS
from console.models import consultations
from console.models.supervision import Session
from console.models.supervision import reports as counts
from console.models.supervision.reports import Period
from console.supervision.reports import APPEAL_COLUMN, FOLLOWUP_COLUMNS, case_figures_by_unit, followup, ranking

BAD_LEVELS = (1, 2)  # 非常不满意, 不满意 (console.domain.vocabulary.EVALUATION_LEVELS)
SATISFIED_LEVELS = (3, 4, 5)  # 基本满意 and better, as complaints count 基本满意 satisfied
DAYS = 30
WEEKS = 4


def month_page(session: Session, first: dt.date, last: dt.date) -> MonthPage:
    p = Period(first, last, None)
    per_unit = case_figures_by_unit(session, p)
    rows = ranking(session, p, per_unit)
    on_time = sum(f["on_time"] for f in per_unit.values())
    early = sum(f["early"] for f in per_unit.values())
    judged = on_time + sum(f["overtime_promised"] for f in per_unit.values())
    return MonthPage(
        first,
        last,
        tuple(
            UnitRate(
                r["rank"],
                r["unit_code"],
                r["unit_name"],
                r["completed"],
                r["on_time"],
                r["early"],
                r["on_time_rate"],
                r["early_rate"],
            )
            for r in rows
        ),
        city_on_time_rate=round(on_time / judged, 4) if judged else None,
        city_early_rate=round(early / judged, 4) if judged else None,
    )


def ratings(session: Session, first: dt.date, last: dt.date) -> tuple[UnitRatings, ...]:
    """Per unit rated in the period, lowest satisfaction first (the units to look at)."""
    p = Period(first, last, None)
    names = {u.id: u.name for u in counts.units(session, p)}
    evals = counts.evaluations(session, p)
    bad_cases = {case_id for _, case_id, level in evals if level in BAD_LEVELS}
    status = counts.rectification_statuses(session, bad_cases)
    tally: dict[int, Counter[str]] = {}
    for unit_id, case_id, level in evals:
        t = tally.setdefault(unit_id, Counter())
        t["rated"] += 1
        t["satisfied"] += level in SATISFIED_LEVELS
        if level in BAD_LEVELS:
            t["bad"] += 1
            st = status.get(case_id, set()) - {"cancelled"}
            t["verified" if "verified" in st else "open" if st else "none"] += 1
    rows = [
        UnitRatings(names.get(u, "?"), t["rated"], t["satisfied"], t["bad"], t["verified"], t["open"], t["none"])
        for u, t in tally.items()
    ]
    return tuple(sorted(rows, key=lambda r: (r.satisfaction_rate or 0.0, -r.bad, r.unit_name)))


def complaints_page(session: Session, first: dt.date, last: dt.date) -> ComplaintsPage:
    p = Period(first, last, None)
    names = {u.id: u.name for u in counts.units(session, p)}
    received = counts.complaints_by_unit(session, p)
    accepted = counts.complaints_accepted_by_unit(session, p)
    replied = counts.complaints_replied_by_unit(session, p)
    overdue = counts.complaints_overdue_by_unit(session, p)
    keys = set(received) | set(accepted) | set(replied) | set(overdue)
    rows = [
        UnitComplaints(
            names[k] if k is not None else "未指明单位",
            received.get(k, 0),
            accepted.get(k, 0),
            replied.get(k, 0),
            overdue.get(k, 0),
        )
        for k in keys
    ]
    rows.sort(key=lambda r: (-r.received, -r.overdue, r.unit_name))
    met = counts.conditions_met(session, p)
    return ComplaintsPage(
        first,
        last,
        tuple(rows),
        tuple((text, met.get(code, 0)) for code, text in FOUR_CONDITIONS),
        closed=counts.complaints_closed(session, p),
    )


def followup_page(session: Session, first: dt.date, last: dt.date) -> FollowupPage:
    """督办 and 申诉 over the period, from the period report's own counts (``console.supervision.reports.followup``)."""
    f = followup(session, Period(first, last, None))
    levels = f["escalations"]["by_level"]
    units = [UnitFollowup(r["unit_name"], tuple(int(r[c]) for c in FOLLOWUP_COLUMNS)) for r in f["per_unit"]]
    units.sort(key=lambda u: (-sum(u.counts[: len(levels)]), -sum(u.counts[len(levels) :]), u.unit_name))
    return FollowupPage(
        first,
        last,
        tuple(levels.items()),
        tuple(f["escalations"]["by_outcome"].items()),
        tuple((APPEAL_COLUMN[k], n) for k, n in f["appeals"].items()),
        FOLLOWUP_COLUMNS,
        tuple(units),
    )


def daily(session: Session, last: dt.date, days: int = DAYS) -> DailySeries:
    first = last - dt.timedelta(days=days - 1)
    p = Period(first, last, None)
    span = [first + dt.timedelta(days=i) for i in range(days)]

    def per_day(column: str) -> tuple[int, ...]:
        c = counts.per_day(session, p, column)
        return tuple(c.get(d, 0) for d in span)

    return DailySeries(
        tuple(span),
        per_day("received_at"),
        per_day("accepted_at"),
        per_day("completed_at"),
        counts.open_overdue_per_day(session, first, last),
        _consulted_per_day(session, span),
    )


def _consulted_per_day(session: Session, span: list[dt.date]) -> tuple[int, ...]:
    """咨询 per day, summed over units from the query the period report counts them with."""
    c: Counter[dt.date] = Counter()
    for (_unit, day), n in consultations.per_unit_and_day(session, span[0], span[-1]).items():
        c[day] += n
    return tuple(c.get(d, 0) for d in span)


def today_page(session: Session, now: dt.datetime, weeks: int = WEEKS) -> TodayPage:
    day = now.date()

    def hours(times: list[dt.datetime]) -> list[int]:
        out = [0] * 24
        for t in times:
            out[t.hour] += 1
        return out

    def acc_done(d: dt.date) -> tuple[list[int], list[int]]:
        p = Period(d, d, None)
        return hours(counts.accepted_times(session, p)), hours([t for _, t, _, _ in counts.completions(session, p)])

    acc, done = acc_done(day)
    past = [acc_done(day - dt.timedelta(weeks=w)) for w in range(1, weeks + 1)]
    return TodayPage(
        day,
        tuple(acc),
        tuple(done),
        tuple(round(sum(a[h] for a, _ in past) / weeks, 2) for h in range(24)),
        tuple(round(sum(c[h] for _, c in past) / weeks, 2) for h in range(24)),
        weeks,
    )


def build_pages(session: Session, now: dt.datetime) -> StatisticsPages:
    """Every page as of ``now`` (the centre's business time)."""
    today = now.date()
    first = today.replace(day=1)
    return StatisticsPages(
        as_of=now,
        today=today_page(session, now),
        month=month_page(session, first, today),
        ratings=ratings(session, first, today),
        ratings_first=first,
        complaints=complaints_page(session, first, today),
        daily=daily(session, today),
        followup=followup_page(session, first, today),
    )
