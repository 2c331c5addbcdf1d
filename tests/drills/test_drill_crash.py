"""Fault drill: kill -9 (crash safety).

1. A console process is killed while an acknowledgement is being written: paused inside the transaction right
   after the alarm_acks INSERT, after the alarms UPDATE, or after the audit_log INSERT (uncommitted), or
   killed at a random moment while it acknowledges non-stop.  On SQLite and on PostgreSQL.  Afterwards every
   alarm is either fully acknowledged (alarm_acks row AND status acknowledged AND one audit row) or still
   waiting with none of these; a restarted console lists the waiting ones and can acknowledge them.
2. The ingest CLI is killed three times at random points while it loads a large file into SQLite; after each
   kill ``PRAGMA integrity_check`` is ok; a last uninterrupted re-run completes, and the database then holds
   exactly what one uninterrupted run into a fresh database holds (records, cases, their rows, alarms and
   quarantined lines, each once).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from console.domain.calendar import WorkCalendar
from console.models.db import make_engine, session_factory, upgrade
from console.models.schema import Alarm, AlarmAck, AuditLog
from console.services.poller import Backend
from tests.support import ROOT
from tests.support.drills.gen import case_records, jsonl
from tests.support.drills.world import ack_state, cases_due_on, count, ingest, sync_catalogue

NOW = dt.datetime(2025, 10, 10, 9)


def _spawn(*argv) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, *argv],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _wait_file(path: Path, proc: subprocess.Popen, timeout: float, ready=lambda text: True) -> str:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if path.exists():
            text = path.read_text()
            if text and ready(text):
                return text
        if proc.poll() is not None:
            pytest.fail(f"worker exited early ({proc.returncode}): {proc.communicate()[0][-3000:]}")
        time.sleep(0.01)
    proc.kill()
    pytest.fail(f"worker never reached {path.name}: {proc.communicate()[0][-3000:]}")


def _kill9(proc: subprocess.Popen) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    assert proc.returncode == -signal.SIGKILL


def _alarms(Session, n: int) -> list[int]:
    sync_catalogue(Session)
    ingest(Session, cases_due_on(WorkCalendar.build(), dt.date(2025, 9, 26), "CR", n), today=NOW.date())
    eng = Session.kw["bind"]
    snap = Backend(eng, "wall-0", clock=lambda: NOW).poll()
    assert snap.ok and len(snap.alarms) == n
    return sorted(a.alarm_id for a in snap.alarms)


def _assert_never_half_written(Session) -> Counter:
    states = ack_state(Session)
    kinds = Counter(states.values())
    assert set(kinds) <= {("acknowledged", True, 1), ("open", False, 0)}, {
        aid: st for aid, st in states.items() if st not in (("acknowledged", True, 1), ("open", False, 0))
    }
    return kinds


@pytest.mark.parametrize("pause_at", ["alarm_acks", "alarms", "audit_log"])
def test_kill_inside_the_acknowledgement_transaction(db_url, tmp_path, pause_at):
    eng = make_engine(db_url)
    Session = session_factory(eng)
    try:
        ids = _alarms(Session, 5)
        (tmp_path / "ids").write_text(json.dumps(ids))
        proc = _spawn(
            "-m",
            "tests.support.drills.ack_worker",
            "crash",
            db_url,
            "desk-9",
            str(tmp_path / "ids"),
            pause_at,
            str(tmp_path / "paused"),
        )
        paused = json.loads(_wait_file(tmp_path / "paused", proc, 60))
        assert paused["alarm_id"] == ids[1]  # the first alarm was committed, the second is mid-write
        _kill9(proc)
        eng.dispose()  # "restart": nothing of the old connections survives

        kinds = _assert_never_half_written(Session)
        assert kinds == Counter({("open", False, 0): 4, ("acknowledged", True, 1): 1})
        states = ack_state(Session)
        assert states[ids[0]][0] == "acknowledged" and states[ids[1]][0] == "open"
        if db_url.startswith("sqlite"):
            with sqlite3.connect(db_url.removeprefix("sqlite:///")) as c:
                assert c.execute("PRAGMA integrity_check").fetchone() == ("ok",)

        # the restarted console still sees the alarm waiting and can acknowledge it; the lock is gone
        restarted = Backend(make_engine(db_url), "desk-9", clock=lambda: NOW)
        snap = restarted.poll()
        assert snap.ok and sorted(a.alarm_id for a in snap.alarms) == ids[1:]
        (out,) = restarted.acknowledge([ids[1]], "operator-desk-9", "desk-9", "after restart")
        assert out.won
        assert _assert_never_half_written(Session) == Counter({("open", False, 0): 3, ("acknowledged", True, 1): 2})
        restarted.engine.dispose()
    finally:
        eng.dispose()


def test_kill_while_acknowledging_non_stop(db_url, tmp_path):
    eng = make_engine(db_url)
    Session = session_factory(eng)
    rnd = random.Random()
    try:
        ids = _alarms(Session, 300)
        (tmp_path / "ids").write_text(json.dumps(ids))
        done = 0
        for round_ in range(3):  # three kills at random moments, each resuming where the last left off
            todo = sorted(aid for aid, st in ack_state(Session).items() if st[0] == "open")
            (tmp_path / "ids").write_text(json.dumps(todo))
            (tmp_path / "progress").unlink(missing_ok=True)
            proc = _spawn(
                "-m",
                "tests.support.drills.ack_worker",
                "crash",
                db_url,
                f"desk-{round_}",
                str(tmp_path / "ids"),
                "none",
                str(tmp_path / "progress"),
            )
            target = rnd.randint(5, 40)
            _wait_file(tmp_path / "progress", proc, 60, ready=lambda t, target=target: t.isdigit() and int(t) >= target)
            time.sleep(rnd.random() * 0.05)  # somewhere inside the next acknowledgements
            _kill9(proc)
            kinds = _assert_never_half_written(Session)
            acked = kinds[("acknowledged", True, 1)]
            assert acked >= done + target, (acked, done, target)
            assert acked < len(ids)  # killed mid-way, not after the end
            done = acked
        print(
            f"\n[kill -9 while acknowledging, {db_url.split(':')[0]}] {done} of {len(ids)} acknowledged "
            "after three kills, none half-written"
        )
        assert count(Session, AlarmAck) == done
        with Session() as s:
            assert len(s.scalars(select(AuditLog.target).where(AuditLog.action == "alarm.acknowledge")).all()) == done
            assert len(s.scalars(select(Alarm.id).where(Alarm.status == "acknowledged")).all()) == done
    finally:
        eng.dispose()


# ---- SQLite survives a kill during ingest ---------------------------------------------------------------

CASES = 4000  # 24,000 records: several seconds of ingest, killed three times part-way


def _sqlite_count(path: Path, table: str) -> int:
    try:
        with sqlite3.connect(path, timeout=10) as c:
            return c.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def _content(path: Path) -> dict:
    """What an ingest leaves, without ids, stamps and watermarks (they differ between runs)."""
    with sqlite3.connect(path) as c:
        q = lambda sql: sorted(tuple(r) for r in c.execute(sql))  # noqa: E731
        return {
            "records": q("SELECT record_id, case_no, type, digest FROM exchange_records"),
            "cases": q(
                "SELECT case_no, stage, handler, accepted_at, completed_at, promised_due, statutory_due, "
                "result FROM cases"
            ),
            "events": q(
                "SELECT c.case_no, e.step_code, e.started_at, e.ended_at, e.due FROM case_events e "
                "JOIN cases c ON c.id = e.case_id"
            ),
            "evaluations": q("SELECT c.case_no, v.level FROM evaluations v JOIN cases c ON c.id = v.case_id"),
            "alarms": q("SELECT c.case_no, a.rule, a.subject, a.level FROM alarms a JOIN cases c ON c.id = a.case_id"),
            "quarantine": q("SELECT source, line_no, reason FROM quarantine"),
        }


def test_sqlite_survives_kill9_during_ingest(tmp_path):
    recs = case_records(CASES)
    text, n_bad = jsonl(recs, bad_every=997)
    src = tmp_path / "big.jsonl"
    src.write_text(text, encoding="utf-8")
    ref, victim = tmp_path / "ref.db", tmp_path / "victim.db"
    for db in (ref, victim):  # schema and catalogue first: the kills land in the ingest itself
        eng = make_engine(f"sqlite:///{db}")
        upgrade(eng)
        sync_catalogue(session_factory(eng))
        eng.dispose()
    ingest_argv = ("main.py", "ingest", str(src), "--db")

    t0 = time.monotonic()
    proc = _spawn(*ingest_argv, f"sqlite:///{ref}")
    out, _ = proc.communicate(timeout=300)
    ref_s = time.monotonic() - t0
    assert proc.returncode == 1 and f"accepted {len(recs)}, duplicates 0, rejected {n_bad}" in out, out[-2000:]

    rnd = random.Random()
    kills = []
    for _ in range(3):
        proc = _spawn(*ingest_argv, f"sqlite:///{victim}")
        before = _sqlite_count(victim, "exchange_records")
        target = before + rnd.randint(1000, 5000)
        end = time.monotonic() + 120
        while _sqlite_count(victim, "exchange_records") < target:
            assert proc.poll() is None, f"ingest finished before the kill: {proc.communicate()[0][-1000:]}"
            assert time.monotonic() < end
            time.sleep(0.005)
        time.sleep(rnd.random() * 0.2)
        _kill9(proc)
        landed = _sqlite_count(victim, "exchange_records")
        kills.append(landed)
        assert landed < len(recs), "killed too late: the file was already in"
        with sqlite3.connect(victim) as c:
            assert c.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            # batches are whole: every stored record's case is folded, or waits for a later batch of its own
            assert c.execute(
                "SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM exchange_records r "
                "WHERE r.case_no = c.case_no)"
            ).fetchone() == (0,)

    proc = _spawn(*ingest_argv, f"sqlite:///{victim}")
    out, _ = proc.communicate(timeout=300)
    assert proc.returncode == 1, out[-2000:]
    assert f"accepted {len(recs) - kills[-1]}, duplicates {kills[-1]}, rejected {n_bad}" in out, out[-2000:]
    with sqlite3.connect(victim) as c:
        assert c.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    got, want = _content(victim), _content(ref)
    print(
        f"\n[kill -9 during SQLite ingest] {len(recs)} records + {n_bad} bad lines; reference run {ref_s:.1f}s; "
        f"killed at {kills} records landed; after the re-run: {len(got['records'])} records, {len(got['cases'])} "
        f"cases, {len(got['alarms'])} alarms, {len(got['quarantine'])} quarantined"
    )
    assert len(want["records"]) == len(recs) and len(want["cases"]) == CASES and len(want["quarantine"]) == n_bad
    for key in want:
        assert got[key] == want[key], key
