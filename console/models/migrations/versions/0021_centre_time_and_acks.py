"""the database's clock reads the centre's time; an acknowledgement is the database's; a case's limits stay put

- Centre time: schema.py stores naive local time of the centre (console.domain.clock), but ``localtimestamp``,
  ``now()`` and ``current_date`` follow the *session's* TimeZone: on a stock server (Etc/UTC) the database's
  own stamps were 8 hours behind the consoles' (audit rows of one minute 8 hours apart in one chain, a lock-out
  "until 11:53" at 19:39), and a session could ``SET TIME ZONE`` to stamp audit rows with a time of its
  choosing.  Every function of the schema that reads the clock gets the centre's zone pinned on itself
  (``ALTER FUNCTION … SET TimeZone``: a function's own setting, which a session cannot override), found by
  its source so none is missed; a column default that reads the clock converts explicitly
  (``now() AT TIME ZONE``).  The zone is console.domain.clock's at migration time.  A later ``CREATE OR
  REPLACE FUNCTION`` without the SET clause drops the pin: tests/security/test_pg_centre_time.py lists them.
- Acknowledgements (``alarm_acks_identity``, 0007): the time, the console and the name shown are the
  session's and the database's, like the account and role; the row and the alarm's status move together (an
  ack of an open alarm acknowledges it, of a cancelled one is refused), and an alarm acknowledged without its
  row is refused at commit (``alarms_ack_recorded``): a forged row had left the alarm open and listed for
  ever, and 全部确认 stopped on its unique key.
- Cases (``cases_limits_guard``, beside 0004's ``cases_guard``): an operator's session never changes a case's
  due dates or limits; a supervisor's only re-dates the due dates of a case with an upheld appeal's
  corrections (console.supervision.appeals); the limits in days remain an administrator's item edit; and
  the database records each such change a session makes (``db.cases.update``, like 0004's row audit).

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-30 12:00:00
"""

from typing import Any

from alembic import op

from console.domain.clock import CENTRE_TZ

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

# what reads the clock in a function's source (PostgreSQL's date/time functions of "current" time)
CLOCK_SOURCE = (
    r"localtimestamp|localtime|current_timestamp|current_time|current_date|now\s*\(|clock_timestamp|"
    r"statement_timestamp|transaction_timestamp|timeofday"
)

# functions of the schema (SQL and PL/pgSQL) whose source reads the clock
CLOCK_FUNCTIONS = f"""
SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
 WHERE p.pronamespace = current_schema()::regnamespace AND l.lanname IN ('sql', 'plpgsql')
   AND p.prosrc ~* '{CLOCK_SOURCE}'
 ORDER BY 1
"""

