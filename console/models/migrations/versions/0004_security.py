"""security: a hash-chained audit log on both engines; on PostgreSQL the database checks who may write what

Both engines: ``audit_log.prev_hash``/``row_hash`` (SHA-256 chain, see console.domain.audit_chain) filled for
the rows already there.  PostgreSQL only (design (b) of the README's "Security model"): log-in, lock-out and
session in the database (``console_login``/``console_logout``/``console_actor``, pgcrypto bcrypt hashes),
administration through ``console_manage``/``console_set_policy``, and guard triggers that refuse a write of a
role that is not the schema owner unless it carries a live log-in session of a person allowed to make it,
and record every row such a session writes in the audit log themselves (``db.<table>.<insert|update|delete>``).
The privileges themselves are granted by ``grant-console-role`` (console.models.dbroles).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 01:00:00
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# least role of a write per table (INSERT/UPDATE/DELETE; privileges decide which verbs the console has at all)
GUARDED = {
    "alarm_acks": "operator",
    "alarm_cancellations": "supervisor",
    "sanctions": "supervisor",
    "sanction_links": "supervisor",
    "complaints": "supervisor",
    "complaint_notes": "supervisor",
    "complaint_conditions": "supervisor",
    "calendar_overrides": "administrator",
    "calendar_years": "administrator",
    "items": "administrator",
    "item_steps": "administrator",
}

# tables whose every row written in a person's session the database itself records in the audit log
ROW_AUDITED = (*GUARDED, "alarms", "rectifications")

# Audit actions a console writes on its own, before anyone logs in (the poller marking rectifications overdue).
SYSTEM_ACTIONS = ("rectification.overdue",)

_FUNCTIONS = r"""
CREATE EXTENSION IF NOT EXISTS pgcrypto;

-- the schema owner (migrations, the ingest service, the DBA) and superusers are trusted; every other role is
-- a console and must carry a log-in session for what a person does
CREATE FUNCTION console_trusted(rel regclass) RETURNS boolean LANGUAGE sql STABLE
SET search_path = pg_catalog AS $$
  SELECT coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = current_user), false)
      OR pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = rel), 'USAGE')
$$;

CREATE FUNCTION console_rank(r text) RETURNS int LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE r WHEN 'operator' THEN 0 WHEN 'supervisor' THEN 1 WHEN 'administrator' THEN 2 ELSE -1 END
$$;

CREATE TABLE console_sessions (
  id bigserial PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  operator_id integer NOT NULL REFERENCES operators(id),
  console text,
  started_at timestamp NOT NULL DEFAULT localtimestamp,
  ended_at timestamp
);
REVOKE ALL ON console_sessions FROM PUBLIC;

-- who this connection's session belongs to: the token (set_config('console.session', …)) is known only to
-- the console that logged in; its hash is stored, so reading the table would not give it away either
CREATE FUNCTION console_actor(OUT username text, OUT role text, OUT console text, OUT display_name text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE tok text := current_setting('console.session', true);
BEGIN
  IF tok IS NULL OR tok = '' THEN RETURN; END IF;
  SELECT o.username, o.role, s.console, o.display_name INTO username, role, console, display_name
    FROM console_sessions s JOIN operators o ON o.id = s.operator_id
   WHERE s.token_hash = encode(digest(tok, 'sha256'), 'hex') AND s.ended_at IS NULL AND o.active
     AND s.started_at > localtimestamp - interval '24 hours';
END $$;

CREATE FUNCTION audit_row_hash(prev text, id bigint, at timestamp, actor text, role text, console text,
                               action text, target text, before json, after json)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(digest(concat_ws(E'\x1f', coalesce(prev, ''), id::text, at::text, coalesce(actor, ''),
    coalesce(role, ''), coalesce(console, ''), coalesce(action, ''), coalesce(target, ''),
    coalesce(before::text, ''), coalesce(after::text, '')), 'sha256'), 'hex')
$$;

-- every audit row: a console's row names the session's person, role, console and the database's time; one
-- writer at a time extends the chain (the lock lasts to commit, so id order is chain order)
CREATE FUNCTION audit_log_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE a record; prev text;
BEGIN
  IF NOT console_trusted(TG_RELID) THEN
    SELECT * INTO a FROM console_actor();
    IF a.username IS NOT NULL THEN
      NEW.actor := a.username; NEW.role := a.role; NEW.console := a.console;
    ELSIF NEW.role = 'system' AND NEW.action IN (@SYSTEM_ACTIONS@) THEN
      NEW.console := left(NEW.actor, 64);
    ELSE
      RAISE EXCEPTION '审计记录只能由已登录的操作员产生（audit rows need a log-in session）'
        USING ERRCODE = '42501';
    END IF;
    NEW.at := localtimestamp;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('audit_log chain'));
  NEW.id := nextval(pg_get_serial_sequence('audit_log', 'id'));
  SELECT row_hash INTO prev FROM audit_log ORDER BY id DESC LIMIT 1;
  NEW.prev_hash := coalesce(prev, '');
  NEW.row_hash := audit_row_hash(NEW.prev_hash, NEW.id, NEW.at, NEW.actor, NEW.role, NEW.console,
                                 NEW.action, NEW.target, NEW.before, NEW.after);
  RETURN NEW;
