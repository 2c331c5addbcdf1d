"""The lights' history in the database: written once per interval whoever polls, read back after a restart,
trimmed to the retention, a month's chart read along an index."""

import datetime as dt

from sqlalchemy import func, select, text

from console.domain import catalogue
from console.models import light_history
from console.models import repository as repo
from console.models.light_history import LightSample, LightSampleUnit
from console.models.schema import Unit
from console.services.poller import Backend
from tests.support.factories import add_case

T0 = dt.datetime(2025, 10, 10, 10, 1, 30)  # Friday after National Day 2025


def _world(Session):
    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), catalogue.items())
        add_case(s, "R1", "D01", dt.datetime(2025, 9, 22, 9))  # red on 10-10
        add_case(s, "N1", "D04", dt.datetime(2025, 10, 9, 9))


def test_sample_time_rounds_down_to_the_interval():
    assert light_history.sample_time(dt.datetime(2025, 10, 10, 10, 7, 59), 300) == dt.datetime(2025, 10, 10, 10, 5)
    assert light_history.sample_time(dt.datetime(2025, 10, 10, 0, 0, 0), 300) == dt.datetime(2025, 10, 10, 0, 0)


def test_polls_record_one_sample_per_interval_and_a_restart_reads_the_day_back(engine, Session):
    _world(Session)
    now = [T0]
    a = Backend(engine, "wall-1", clock=lambda: now[0])
    b = Backend(engine, "wall-2", clock=lambda: now[0])  # a second console on the same database
    a.poll(), b.poll()
    now[0] = T0 + dt.timedelta(minutes=2)
    a.poll(), b.poll()  # same interval: nothing new
    now[0] = T0 + dt.timedelta(minutes=5)
    a.poll(), b.poll()
    with Session() as s:
        ats = list(s.scalars(select(LightSample.at).order_by(LightSample.at)))
        assert ats == [dt.datetime(2025, 10, 10, 10, 0), dt.datetime(2025, 10, 10, 10, 5)]
        row = s.get(LightSample, ats[0])
        assert (row.red, row.normal, row.alarms_waiting) == (1, 1, 1)
        assert s.scalar(select(func.count()).select_from(LightSampleUnit)) == 2 * 66
        d01 = s.scalar(select(Unit.id).where(Unit.code == "D01"))
        assert [p.red for p in light_history.unit_between(s, d01, ats[0], ats[1] + dt.timedelta(1))] == [1, 1]
    # a console started later has the day's samples at once, then its own live point
    now[0] = T0 + dt.timedelta(minutes=6)
    snap = Backend(engine, "wall-3", clock=lambda: now[0]).poll()
    assert [p.at for p in snap.lights_history] == [*ats, now[0]]
    assert snap.lights_history[0].red == 1


def test_the_next_day_starts_a_new_chart_and_old_samples_go_after_the_retention(engine, Session):
    _world(Session)
    with Session.begin() as s:
        light_history.record(s, T0 - dt.timedelta(days=401), (1, 0, 0, 0, 0, 0), [(1, 1, 0, 0, 0, 0)])
        light_history.record(s, T0 - dt.timedelta(days=399), (2, 0, 0, 0, 0, 0), [(1, 2, 0, 0, 0, 0)])
    snap = Backend(engine, "wall-1", clock=lambda: T0).poll()
    assert [p.at.date() for p in snap.lights_history] == [T0.date(), T0.date()]  # today's sample + live
    with Session() as s:
        assert s.scalar(select(func.min(LightSample.at))) == T0 - dt.timedelta(days=399)
        assert s.scalar(select(func.min(LightSampleUnit.at))) == T0 - dt.timedelta(days=399)
    # a shorter retention is a setting
    Backend(engine, "wall-2", clock=lambda: T0 + dt.timedelta(minutes=5), history_keep_days=30).poll()
    with Session() as s:
        assert s.scalar(select(func.min(LightSample.at))) == dt.datetime(2025, 10, 10, 10, 0)


def test_a_month_chart_is_one_index_range(engine, Session):
    if engine.dialect.name != "sqlite":
        return  # the plan's wording is SQLite's; PostgreSQL uses the same primary key
    with Session() as s:
        plan = " ".join(
            str(r[-1])
            for r in s.execute(
                text("EXPLAIN QUERY PLAN SELECT * FROM light_samples WHERE at >= :a AND at < :b ORDER BY at"),
                {"a": T0, "b": T0 + dt.timedelta(days=31)},
            )
        )
        assert "SEARCH" in plan and "TEMP B-TREE" not in plan, plan
        plan_u = " ".join(
            str(r[-1])
            for r in s.execute(
                text(
                    "EXPLAIN QUERY PLAN SELECT * FROM light_samples_units WHERE unit_id = 3"
                    " AND at >= :a AND at < :b ORDER BY at"
                ),
                {"a": T0, "b": T0 + dt.timedelta(days=31)},
            )
        )
        assert "SEARCH" in plan_u and "TEMP B-TREE" not in plan_u, plan_u