_UP = r"""
ALTER TABLE console_sessions ALTER COLUMN started_at SET DEFAULT (now() AT TIME ZONE '@ZONE@');

-- 0007's, and: the time, console and shown name are the session's too; the alarm moves with its row
CREATE OR REPLACE FUNCTION alarm_acks_identity() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE a record; st text;
BEGIN
  IF console_trusted(TG_RELID) THEN RETURN NEW; END IF;
  SELECT * INTO a FROM console_actor();
  IF a.username IS NULL THEN  -- alarm_acks_guard (fired first) refuses this already
    RAISE EXCEPTION '未登录：确认告警需要登录身份' USING ERRCODE = '42501';
  END IF;
  NEW.username := a.username;
  NEW.role := a.role;
  NEW.operator := left(coalesce(nullif(a.display_name, ''), a.username), 64);
  NEW.console := left(coalesce(a.console, ''), 64);
  NEW.acked_at := localtimestamp;
  SELECT status INTO st FROM alarms WHERE id = NEW.alarm_id FOR UPDATE;
  IF st = 'open' THEN
    UPDATE alarms SET status = 'acknowledged' WHERE id = NEW.alarm_id;
  ELSIF st = 'acknowledged' AND NOT EXISTS (SELECT 1 FROM alarm_acks k WHERE k.alarm_id = NEW.alarm_id) THEN
    NULL;  -- the console's compare-and-set moved the status first, in this transaction (repository.acknowledge)
  ELSIF st = 'acknowledged' THEN
    RAISE EXCEPTION '告警 #% 已被确认', NEW.alarm_id USING ERRCODE = '23505';
  ELSIF st IS NOT NULL THEN
    RAISE EXCEPTION '告警 #% 已%，不能确认', NEW.alarm_id, CASE st WHEN 'cancelled' THEN '撤销' ELSE st END
      USING ERRCODE = '42501';
  END IF;  -- no such alarm: the foreign key says so
  RETURN NEW;
END $$;

-- an alarm a console acknowledges comes with its acknowledgement (who, where, when) by commit
CREATE FUNCTION alarms_ack_recorded() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF console_trusted(TG_RELID) THEN RETURN NULL; END IF;
  IF (SELECT status FROM alarms WHERE id = NEW.id) = 'acknowledged'
     AND NOT EXISTS (SELECT 1 FROM alarm_acks WHERE alarm_id = NEW.id) THEN
    RAISE EXCEPTION '告警 #% 的确认没有确认记录（alarm_acks）', NEW.id USING ERRCODE = '42501';
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER alarms_ack_recorded AFTER UPDATE OF status ON alarms
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD.status = 'open' AND NEW.status = 'acknowledged') EXECUTE FUNCTION alarms_ack_recorded();

-- a case's time limits: due dates are the engine's (a calendar change), an administrator's (an item edit) or a
-- supervisor's re-dating with an upheld appeal's corrections; the limits themselves an administrator's
CREATE FUNCTION cases_limits_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE a record;
BEGIN
  IF console_trusted(TG_RELID) THEN RETURN NEW; END IF;
  IF (NEW.promised_days, NEW.statutory_days, NEW.promised_natural_days, NEW.statutory_natural_days)
     IS DISTINCT FROM
     (OLD.promised_days, OLD.statutory_days, OLD.promised_natural_days, OLD.statutory_natural_days) THEN
    SELECT * INTO a FROM console_actor();
    IF a.username IS NULL OR a.role <> 'administrator' THEN
      RAISE EXCEPTION '办件时限只能由管理员修改' USING ERRCODE = '42501';
    END IF;
  END IF;
  IF (NEW.promised_due, NEW.statutory_due, NEW.due_provisional)
     IS DISTINCT FROM (OLD.promised_due, OLD.statutory_due, OLD.due_provisional) THEN
    SELECT * INTO a FROM console_actor();
    IF a.username IS NULL AND console_is_engine() THEN RETURN NEW; END IF;
    IF a.role = 'administrator' THEN RETURN NEW; END IF;
    IF a.role = 'supervisor' AND EXISTS (
         SELECT 1 FROM case_corrections cc JOIN appeals ap ON ap.id = cc.appeal_id
          WHERE cc.case_id = NEW.id AND ap.case_id = NEW.id AND ap.status = 'upheld') THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION '办件到期日只能随管理员修改事项时限或督查员支持申诉的更正而改变'
      USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER cases_limits_guard BEFORE UPDATE ON cases FOR EACH ROW WHEN (@LIMITS_MOVE@)
  EXECUTE FUNCTION cases_limits_guard();
-- and the database's own record of a person's change to them (no function call for the engine's re-dating)
CREATE CONSTRAINT TRIGGER cases_limits_row_audit AFTER UPDATE ON cases DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (coalesce(current_setting('console.session', true), '') <> '' AND @LIMITS_MOVE@)
  EXECUTE FUNCTION console_row_audit();
"""

# a case's time-limit fields changed (the WHEN of 0021's triggers on cases: other updates call no function)
LIMITS_MOVE = (
    "(OLD.promised_due, OLD.statutory_due, OLD.due_provisional, OLD.promised_days, OLD.statutory_days,"
    " OLD.promised_natural_days, OLD.statutory_natural_days) IS DISTINCT FROM"
    " (NEW.promised_due, NEW.statutory_due, NEW.due_provisional, NEW.promised_days, NEW.statutory_days,"
    " NEW.promised_natural_days, NEW.statutory_natural_days)"
)

_DOWN = r"""
DROP TRIGGER IF EXISTS cases_limits_row_audit ON cases;
DROP TRIGGER IF EXISTS cases_limits_guard ON cases;
DROP FUNCTION IF EXISTS cases_limits_guard();
DROP TRIGGER IF EXISTS alarms_ack_recorded ON alarms;
DROP FUNCTION IF EXISTS alarms_ack_recorded();
CREATE OR REPLACE FUNCTION alarm_acks_identity() RETURNS trigger LANGUAGE plpgsql AS $$
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
ALTER TABLE console_sessions ALTER COLUMN started_at SET DEFAULT localtimestamp;
"""


def zone() -> str:
    return CENTRE_TZ.key


def pin_centre_time(raw: Any) -> list[str]:
    """Pin the centre's zone on every function of the schema that reads the clock; returns their signatures."""
    names = [r[0] for r in raw.execute(CLOCK_FUNCTIONS).fetchall()]
    for name in names:
        raw.execute(f"ALTER FUNCTION {name} SET TimeZone = '{zone()}'")
    return names


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return  # SQLite's stamps are the console's own (console.domain.clock); it has no clock-reading triggers
    raw = bind.connection.driver_connection  # no parameters: psycopg leaves every % of the bodies alone
    assert raw is not None
    raw.execute(_UP.replace("@ZONE@", zone()).replace("@LIMITS_MOVE@", LIMITS_MOVE))
    pin_centre_time(raw)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    raw = bind.connection.driver_connection
    assert raw is not None
    for (name,) in raw.execute(CLOCK_FUNCTIONS).fetchall():
        raw.execute(f"ALTER FUNCTION {name} RESET TimeZone")
    raw.execute(_DOWN)
