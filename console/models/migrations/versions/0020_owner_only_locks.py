"""the audit chain's and the catalogue's locks become locks only the schema owner may take; a failed log-in
with an unknown name no longer records the name typed

- ``audit_chain_lock`` and ``catalogue_lock``: views of no table (``SELECT 1``), as 0017's ``engine_lease``.
  0004's ``audit_log_stamp()`` serialised the chain's writers with ``pg_advisory_xact_lock(hashtext('audit_log
  chain'))`` and ``sync_catalogue`` its writers with ``hashtext('console catalogue')``: any role may take an
  advisory lock, so a console PC's credentials holding ``pg_advisory_lock`` on those keys (psql) stopped every
  audited action and every log-in of the room, and every ingest of an empty catalogue.  LOCK TABLE needs a
  privilege on the relation (EXCLUSIVE mode: UPDATE) and no role but the owner holds one.
- ``audit_log_chain()``: the chain's part of 0004's ``audit_log_stamp()`` (the lock, the id, the hashes) moves
  into its own BEFORE INSERT trigger ``audit_log_stamp_chain``, SECURITY DEFINER so that every writer's row
  (a console's in a person's session, the engine's, the owner's, ``console_audit``'s) takes the owner's lock.
  It fires after ``audit_log_stamp`` (triggers of one event fire in the order of their names), so it hashes
  the row as stamped, and never for a row the stamp refused.  EXECUTE is revoked from PUBLIC: nobody can make
  a trigger of their own (a temporary table's) call it; firing it as ``audit_log``'s trigger needs no EXECUTE.
  The owner's ``sync_catalogue`` locks ``catalogue_lock`` itself (console.models.repository).
- ``console_login``: a failed log-in with an unknown name is recorded as ``（未知账号）`` (actor and target), not
  with the text typed: people type their password into the name field.  An existing (also a deactivated)
  account's failure stays recorded by its name.  SQLite does the same in console.supervision.auth.

SQLite is unchanged: its writers are serialised by the database file's write lock.

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-30 12:00:00
"""

from typing import Any

from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

# console.domain.vocabulary.UNKNOWN_ACCOUNT as of this revision (a migration keeps its own words)
UNKNOWN_ACCOUNT = "（未知账号）"

# 0004's chain, as audit_log_stamp() holds it (0006, 0017 and 0019 edited only the system actions above it)
_CHAIN = """  PERFORM pg_advisory_xact_lock(hashtext('audit_log chain'));
  NEW.id := nextval(pg_get_serial_sequence('audit_log', 'id'));
  SELECT row_hash INTO prev FROM audit_log ORDER BY id DESC LIMIT 1;
  NEW.prev_hash := coalesce(prev, '');
  NEW.row_hash := audit_row_hash(NEW.prev_hash, NEW.id, NEW.at, NEW.actor, NEW.role, NEW.console,
                                 NEW.action, NEW.target, NEW.before, NEW.after);
"""
_CHAIN_MOVED = "  -- the chain: audit_log_chain(), trigger audit_log_stamp_chain (migration 0020)\n"

# 0004's record of a failure of an unknown or deactivated name
_FAILED = """    PERFORM console_audit(p_username, '', p_console, 'auth.failed', 'operator:' || left(p_username, 50),
"""
_FAILED_NAMELESS = f"""    -- an unknown name may be a password typed as the name: only an account's name is recorded
    PERFORM console_audit(coalesce(op.username, '{UNKNOWN_ACCOUNT}'), '', p_console, 'auth.failed',
                          'operator:' || coalesce(op.username, '{UNKNOWN_ACCOUNT}'),
"""

_UP = r"""
CREATE VIEW audit_chain_lock AS SELECT 1 AS held;
CREATE VIEW catalogue_lock AS SELECT 1 AS held;
REVOKE ALL ON audit_chain_lock, catalogue_lock FROM PUBLIC;

-- one writer at a time extends the chain (the lock lasts to commit, so id order is chain order); as the owner,
-- whoever inserts: no other role may lock audit_chain_lock
CREATE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public AS $$
DECLARE prev text;
BEGIN
  LOCK TABLE audit_chain_lock IN EXCLUSIVE MODE;
  NEW.id := nextval(pg_get_serial_sequence('audit_log', 'id'));
  SELECT row_hash INTO prev FROM audit_log ORDER BY id DESC LIMIT 1;
  NEW.prev_hash := coalesce(prev, '');
  NEW.row_hash := audit_row_hash(NEW.prev_hash, NEW.id, NEW.at, NEW.actor, NEW.role, NEW.console,
                                 NEW.action, NEW.target, NEW.before, NEW.after);
  RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION audit_log_chain() FROM PUBLIC;
-- after audit_log_stamp (name order): the row is hashed as stamped
CREATE TRIGGER audit_log_stamp_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain();
"""

_DOWN = r"""
DROP TRIGGER audit_log_stamp_chain ON audit_log;
DROP FUNCTION audit_log_chain();
DROP VIEW catalogue_lock;
DROP VIEW audit_chain_lock;
"""


def _edit(raw: Any, function: str, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in the body the database holds (as 0017 does)."""
    body = raw.execute(f"SELECT pg_get_functiondef('{function}'::regprocedure)").fetchone()[0]
    assert body.count(old) == 1, f"{function} is not as this migration expects"
    raw.execute(body.replace(old, new))


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    raw = bind.connection.driver_connection  # no parameters: psycopg leaves every % of the bodies alone
    assert raw is not None
    raw.execute(_UP)
    _edit(raw, "audit_log_stamp()", _CHAIN, _CHAIN_MOVED)
    _edit(raw, "console_login(text, text, text)", _FAILED, _FAILED_NAMELESS)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    raw = bind.connection.driver_connection
    assert raw is not None
    _edit(raw, "console_login(text, text, text)", _FAILED_NAMELESS, _FAILED)
    _edit(raw, "audit_log_stamp()", _CHAIN_MOVED, _CHAIN)
    raw.execute(_DOWN)
