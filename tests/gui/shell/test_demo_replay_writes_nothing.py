"""``--demo --at T`` replays the demo database and writes nothing to it: no live simulator (its records collided
with a live console's on the same file: UNIQUE constraint failed on exchange_records.record_id), no engine, no
migration nor catalogue sync of a database that has its history."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

from console.domain import catalogue
from console.ingest.apply import ingest_records
from console.models import repository as repo
from console.models.db import current_revision, make_engine, session_factory, upgrade
from console.services.supervision_client import SupervisionClient
from console.shell.app import DEMO_DB, _prepare_demo, _start_simulator
from tests.support.replay_world import ITEM, _accept

ROOT = Path(__file__).resolve().parents[3]
AT = "2026-11-20T10:00"


def _demo_db(cwd: Path, revision: str = "head") -> Path:
    """A demo database that has its history (one case here) and its demo accounts, as after its first start."""
    path = cwd / DEMO_DB
    path.parent.mkdir(parents=True)
    eng = make_engine(f"sqlite:///{path}")
    upgrade(eng, revision)
    Session = session_factory(eng)
    if revision == "head":
        with Session.begin() as s:
            repo.sync_catalogue(s, catalogue.units(), [*catalogue.items(), ITEM])
        report = ingest_records(Session, [_accept("D1", "D", "2026-11-02T09:00")], source="demo", today=dt.date.today())
        assert not report.rejected, report
        SupervisionClient(Session, "demo").ensure_demo_operators()
    else:  # an older schema with a case written by an older console
        with eng.begin() as c:
            c.exec_driver_sql(
                "INSERT INTO units (id, code, name, kind, sort_order) VALUES (1, 'U1', '局', 'department', 1)"
            )
            c.exec_driver_sql(
                "INSERT INTO items (id, code, name, unit_id, promised_days, statutory_days, stop_clock_kinds,"
                " blue_days, yellow_days, fee_free) VALUES (1, 'U1-001', '事项', 1, 5, 20, '[]', 5, 2, 1)"
            )
            c.exec_driver_sql(
                "INSERT INTO cases (id, case_no, item_id, unit_id, stage, received_at, accepted_at, promised_days,"
                " statutory_days, promised_due, statutory_due, due_provisional, suspended, extension_days,"
                " change_seq, updated_at) VALUES (1, 'C1', 1, 1, '承办', '2026-11-02 09:00:00',"
                " '2026-11-02 09:00:00', 5, 20, '2026-11-09', '2026-11-30', 0, 0, 0, 1, '2026-11-02 09:00:00')"
            )
    eng.dispose()
    return path


def _contents(path: Path) -> dict[str, object]:
    """Every table's row count, the largest rowid, and the schema's revision."""
    with sqlite3.connect(path) as c:
        tables = [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        out: dict[str, object] = {t: c.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        out["alembic"] = c.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    return out


def test_a_replay_starts_no_simulator():
    stop = threading.Event()
    assert _start_simulator(None, stop, dt.datetime(2026, 11, 20, 10)) is None
    assert not any(t.name == "simulator" for t in threading.enumerate())


def test_preparing_the_demo_for_a_replay_writes_nothing_to_a_database_with_history(tmp_path):
    path = _demo_db(tmp_path)
    before = _contents(path)
    eng = make_engine(f"sqlite:///{path}")
    notes: list[str] = []
    _prepare_demo(eng, session_factory(eng), notes.append, replay=True)
    eng.dispose()
    assert _contents(path) == before and notes == []


def test_a_replay_does_not_migrate_an_older_demo_database(tmp_path):
    path = _demo_db(tmp_path, "0017")
    eng = make_engine(f"sqlite:///{path}")
    _prepare_demo(eng, session_factory(eng), print, replay=True)
    assert current_revision(eng) == "0017"  # left as it is: the console says so and stops (schema_problem)
    eng.dispose()


def test_demo_at_renders_the_past_and_leaves_the_database_as_it_was(tmp_path):
    path = _demo_db(tmp_path)
    before = _contents(path)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    env.pop("CONSOLE_DB", None)
    out = tmp_path / "shots"
    run = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--demo", "--at", AT, "--snapshot", str(out)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert any(out.glob("*.png"))
    assert "UNIQUE constraint failed" not in run.stderr
    assert _contents(path) == before
