"""the alarms' guard and row audit (0004, 0007, 0012) fire only on the rows they can act on: a day change inserts
a hundred thousand alarms, and a plpgsql call per row (and a deferred one per row at commit) cost seconds for
rows the functions would have let through unchanged

- ``alarms_guard`` on INSERT refuses only a new alarm that is not open (a trusted role's passes): its trigger
  now carries that test as a WHEN condition, evaluated by the executor without calling the function; UPDATE
  keeps the row trigger as it was (what changes and who changes it are checked on every row);
- ``alarms_row_audit`` records only rows written under a person's log-in session: a connection without a
  session token (``console.session`` empty: the engine, a console before log-in, the ingest) is never queued
  for the commit-time audit, whose function would have returned at once for it.

The functions themselves are unchanged; PostgreSQL only (SQLite has no roles).

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 05:40:00
"""

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

_UP = r"""
DROP TRIGGER IF EXISTS alarms_guard ON alarms;
CREATE TRIGGER alarms_guard BEFORE UPDATE ON alarms FOR EACH ROW EXECUTE FUNCTION alarms_guard();
CREATE TRIGGER alarms_guard_insert BEFORE INSERT ON alarms FOR EACH ROW
  WHEN (NEW.status IS DISTINCT FROM 'open') EXECUTE FUNCTION alarms_guard();
DROP TRIGGER IF EXISTS alarms_row_audit ON alarms;
CREATE CONSTRAINT TRIGGER alarms_row_audit AFTER INSERT OR UPDATE OR DELETE ON alarms
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (coalesce(current_setting('console.session', true), '') <> '') EXECUTE FUNCTION console_row_audit();
"""

_DOWN = r"""
DROP TRIGGER IF EXISTS alarms_guard_insert ON alarms;
DROP TRIGGER IF EXISTS alarms_guard ON alarms;
CREATE TRIGGER alarms_guard BEFORE INSERT OR UPDATE ON alarms FOR EACH ROW EXECUTE FUNCTION alarms_guard();
DROP TRIGGER IF EXISTS alarms_row_audit ON alarms;
CREATE CONSTRAINT TRIGGER alarms_row_audit AFTER INSERT OR UPDATE OR DELETE ON alarms
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION console_row_audit();
"""


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    raw = bind.connection.driver_connection  # no parameters: psycopg leaves the bodies alone
    assert raw is not None
    raw.execute(_UP)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    raw = bind.connection.driver_connection
    assert raw is not None
    raw.execute(_DOWN)
