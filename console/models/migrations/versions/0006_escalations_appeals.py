"""督办 (escalations with their history) and 申诉 (appeals)

On PostgreSQL the new tables get guards like migration 0004's: a logged-in supervisor writes them; a console
with nobody logged in (the poller's scheduled pass) may only open the automatic 预警提醒 of an overdue
rectification and move an open 督办 up the ladder (or to overdue), and its audit rows for that are allowed as
system actions; appeals are a supervisor's (an exchange record's appeal is filed by the ingest, the owner).
``grant-console-role`` grants the consoles' role these tables (console.models.dbroles).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 01:00:00
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


# the scheduled pass's audit actions, written with no one logged in (added to 0004's list)
SYSTEM_ACTIONS = ("escalation.open", "escalation.escalated", "escalation.lapsed")

_GUARDS = r"""
CREATE FUNCTION escalation_level_rank(level text) RETURNS int LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE level WHEN 'reminder' THEN 1 WHEN 'yellow' THEN 2 WHEN 'red' THEN 3 ELSE 0 END
$$;

-- escalations: a supervisor's; the pass (no session) opens only the automatic reminder of a rectification and
-- only moves an open one up the ladder (level, due date, its days) or to overdue (with its alarm)
CREATE FUNCTION escalations_guard() RETURNS trigger LANGUAGE plpgsql AS $$
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

-- the history: a supervisor's, or the pass's own steps
CREATE FUNCTION escalation_events_guard() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE TRIGGER escalations_guard BEFORE INSERT OR UPDATE OR DELETE ON escalations
  FOR EACH ROW EXECUTE FUNCTION escalations_guard();
CREATE TRIGGER escalation_events_guard BEFORE INSERT OR UPDATE OR DELETE ON escalation_events
  FOR EACH ROW EXECUTE FUNCTION escalation_events_guard();
CREATE TRIGGER appeals_guard BEFORE INSERT OR UPDATE OR DELETE ON appeals
  FOR EACH ROW EXECUTE FUNCTION console_guard('supervisor');
"""
_DROP_GUARDS = (
    "DROP TRIGGER IF EXISTS appeals_guard ON appeals; DROP TRIGGER IF EXISTS escalation_events_guard ON "
    "escalation_events; DROP TRIGGER IF EXISTS escalations_guard ON escalations; DROP FUNCTION IF EXISTS "
    "escalation_events_guard(); DROP FUNCTION IF EXISTS escalations_guard(); DROP FUNCTION IF EXISTS "
    "escalation_level_rank(text);"
)


def _system_actions(raw: Any, add: tuple[str, ...], remove: tuple[str, ...] = ()) -> None:
    """Edit the list of system actions inside 0004's audit_log_stamp() (its body, as the database holds it)."""
    body = raw.execute("SELECT pg_get_functiondef('audit_log_stamp()'::regprocedure)").fetchone()[0]
    head, sep, rest = body.partition("NEW.action IN (")
    assert sep, "audit_log_stamp() has no list of system actions"
    listed, close, tail = rest.partition(")")
    names = [x.strip().strip("'") for x in listed.split(",") if x.strip()]
    names = [x for x in names if x not in remove] + [x for x in add if x not in names]
    raw.execute(head + sep + ", ".join("'" + x + "'" for x in names) + close + tail)


def upgrade() -> None:
    op.create_table(
        "escalations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("notice_no", sa.String(length=32), nullable=False),
        sa.Column("source_kind", sa.String(length=16), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("finding", sa.Text(), nullable=False),
        sa.Column("requirement", sa.Text(), nullable=False),
        sa.Column("opened_by", sa.String(length=64), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("automatic", sa.Boolean(), nullable=False),
        sa.Column("deadline_days", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("answer_text", sa.Text(), nullable=True),
        sa.Column("overdue_alarm_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["overdue_alarm_id"], ["alarms.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("notice_no"),
    )
    with op.batch_alter_table("escalations", schema=None) as batch_op:
        batch_op.create_index("ix_escalations_status_due", ["status", "due_date"], unique=False)
        batch_op.create_index("ix_escalations_unit", ["unit_id"], unique=False)
        batch_op.create_index("ix_escalations_source", ["source_kind", "source_id"], unique=False)
    op.create_table(
        "escalation_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("escalation_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["escalation_id"], ["escalations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("escalation_events", schema=None) as batch_op:
        batch_op.create_index("ix_escalation_events_escalation", ["escalation_id"], unique=False)
    op.create_table(
        "appeals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alarm_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("record_id", sa.String(length=128), nullable=True),
        sa.Column("appellant", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("filed_at", sa.DateTime(), nullable=False),
        sa.Column("registered_by", sa.String(length=64), nullable=False),
        sa.Column("deadline_days", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["alarm_id"], ["alarms.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("record_id"),
    )
    with op.batch_alter_table("appeals", schema=None) as batch_op:
        batch_op.create_index("ix_appeals_status_due", ["status", "due_date"], unique=False)
        batch_op.create_index("ix_appeals_alarm", ["alarm_id"], unique=False)
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        raw = bind.connection.driver_connection  # no parameters: psycopg leaves the bodies' % and : alone
        assert raw is not None
        raw.execute(_GUARDS)
        _system_actions(raw, SYSTEM_ACTIONS)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        raw = bind.connection.driver_connection
        assert raw is not None
        raw.execute(_DROP_GUARDS)
        _system_actions(raw, (), SYSTEM_ACTIONS)
    op.drop_table("appeals")
    op.drop_table("escalation_events")
    op.drop_table("escalations")
