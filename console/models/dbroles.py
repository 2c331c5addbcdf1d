"""PostgreSQL privileges of the consoles' own database role (``console grant-console-role``).

Design (b) of the README's "Security model": the role a console PC connects with before anyone logs in may
read what is not secret and call the log-in functions; every write a person makes is checked by triggers of
migration 0004 against the session ``console_login`` gave that person.  What the role may do at all:

- read every table but ``console_sessions``, and ``operators`` without ``password_hash``;
- add rows where consoles add them (alarms, acknowledgements, supervision work, audit rows — each guarded;
  the lights' history samples);
- change only the columns and rows the guards allow (alarm status, rectifications, complaints, due dates,
  its own bookkeeping in ``meta``, calendar and item limits for administrators); delete only calendar
  overrides (administrators) and lights-history samples past their retention; never TRUNCATE, never
  ``setval`` a sequence (USAGE only), never migrate;
- run ``console_login``/``console_logout``/``console_manage``/``console_set_policy`` (which check the session).

Tables a later migration adds are not granted by default: run ``grant-console-role`` again after an upgrade
(a new table stays out of reach until it is placed here, rather than open until someone remembers).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import text
from sqlalchemy.engine import Engine

# never readable by a console: password hashes and session tokens (hashed) are the keys to everything else
SECRET_TABLES = ("operators", "console_sessions")
OPERATOR_COLUMNS = (
    "id", "username", "display_name", "role", "failed_count", "locked_until", "active", "created_at", "last_login_at",
)  # fmt: skip
INSERT_TABLES = (
    "audit_log", "alarms", "alarm_acks", "alarm_cancellations", "rectifications", "sanctions", "sanction_links",
    "complaints", "complaint_notes", "complaint_conditions", "calendar_overrides", "calendar_years", "meta",
    "rule_levels", "escalations", "escalation_events", "appeals",  # guarded by migrations 0006 and 0007
    "light_samples", "light_samples_units",  # the lights' history every console's poll records (light_history)
)  # fmt: skip
UPDATE_TABLES = (
    "alarms", "rectifications", "complaints", "complaint_conditions", "calendar_overrides", "calendar_years", "meta",
    "change_counter", "items", "item_steps", "rule_levels", "escalations", "appeals",
)  # fmt: skip
CASE_COLUMNS = (
    "promised_due", "statutory_due", "due_provisional", "change_seq", "updated_at", "promised_days", "statutory_days",
)  # fmt: skip
# tables keyed by their own columns (a day, a year, a key, a sample time): no id sequence to grant
NO_SEQUENCE = ("calendar_overrides", "calendar_years", "meta", "rule_levels", "light_samples", "light_samples_units")
# calendar overrides (administrators); the lights' history past its retention (console.models.light_history)
DELETE_TABLES = ("calendar_overrides", "light_samples", "light_samples_units")
FUNCTIONS = (
    "console_login(text, text, text)",
    "console_logout(text)",
    "console_manage(text, text, text, text, text, text, boolean)",
    "console_set_policy(text, text)",
)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def console_role_statements(
    role: str, database: str, tables: list[str] | None = None, quote: Callable[[str], str] = _quote
) -> list[str]:
    r, db = quote(role), quote(database)
    readable = [t for t in (tables or []) if t not in SECRET_TABLES]
    stmts = [
        # start from nothing: an earlier grant (this command before migration 0004 granted every write) goes
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {r}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {r}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM {r}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM {r}",
        f"GRANT CONNECT ON DATABASE {db} TO {r}",
        f"GRANT USAGE ON SCHEMA public TO {r}",
    ]
    if readable:
        stmts.append(f"GRANT SELECT ON {', '.join(quote(t) for t in readable)} TO {r}")
    stmts += [
        f"GRANT SELECT ({', '.join(OPERATOR_COLUMNS)}) ON operators TO {r}",
        f"GRANT INSERT ON {', '.join(INSERT_TABLES)} TO {r}",
        f"GRANT UPDATE ON {', '.join(UPDATE_TABLES)} TO {r}",
        f"GRANT UPDATE ({', '.join(CASE_COLUMNS)}) ON cases TO {r}",
        f"GRANT DELETE ON {', '.join(DELETE_TABLES)} TO {r}",
    ]
    # USAGE (nextval for a new row's id), never UPDATE (setval): the sequences of the tables it adds rows to
    stmts += [
        f"GRANT USAGE ON SEQUENCE {t}_id_seq TO {r}"
        for t in INSERT_TABLES
        if t in (tables or INSERT_TABLES) and t not in NO_SEQUENCE
    ]
    stmts += [f"GRANT EXECUTE ON FUNCTION {fn} TO {r}" for fn in FUNCTIONS]
    return stmts


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
        tables = list(conn.scalars(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")))
        for stmt in console_role_statements(role, database, tables, quote):
            conn.execute(text(stmt))
            done.append(stmt)
    return done
