"""自然日 end to end on both databases: an item (and its key-post step) whose limits are in calendar days, a 补正
wait still open over National Day 2026, and the 2027 Spring Festival notice re-dating 自然日 cases.  Dates by hand
(calendar in tests/unit/ingest/test_natural_item_limits.py)."""

import datetime as dt
import json

from sqlalchemy import select

from console.ingest.apply import ingest_lines
from console.models import repository as repo
from console.models.recompute import recompute_open_due_dates
from console.models.schema import CalendarOverride, CalendarYear, Case, CaseEvent, Item, ItemStep
from console.services.poller import Backend
from tests.unit.ingest.test_natural_item_limits import SPRING_2027

ITEM = "D13-004"


def line(case_no: str, type_: str, at: str, n: int = 0, **kw) -> str:
    rec = {"record_id": f"{case_no}-{type_}-{n}", "type": type_, "case_no": case_no, "occurred_at": at, **kw}
    return json.dumps(rec, ensure_ascii=False)


def accept(case_no: str, at: str, **kw) -> str:
    return line(case_no, "accept", at, item_code=ITEM, unit_code="D13", **kw)


class Clock:
    def __init__(self, at):
        self.at = at

    def __call__(self):
        return self.at


def natural_item(Session) -> None:
    """The administrator sets the item's limits to 10 / 20 自然日 and its 承办 step to 7 自然日."""
    with Session.begin() as s:
        item = s.scalars(select(Item).where(Item.code == ITEM)).one()
        item.promised_days, item.statutory_days, item.limit_unit = 10, 20, "自然日"
        cb = s.scalars(select(ItemStep).where(ItemStep.item_id == item.id, ItemStep.code == "CB")).one()
        cb.limit_days, cb.limit_unit = 7, "自然日"


def test_an_item_in_natural_days_supervises_its_cases_in_calendar_days(world, engine, cal):
    Session, _ids, units = world
    natural_item(Session)
    lines = [
        accept("N-1", "2026-09-28T10:00"),  # no limits: the item's, in 自然日
        line("N-1", "step", "2026-09-29T09:00", step_code="CB", started_at="2026-09-29T09:00"),
    ]
    report = ingest_lines(Session, lines, "d13-approval", cal=cal, today=dt.date(2026, 9, 30))
    assert (report.accepted, report.rejected) == (2, [])
    with Session() as s:
        c = s.scalars(select(Case).where(Case.case_no == "N-1")).one()
        # Mon 09-28 + 10 = Thu 10-08; + 20 = Sun 10-18 -> Mon 10-19 (10 working days would end 10-16)
        assert (c.promised_due, c.statutory_due) == (dt.date(2026, 10, 8), dt.date(2026, 10, 19))
        assert (c.promised_natural_days, c.statutory_natural_days) == (10, 20)
        ev = s.scalars(select(CaseEvent).where(CaseEvent.case_id == c.id, CaseEvent.step_code == "CB")).one()
        # 09-29 + 7 = Tue 10-06 (National Day) -> Thu 10-08
        assert (ev.due, ev.natural_days, ev.limit_days) == (dt.date(2026, 10, 8), 7, 2)
        case_id = c.id
    be = Backend(engine, "wall-1", clock=Clock(dt.datetime(2026, 10, 8, 15)))
    assert be.poll() is not None
    row = {r.case_no: r for r in be.unit_cases(units["D13"])}["N-1"]
    assert row.promised_due == dt.date(2026, 10, 8) and row.due_today
    detail = be.case_detail(case_id)
    assert detail.natural_limits == (10, 20)
    (cb,) = [st for st in detail.steps if st.step_code == "CB"]
    assert (cb.natural_days, cb.due) == (7, dt.date(2026, 10, 8))


def test_an_open_wait_moves_a_natural_day_due_by_calendar_days(world, engine, cal):
    Session, _ids, units = world
    lines = [
        accept("W-1", "2026-09-24T10:00", promised_days=10, statutory_days=20, limit_unit="自然日"),
        line("W-1", "supplement_notice", "2026-09-28T10:00"),
    ]
    ingest_lines(Session, lines, "d13-approval", cal=cal, today=dt.date(2026, 9, 28))
    with Session() as s:  # folded on 09-28: 09-25..09-27 counted, the wait from 09-28, 09-29..10-05 -> 10-08
        c = s.scalars(select(Case).where(Case.case_no == "W-1")).one()
        assert (c.promised_due, c.statutory_due) == (dt.date(2026, 10, 8), dt.date(2026, 10, 15))
    # on Thu 10-08, the wait still open: 7 calendar days left from 10-09 -> Thu 10-15; 17 -> Sun 10-25 -> 10-26
    # (the 3 / 9 working days the fold found on 09-28, counted after 10-08, would give 10-12 and 10-20)
    be = Backend(engine, "wall-1", clock=Clock(dt.datetime(2026, 10, 8, 15)))
    assert be.poll() is not None
    row = {r.case_no: r for r in be.unit_cases(units["D13"])}["W-1"]
    assert (row.promised_due, row.statutory_due) == (dt.date(2026, 10, 15), dt.date(2026, 10, 26))


