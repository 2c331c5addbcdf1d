"""security for the wall's tables (after 0005, 0006): on PostgreSQL rule levels are an administrator's write, the
thresholds kept in ``meta`` too (a console may write only its calendar fingerprint on its own), and an
acknowledgement names the account and role of the session that makes it, whatever the client sends

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 02:15:00
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# meta keys a console writes before anyone logs in (derived data); every other key is an administrator's
SYSTEM_META_KEYS = ("calendar_fingerprint",)

_UP = r"""
CREATE OR REPLACE FUNCTION meta_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE a record;
BEGIN
  IF console_trusted(TG_RELID) THEN RETURN NEW; END IF;
  IF NEW.key LIKE 'auth.%' OR (TG_OP = 'UPDATE' AND OLD.key LIKE 'auth.%') THEN
    RAISE EXCEPTION '登录策略只能由管理员修改' USING ERRCODE = '42501';
  END IF;
  IF NEW.key IN (@SYSTEM_KEYS@) AND (TG_OP = 'INSERT' OR OLD.key = NEW.key) THEN RETURN NEW; END IF;
  SELECT * INTO a FROM console_actor();
  IF a.username IS NULL OR a.role <> 'administrator' THEN
    RAISE EXCEPTION '阈值 % 只能由管理员修改', NEW.key USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

-- the acknowledgement's account and role are the session's: the client's values are replaced, not trusted
CREATE FUNCTION alarm_acks_identity() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE a record;
BEGIN
  IF console_trusted(TG_RELID) THEN RETURN NEW; END IF;
  SELECT * INTO a FROM console_actor();
  IF a.username IS NOT NULL THEN
    NEW.username := a.username;
    NEW.role := a.role;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER alarm_acks_identity BEFORE INSERT ON alarm_acks FOR EACH ROW EXECUTE FUNCTION alarm_acks_identity();

CREATE TRIGGER rule_levels_guard BEFORE INSERT OR UPDATE OR DELETE ON rule_levels
  FOR EACH ROW EXECUTE FUNCTION console_guard('administrator');
CREATE CONSTRAINT TRIGGER rule_levels_row_audit AFTER INSERT OR UPDATE OR DELETE ON rule_levels
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION console_row_audit();
"""

_DOWN = r"""
DROP TRIGGER IF EXISTS rule_levels_row_audit ON rule_levels;
DROP TRIGGER IF EXISTS rule_levels_guard ON rule_levels;
DROP TRIGGER IF EXISTS alarm_acks_identity ON alarm_acks;
DROP FUNCTION IF EXISTS alarm_acks_identity();
CREATE OR REPLACE FUNCTION meta_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF console_trusted(TG_RELID) THEN RETURN NEW; END IF;
  IF NEW.key LIKE 'auth.%' OR (TG_OP = 'UPDATE' AND OLD.key LIKE 'auth.%') THEN
    RAISE EXCEPTION '登录策略只能由管理员修改' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
"""


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return  # SQLite has no roles: whoever can write the file can do anything (the hash chain tells)
    raw = bind.connection.driver_connection  # no parameters: psycopg leaves every % of the bodies alone
    assert raw is not None
    raw.execute(_UP.replace("@SYSTEM_KEYS@", ", ".join("'" + k + "'" for k in SYSTEM_META_KEYS)))


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    raw = bind.connection.driver_connection
    assert raw is not None
    raw.execute(_DOWN)
