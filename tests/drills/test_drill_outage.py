"""Fault drill: the database goes away, repeatedly, while cases turn red.

Two outages: the network path is cut (a TcpProxy in front of the shared server) and the server itself is
stopped (``pg_ctl stop -m immediate`` on a private PostgreSQL cluster: the shared one serves other tests).
Each runs a real console (ControlRoom, ConsoleController on APScheduler) through three 5-second outages, one
while idle and two *inside a poll*, after it inserted its new alarms and before it committed.  Asserted:
no error escapes (no ERROR log, no Qt warning), a stale snapshot (ok False, the last good as_of and totals)
within one poll interval of the cut, a good one within two intervals of the database's return, and every
case that turned red during the outages has exactly one alarm row per rule and is presented exactly once.

The 2-minute outages at the production poll interval (3 s) and back-off are ``soak`` drills:
``make soak`` (CONSOLE_SOAK=1 pytest -m soak).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections import Counter

import pytest
from sqlalchemy import create_engine, text

from console.domain.calendar import WorkCalendar
from console.models.db import make_engine, session_factory, upgrade
from tests.conftest import fresh_pg_database
from tests.support.drills import pgserver
from tests.support.drills.outage import MidPollFault, RecordingBackend, close_room, make_room, run_outage_drill
from tests.support.drills.world import alarm_rows, cases_due_on, ingest, sync_catalogue, working_days_after
from tests.support.factories import Clock
from tests.support.tcpproxy import TcpProxy

pytestmark = pytest.mark.postgres
SOAK = os.environ.get("CONSOLE_SOAK") == "1"
soak = [pytest.mark.soak, pytest.mark.skipif(not SOAK, reason="soak drill: set CONSOLE_SOAK=1 (make soak)")]

START = dt.date(2025, 10, 10)  # a Friday after National Day 2025
PER_GROUP = 20  # cases turning red per cycle (more than 10: the alarm flood summary, not a modal per case)

# (poll interval s, back-off cap s, outage s, cycle kinds); the defaults scale the production 3 s / 3 s down
QUICK = (1.0, 1.0, 5.0, ["idle", "mid-poll", "mid-poll"])
LONG = (3.0, 3.0, 120.0, ["mid-poll"])


def _slack(interval: float) -> float:
    return 0.25 * interval + 0.3  # scheduler jitter and the poll's own duration on a busy 2-core machine


def _world(Session, cal, n_cycles):
    """Group k falls due on working day k (yellow then); cycle k moves the clock one working day on."""
    days = [START] + working_days_after(cal, START, n_cycles)
    expected = set()
    for k in range(n_cycles):
        recs = cases_due_on(cal, days[k], f"G{k}", PER_GROUP)
        ingest(Session, recs, today=START)
        expected |= {r["case_no"] for r in recs}
    assert alarm_rows(Session) == Counter()  # nothing red yet
    return days[1:], expected


def _check(result, Session, expected, interval, caplog, label):
    print(f"\n[{label}] interval {interval}s:")
    for c in result.cycles:
        print(
            f"  {c.kind:8s} stale after {c.stale_after_s:.3f}s, reconnected {c.reconnect_after_s:.3f}s after "
            f"the database returned, {c.stale_polls} stale polls, banner {'shown' if c.banner_seen else 'MISSING'}"
        )
    print(
        f"  polls {result.polls} ({result.failed_polls} failed), alarm rows {sum(alarm_rows(Session).values())}, "
        f"expected {len(expected)}"
    )
    for c in result.cycles:
        assert c.stale_after_s <= interval + _slack(interval), c
        assert c.reconnect_after_s <= 2 * interval + _slack(interval), c
        assert c.stale_polls >= 1 and c.banner_seen, c
    rows = alarm_rows(Session)
    assert rows == Counter({(no, "promised_overdue", "", "red"): 1 for no in expected}), (
        f"lost: {sorted(no for no in expected if (no, 'promised_overdue', '', 'red') not in rows)[:10]}, "
        f"doubled or unexpected: {[k for k, n in rows.items() if n != 1 or k[0] not in expected][:10]}"
    )
    # presented once each: every alarm id reached the screens as new exactly once
    assert len(result.new_alarm_ids) == len(expected) and set(result.new_alarm_ids.values()) == {1}
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, [r.getMessage() for r in errors]


def _final_snapshot(qtbot, backend, expected, timeout=15.0):
    from tests.support.drills.outage import wait_for

    def done():
        h = backend.history()
        snap = h[-1][2] if h else None
        return snap if snap is not None and snap.ok and {a.case_no for a in snap.alarms} >= expected else None

    snap = wait_for(qtbot, done, timeout)
    if snap is None:
        last = backend.history()[-1][2]
        missing = sorted(expected - {a.case_no for a in last.alarms})
        pytest.fail(
            f"the alarms of {len(missing)} cases that turned red never reached the console "
            f"(last snapshot ok={last.ok}): {missing[:8]}…"
        )
    assert len({a.alarm_id for a in snap.alarms}) == len(snap.alarms)
    return snap


@pytest.mark.parametrize("params", [pytest.param(QUICK, id="5s-x3"), pytest.param(LONG, id="2min", marks=soak)])
def test_network_cut_outages(qtbot, tmp_path, pg_template, caplog, params):
    interval, backoff, outage_s, kinds = params
    caplog.set_level(logging.WARNING)
    url, drop = fresh_pg_database(pg_template)
    direct = make_engine(url)
    Session = session_factory(direct)
    proxy = TcpProxy()
    eng = make_engine(url.replace("127.0.0.1:5432", f"127.0.0.1:{proxy.port}"), connect_args={"connect_timeout": 2})
    ctl = room = None
    try:
        sync_catalogue(Session)
        cal = WorkCalendar.build()
        days, expected = _world(Session, cal, len(kinds))
        clock = Clock(dt.datetime.combine(START, dt.time(9, 30)))
        backend = RecordingBackend(eng, "wall-drill", clock=clock, max_backoff_s=backoff)
        fault = MidPollFault(eng, proxy.cut)
        ctl, room = make_room(qtbot, tmp_path, backend, "wall-drill")

        def during(k):  # meanwhile, the approval systems keep delivering: overdue cases arrive at the database
            recs = cases_due_on(cal, dt.date(2025, 9, 26), f"X{k}", 5)  # long overdue
            ingest(Session, recs, today=days[k])
            expected.update(r["case_no"] for r in recs)

        result = run_outage_drill(
            qtbot,
            room,
            ctl,
            backend,
            fault,
            clock,
            days,
            proxy.cut,
            proxy.restore,
            interval,
            outage_s,
            kinds,
            during=during,
        )
        _final_snapshot(qtbot, backend, expected)
        _check(result, Session, expected, interval, caplog, f"network cut, {outage_s:.0f}s x{len(kinds)}")
    finally:
        if ctl is not None:
            close_room(room, ctl)
        eng.dispose()
        proxy.close()
        direct.dispose()
        drop()


@pytest.fixture
def private_pg():
    why = pgserver.available()
    if why:
        pytest.skip(why)
    pg = pgserver.PrivatePostgres()
    pg.start()
    admin = create_engine(pg.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text("CREATE DATABASE drill"))
    admin.dispose()
    yield pg
    pg.destroy()


@pytest.mark.parametrize("params", [pytest.param(QUICK, id="5s-x3"), pytest.param(LONG, id="2min", marks=soak)])
def test_server_stopped_outages(qtbot, tmp_path, private_pg, caplog, params):
    interval, backoff, outage_s, kinds = params
    caplog.set_level(logging.WARNING)
    url = private_pg.url_for("drill")
    direct = make_engine(url)
    upgrade(direct)
    Session = session_factory(direct)
    eng = make_engine(url, connect_args={"connect_timeout": 2})
    ctl = room = None
    try:
        sync_catalogue(Session)
        cal = WorkCalendar.build()
        days, expected = _world(Session, cal, len(kinds))
        direct.dispose()  # the drill's own connections must not hold the server
        clock = Clock(dt.datetime.combine(START, dt.time(9, 30)))
        backend = RecordingBackend(eng, "wall-drill", clock=clock, max_backoff_s=backoff)
        fault = MidPollFault(eng, lambda: private_pg.stop("immediate"))
        ctl, room = make_room(qtbot, tmp_path, backend, "wall-drill")
        result = run_outage_drill(
            qtbot,
            room,
            ctl,
            backend,
            fault,
            clock,
            days,
            lambda: private_pg.stop("immediate"),
            private_pg.start,
            interval,
            outage_s,
            kinds,
        )
        _final_snapshot(qtbot, backend, expected)
        _check(result, Session, expected, interval, caplog, f"server stopped, {outage_s:.0f}s x{len(kinds)}")
        assert "database system was not properly shut down" in private_pg.log_text()  # it really crashed
    finally:
        if ctl is not None:
            close_room(room, ctl)
        eng.dispose()
        direct.dispose()