END $$;
CREATE TRIGGER audit_log_stamp BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_stamp();

-- the first row where the chain breaks (NULL: intact)
CREATE FUNCTION audit_chain_break(OUT broken_id bigint, OUT reason text) LANGUAGE sql STABLE AS $$
  SELECT id, CASE WHEN prev_hash IS DISTINCT FROM coalesce(lag_hash, '') THEN 'prev' ELSE 'row' END
    FROM (SELECT *, lag(row_hash) OVER (ORDER BY id) AS lag_hash FROM audit_log) x
   WHERE prev_hash IS DISTINCT FROM coalesce(lag_hash, '')
      OR row_hash IS DISTINCT FROM audit_row_hash(prev_hash, id, at, actor, role, console, action, target,
                                                  before, after)
   ORDER BY id LIMIT 1
$$;

-- guard for the tables of GUARDED: the least role is the trigger's argument
CREATE FUNCTION console_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE a record;
BEGIN
  IF NOT console_trusted(TG_RELID) THEN
    SELECT * INTO a FROM console_actor();
    IF a.username IS NULL THEN
      RAISE EXCEPTION '未登录：修改 % 需要登录身份', TG_TABLE_NAME USING ERRCODE = '42501';
    END IF;
    IF console_rank(a.role) < console_rank(TG_ARGV[0]) THEN
      RAISE EXCEPTION '% (%) 无权修改 %：需要 %', a.username, a.role, TG_TABLE_NAME, TG_ARGV[0]
        USING ERRCODE = '42501';
    END IF;
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;

-- alarms: a console raises them (open) before anyone logs in; after that only a person moves the status on:
-- open → acknowledged (operator), open/acknowledged → cancelled (supervisor); nothing reopens, nothing else moves
CREATE FUNCTION alarms_guard() RETURNS trigger LANGUAGE plpgsql AS $$
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
  IF (NEW.id, NEW.case_id, NEW.rule, NEW.subject, NEW.level, NEW.message, NEW.raised_at, NEW.raised_by)
     IS DISTINCT FROM
     (OLD.id, OLD.case_id, OLD.rule, OLD.subject, OLD.level, OLD.message, OLD.raised_at, OLD.raised_by) THEN
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

-- rectifications: a supervisor's; the poller (no session) may only mark an ordered one overdue with its alarm
CREATE FUNCTION rectifications_guard() RETURNS trigger LANGUAGE plpgsql AS $$
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

-- meta: consoles keep their own bookkeeping there; the log-in policy (auth.*) only through console_set_policy
CREATE FUNCTION meta_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF console_trusted(TG_RELID) THEN RETURN NEW; END IF;
  IF NEW.key LIKE 'auth.%' OR (TG_OP = 'UPDATE' AND OLD.key LIKE 'auth.%') THEN
    RAISE EXCEPTION '登录策略只能由管理员修改' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
