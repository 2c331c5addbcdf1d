"""Lock-out holds under concurrency (the report: four processes at once got 19 password checks on SQLite
under a 5-failure policy).  Every wrong password is counted; after the fifth, none is checked any more."""

from __future__ import annotations

import contextlib
import multiprocessing
import threading

import pytest
from sqlalchemy import select

from console.models.db import make_engine, session_factory
from console.models.schema import AuditLog
from console.supervision import auth
from console.supervision.audit_check import verify
from tests.security.conftest import login_as_nobody

WORKERS, TRIES = 4, 6


def _attempts(url: str, barrier, tries: int) -> None:
    engine = make_engine(url)
    Session = session_factory(engine)
    barrier.wait()
    for _ in range(tries):
        with contextlib.suppress(auth.LoginFailed):
            auth.login(Session, "op1", "wrong-password-9", "desk-race")
    engine.dispose()


def checked_failures(Session) -> list[int]:
    """The failure counts of the password checks made (refusals of a locked account check no password)."""
    with Session() as s:
        rows = s.scalars(select(AuditLog).where(AuditLog.action == "auth.failed", AuditLog.target == "operator:op1"))
        return sorted(r.after["failed_count"] for r in rows)


def test_four_processes_at_once_on_sqlite_get_five_checks(tmp_path, sqlite_template):
    import shutil

    path = tmp_path / "race.db"
    shutil.copyfile(sqlite_template, path)
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    Session = session_factory(engine)
    with Session.begin() as s:
        auth.add_operator(s, auth.command_line_actor(), "op1", "operator", "Oper-room-2026")
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(WORKERS)
    procs = [ctx.Process(target=_attempts, args=(url, barrier, TRIES)) for _ in range(WORKERS)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    got = checked_failures(Session)
    print(f"SQLite, {WORKERS} processes x {TRIES} wrong passwords: password checks counted {got}")
    assert got == [1, 2, 3, 4, 5]
    assert verify(Session).intact  # four writers at once extended one chain
    engine.dispose()


@pytest.mark.postgres
def test_four_consoles_at_once_on_postgresql_get_five_checks(room):
    barrier = threading.Barrier(WORKERS)

    def consoles():
        Session = login_as_nobody(room)
        barrier.wait()
        for _ in range(TRIES):
            with pytest.raises(auth.LoginFailed):
                auth.login(Session, "op1", "wrong-password-9", "desk-race")

    threads = [threading.Thread(target=consoles) for _ in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    got = checked_failures(room.OwnerSession)
    print(f"PostgreSQL (console role), {WORKERS} consoles x {TRIES}: password checks counted {got}")
    assert got == [1, 2, 3, 4, 5]
    assert verify(room.OwnerSession).intact
