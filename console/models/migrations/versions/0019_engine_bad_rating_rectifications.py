"""the engine opens a bad rating's rectification; a refused session names what is refused

- ``rectifications_guard`` (0017's): the engine (no session, ``console_is_engine()``) may also INSERT the row
  console.supervision.rectification.rectify_bad_ratings writes — status 'ordered', for an alarm of rule
  ``bad_rating`` not cancelled, its case and the case's responsible unit, a deadline of at least one working day
  after the order day, nothing answered, verified, overdue or cancelled — and ``audit_log_stamp`` lets it write
  that row's system audit row (``rectification.order``).  0017 left the engine only the overdue marking, so the
  engine's pass logged "整改记录需要督查员登录身份" once a minute and a bad rating (好差评: a real-name bad rating is
  rectified and answered, 国务院办公厅 2019) was never rectified (README "Security model": the engine's role does
  the rules' rectifications).  A console without a session is still refused.
- ``cases_guard`` and ``meta_guard`` (0017's): a write without a valid session said "未登录的监察台…" even when a
  session token was set — one ended, older than 24 hours, or of an operator no longer active
  (0004's ``console_actor``).  With a token set they now say that the log-in session is not valid.

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-30 10:00:00
"""

from typing import Any

from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

BAD_RATING_RULE = "bad_rating"  # console.supervision.rectification.BAD_RATING_RULE
SYSTEM_ACTIONS = ("rectification.order",)  # rectify_bad_ratings' audit row, as the engine (role 'system')

_NOT_ENGINE = "未登录的监察台不能代替监察引擎修改 %（需要登录身份）"
_BAD_SESSION = "登录身份无效（会话已结束、超过 24 小时或操作员已停用），不能修改 %：请重新登录"

# 0017's guards with the engine's bad-rating INSERT and the refused session's own words
_UP = r"""
CREATE OR REPLACE FUNCTION console_session_set() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('console.session', true), '') <> ''
$$;

CREATE OR REPLACE FUNCTION rectifications_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE a record; al record; case_unit integer;
BEGIN
  IF console_trusted(TG_RELID) THEN RETURN NEW; END IF;
  SELECT * INTO a FROM console_actor();
  IF a.username IS NOT NULL AND console_rank(a.role) >= console_rank('supervisor') THEN RETURN NEW; END IF;
  IF TG_OP = 'UPDATE' AND a.username IS NULL AND console_is_engine()
     AND (to_jsonb(NEW) - 'status' - 'overdue_alarm_id') = (to_jsonb(OLD) - 'status' - 'overdue_alarm_id')
     AND NEW.status IN (OLD.status, 'overdue') AND OLD.status IN ('ordered', 'overdue')
     AND (OLD.overdue_alarm_id IS NULL OR NEW.overdue_alarm_id IS NOT DISTINCT FROM OLD.overdue_alarm_id) THEN
    RETURN NEW;
  END IF;
  -- a bad rating's rectification as rectify_bad_ratings opens it, and nothing else the engine inserts
  IF TG_OP = 'INSERT' AND a.username IS NULL AND console_is_engine() AND NEW.status = 'ordered'
     AND NEW.alarm_id IS NOT NULL AND NEW.deadline_days >= 1 AND NEW.due_date > NEW.ordered_at::date
     AND num_nonnulls(NEW.answer_text, NEW.answered_by, NEW.answered_at, NEW.verified_by, NEW.verified_at,
                      NEW.verification_text, NEW.overdue_alarm_id, NEW.cancel_reason) = 0 THEN
    SELECT al2.rule, al2.status, al2.case_id INTO al FROM alarms al2 WHERE al2.id = NEW.alarm_id;
    SELECT c.unit_id INTO case_unit FROM cases c WHERE c.id = NEW.case_id;
    IF al.rule = '@BAD_RATING@' AND al.status <> 'cancelled' AND al.case_id = NEW.case_id
       AND case_unit = NEW.unit_id THEN
      RETURN NEW;
    END IF;
  END IF;
  IF a.username IS NULL AND console_session_set() THEN
    RAISE EXCEPTION '@BAD_SESSION@', 'rectifications' USING ERRCODE = '42501';
  END IF;
  RAISE EXCEPTION '整改记录需要督查员登录身份' USING ERRCODE = '42501';
END $$;

CREATE OR REPLACE FUNCTION cases_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE a record;
BEGIN
  IF console_trusted(TG_RELID) THEN RETURN NEW; END IF;
  SELECT * INTO a FROM console_actor();
  IF (NEW.promised_days, NEW.statutory_days) IS DISTINCT FROM (OLD.promised_days, OLD.statutory_days) THEN
    IF a.username IS NULL OR a.role <> 'administrator' THEN
      RAISE EXCEPTION '办件时限只能由管理员修改' USING ERRCODE = '42501';
    END IF;
  END IF;
  IF a.username IS NULL AND NOT console_is_engine() THEN
    IF console_session_set() THEN
      RAISE EXCEPTION '@BAD_SESSION@', TG_TABLE_NAME USING ERRCODE = '42501';
    END IF;
    RAISE EXCEPTION '@NOT_ENGINE@', TG_TABLE_NAME USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION meta_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE a record;
BEGIN
  IF console_trusted(TG_RELID) THEN RETURN NEW; END IF;
  IF NEW.key LIKE 'auth.%' OR (TG_OP = 'UPDATE' AND OLD.key LIKE 'auth.%') THEN
    RAISE EXCEPTION '登录策略只能由管理员修改' USING ERRCODE = '42501';
  END IF;
  SELECT * INTO a FROM console_actor();
  IF NEW.key IN (@ENGINE_KEYS@) AND (TG_OP = 'INSERT' OR OLD.key = NEW.key) THEN
    IF console_is_engine() THEN RETURN NEW; END IF;
    IF a.username IS NULL AND console_session_set() THEN
      RAISE EXCEPTION '@BAD_SESSION@', 'meta.' || NEW.key USING ERRCODE = '42501';
    END IF;
    IF a.username IS NULL OR NEW.key = 'engine_lease' THEN
      RAISE EXCEPTION '@NOT_ENGINE@', 'meta.' || NEW.key USING ERRCODE = '42501';
    END IF;
  END IF;
  IF a.username IS NULL OR a.role <> 'administrator' THEN
    RAISE EXCEPTION '阈值 % 只能由管理员修改', NEW.key USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
"""

