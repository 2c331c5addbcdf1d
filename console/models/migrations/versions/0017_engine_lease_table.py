"""the engine's lease becomes a lock only the engine's role may lock, and the system's own work (no person's
session) becomes the engine's alone

- ``engine_lease``: a view of no table (``SELECT 1``).  On PostgreSQL the engine holds ``LOCK TABLE engine_lease
  IN EXCLUSIVE MODE NOWAIT`` in an open transaction on its dedicated connection (console.models.lease.PgLease).
  Only the engine's role is granted it (UPDATE, which LOCK in that mode requires); the consoles' role is granted
  nothing on it, not even SELECT.  The advisory lock it replaces could be taken by any role: a console PC's
  credentials holding it stopped every engine.  A view, not a table: VACUUM/ANALYZE skip views, so the held
  lock never makes a database-wide VACUUM wait.  On SQLite the view exists for the same schema; the lease stays
  a ``flock`` on a file (FileLease).
- ``console_is_engine()``: the connection's role may INSERT into ``engine_heartbeat`` — granted only to the
  engine's role (console.models.dbroles.ENGINE_INSERT_TABLES) and held by the owner.  The guards of 0004, 0006,
  0007 and 0012 let a write without a person's session through as "the system's own work"; a console's role
  before log-in was such a writer too (re-dating cases, clearing alarms, marking rectifications overdue, moving
  督办, system audit rows, the calendar fingerprint).  Now only the engine does that work; a console without a
  session is refused with ERRCODE 42501.  The engine may also note its lease holder in ``meta``
  (``engine_lease``), which 0007's guard had left to administrators.

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30 08:00:00
"""

from typing import Any

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

# meta keys the engine writes on its own: 0007's calendar fingerprint, and the lease holder's note
# (console.models.lease.HOLDER_KEY)
ENGINE_META_KEYS = ("calendar_fingerprint", "engine_lease")

_NOT_ENGINE = "未登录的监察台不能代替监察引擎修改 %（需要登录身份）"

