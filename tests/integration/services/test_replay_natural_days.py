"""Replay (回放) counts 自然日 limits as the live console does (console.models.asof reads the limits' and the open
step's 自然日, and the engine re-runs them from their calendar days on the day replayed).

Each record arrives at its own moment (``repo.now`` set to it), so "known at T" is exercised too.  The expected
lights are worked out by hand: 自然日 count every calendar day, the start day not counted (民法典 201), a last day
on a rest day moves to the next working day (民法典 203), a 补正 stops the clock for every calendar day it is open
(行政许可法 32: the materials' time is not counted).  Each moment is one where working-day counting of the stored
equivalents (what a replay ran before) gives another light.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
from sqlalchemy import select

from console.domain.timelimits import Light
from console.ingest.apply import ingest_records
from console.models import asof
from console.models import repository as repo
from console.models.schema import CalendarOverride, CalendarYear, Case, Item, ItemStep
from console.services.poller import Backend
from tests.unit.ingest.test_natural_item_limits import SPRING_2027

ITEM = "D13-004"


def rec(case_no: str, type_: str, at: str, n: int = 0, **kw) -> dict:
    return {"record_id": f"{case_no}-{type_}-{n}", "type": type_, "case_no": case_no, "occurred_at": at, **kw}


def arrive(Session, monkeypatch, when: dt.datetime, records: list[dict], cal) -> None:
    monkeypatch.setattr(repo, "now", lambda: when)
    report = ingest_records(Session, records, "d13-approval", cal, today=when.date())
    assert not report.rejected, report


def light_of(backend: Backend, unit_id: int, case_no: str) -> Light:
    snap = backend.poll()
    assert snap.ok, snap.error
    return {r.case_no: r.light for r in backend.unit_cases(unit_id)}[case_no]


def same_columns(a, b) -> list[str]:
    return [
        f.name
        for f in dataclasses.fields(a)
        if not np.array_equal(np.asarray(getattr(a, f.name)), np.asarray(getattr(b, f.name)))
    ]


def test_a_natural_day_case_in_an_open_wait_over_a_weekend_replays_yellow(world, engine, cal, monkeypatch):
    """Accepted Mon 2026-11-02 with 3 / 20 自然日; a 补正 from Tue 11-03, ended Mon 11-09 (after the moment).
    At Fri 11-06 15:00, the 补正 open: 11-03..11-06 stopped, 3 days counted Sat 11-07, Sun 11-08, Mon 11-09 →
    due Mon 11-09, one working day left (Mon; Fri is stopped) → yellow.  The stored working-day equivalent (3,
    from the fold of the ended 补正: 11-10..11-12) run with the wait open to 11-06 would end Wed 11-11: 3 left,
    blue."""
    Session, _ids, units = world
    d13 = units["D13"]
    at = dt.datetime(2026, 11, 6, 15, 0)
    accept = rec("CN-1", "accept", "2026-11-02T09:00", item_code=ITEM, unit_code="D13", promised_days=3,
                 statutory_days=20, limit_unit="自然日")  # fmt: skip
    arrive(Session, monkeypatch, dt.datetime(2026, 11, 2, 9, 5), [accept], cal)
    arrive(
        Session,
        monkeypatch,
        dt.datetime(2026, 11, 3, 9, 5),
        [rec("CN-1", "supplement_notice", "2026-11-03T09:00")],
        cal,
    )
    monkeypatch.setattr(repo, "now", lambda: at)
    live_then = light_of(Backend(engine, "wall-1", clock=lambda: at, reader=True), d13, "CN-1")
    assert live_then == Light.YELLOW
    end = rec("CN-1", "supplement_received", "2026-11-09T09:00")
    arrive(Session, monkeypatch, dt.datetime(2026, 11, 9, 9, 5), [end], cal)
    with Session() as s:
        c = s.scalars(select(Case).where(Case.case_no == "CN-1")).one()
        # the fold of the ended 补正: 11-03..11-09 stopped, 11-10, 11-11, 11-12 → Thu 11-12, 3 working days
        assert (c.promised_days, c.promised_natural_days, c.statutory_natural_days) == (3, 3, 20)
        assert c.promised_due == dt.date(2026, 11, 12)
        cid = c.id

    now = dt.datetime(2026, 11, 9, 12, 0)
    monkeypatch.setattr(repo, "now", lambda: now)
    assert light_of(Backend(engine, "wall-2", as_of=at), d13, "CN-1") == live_then  # a console started --at
    live = Backend(engine, "wall-3", clock=lambda: now, reader=True)
    # now, the 补正 ended (11-09 stopped too): due Thu 11-12, 11-10..11-12 left → blue
    assert light_of(live, d13, "CN-1") == Light.BLUE
    live.set_as_of(at)  # the desk's 回放 control: the live set patched (asof.fetch_columns_at_from_live)
    assert live._live_base is not None
    assert light_of(live, d13, "CN-1") == live_then

    with Session() as s:
        full = asof.fetch_columns_at(s, at)
        patched = asof.fetch_columns_at_from_live(s, at, *live._live_base, min_share=0)
    assert patched is not None and same_columns(full, patched) == []
    i = int(np.flatnonzero(full.case_id == cid)[0])
    assert (int(full.promised_natural[i]), int(full.statutory_natural[i]), int(full.step_natural[i])) == (3, 20, -1)


def test_a_natural_day_step_re_dated_by_a_holiday_notice_replays_red(world, engine, cal, monkeypatch):
    """承办 in 7 自然日, begun Thu 2027-02-04; the 2027 Spring Festival notice (02-08..02-12 off) came at noon that
    day.  02-04 + 7 = Thu 02-11, a holiday now, then 02-12 and the weekend → due Mon 02-15: red on Tue 02-16.
    The step row's stored equivalent (5 working days before the notice) run on the noticed calendar would go
    02-05, 02-15 .. 02-18 and keep the case calm."""
    Session, _ids, units = world
    d13 = units["D13"]
    with Session.begin() as s:  # the administrator sets the 承办 step's limit to 7 自然日
        item = s.scalars(select(Item).where(Item.code == ITEM)).one()
        cb = s.scalars(select(ItemStep).where(ItemStep.item_id == item.id, ItemStep.code == "CB")).one()
        cb.limit_days, cb.limit_unit = 7, "自然日"
    accept = rec(
        "T-1", "accept", "2027-02-03T10:00", item_code=ITEM, unit_code="D13", promised_days=15, statutory_days=20
    )  # fmt: skip  (the case's own limits: working days)
    arrive(Session, monkeypatch, dt.datetime(2027, 2, 3, 10, 5), [accept], cal)
    step = rec("T-1", "step", "2027-02-04T09:00", step_code="CB", started_at="2027-02-04T09:00")
    arrive(Session, monkeypatch, dt.datetime(2027, 2, 4, 9, 5), [step], cal)
    with Session.begin() as s:
        noon = dt.datetime(2027, 2, 4, 12)
        s.add_all(
            CalendarOverride(day=d, is_workday=w, note="2027 春节通知", updated_by="admin", updated_at=noon)
            for d, w in SPRING_2027.items()
        )
        s.add(CalendarYear(year=2027, confirmed_by="admin", confirmed_at=noon))

    at = dt.datetime(2027, 2, 16, 10, 0)
    monkeypatch.setattr(repo, "now", lambda: at)
    live_then = light_of(Backend(engine, "wall-1", clock=lambda: at, reader=True), d13, "T-1")
    assert live_then == Light.RED
    now = dt.datetime(2027, 2, 17, 9, 0)
    monkeypatch.setattr(repo, "now", lambda: now)
    assert light_of(Backend(engine, "wall-2", as_of=at), d13, "T-1") == Light.RED
    live = Backend(engine, "wall-3", clock=lambda: now, reader=True)
    assert light_of(live, d13, "T-1") == Light.RED
    live.set_as_of(at)
    assert light_of(live, d13, "T-1") == Light.RED
    # a day before the due the step is within its limit: not red in replay either (15 working days: normal)
    assert light_of(Backend(engine, "wall-4", as_of=dt.datetime(2027, 2, 15, 10, 0)), d13, "T-1") != Light.RED

    with Session() as s:
        full = asof.fetch_columns_at(s, at)
        patched = asof.fetch_columns_at_from_live(s, at, *live._live_base, min_share=0)
    assert patched is not None and same_columns(full, patched) == []
    with Session() as s:
        cid = s.scalars(select(Case.id).where(Case.case_no == "T-1")).one()
    i = int(np.flatnonzero(full.case_id == cid)[0])
    assert (int(full.promised_natural[i]), int(full.step_natural[i])) == (-1, 7)
    assert set(full.step_natural[full.case_id != cid].tolist()) == {-1}  # the world's other cases: working days
