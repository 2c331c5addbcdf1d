"""Connections to the shared database: SQLite (embedded default, WAL) or PostgreSQL, Alembic upgrades, and
how a failure of the database is told apart and named (for callers that do not speak SQLAlchemy)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:  # alembic loads only when a migration runs
    from alembic.config import Config

DB_ENV = "CONSOLE_DB"
DEFAULT_DB_PATH = Path("var") / "console.db"
MIGRATIONS = Path(__file__).with_name("migrations")


def resolve_url(url: str | None = None) -> str:
    """--db wins, then $CONSOLE_DB, then the embedded SQLite file var/console.db."""
    url = url or os.environ.get(DB_ENV)
    if url:
        return url
    DEFAULT_DB_PATH.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_DB_PATH}"


def _sqlite_pragmas(dbapi_conn: DBAPIConnection, _record: object) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")  # readers never block the ingest writer
    cur.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL survives a process kill
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def _sqlite_begin_before_savepoint(conn: Any, _name: str) -> None:
    """pysqlite opens its transaction only before INSERT/UPDATE/DELETE, so a SAVEPOINT that came first began
    the transaction itself and its RELEASE committed everything: a savepoint must stay a part of its transaction
    (rolled back with it), as on PostgreSQL.  Only the case that needs it gets an explicit BEGIN (DEFERRED, as a
    SAVEPOINT would have been); reads elsewhere keep pysqlite's behaviour (no snapshot held between polls)."""
    dbapi = conn.connection.dbapi_connection
    if not dbapi.in_transaction:
        dbapi.execute("BEGIN")


def make_engine(url: str | None = None, **kw: Any) -> Engine:
    url = resolve_url(url)
    if url.startswith("sqlite"):
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 10}, **kw)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "savepoint", _sqlite_begin_before_savepoint)
        return engine
    kw.setdefault("pool_pre_ping", True)
    return create_engine(url, **kw)


# for annotations in the rooms above, which hand sessions to the models' functions and speak no SQLAlchemy
# rows of a query that names its columns (sqlalchemy Row: by attribute and by position)
Rows = Sequence[Any]
DbEngine = Engine
DbSession = Session
SessionFactory = sessionmaker[Session]


def session_factory(engine: Engine) -> SessionFactory:
    return sessionmaker(engine, expire_on_commit=False)


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Create or upgrade the schema by migrations, on SQLite and PostgreSQL alike."""
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def current_revision_or_none(engine: Engine) -> str | None:
    """The schema's revision, None for a database without one (new, empty) or unreachable."""
    try:
        return current_revision(engine)
    except SQLAlchemyError:
        return None


def schema_problem(engine: Engine) -> str | None:
    """Why this console cannot work on the database's schema, for the operator (None: at head, or the
    database unreachable now — the screens show that and the poller keeps trying)."""
    from alembic.script import ScriptDirectory

    try:
        have = current_revision(engine)
    except SQLAlchemyError:
        return None
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    if have != head:
        return f"数据库结构版本为 {have or '空'}，本监察台需要 {head}。请先运行：python main.py --db URL db upgrade"
    return None


# ---- failures ------------------------------------------------------------------------------------------

DB_ERRORS: tuple[type[Exception], ...] = (SQLAlchemyError,)  # anything the database or its driver raised
# the database, not the data: locked, restarting or unreachable — worth waiting for and retrying
DB_UNAVAILABLE: tuple[type[Exception], ...] = (OperationalError,)
# a unique key another writer took first (e.g. a 督办通知书 number): take the next one and try again
DB_CONFLICT: tuple[type[Exception], ...] = (IntegrityError,)


def connection_lost(exc: BaseException) -> bool:
    """The connection (not the statement) failed: the caller's transaction is gone."""
    return isinstance(exc, OperationalError) or (isinstance(exc, DBAPIError) and exc.connection_invalidated)


def short_error(exc: BaseException) -> str:
    """One line of the driver's message (without SQLAlchemy's statement dump), at most 200 characters."""
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]