-- cases: a console re-dates open cases on its own (derived data, column privileges allow only those columns);
-- their limits change only with an administrator's item edit
CREATE FUNCTION cases_guard() RETURNS trigger LANGUAGE plpgsql AS $$
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
CREATE TRIGGER cases_guard BEFORE UPDATE ON cases FOR EACH ROW EXECUTE FUNCTION cases_guard();
CREATE TRIGGER meta_guard BEFORE INSERT OR UPDATE ON meta FOR EACH ROW EXECUTE FUNCTION meta_guard();
CREATE TRIGGER alarms_guard BEFORE INSERT OR UPDATE ON alarms FOR EACH ROW EXECUTE FUNCTION alarms_guard();
CREATE TRIGGER rectifications_guard BEFORE INSERT OR UPDATE ON rectifications
  FOR EACH ROW EXECUTE FUNCTION rectifications_guard();

-- the database's own record of each row a person's session writes, whatever the client journals: deferred to
-- commit (when every row lock of the transaction is held already, so taking the chain's lock adds no cycle)
CREATE FUNCTION console_row_audit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE a record; r jsonb;
BEGIN
  IF console_trusted(TG_RELID) THEN RETURN NULL; END IF;
  SELECT * INTO a FROM console_actor();
  IF a.username IS NULL THEN RETURN NULL; END IF;  -- a console's own work before log-in (alarms raised, overdue)
  r := CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END;
  INSERT INTO audit_log (at, actor, role, console, action, target, before, after)
  VALUES (localtimestamp, a.username, a.role, a.console, 'db.' || TG_TABLE_NAME || '.' || lower(TG_OP),
          left(TG_TABLE_NAME || ':' || coalesce(r->>'id', r->>'day', r->>'year', ''), 200),
          CASE WHEN TG_OP <> 'INSERT' THEN to_json(OLD) END, CASE WHEN TG_OP <> 'DELETE' THEN to_json(NEW) END);
  RETURN NULL;
END $$;

CREATE FUNCTION console_audit(p_actor text, p_role text, p_console text, p_action text, p_target text,
                              p_after jsonb) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  INSERT INTO audit_log (at, actor, role, console, action, target, after)
  VALUES (localtimestamp, left(p_actor, 64), p_role, left(p_console, 64), p_action, left(p_target, 200),
          p_after::json)
$$;
REVOKE ALL ON FUNCTION console_audit(text, text, text, text, text, jsonb) FROM PUBLIC;

-- log-in: the password is checked here, the failure counted under the account's row lock (any number of
-- consoles at once count every attempt), and a success returns a fresh session token
CREATE FUNCTION console_login(p_username text, p_password text, p_console text)
RETURNS TABLE (outcome text, token text, username text, role text, display_name text, locked_until timestamp)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  op operators%ROWTYPE;
  max_failures int := coalesce((SELECT value::numeric::int FROM meta WHERE key = 'auth.max_failures'), 5);
  lock_minutes float := coalesce((SELECT value::float FROM meta WHERE key = 'auth.lock_minutes'), 15);
  t text;
  ok boolean;
