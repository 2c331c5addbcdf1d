"""PostgreSQL privileges of the consoles' own database role (``console grant-console-role``).

The audit log's triggers refuse UPDATE and DELETE for everyone; on top of that the role the consoles connect
as holds no UPDATE, DELETE or TRUNCATE privilege on it at all (TRUNCATE would bypass row/statement triggers),
and may not migrate the schema.  Schema owners and superusers keep their rights: run migrations as the owner,
run the consoles as this role.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import text
from sqlalchemy.engine import Engine


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def console_role_statements(role: str, database: str, quote: Callable[[str], str] = _quote) -> list[str]:
    r, db = quote(role), quote(database)
    return [
        f"GRANT CONNECT ON DATABASE {db} TO {r}",
        f"GRANT USAGE ON SCHEMA public TO {r}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {r}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {r}",
        # tables a later migration creates (as the same owner) get the same rights
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {r}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {r}",
        # append-only for the console: it may read and add audit rows, never change or remove them
        f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM {r}",
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON alembic_version FROM {r}",
    ]


def grant_console_role(engine: Engine, role: str, create: bool = False) -> list[str]:
    """Apply the statements to the engine's database (connect as the schema owner); returns them.

    ``create`` makes a LOGIN role without a password when it does not exist (set one, or use peer/cert
    authentication, outside the console: a password never passes through here).
    """
    if engine.dialect.name != "postgresql":
        raise ValueError("database roles exist on PostgreSQL only (SQLite has no roles)")
    quote = engine.dialect.identifier_preparer.quote
    done: list[str] = []
    with engine.begin() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
        if not exists:
            if not create:
                raise ValueError(f"role {role!r} does not exist (use --create)")
            stmt = f"CREATE ROLE {quote(role)} LOGIN"
            conn.execute(text(stmt))
            done.append(stmt)
        database: str = conn.execute(text("SELECT current_database()")).scalar_one()
        for stmt in console_role_statements(role, database, quote):
            conn.execute(text(stmt))
            done.append(stmt)
    return done
