"""The wall's settings need an administrator's session on PostgreSQL

Rule levels (``rule_levels``) and the two wall thresholds kept in ``meta`` (``feed_heartbeat_hours``, the hours
of silence before a feed is 数据中断; ``bad_rating_rectify_days``, the working days to rectify a 差评) decide
which lights and alarms a unit gets: changing them is an administrator's act (``edit_thresholds`` in
console.domain.roles), so a console's database role with nobody logged in must not write them.  ``rule_levels``
gets migration 0004's ``console_guard('administrator')``; ``meta_guard`` is extended to those two keys.
SQLite has no roles: there the command line's administrator log-in is the check (console.services.wall_cli).

Revision ID: 0008
Revises: 0006
Create Date: 2026-11-30 02:25:00
"""

from alembic import op

revision = "0008"
down_revision = "0006"
branch_labels = None
depends_on = None

# the keys of meta only an administrator's session may write (console.models.feeds, console.services.poller)
ADMIN_KEYS = ("feed_heartbeat_hours", "bad_rating_rectify_days")

_META_GUARD = """
CREATE OR REPLACE FUNCTION meta_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE a record;
BEGIN
  IF console_trusted(TG_RELID) THEN RETURN NEW; END IF;
  IF NEW.key LIKE 'auth.%' OR (TG_OP = 'UPDATE' AND OLD.key LIKE 'auth.%') THEN
    RAISE EXCEPTION '登录策略只能由管理员修改' USING ERRCODE = '42501';
  END IF;
  IF NEW.key IN (@KEYS@) OR (TG_OP = 'UPDATE' AND OLD.key IN (@KEYS@)) THEN
    SELECT * INTO a FROM console_actor();
    IF a.username IS NULL OR a.role <> 'administrator' THEN
      RAISE EXCEPTION '监察墙阈值 % 只能由管理员修改', NEW.key USING ERRCODE = '42501';
    END IF;
  END IF;
  RETURN NEW;
END $$;
"""

# migration 0004's body, restored on downgrade
_META_GUARD_0004 = """
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
        return
    raw = bind.connection.driver_connection  # no parameters: psycopg leaves every % of the bodies alone
    assert raw is not None
    keys = ", ".join("'" + k + "'" for k in ADMIN_KEYS)
    raw.execute(_META_GUARD.replace("@KEYS@", keys))
    raw.execute(
        "CREATE TRIGGER rule_levels_guard BEFORE INSERT OR UPDATE OR DELETE ON rule_levels "
        "FOR EACH ROW EXECUTE FUNCTION console_guard('administrator')"
    )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    raw = bind.connection.driver_connection
    assert raw is not None
    raw.execute("DROP TRIGGER IF EXISTS rule_levels_guard ON rule_levels")
    raw.execute(_META_GUARD_0004)
