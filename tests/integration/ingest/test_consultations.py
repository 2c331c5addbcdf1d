"""咨询 records: their own type in the exchange format, stored without a case, counted per unit and per day."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import func, select

from console.domain import catalogue
from console.ingest.apply import ingest_lines
from console.models import consultations
from console.models import repository as repo
from console.models.schema import Alarm, Case, ExchangeRecord

D = dt.date


def consult(rid: str, at: str, unit: str = "D13", type_: str = "consult", **fields) -> str:
    rec = {"record_id": rid, "type": type_, "case_no": f"ZX-{rid}", "occurred_at": at, "unit_code": unit, **fields}
    return json.dumps(rec, ensure_ascii=False)


def test_consultations_are_accepted_and_counted_per_unit_and_day(Session, cal):
    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), catalogue.items())
    lines = [
        consult("Q1", "2025-10-20T09:00:00", channel="窗口", topic="营业执照变更要带哪些材料"),
        consult("Q2", "2025-10-20T15:30:00", type_="咨询"),  # the Chinese name of the type, as for the others
        consult("Q3", "2025-10-21T10:00:00"),
        consult("Q4", "2025-10-21T10:00:00", unit="D06"),
        consult("Q5", "2025-10-21T11:00:00", unit="X99"),  # no such unit: rejected with its reason
        consult("Q1", "2025-10-20T09:00:00", channel="窗口", topic="营业执照变更要带哪些材料"),  # sent twice
    ]
    report = ingest_lines(Session, lines, "d13-hall", cal=cal, today=D(2025, 10, 21))
    assert (report.accepted, report.duplicates) == (4, 1)
    assert report.rejected == [("d13-hall", 5, "field unit_code: unknown unit 'X99'")]
    with Session() as s:
        assert consultations.per_unit_and_day(s, D(2025, 10, 20), D(2025, 10, 21)) == {
            ("D13", D(2025, 10, 20)): 2,
            ("D13", D(2025, 10, 21)): 1,
            ("D06", D(2025, 10, 21)): 1,
        }
        assert consultations.per_unit_and_day(s, D(2025, 10, 21), D(2025, 10, 21))[("D13", D(2025, 10, 21))] == 1
        per_unit = consultations.per_unit(s, D(2025, 10, 1), D(2025, 10, 31))
        assert (per_unit["D13"], per_unit["D06"]) == (3, 1) and per_unit["D04"] == 0
        # a consultation opens no case and raises nothing
        assert s.execute(select(func.count()).select_from(Case)).scalar() == 0
        assert s.execute(select(func.count()).select_from(Alarm)).scalar() == 0
        types = s.scalars(select(ExchangeRecord.type).distinct()).all()
        assert types == ["consult"]


def test_the_period_report_counts_the_consultations(Session, cal):
    from console.supervision.reports import build_report

    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), catalogue.items())
    lines = [consult("Q1", "2025-10-20T09:00:00"), consult("Q2", "2025-10-21T09:00:00", unit="D06")]
    lines.append(consult("Q3", "2025-11-03T09:00:00"))  # after the period
    assert ingest_lines(Session, lines, "hall", cal=cal, today=D(2025, 11, 3)).accepted == 3
    with Session() as s:
        city = build_report(s, cal, D(2025, 10, 1), D(2025, 10, 31))
        d13 = build_report(s, cal, D(2025, 10, 1), D(2025, 10, 31), unit_code="D13")
    assert city.cases["consultations"] == 2 and d13.cases["consultations"] == 1
    assert ("接受咨询", 1) in d13.summary_rows()


def test_the_statistics_30_days_count_the_consultations_as_the_report_does(Session, cal):
    """The 近30日 page's 咨询 line comes from the report's query: per day, and the same total."""
    from console.supervision.reports import build_report
    from console.supervision.statistics import daily

    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), catalogue.items())
    lines = [consult("Q1", "2025-10-20T09:00:00"), consult("Q2", "2025-10-20T16:00:00", unit="D06")]
    lines += [consult("Q3", "2025-10-22T09:00:00"), consult("Q4", "2025-09-01T09:00:00")]  # Q4: before the 30 days
    assert ingest_lines(Session, lines, "hall", cal=cal, today=D(2025, 10, 31)).accepted == 4
    with Session() as s:
        series = daily(s, D(2025, 10, 31))
        report = build_report(s, cal, series.days[0], series.days[-1])
    per_day = dict(zip(series.days, series.consulted, strict=True))
    assert per_day[D(2025, 10, 20)] == 2 and per_day[D(2025, 10, 22)] == 1 and per_day[D(2025, 10, 21)] == 0
    assert sum(series.consulted) == report.cases["consultations"] == 3