BEGIN
  SELECT * INTO op FROM operators o WHERE o.username = p_username FOR UPDATE;
  IF NOT FOUND OR NOT op.active THEN
    PERFORM crypt(p_password, gen_salt('bf', 10));  -- a wrong name costs as long as a wrong password
    PERFORM console_audit(p_username, '', p_console, 'auth.failed', 'operator:' || left(p_username, 50),
                          jsonb_build_object('reason', CASE WHEN op.id IS NULL THEN 'unknown' ELSE 'inactive' END));
    RETURN QUERY SELECT 'failed'::text, NULL::text, p_username, NULL::text, NULL::text, NULL::timestamp;
    RETURN;
  END IF;
  IF op.locked_until IS NOT NULL AND op.locked_until > localtimestamp THEN
    PERFORM console_audit(op.username, op.role, p_console, 'auth.refused_locked', 'operator:' || op.username,
                          jsonb_build_object('locked_until', op.locked_until));
    RETURN QUERY SELECT 'locked'::text, NULL::text, op.username::text, op.role::text, op.display_name::text,
                        op.locked_until;
    RETURN;
  END IF;
  IF op.locked_until IS NOT NULL THEN op.locked_until := NULL; op.failed_count := 0; END IF;
  -- only bcrypt hashes made here verify; an older (argon2) hash needs a new password from an administrator
  ok := op.password_hash LIKE '$2%' AND crypt(p_password, op.password_hash) = op.password_hash;
  IF NOT ok THEN
    op.failed_count := coalesce(op.failed_count, 0) + 1;
    IF op.failed_count >= max_failures THEN
      op.locked_until := localtimestamp + make_interval(secs => lock_minutes * 60);
    END IF;
    UPDATE operators SET failed_count = op.failed_count, locked_until = op.locked_until WHERE id = op.id;
    PERFORM console_audit(op.username, op.role, p_console, 'auth.failed', 'operator:' || op.username,
                          jsonb_strip_nulls(jsonb_build_object('failed_count', op.failed_count,
                                                               'locked_until', op.locked_until)));
    RETURN QUERY SELECT CASE WHEN op.locked_until IS NULL THEN 'failed' ELSE 'locked' END,
                        NULL::text, op.username::text, op.role::text, op.display_name::text, op.locked_until;
    RETURN;
  END IF;
  UPDATE operators SET failed_count = 0, locked_until = NULL, last_login_at = localtimestamp WHERE id = op.id;
  t := encode(gen_random_bytes(32), 'hex');
  INSERT INTO console_sessions (token_hash, operator_id, console)
  VALUES (encode(digest(t, 'sha256'), 'hex'), op.id, left(p_console, 64));
  PERFORM console_audit(op.username, op.role, p_console, 'auth.login', 'operator:' || op.username, NULL);
  RETURN QUERY SELECT 'ok'::text, t, op.username::text, op.role::text, op.display_name::text, NULL::timestamp;
END $$;

CREATE FUNCTION console_logout(p_action text DEFAULT 'auth.logout') RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE a record;
BEGIN
  SELECT * INTO a FROM console_actor();
  IF a.username IS NULL THEN RETURN; END IF;
  UPDATE console_sessions SET ended_at = localtimestamp
   WHERE token_hash = encode(digest(current_setting('console.session', true), 'sha256'), 'hex');
  PERFORM console_audit(a.username, a.role, a.console, p_action, 'operator:' || a.username, NULL);
END $$;

-- administration of accounts: the session's person must be an administrator (or, for 'password' with the
-- old password, the account's owner); the clear password is hashed here (bcrypt) and never stored
CREATE FUNCTION console_manage(p_action text, p_username text, p_password text DEFAULT NULL,
                               p_role text DEFAULT NULL, p_display text DEFAULT NULL, p_old text DEFAULT NULL,
                               p_active boolean DEFAULT NULL) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE a record; op operators%ROWTYPE; before jsonb; after jsonb;
