"""PostgreSQL privileges of the consoles' database role (``grant-console-role``) and the supervision engine's
(``grant-engine-role``).

Design (b) of the README's "Security model": the role a console PC connects with before anyone logs in may
read what is not secret and call the log-in functions; every write a person makes is checked by triggers of
migration 0004 against the session ``console_login`` gave that person.  What the role may do at all:

- read every table but the secrets (``console_sessions``, ``unit_contacts``, ``notices``,
  ``operators``' ``password_hash``) and ``engine_lease`` (nothing at all on it: the engine's lease, migration 0017);
- add rows where people add them (acknowledgements, supervision work, audit rows — each guarded); never an
  alarm nor a lights-history sample: those are the engine's (console.services.engine);
- change only the columns and rows the guards allow, and only in a person's log-in session (alarm status,
  rectifications, complaints, due dates with an item edit or an upheld appeal, calendar and item limits for
  administrators): without a session it changes nothing (migration 0017); delete only calendar
  overrides (administrators); never TRUNCATE, never
  ``setval`` a sequence (USAGE only), never migrate;
- run ``console_login``/``console_logout``/``console_manage``/``console_set_policy`` (which check the session).

The engine's role reads the same (never the secrets) and writes only what the rules produce: alarms and their
clearing, overdue rectifications and bad ratings' rectifications, 督办 climbing, their audit rows, the lights'
history, the due dates after a calendar change, its lease note in ``meta`` and its heartbeat
(``engine_heartbeat``); it alone may lock ``engine_lease`` (UPDATE: ``LOCK TABLE … IN EXCLUSIVE MODE``,
console.models.lease.PgLease).  The guards (migration 0017) let a write without a person's session through only
for the engine: ``console_is_engine()`` is true for a role that may INSERT into ``engine_heartbeat`` — this
role and the owner, never the consoles'.

Neither role is granted anything on ``audit_chain_lock`` nor ``catalogue_lock`` (migration 0020): the audit
chain's writers and the catalogue's are serialised by a lock on them, which only the owner may take (the audit
chain's in the SECURITY DEFINER trigger ``audit_log_chain()``, whoever writes); an advisory lock any role could
hold before.

Tables a later migration adds are not granted by default: run ``grant-console-role`` and ``grant-engine-role``
again after an upgrade (a new table stays out of reach until it is placed here, rather than open until someone
remembers; after 0017 the engine's role needs its grant on ``engine_lease`` to take the lease at all).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import text
from sqlalchemy.engine import Engine

# never readable by a console: password hashes and session tokens (hashed) are the keys to everything else; the
# units' contacts and the notices' outbox hold people's addresses, and only the engine (and the owner) sends them
SECRET_TABLES = ("operators", "console_sessions", "unit_contacts", "notices")
# the engine's lease (migration 0017): a console granted even SELECT could lock it, so it is granted nothing
ENGINE_ONLY_TABLES = ("engine_lease",)
# the audit chain's and the catalogue's locks (migration 0020): no role but the owner may lock them (the chain's
# through the SECURITY DEFINER trigger audit_log_chain(), whoever writes the row), so none is granted anything
OWNER_ONLY_TABLES = ("audit_chain_lock", "catalogue_lock")
OPERATOR_COLUMNS = (
    "id", "username", "display_name", "role", "failed_count", "locked_until", "active", "created_at", "last_login_at",
)  # fmt: skip
INSERT_TABLES = (
    "audit_log", "alarm_acks", "alarm_cancellations", "rectifications", "sanctions", "sanction_links",
    "complaints", "complaint_notes", "complaint_conditions", "calendar_overrides", "calendar_years", "meta",
    "rule_levels", "escalations", "escalation_events", "appeals",  # guarded by migrations 0006 and 0007
    "case_corrections",  # an upheld appeal's time corrections, a supervisor's (migration 0013)
)  # fmt: skip
UPDATE_TABLES = (
    "alarms", "rectifications", "complaints", "complaint_conditions", "calendar_overrides", "calendar_years", "meta",
    "change_counter", "items", "item_steps", "rule_levels", "escalations", "appeals",
)  # fmt: skip
CASE_COLUMNS = (
    "promised_due", "statutory_due", "due_provisional", "change_seq", "updated_at", "promised_days", "statutory_days",
    "promised_natural_days", "statutory_natural_days",
)  # fmt: skip
# tables keyed by their own columns (a day, a year, a key, a sample time): no id sequence to grant
NO_SEQUENCE = (
    "calendar_overrides", "calendar_years", "meta", "rule_levels", "light_samples", "light_samples_units",
    "engine_heartbeat", "engine_lease",
)  # fmt: skip
# calendar overrides (administrators)
DELETE_TABLES = ("calendar_overrides",)
# the engine: what the rules produce (console.services.poller's writing pass, run by console.services.engine)
ENGINE_INSERT_TABLES = (
    "alarms", "audit_log", "rectifications", "escalations", "escalation_events", "meta",
    "light_samples", "light_samples_units",  # the lights' history (console.models.light_history)
    "notices",  # the units' notices: the engine fills the outbox and sends (console.services.notices)
    "engine_heartbeat",  # its pass moment (migration 0015): the consoles read it, only the engine writes it
)  # fmt: skip
ENGINE_UPDATE_TABLES = (
    "alarms", "rectifications", "escalations", "meta", "change_counter", "notices", "engine_heartbeat",
    "engine_lease",  # LOCK TABLE … IN EXCLUSIVE MODE needs UPDATE: the lease (console.models.lease.PgLease)
)  # fmt: skip
# of the secret tables, what the engine reads: the addresses it sends to and its own outbox
ENGINE_SECRETS_READ = ("unit_contacts", "notices")
ENGINE_DELETE_TABLES = ("light_samples", "light_samples_units")  # past their retention
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
    hidden = SECRET_TABLES + ENGINE_ONLY_TABLES + OWNER_ONLY_TABLES
    return _role_statements(
        role, database, tables, quote, INSERT_TABLES, UPDATE_TABLES, DELETE_TABLES, FUNCTIONS, hidden
    )


def engine_role_statements(
    role: str, database: str, tables: list[str] | None = None, quote: Callable[[str], str] = _quote
) -> list[str]:
    stmts = _role_statements(
        role,
        database,
        tables,
        quote,
        ENGINE_INSERT_TABLES,
        ENGINE_UPDATE_TABLES,
        ENGINE_DELETE_TABLES,
        (),
        SECRET_TABLES + OWNER_ONLY_TABLES,
    )
    secrets = [t for t in ENGINE_SECRETS_READ if t in (tables or ENGINE_SECRETS_READ)]
    return stmts + ([f"GRANT SELECT ON {', '.join(quote(t) for t in secrets)} TO {quote(role)}"] if secrets else [])


def _role_statements(
    role: str,
    database: str,
    tables: list[str] | None,
    quote: Callable[[str], str],
    insert: tuple[str, ...],
    update: tuple[str, ...],
    delete: tuple[str, ...],
    functions: tuple[str, ...],
    hidden: tuple[str, ...] = SECRET_TABLES,
) -> list[str]:
    r, db = quote(role), quote(database)
    readable = [t for t in (tables or []) if t not in hidden]
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
        f"GRANT INSERT ON {', '.join(insert)} TO {r}",
        f"GRANT UPDATE ON {', '.join(update)} TO {r}",
        f"GRANT UPDATE ({', '.join(CASE_COLUMNS)}) ON cases TO {r}",
        f"GRANT DELETE ON {', '.join(delete)} TO {r}",
    ]
    # USAGE (nextval for a new row's id), never UPDATE (setval): the sequences of the tables it adds rows to
    stmts += [
        f"GRANT USAGE ON SEQUENCE {t}_id_seq TO {r}" for t in insert if t in (tables or insert) and t not in NO_SEQUENCE
    ]
    stmts += [f"GRANT EXECUTE ON FUNCTION {fn} TO {r}" for fn in functions]
    return stmts


def grant_console_role(engine: Engine, role: str, create: bool = False) -> list[str]:
    return _grant(engine, role, create, console_role_statements)


def grant_engine_role(engine: Engine, role: str, create: bool = False) -> list[str]:
    """The supervision engine's role (``python main.py engine`` connects with it)."""
    return _grant(engine, role, create, engine_role_statements)


def _grant(engine: Engine, role: str, create: bool, statements: Callable[..., list[str]]) -> list[str]:
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
        for stmt in statements(role, database, tables, quote):
            conn.execute(text(stmt))
            done.append(stmt)
    return done