def test_a_holiday_notice_re_dates_natural_day_cases_from_their_calendar_days(world, engine, cal):
    Session, _ids, units = world
    lines = [
        accept("S-1", "2027-01-28T10:00", promised_days=10, statutory_days=20, limit_unit="自然日"),
        accept("S-2", "2027-01-28T10:00", promised_days=7, statutory_days=14),  # working days: moved by the notice
    ]
    ingest_lines(Session, lines, "d13-approval", cal=cal, today=dt.date(2027, 1, 28))
    with Session.begin() as s:
        now = dt.datetime(2027, 1, 29, 9)
        s.add_all(
            CalendarOverride(day=d, is_workday=w, note="2027 春节通知", updated_by="admin", updated_at=now)
            for d, w in SPRING_2027.items()
        )
        s.add(CalendarYear(year=2027, confirmed_by="admin", confirmed_at=now))
    with Session.begin() as s:
        after = repo.load_calendar(s)
        recompute_open_due_dates(s, after, dt.date(2027, 1, 29))
    with Session() as s:
        got = {c.case_no: (c.promised_due, c.statutory_due) for c in s.scalars(select(Case))}
    # Thu 01-28 + 10 = Sun 02-07 -> 02-08..02-12 off, weekend -> Mon 02-15; + 20 = Wed 02-17, a working day
    assert got["S-1"] == (dt.date(2027, 2, 15), dt.date(2027, 2, 17))
    # 7 working days: 01-29, Sun 01-31, 02-01..02-05 -> Fri 02-05; 14: .. 02-15..02-19, Sat 02-20, Mon 02-22
    assert got["S-2"] == (dt.date(2027, 2, 5), dt.date(2027, 2, 22))
    be = Backend(engine, "wall-1", clock=Clock(dt.datetime(2027, 1, 29, 10)))
    assert be.poll() is not None
    rows = {r.case_no: r for r in be.unit_cases(units["D13"])}
    assert (rows["S-1"].promised_due, rows["S-1"].statutory_due) == got["S-1"]
    assert (rows["S-2"].promised_due, rows["S-2"].statutory_due) == got["S-2"]


def test_a_natural_day_step_is_re_dated_by_a_holiday_notice(world, engine, cal):
    Session, _ids, _units = world
    natural_item(Session)  # 承办 7 自然日
    lines = [
        accept("T-1", "2027-02-03T10:00", promised_days=15, statutory_days=20),  # the case's own: working days
        line("T-1", "step", "2027-02-04T09:00", step_code="CB", started_at="2027-02-04T09:00"),
    ]
    ingest_lines(Session, lines, "d13-approval", cal=cal, today=dt.date(2027, 2, 4))
    with Session() as s:  # Thu 02-04 + 7 = Thu 02-11, a working day before the notice (5 working days)
        ev = s.scalars(select(CaseEvent).where(CaseEvent.step_code == "CB")).one()
        assert (ev.due, ev.limit_days, ev.natural_days) == (dt.date(2027, 2, 11), 5, 7)
    with Session.begin() as s:
        now = dt.datetime(2027, 2, 4, 12)
        s.add_all(
            CalendarOverride(day=d, is_workday=w, note="2027 春节通知", updated_by="admin", updated_at=now)
            for d, w in SPRING_2027.items()
        )
        s.add(CalendarYear(year=2027, confirmed_by="admin", confirmed_at=now))
    # with the notice: 02-11, 02-12 off, weekend -> Mon 02-15; red on Tue 02-16 (the stored 5 working days would
    # run 02-05, 02-15 .. 02-18 and keep it calm)
    be = Backend(engine, "wall-1", clock=Clock(dt.datetime(2027, 2, 16, 10)))
    (alarm,) = [a for a in be.poll().alarms if a.case_no == "T-1"]
    assert alarm.rule == "step_overdue" and "2027-02-15" in alarm.message
