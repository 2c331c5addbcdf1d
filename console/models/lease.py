"""The supervision engine's lease: one engine works, the others stand by and take over when it dies.

PostgreSQL: ``LOCK TABLE engine_lease IN EXCLUSIVE MODE NOWAIT`` (a view) held in an open transaction on a dedicated
connection for the engine's life (migration 0017).  Only the engine's role is granted that table
(console.models.dbroles), so a console PC's credentials cannot hold the lease and stop every engine, as they
could the advisory lock this replaces.  The server drops the lock the moment that connection ends (a killed
process's socket closes), so a standby's next try wins.  The open transaction holds no transaction id (a lock
assigns none) and, in READ COMMITTED, no snapshot between statements: it holds back no VACUUM.  ``engine_lease``
is a view of no table, so VACUUM and ANALYZE (which lock tables only) never wait for the lease either.
SQLite (one PC): an exclusive ``flock`` on a file beside the database, which the kernel releases with the
process in the same way.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import logging
import os
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Connection, Engine, text

from console.models import repository as repo
from console.models.db import DB_ERRORS

log = logging.getLogger(__name__)

LEASE_TABLE = "engine_lease"
LOCK_NOT_AVAILABLE = "55P03"  # SQLSTATE of NOWAIT on a lock another engine holds
INSUFFICIENT_PRIVILEGE = "42501"  # SQLSTATE of a role not granted engine_lease (a console's, or an old grant)
HOLDER_KEY = "engine_lease"  # meta: which engine holds the lease, since when (for people and the status line)


class LeaseForbidden(Exception):
    """The server refused this login the lease itself (not: another engine holds it).  No retry can win it — only
    ``grant-engine-role`` (dbroles) or the engine's own role — so the engine says so and stops, where a standby
    would wait forever."""

    def __init__(self, role: str, reason: str):
        super().__init__(reason)
        self.role, self.reason = role, reason


class Lease:
    """``try_acquire`` (a standby's retry), ``check`` (before each pass: still ours?), ``release``."""

    held = False

    def try_acquire(self) -> bool:
        raise NotImplementedError

    def check(self) -> bool:
        return self.held

    def release(self) -> None:
        self.held = False


class PgLease(Lease):
    def __init__(self, engine: Engine):
        self.engine = engine
        self._conn: Connection | None = None

    def try_acquire(self) -> bool:
        try:
            if self._conn is None:
                conn = self.engine.connect().execution_options(isolation_level="READ COMMITTED")
                self._conn = conn
                # the lock lives in a transaction left open for the engine's life: a server-wide idle timeout
                # must not end it (SET, not SET LOCAL: committed so that it outlives a refused try's rollback)
                conn.execute(text("SET idle_in_transaction_session_timeout = 0"))
                conn.commit()
            self._conn.execute(text(f"LOCK TABLE {LEASE_TABLE} IN EXCLUSIVE MODE NOWAIT"))
        except DB_ERRORS as exc:
            sqlstate = getattr(getattr(exc, "orig", None), "sqlstate", None)
            if sqlstate == LOCK_NOT_AVAILABLE and self._conn is not None:
                with contextlib.suppress(*DB_ERRORS):
                    self._conn.rollback()  # another engine holds it: stand by on this connection
                    return False
            if sqlstate == INSUFFICIENT_PRIVILEGE:
                role = self._current_user()
                self._drop()
                raise LeaseForbidden(role, str(getattr(exc, "orig", exc)).splitlines()[0]) from exc
            log.warning("lease: not taken: %s", str(exc).splitlines()[0])
            self._drop()
            return False
        self.held = True
        return True

    def check(self) -> bool:
        """The lock lives as long as its connection's transaction: a connection that fails has lost it (a standby
        may hold it now), so this engine stops working until it wins it again."""
        if not self.held or self._conn is None:
            return False
        try:
            self._conn.execute(text("SELECT 1"))
        except DB_ERRORS:
            self._drop()
        return self.held

    def release(self) -> None:
        if self._conn is not None and self.held:
            with contextlib.suppress(*DB_ERRORS):
                self._conn.rollback()  # ends the transaction: the lock goes with it
        self._drop()

    def _current_user(self) -> str:
        """The role the server saw (the URL may name none: libpq's $PGUSER or the system user)."""
        with contextlib.suppress(*DB_ERRORS):
            if self._conn is not None:
                self._conn.rollback()
                return str(self._conn.execute(text("SELECT current_user")).scalar_one())
        return self.engine.url.username or "?"

    def _drop(self) -> None:
        self.held = False
        if self._conn is not None:
            with contextlib.suppress(*DB_ERRORS):
                self._conn.invalidate()  # never back to the pool: a pooled connection would keep the lock
                self._conn.close()
        self._conn = None

    def backend_pid(self) -> int | None:
        """The server process of the lease's connection (pg_stat_activity), None without one."""
        if self._conn is None:
            return None
        return int(self._conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one())


class FileLease(Lease):
    """One engine per SQLite file (``<db>.engine.lock``); an in-memory database has only its own process."""

    def __init__(self, path: Path | None):
        self.path = path
        self._fh: IO[str] | None = None

    def try_acquire(self) -> bool:
        if self.held:
            return True
        if self.path is None:
            self.held = True
            return True
        fh = self.path.open("a+")
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            return False
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        self._fh, self.held = fh, True
        return True

    def release(self) -> None:
        if self._fh is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._fh.fileno(), fcntl.LOCK_UN)
            self._fh.close()
        self._fh, self.held = None, False


def lease_for(engine: Engine) -> Lease:
    if engine.dialect.name == "postgresql":
        return PgLease(engine)
    db = engine.url.database
    return FileLease(Path(db + ".engine.lock") if db and db != ":memory:" else None)


def record_holder(session: Any, name: str, at: dt.datetime) -> None:
    repo.set_meta(session, HOLDER_KEY, f"{name} {at.isoformat(timespec='seconds')}")


def holder(session: Any) -> str | None:
    return repo.get_meta(session, HOLDER_KEY)