_UP = r"""
-- the engine's role and the owner hold INSERT on engine_heartbeat (grant-engine-role); a console's role never
CREATE FUNCTION console_is_engine() RETURNS boolean LANGUAGE sql STABLE
SET search_path = pg_catalog, public AS $$
  SELECT has_table_privilege(current_user, 'public.engine_heartbeat', 'INSERT')
$$;

-- 0012's alarms guard: a change that keeps the status (the condition cleared: cleared_at) is the engine's
CREATE OR REPLACE FUNCTION alarms_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE a record; need text;
BEGIN
  IF console_trusted(TG_RELID) THEN RETURN NEW; END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'open' THEN
      RAISE EXCEPTION '新告警必须是 open' USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
  END IF;
  -- what the alarm is never changes (columns that record a status change may come with it)
  IF (NEW.id, NEW.case_id, NEW.complaint_id, NEW.rule, NEW.subject, NEW.level, NEW.message, NEW.raised_at,
      NEW.raised_by)
     IS DISTINCT FROM
     (OLD.id, OLD.case_id, OLD.complaint_id, OLD.rule, OLD.subject, OLD.level, OLD.message, OLD.raised_at,
      OLD.raised_by) THEN
    RAISE EXCEPTION '告警只能改变状态' USING ERRCODE = '42501';
  END IF;
  IF NEW.status = OLD.status THEN
    IF to_jsonb(NEW) = to_jsonb(OLD) OR console_is_engine() THEN RETURN NEW; END IF;
    RAISE EXCEPTION '告警的恢复（cleared_at）只能由监察引擎记录' USING ERRCODE = '42501';
  END IF;
  IF OLD.status = 'open' AND NEW.status = 'acknowledged' THEN need := 'operator';
  ELSIF OLD.status IN ('open', 'acknowledged') AND NEW.status = 'cancelled' THEN need := 'supervisor';
  ELSE
    RAISE EXCEPTION '告警状态不能从 % 改为 %', OLD.status, NEW.status USING ERRCODE = '42501';
  END IF;
  SELECT * INTO a FROM console_actor();
  IF a.username IS NULL OR console_rank(a.role) < console_rank(need) THEN
    RAISE EXCEPTION '改变告警状态需要 % 登录身份', need USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

-- 0004's: a supervisor's; the engine (no session) may only mark an ordered one overdue with its alarm
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

-- 0004's: due dates are re-dated by the engine (a calendar change) or in a person's session (an
-- administrator's item edit, a supervisor's upheld appeal); the limits only with an administrator's item edit
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

-- 0006's: a supervisor's; the engine (no session) opens only the automatic reminder of a rectification and
-- only moves an open one up the ladder (level, due date, its days) or to overdue (with its alarm)
CREATE OR REPLACE FUNCTION escalations_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE a record;
BEGIN
  IF console_trusted(TG_RELID) THEN RETURN NEW; END IF;
  SELECT * INTO a FROM console_actor();
  IF a.username IS NOT NULL AND console_rank(a.role) >= console_rank('supervisor') THEN RETURN NEW; END IF;
  IF a.username IS NULL AND console_is_engine() AND TG_OP = 'INSERT' AND NEW.automatic
     AND NEW.source_kind = 'rectification' AND NEW.level = 'reminder' AND NEW.status = 'open' THEN
    RETURN NEW;
  END IF;
  IF a.username IS NULL AND console_is_engine() AND TG_OP = 'UPDATE' AND OLD.status = 'open'
     AND OLD.due_date < current_date
     AND (to_jsonb(NEW) - 'level' - 'due_date' - 'deadline_days' - 'status' - 'overdue_alarm_id')
       = (to_jsonb(OLD) - 'level' - 'due_date' - 'deadline_days' - 'status' - 'overdue_alarm_id')
     AND ((escalation_level_rank(NEW.level) = escalation_level_rank(OLD.level) + 1 AND NEW.status = 'open'
           AND NEW.due_date > OLD.due_date AND NEW.due_date <= OLD.due_date + 120
           AND NEW.deadline_days BETWEEN 1 AND 60)
       OR (OLD.level = 'red' AND NEW.level = 'red' AND NEW.due_date = OLD.due_date AND NEW.status = 'overdue'
           AND NEW.deadline_days = OLD.deadline_days)) THEN
    RETURN NEW;
  END IF;
  IF a.username IS NULL AND console_is_engine() AND TG_OP = 'UPDATE' AND OLD.status = 'overdue'
     AND NEW.status = 'overdue'
     AND (to_jsonb(NEW) - 'overdue_alarm_id') = (to_jsonb(OLD) - 'overdue_alarm_id') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '督办记录需要督查员登录身份' USING ERRCODE = '42501';
END $$;

CREATE OR REPLACE FUNCTION escalation_events_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE a record;
BEGIN
  IF console_trusted(TG_RELID) THEN RETURN NEW; END IF;
  SELECT * INTO a FROM console_actor();
  IF a.username IS NOT NULL AND console_rank(a.role) >= console_rank('supervisor') THEN RETURN NEW; END IF;
  IF a.username IS NULL AND console_is_engine() AND TG_OP = 'INSERT'
     AND NEW.kind IN ('opened', 'escalated', 'lapsed') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '督办经过需要督查员登录身份' USING ERRCODE = '42501';
END $$;

-- 0007's: the engine's own keys without a session; every other key an administrator's (the calendar's
-- fingerprint too: an administrator's calendar edit re-dates the open cases at once, console.cli calendar)
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
"""