BEGIN
  SELECT * INTO a FROM console_actor();
  IF a.username IS NULL THEN
    RAISE EXCEPTION '未登录：账号管理需要管理员登录' USING ERRCODE = '42501';
  END IF;
  SELECT * INTO op FROM operators o WHERE o.username = p_username FOR UPDATE;
  IF p_action = 'password' AND a.username = p_username AND p_old IS NOT NULL THEN
    IF NOT (op.password_hash LIKE '$2%' AND crypt(p_old, op.password_hash) = op.password_hash) THEN
      RAISE EXCEPTION '原密码错误' USING ERRCODE = '28P01';
    END IF;
  ELSIF a.role <> 'administrator' THEN
    RAISE EXCEPTION '% (%) 无权管理账号：需要 administrator', a.username, a.role USING ERRCODE = '42501';
  END IF;
  IF p_action <> 'add' AND op.id IS NULL THEN
    RAISE EXCEPTION '没有操作员 %', p_username USING ERRCODE = 'P0002';
  END IF;
  IF p_action IN ('add', 'password') AND length(coalesce(p_password, '')) < 8 THEN
    RAISE EXCEPTION '密码至少 8 个字符' USING ERRCODE = '22023';
  END IF;
  IF p_action IN ('add', 'role') AND coalesce(p_role, '') NOT IN ('operator', 'supervisor', 'administrator') THEN
    RAISE EXCEPTION '角色必须是 operator / supervisor / administrator' USING ERRCODE = '22023';
  END IF;
  IF (p_action = 'role' AND op.role = 'administrator' AND p_role <> 'administrator')
     OR (p_action = 'active' AND NOT p_active AND op.role = 'administrator') THEN
    IF NOT EXISTS (SELECT 1 FROM operators o WHERE o.role = 'administrator' AND o.active AND o.id <> op.id) THEN
      RAISE EXCEPTION '不能停用或降级最后一名管理员' USING ERRCODE = '22023';
    END IF;
  END IF;
  IF p_action = 'add' THEN
    IF op.id IS NOT NULL THEN RAISE EXCEPTION '操作员 % 已存在', p_username USING ERRCODE = '23505'; END IF;
    INSERT INTO operators (username, display_name, role, password_hash, failed_count, active, created_at)
    VALUES (p_username, coalesce(nullif(p_display, ''), p_username), p_role, crypt(p_password, gen_salt('bf', 10)),
            0, true, localtimestamp);
    after := jsonb_build_object('role', p_role, 'display_name', coalesce(nullif(p_display, ''), p_username),
                                'active', true);
  ELSIF p_action = 'password' THEN
    UPDATE operators SET password_hash = crypt(p_password, gen_salt('bf', 10)), failed_count = 0,
                         locked_until = NULL WHERE id = op.id;
    after := jsonb_build_object('changed', true);
  ELSIF p_action = 'role' THEN
    UPDATE operators SET role = p_role WHERE id = op.id;
    before := jsonb_build_object('role', op.role); after := jsonb_build_object('role', p_role);
  ELSIF p_action = 'active' THEN
    UPDATE operators SET active = p_active WHERE id = op.id;
    IF NOT p_active THEN  -- a deactivated account's open sessions end with it
      UPDATE console_sessions SET ended_at = localtimestamp WHERE operator_id = op.id AND ended_at IS NULL;
    END IF;
    before := jsonb_build_object('active', op.active); after := jsonb_build_object('active', p_active);
  ELSIF p_action = 'unlock' THEN
    UPDATE operators SET failed_count = 0, locked_until = NULL WHERE id = op.id;
    before := jsonb_build_object('failed_count', op.failed_count, 'locked_until', op.locked_until);
    after := jsonb_build_object('failed_count', 0, 'locked_until', NULL);
  ELSE
    RAISE EXCEPTION '未知的账号操作 %', p_action USING ERRCODE = '22023';
  END IF;
  INSERT INTO audit_log (at, actor, role, console, action, target, before, after)
  VALUES (localtimestamp, a.username, a.role, a.console, 'operator.' || p_action, 'operator:' || p_username,
          before::json, after::json);
END $$;