# 0017's definitions, as it left them
_DOWN = r"""
CREATE OR REPLACE FUNCTION rectifications_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE a record;
BEGIN
  IF console_trusted(TG_RELID) THEN RETURN NEW; END IF;
  SELECT * INTO a FROM console_actor();
  IF a.username IS NOT NULL AND console_rank(a.role) >= console_rank('supervisor') THEN RETURN NEW; END IF;
  IF TG_OP = 'UPDATE' AND a.username IS NULL AND console_is_engine()
     AND (to_jsonb(NEW) - 'status' - 'overdue_alarm_id') = (to_jsonb(OLD) - 'status' - 'overdue_alarm_id')
     AND NEW.status IN (OLD.status, 'overdue') AND OLD.status IN ('ordered', 'overdue')
     AND (OLD.overdue_alarm_id IS NULL OR NEW.overdue_alarm_id IS NOT DISTINCT FROM OLD.overdue_alarm_id) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '整改记录需要督查员登录身份' USING ERRCODE = '42501';
END $$;

CREATE OR REPLACE FUNCTION cases_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE a record;
BEGIN
  IF console_trusted(TG_RELID) THEN RETURN NEW; END IF;
  SELECT * INTO a FROM console_actor();
  IF (NEW.promised_days, NEW.statutory_days) IS DISTINCT FROM (OLD.promised_days, OLD.statutory_days) THEN
    IF a.username IS NULL OR a.role <> 'administrator' THEN
      RAISE EXCEPTION '办件时限只能由管理员修改' USING ERRCODE = '42501';
    END IF;
  END IF;
  IF a.username IS NULL AND NOT console_is_engine() THEN
    RAISE EXCEPTION '@NOT_ENGINE@', TG_TABLE_NAME USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION meta_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE a record;
BEGIN
  IF console_trusted(TG_RELID) THEN RETURN NEW; END IF;
  IF NEW.key LIKE 'auth.%' OR (TG_OP = 'UPDATE' AND OLD.key LIKE 'auth.%') THEN
    RAISE EXCEPTION '登录策略只能由管理员修改' USING ERRCODE = '42501';
  END IF;
  SELECT * INTO a FROM console_actor();
  IF NEW.key IN (@ENGINE_KEYS@) AND (TG_OP = 'INSERT' OR OLD.key = NEW.key) THEN
    IF console_is_engine() THEN RETURN NEW; END IF;
    IF a.username IS NULL OR NEW.key = 'engine_lease' THEN
      RAISE EXCEPTION '@NOT_ENGINE@', 'meta.' || NEW.key USING ERRCODE = '42501';
    END IF;
  END IF;
  IF a.username IS NULL OR a.role <> 'administrator' THEN
    RAISE EXCEPTION '阈值 % 只能由管理员修改', NEW.key USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

DROP FUNCTION IF EXISTS console_session_set();
"""

ENGINE_META_KEYS = ("calendar_fingerprint", "engine_lease")  # 0017's


def _fill(sql: str) -> str:
    keys = ", ".join("'" + k + "'" for k in ENGINE_META_KEYS)
    return (
        sql.replace("@ENGINE_KEYS@", keys)
        .replace("@NOT_ENGINE@", _NOT_ENGINE)
        .replace("@BAD_SESSION@", _BAD_SESSION)
        .replace("@BAD_RATING@", BAD_RATING_RULE)
    )


def _system_actions(raw: Any, add: tuple[str, ...], remove: tuple[str, ...] = ()) -> None:
    """Edit the list of system actions inside audit_log_stamp() (as 0006 does, on the body the database holds)."""
    body = raw.execute("SELECT pg_get_functiondef('audit_log_stamp()'::regprocedure)").fetchone()[0]
    head, sep, rest = body.partition("NEW.action IN (")
    assert sep, "audit_log_stamp() has no list of system actions"
    listed, close, tail = rest.partition(")")
    names = [x.strip().strip("'") for x in listed.split(",") if x.strip()]
    names = [x for x in names if x not in remove] + [x for x in add if x not in names]
    raw.execute(head + sep + ", ".join("'" + x + "'" for x in names) + close + tail)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return  # SQLite has no roles nor guards
    raw = bind.connection.driver_connection  # no parameters: psycopg leaves every % of the bodies alone
    assert raw is not None
    raw.execute(_fill(_UP))
    _system_actions(raw, SYSTEM_ACTIONS)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    raw = bind.connection.driver_connection
    assert raw is not None
    _system_actions(raw, (), SYSTEM_ACTIONS)
    raw.execute(_fill(_DOWN))