# the definitions 0017 replaces, as 0004, 0006, 0007 and 0012 left them
_DOWN = r"""
CREATE OR REPLACE FUNCTION alarms_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE a record; need text;
BEGIN
  IF console_trusted(TG_RELID) THEN RETURN NEW; END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'open' THEN
      RAISE EXCEPTION '新告警必须是 open' USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
  END IF;
  -- what the alarm is never changes (columns that record a status change may come with it)
  IF (NEW.id, NEW.case_id, NEW.complaint_id, NEW.rule, NEW.subject, NEW.level, NEW.message, NEW.raised_at,
      NEW.raised_by)
     IS DISTINCT FROM
     (OLD.id, OLD.case_id, OLD.complaint_id, OLD.rule, OLD.subject, OLD.level, OLD.message, OLD.raised_at,
      OLD.raised_by) THEN
    RAISE EXCEPTION '告警只能改变状态' USING ERRCODE = '42501';
  END IF;
  IF NEW.status = OLD.status THEN RETURN NEW; END IF;
  IF OLD.status = 'open' AND NEW.status = 'acknowledged' THEN need := 'operator';
  ELSIF OLD.status IN ('open', 'acknowledged') AND NEW.status = 'cancelled' THEN need := 'supervisor';
  ELSE
    RAISE EXCEPTION '告警状态不能从 % 改为 %', OLD.status, NEW.status USING ERRCODE = '42501';
  END IF;
  SELECT * INTO a FROM console_actor();
  IF a.username IS NULL OR console_rank(a.role) < console_rank(need) THEN
    RAISE EXCEPTION '改变告警状态需要 % 登录身份', need USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION rectifications_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE a record;
BEGIN
  IF console_trusted(TG_RELID) THEN RETURN NEW; END IF;
  SELECT * INTO a FROM console_actor();
  IF a.username IS NOT NULL AND console_rank(a.role) >= console_rank('supervisor') THEN RETURN NEW; END IF;
  IF TG_OP = 'UPDATE' AND a.username IS NULL
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
  IF (NEW.promised_days, NEW.statutory_days) IS DISTINCT FROM (OLD.promised_days, OLD.statutory_days) THEN
    SELECT * INTO a FROM console_actor();
    IF a.username IS NULL OR a.role <> 'administrator' THEN
      RAISE EXCEPTION '办件时限只能由管理员修改' USING ERRCODE = '42501';
    END IF;
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION escalations_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE a record;
BEGIN
  IF console_trusted(TG_RELID) THEN RETURN NEW; END IF;
  SELECT * INTO a FROM console_actor();
  IF a.username IS NOT NULL AND console_rank(a.role) >= console_rank('supervisor') THEN RETURN NEW; END IF;
  IF a.username IS NULL AND TG_OP = 'INSERT' AND NEW.automatic AND NEW.source_kind = 'rectification'
     AND NEW.level = 'reminder' AND NEW.status = 'open' THEN
    RETURN NEW;
  END IF;
  -- the pass moves only a 督办 whose deadline has passed: one level up with a later due date (at most 60
  -- working days, bounded here in calendar days), or a 红牌督办 to overdue; nothing else of the row changes
  IF a.username IS NULL AND TG_OP = 'UPDATE' AND OLD.status = 'open' AND OLD.due_date < current_date
     AND (to_jsonb(NEW) - 'level' - 'due_date' - 'deadline_days' - 'status' - 'overdue_alarm_id')
       = (to_jsonb(OLD) - 'level' - 'due_date' - 'deadline_days' - 'status' - 'overdue_alarm_id')
     AND ((escalation_level_rank(NEW.level) = escalation_level_rank(OLD.level) + 1 AND NEW.status = 'open'
           AND NEW.due_date > OLD.due_date AND NEW.due_date <= OLD.due_date + 120
           AND NEW.deadline_days BETWEEN 1 AND 60)
       OR (OLD.level = 'red' AND NEW.level = 'red' AND NEW.due_date = OLD.due_date AND NEW.status = 'overdue'
           AND NEW.deadline_days = OLD.deadline_days)) THEN
    RETURN NEW;
  END IF;
  IF a.username IS NULL AND TG_OP = 'UPDATE' AND OLD.status = 'overdue' AND NEW.status = 'overdue'
     AND (to_jsonb(NEW) - 'overdue_alarm_id') = (to_jsonb(OLD) - 'overdue_alarm_id') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '督办记录需要督查员登录身份' USING ERRCODE = '42501';
END $$;

CREATE OR REPLACE FUNCTION escalation_events_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE a record;
BEGIN
  IF console_trusted(TG_RELID) THEN RETURN NEW; END IF;
  SELECT * INTO a FROM console_actor();
  IF a.username IS NOT NULL AND console_rank(a.role) >= console_rank('supervisor') THEN RETURN NEW; END IF;
  IF a.username IS NULL AND TG_OP = 'INSERT' AND NEW.kind IN ('opened', 'escalated', 'lapsed') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '督办经过需要督查员登录身份' USING ERRCODE = '42501';
END $$;

CREATE OR REPLACE FUNCTION meta_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE a record;
BEGIN
  IF console_trusted(TG_RELID) THEN RETURN NEW; END IF;
  IF NEW.key LIKE 'auth.%' OR (TG_OP = 'UPDATE' AND OLD.key LIKE 'auth.%') THEN
    RAISE EXCEPTION '登录策略只能由管理员修改' USING ERRCODE = '42501';
  END IF;
  IF NEW.key IN ('calendar_fingerprint') AND (TG_OP = 'INSERT' OR OLD.key = NEW.key) THEN RETURN NEW; END IF;
  SELECT * INTO a FROM console_actor();
  IF a.username IS NULL OR a.role <> 'administrator' THEN
    RAISE EXCEPTION '阈值 % 只能由管理员修改', NEW.key USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

DROP FUNCTION IF EXISTS console_is_engine();
"""

