"""The engine's lease on PostgreSQL (migration 0017): a table lock only the engine's role may take.  With the
consoles' credentials alone (psql) the lease cannot be taken nor the table read; an engine that holds it
holds no transaction id and no snapshot (it holds back no VACUUM); when the holder's connection dies, a
standby takes over within seconds."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from console.models import repository as repo
from console.models.db import session_factory
from console.models.lease import PgLease
from console.services.engine import EngineService

pytestmark = pytest.mark.postgres


@pytest.mark.parametrize(
    "sql",
    [
        "LOCK TABLE engine_lease IN EXCLUSIVE MODE NOWAIT",
        "LOCK TABLE engine_lease IN ACCESS SHARE MODE NOWAIT",
        "SELECT * FROM engine_lease",
        "SELECT count(*) FROM engine_lease",
    ],
)
def test_the_console_role_can_neither_lock_nor_read_the_lease(room, sql):
    eng = room.console_engine()
    with eng.connect() as c, pytest.raises(DBAPIError) as info:
        c.execute(text(sql))
    print(f"ATTACK {sql!r} -> {str(info.value.orig).splitlines()[0]}")
    assert info.value.orig.sqlstate == "42501"  # InsufficientPrivilege
    assert "permission denied for view engine_lease" in str(info.value.orig)


def test_the_grants_on_the_lease_table(room):
    room.engine_engine()  # grant-engine-role
    with room.owner.connect() as c:
        for role, verb, expected in (
            (room.role, "SELECT", False),
            (room.role, "UPDATE", False),
            (room.role, "INSERT", False),
            (room.engine_role, "UPDATE", True),
            (room.engine_role, "INSERT", False),
            (room.engine_role, "DELETE", False),
        ):
            got = c.execute(text("SELECT has_table_privilege(:r, 'engine_lease', :v)"), {"r": role, "v": verb}).scalar()
            assert got is expected, (role, verb)


def _activity(owner, pid: int):
    with owner.connect() as c:
        return c.execute(
            text("SELECT state, backend_xid, backend_xmin, wait_event_type FROM pg_stat_activity WHERE pid = :p"),
            {"p": pid},
        ).one()


def test_the_engine_holds_the_lease_without_holding_back_vacuum(room):
    engine_role = room.engine_engine()
    lease, other = PgLease(engine_role), PgLease(room.engine_engine())
    try:
        assert lease.try_acquire() and lease.check()
        assert not other.try_acquire() and not other.held  # one engine at a time
        assert not other.try_acquire()  # a standby's retry on the same connection
        pid = lease.backend_pid()
        assert pid is not None
        with room.owner.connect() as c:
            mode = c.execute(
                text(
                    "SELECT l.mode FROM pg_locks l JOIN pg_class r ON r.oid = l.relation "
                    "WHERE r.relname = 'engine_lease' AND l.pid = :p AND l.granted"
                ),
                {"p": pid},
            ).scalar()
        assert mode == "ExclusiveLock"
        state, xid, xmin, _wait = _activity(room.owner, pid)
        print(f"lease connection: state={state} backend_xid={xid} backend_xmin={xmin}")
        assert state == "idle in transaction"  # the lock lives in the open transaction …
        assert xid is None and xmin is None  # … which holds no transaction id and no snapshot: VACUUM goes on
        conn = lease._conn  # its own session's setting: a server-wide idle timeout would end the lease
        assert conn is not None and conn.exec_driver_sql("SHOW idle_in_transaction_session_timeout").scalar() == "0"
        assert lease.check()  # the check leaves it as it was
        assert _activity(room.owner, pid)[1:3] == (None, None)
        # a database-wide VACUUM (what a DBA's nightly job runs) does not wait for the lease: engine_lease is a
        # view, which VACUUM skips; as a table it waited (SHARE UPDATE EXCLUSIVE conflicts with EXCLUSIVE)
        with room.owner.connect() as c:
            c = c.execution_options(isolation_level="AUTOCOMMIT")
            c.exec_driver_sql("SET lock_timeout = '3s'")
            c.exec_driver_sql("VACUUM")
            c.exec_driver_sql("ANALYZE")
    finally:
        lease.release()
        other.release()
    assert other.try_acquire()  # released: the other takes it
    other.release()


def test_the_console_holding_the_old_advisory_key_stops_no_engine(room):
    """Before migration 0017 the lease was pg_try_advisory_lock(0x5355_5045_4E47), which any role may call."""
    eng = room.console_engine()
    with eng.connect() as c:
        assert c.execute(text("SELECT pg_try_advisory_lock(91625884044871)")).scalar() is True
        svc = EngineService(room.engine_engine(), "engine-sec", notices_every_s=None)
        try:
            assert svc.tick() is not None and svc.lease.held  # the engine works all the same
        finally:
            svc.stop()


def test_a_standby_takes_over_within_seconds_when_the_holder_dies(room):
    a = EngineService(room.engine_engine(), "engine-a", notices_every_s=None, retry_s=0.2)
    b = EngineService(room.engine_engine(), "engine-b", notices_every_s=None, retry_s=0.2)
    try:
        assert a.tick() is not None and a.lease.held
        assert b.tick() is None and not b.lease.held  # standing by
        with session_factory(room.owner)() as s:  # the engine's role notes its holder in meta (0017's guard)
            assert (repo.get_meta(s, "engine_lease") or "").startswith("engine-a ")
        pid = a.lease.backend_pid()  # type: ignore[attr-defined]
        with room.owner.connect() as c:  # the holder dies: its connection ends (as with kill -9 of its process)
            assert c.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid}).scalar() is True
        died = time.monotonic()
        took = None
        while time.monotonic() - died < 10:
            if b.tick() is not None:
                took = time.monotonic() - died
                break
            time.sleep(0.2)
        print(f"take-over {took} s after the holder's connection ended")
        assert took is not None and took < 5.0
        assert b.lease.held and not a.lease.check()  # the dead holder knows it lost the lease
        with session_factory(room.owner)() as s:
            assert (repo.get_meta(s, "engine_lease") or "").startswith("engine-b ")
        assert a.tick() is None  # and stands by now
    finally:
        a.stop()
        b.stop()


def test_the_engine_started_with_the_console_role_says_so_once_and_exits(room):
    """``python main.py engine`` with a console's credentials stood by forever, logging "permission denied" each
    second: the server's refusal (42501) is no other engine's lease, and no retry wins it."""
    import subprocess
    import sys

    from tests.support import ROOT

    cmd = [sys.executable, "main.py", "engine", "--db", room.console_url, "--name", "engine-c", "--interval", "1"]
    try:
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"still standing by after 60 s:\n{exc.stdout!r}")
    out = done.stdout + done.stderr
    print(out)
    assert done.returncode == 2, out
    assert out.count("没有监察引擎的权限") == 1  # once
    assert f"角色 {room.role}" in out and "grant-engine-role" in out
    assert "permission denied for view engine_lease" in out  # the technical reason with it
    assert "event=standby" not in out and "lease: not taken" not in out


def test_an_engine_refused_the_lease_stops_trying(room):
    svc = EngineService(room.console_engine(), "engine-c", notices_every_s=None)
    try:
        assert svc.tick() is None and not svc.lease.held
        assert svc.refused is not None and f"角色 {room.role}" in svc.refused
        lease = svc.lease
        lease.try_acquire = None  # type: ignore[method-assign]  # a second try would fail here
        assert svc.tick() is None
    finally:
        svc.stop()
    once = subprocess_once(room.console_url)
    assert once.returncode == 2 and once.stdout.count("没有监察引擎的权限") == 1, once.stdout + once.stderr


def subprocess_once(url: str):
    import subprocess
    import sys

    from tests.support import ROOT

    return subprocess.run(
        [sys.executable, "main.py", "engine", "--db", url, "--once"], cwd=ROOT, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
