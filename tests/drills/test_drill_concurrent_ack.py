"""Fault drill: 8 console processes acknowledge the same 500 alarms at once (concurrent consoles).

Each process (tests/support/drills/ack_worker.py, mode race) has its own engine, Backend and ConsoleController and
sends one request for all 500 alarms through the controller (the flood dialog's 全部确认) the moment a start
file appears, each in its own order.  Asserted: every alarm acknowledged exactly once (500 alarm_acks rows,
one per alarm, 500 audit rows, every alarm status acknowledged); exactly one process won each alarm and every
other process was told who won, from which console and when; no error reached sig_error (the error dialog);
all done within a bound (no deadlock).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import subprocess
import sys
import time
from collections import Counter

import pytest
from sqlalchemy import select

from console.domain.calendar import WorkCalendar
from console.models.db import make_engine, session_factory
from console.models.schema import Alarm, AlarmAck, AuditLog
from console.services.poller import Backend
from tests.conftest import fresh_pg_database
from tests.support import ROOT
from tests.support.drills.world import ack_state, cases_due_on, count, ingest, sync_catalogue

pytestmark = pytest.mark.postgres

CONSOLES = 8
ALARMS = 500
BOUND_S = 60  # all 8 processes must be done within this after the start line: beyond it, a deadlock


def test_eight_consoles_acknowledge_the_same_500_alarms(pg_template, tmp_path):
    url, drop = fresh_pg_database(pg_template)
    eng = make_engine(url)
    Session = session_factory(eng)
    procs = []
    try:
        sync_catalogue(Session)
        recs = cases_due_on(WorkCalendar.build(), dt.date(2025, 9, 26), "ACK", ALARMS)
        ingest(Session, recs, today=dt.date(2025, 10, 10))
        snap = Backend(eng, "wall-0", clock=lambda: dt.datetime(2025, 10, 10, 9)).poll()  # all overdue: 500 alarms
        assert snap.ok and len(snap.alarms) == ALARMS
        with Session() as s:
            ids = list(s.scalars(select(Alarm.id).where(Alarm.status == "open").order_by(Alarm.id)))
        assert len(ids) == ALARMS
        go = tmp_path / "go"
        names = [f"console-{n}" for n in range(CONSOLES)]
        for n, name in enumerate(names):
            order = list(ids)
            if n % 2:  # half in the table's order, half shuffled: the same rows, met in different orders
                random.Random(n).shuffle(order)
            (tmp_path / f"{name}.ids").write_text(json.dumps(order))
            procs.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "tests.support.drills.ack_worker",
                        "race",
                        url,
                        name,
                        str(tmp_path / f"{name}.ids"),
                        str(tmp_path / f"{name}.ready"),
                        str(go),
                        str(tmp_path / f"{name}.json"),
                    ],
                    cwd=ROOT,
                    env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                )
            )
        end = time.monotonic() + 90
        while not all((tmp_path / f"{n}.ready").exists() for n in names):
            assert time.monotonic() < end and all(p.poll() is None for p in procs), [
                p.communicate()[0][-2000:] for p in procs if p.poll() is not None
            ]
            time.sleep(0.05)
        t0 = time.monotonic()
        go.write_text("go")
        outputs = []
        for p in procs:
            try:
                out, _ = p.communicate(timeout=max(1.0, BOUND_S - (time.monotonic() - t0)))
            except subprocess.TimeoutExpired:
                pytest.fail(f"a console did not finish within {BOUND_S} s of the start line: deadlock or stall")
            outputs.append(out)
        wall = time.monotonic() - t0
        for p, out in zip(procs, outputs, strict=True):
            assert p.returncode == 0, out[-3000:]
        results = {n: json.loads((tmp_path / f"{n}.json").read_text()) for n in names}

        # the database: each alarm acknowledged exactly once, with all three parts
        assert count(Session, AlarmAck) == ALARMS
        with Session() as s:
            acks = {a.alarm_id: a for a in s.scalars(select(AlarmAck))}
            audit = Counter(s.scalars(select(AuditLog.target).where(AuditLog.action == "alarm.acknowledge")))
        assert set(acks) == set(ids)
        assert audit == Counter({f"alarm:{i}": 1 for i in ids})
        assert set(ack_state(Session).values()) == {("acknowledged", True, 1)}

        # the consoles: one winner per alarm, and every other console was told that winner
        winners = Counter()
        for name, res in results.items():
            assert res["finished"] and res["errors"] == [], (name, res["errors"])
            assert sorted(o["alarm_id"] for o in res["outcomes"]) == ids, name
            for o in res["outcomes"]:
                ack = acks[o["alarm_id"]]
                assert (o["operator"], o["console"], o["acked_at"]) == (
                    ack.operator,
                    ack.console,
                    ack.acked_at.isoformat(),
                ), (name, o)
                assert o["won"] == (ack.console == name), (name, o)
                winners[o["alarm_id"]] += o["won"]
        assert winners == Counter(dict.fromkeys(ids, 1))
        per_console = Counter(a.console for a in acks.values())
        print(
            f"\n[8 consoles x 500 alarms] all done {wall:.2f}s after the start line; "
            f"per process {min(r['seconds'] for r in results.values()):.2f}-"
            f"{max(r['seconds'] for r in results.values()):.2f}s; wins per console {dict(sorted(per_console.items()))}"
        )
        assert wall < BOUND_S
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
        eng.dispose()
        drop()