CREATE FUNCTION console_set_policy(p_key text, p_value text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE a record; before text;
BEGIN
  SELECT * INTO a FROM console_actor();
  IF a.username IS NULL OR a.role <> 'administrator' THEN
    RAISE EXCEPTION '登录策略只能由管理员修改' USING ERRCODE = '42501';
  END IF;
  IF p_key NOT IN ('auth.max_failures', 'auth.lock_minutes', 'auth.idle_lock_minutes',
                   'auth.min_password_length') THEN
    RAISE EXCEPTION '未知的策略项 %', p_key USING ERRCODE = '22023';
  END IF;
  SELECT value INTO before FROM meta WHERE key = p_key;
  INSERT INTO meta (key, value) VALUES (p_key, p_value) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value;
  PERFORM console_audit(a.username, a.role, a.console, 'auth.policy', p_key,
                        jsonb_build_object('before', before, 'after', p_value));
END $$;
"""

SQLITE_AUDIT_TRIGGERS = ("audit_log_no_update", "audit_log_no_delete")


def _sqlite_backfill(bind: sa.engine.Connection) -> None:
    """Chain the rows already there (the append-only triggers step aside for this one migration)."""
    from console.domain.audit_chain import row_hash

    for name in SQLITE_AUDIT_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    prev = ""
    rows = bind.execute(
        sa.text("SELECT id, at, actor, role, console, action, target, before, after FROM audit_log ORDER BY id")
    ).all()
    for r in rows:
        before = json.loads(r.before) if r.before is not None else None
        after = json.loads(r.after) if r.after is not None else None
        h = row_hash(prev, r.id, r.at, r.actor, r.role, r.console, r.action, r.target, before, after)
        bind.execute(
            sa.text("UPDATE audit_log SET prev_hash = :p, row_hash = :h WHERE id = :i"), {"p": prev, "h": h, "i": r.id}
        )
        prev = h
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
        )


def _pg_backfill() -> str:
    return """
ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;
DO $$
DECLARE r record; prev text := '';
BEGIN
  FOR r IN SELECT * FROM audit_log ORDER BY id LOOP
    UPDATE audit_log SET prev_hash = prev,
      row_hash = audit_row_hash(prev, r.id, r.at, r.actor, r.role, r.console, r.action, r.target, r.before, r.after)
     WHERE id = r.id RETURNING row_hash INTO prev;
  END LOOP;
END $$;
ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;
"""


def upgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("row_hash", sa.String(length=64), nullable=True))
    if bind.dialect.name == "sqlite":
        _sqlite_backfill(bind)
        return
    system = ", ".join("'" + a + "'" for a in SYSTEM_ACTIONS)
    raw = bind.connection.driver_connection  # no parameters: psycopg leaves every % and : of the bodies alone
    assert raw is not None
    raw.execute(_FUNCTIONS.replace("@SYSTEM_ACTIONS@", system))
    raw.execute(_pg_backfill())
    for table, least in GUARDED.items():
        raw.execute(
            f"CREATE TRIGGER {table}_guard BEFORE INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION console_guard('{least}')"
        )
    for table in ROW_AUDITED:
        raw.execute(
            f"CREATE CONSTRAINT TRIGGER {table}_row_audit AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION console_row_audit()"
        )
    for fn in (
        "console_login(text, text, text)",
        "console_logout(text)",
        "console_manage(text, text, text, text, text, text, boolean)",
        "console_set_policy(text, text)",
    ):
        raw.execute(f"REVOKE ALL ON FUNCTION {fn} FROM PUBLIC")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        raw = bind.connection.driver_connection
        assert raw is not None
        for table in GUARDED:
            raw.execute(f"DROP TRIGGER IF EXISTS {table}_guard ON {table}")
        for table in ROW_AUDITED:
            raw.execute(f"DROP TRIGGER IF EXISTS {table}_row_audit ON {table}")
        raw.execute(
            "DROP TRIGGER IF EXISTS audit_log_stamp ON audit_log; DROP TRIGGER IF EXISTS meta_guard ON meta;"
            "DROP TRIGGER IF EXISTS alarms_guard ON alarms; DROP TRIGGER IF EXISTS cases_guard ON cases;"
            "DROP TRIGGER IF EXISTS rectifications_guard ON rectifications;"
            "DROP FUNCTION IF EXISTS console_login, console_logout, console_manage, console_set_policy,"
            " console_audit, console_row_audit, console_guard, alarms_guard, cases_guard, rectifications_guard,"
            " meta_guard,"
            " audit_log_stamp,"
            " audit_chain_break, audit_row_hash, console_actor, console_rank, console_trusted;"
            "DROP TABLE IF EXISTS console_sessions;"
        )
    else:
        for name in SQLITE_AUDIT_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("row_hash")
        batch_op.drop_column("prev_hash")
    if bind.dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )
