"""Alembic environment: the engine comes from console.models.db (no alembic.ini needed)."""

from alembic import context
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

import console.models.light_history
import console.models.notices
import console.models.supervision_schema  # noqa: F401  (registers the supervision tables on Base)
from console.models.schema import Base

config = context.config
engine = config.attributes.get("engine")
if engine is None:  # plain `alembic` command line: fall back to the resolved URL
    from console.models.db import make_engine

    engine = make_engine(config.get_main_option("sqlalchemy.url") or None)


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    context.run_migrations()


def _fk_problems(connection: Connection) -> set[tuple[object, ...]]:
    return {tuple(r) for r in connection.exec_driver_sql("PRAGMA foreign_key_check")}


def _up_to_date(connection: Connection) -> bool:
    """At head and asked for head (every console start): nothing will run, so no foreign-key scan of a large file."""
    heads = set(ScriptDirectory.from_config(config).get_heads())
    target = context.get_revision_argument()
    asked_head = target in ("head", "heads") or {target} == heads
    return asked_head and set(MigrationContext.configure(connection).get_current_heads()) == heads


def _run_sqlite() -> None:
    """Migrate with foreign keys off, as SQLite's own procedure for a table change does.

    A batch migration re-creates a table (create, copy, DROP, rename); with foreign keys on (console.models.db
    turns them on for every connection) the DROP deletes the rows that reference it ON DELETE CASCADE and
    unlinks those ON DELETE SET NULL: 0005 re-creating ``alarms`` deleted every acknowledgement and
    cancellation (tests/integration/models/test_upgrade_keeps_work.py).  SQLite ignores the pragma inside a
    transaction, so it is set before ours begins; a migration that deletes rows deletes what refers to them
    itself (0005's and 0012's downgrades), and a reference the run leaves dangling fails it and rolls it back.
    """
    assert engine is not None
    with engine.connect() as connection:
        if _up_to_date(connection):
            connection.rollback()
            return
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
        try:
            with connection.begin():
                before = _fk_problems(connection)
                _run(connection)
                dangling = _fk_problems(connection) - before
                if dangling:  # (table, rowid, parent, constraint) of each row the migration left dangling
                    raise RuntimeError(f"migration left rows referring to missing rows: {sorted(dangling)[:10]}")
        finally:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()


if engine.dialect.name == "sqlite":
    _run_sqlite()
else:
    with engine.begin() as connection:
        _run(connection)