# 0004's audit stamp lets a session-less writer add the system's audit rows (its list edited by 0006): the
# engine's alone now.  Edited in the body the database holds, like 0006 does, so the list stays as it is.
_SYSTEM_BRANCH = "ELSIF NEW.role = 'system' AND NEW.action IN ("
_ENGINE_BRANCH = "ELSIF NEW.role = 'system' AND console_is_engine() AND NEW.action IN ("


def _edit_audit_stamp(raw: Any, old: str, new: str) -> None:
    body = raw.execute("SELECT pg_get_functiondef('audit_log_stamp()'::regprocedure)").fetchone()[0]
    assert old in body, "audit_log_stamp() has no branch for the system's audit rows"
    raw.execute(body.replace(old, new))


def upgrade() -> None:
    # a view with no base table, not a table: VACUUM and ANALYZE never touch a view, so the lease held on it
    # blocks no maintenance (a database-wide VACUUM would wait for a locked table: SHARE UPDATE EXCLUSIVE
    # conflicts with EXCLUSIVE), and LOCK on a view locks only what its query names — nothing else here
    op.execute("CREATE VIEW engine_lease AS SELECT 1 AS held")
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return  # SQLite has no roles: the lease is a flock (FileLease), the table is there for the same schema
    raw = bind.connection.driver_connection  # no parameters: psycopg leaves every % of the bodies alone
    assert raw is not None
    keys = ", ".join("'" + k + "'" for k in ENGINE_META_KEYS)
    raw.execute(_UP.replace("@ENGINE_KEYS@", keys).replace("@NOT_ENGINE@", _NOT_ENGINE))
    _edit_audit_stamp(raw, _SYSTEM_BRANCH, _ENGINE_BRANCH)
    raw.execute("REVOKE ALL ON engine_lease FROM PUBLIC")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        raw = bind.connection.driver_connection
        assert raw is not None
        _edit_audit_stamp(raw, _ENGINE_BRANCH, _SYSTEM_BRANCH)
        raw.execute(_DOWN)
    op.execute("DROP VIEW engine_lease")
