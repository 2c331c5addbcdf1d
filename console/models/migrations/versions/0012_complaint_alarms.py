"""complaint alarms and 自然日 limits: an alarm belongs to a case or to a complaint (效能投诉 whose acceptance or
reply deadline passed), so ``alarms.case_id`` becomes nullable and ``alarms.complaint_id`` is added, with its own
unique key per occurrence (complaint, rule, subject, occurrence) and a check that every alarm names one of the
two; a case keeps the limits it was accepted with in 自然日 (promised_natural_days, statutory_natural_days) as
given; on PostgreSQL the alarms guard of 0004 also keeps the complaint of an alarm from changing

Revision ID: 0012
Revises: 0008
Create Date: 2026-11-30 05:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0010"
branch_labels = None
depends_on = None

# 0004's guard with complaint_id among the columns that never change (what the alarm is)
_GUARD = r"""
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
  IF (NEW.id, NEW.case_id, @NEW_COMPLAINT@NEW.rule, NEW.subject, NEW.level, NEW.message, NEW.raised_at,
      NEW.raised_by)
     IS DISTINCT FROM
     (OLD.id, OLD.case_id, @OLD_COMPLAINT@OLD.rule, OLD.subject, OLD.level, OLD.message, OLD.raised_at,
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
"""


# SQLite changes NOT NULL only by re-creating the table, and dropping the old ``alarms`` with foreign keys on
# (they cannot be turned off inside the migration's transaction) deletes every acknowledgement, cancellation and
# appeal (ON DELETE CASCADE).  Dropping a NOT NULL does not touch the stored rows, so SQLite's documented way for
# such a change is used instead: edit the table's definition in place (writable_schema) and bump schema_version.
# The new column, its unique key and the owner check (a trigger: SQLite cannot add a CHECK) need no rebuild.
_OWNER_TRIGGER = """
CREATE TRIGGER alarms_owner BEFORE INSERT ON alarms
WHEN NEW.case_id IS NULL AND NEW.complaint_id IS NULL
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: ck_alarms_owner'); END"""


def _set_case_not_null_sqlite(not_null: bool) -> None:
    bind = op.get_bind()
    old, new = (
        ("case_id INTEGER,", "case_id INTEGER NOT NULL,")
        if not_null
        else ("case_id INTEGER NOT NULL,", "case_id INTEGER,")
    )
    version: int = bind.execute(sa.text("PRAGMA schema_version")).scalar_one()
    op.execute("PRAGMA writable_schema = ON")
    bind.execute(
        sa.text("UPDATE sqlite_master SET sql = replace(sql, :old, :new) WHERE type = 'table' AND name = 'alarms'"),
        {"old": old, "new": new},
    )
    op.execute("PRAGMA writable_schema = OFF")
    op.execute(f"PRAGMA schema_version = {int(version) + 1}")


def _upgrade_sqlite() -> None:
    columns = {r[1] for r in op.get_bind().execute(sa.text("PRAGMA table_info(alarms)"))}
    if "complaint_id" not in columns:  # else left by a downgrade, NULL on every row
        op.execute(
            "ALTER TABLE alarms ADD COLUMN complaint_id INTEGER"
            " CONSTRAINT fk_alarms_complaint REFERENCES complaints (id) ON DELETE CASCADE"
        )
    _set_case_not_null_sqlite(False)
    op.execute("CREATE UNIQUE INDEX uq_alarm_complaint_occurrence ON alarms (complaint_id, rule, subject, occurrence)")
    op.execute(_OWNER_TRIGGER)


def _downgrade_sqlite() -> None:
    op.execute("DROP TRIGGER IF EXISTS alarms_owner")
    op.execute("DROP INDEX IF EXISTS uq_alarm_complaint_occurrence")
    # the column stays, NULL on every row (SQLite drops no column with a foreign key); 0008's code ignores it
    _set_case_not_null_sqlite(True)


def _guard(with_complaint: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    raw = bind.connection.driver_connection  # no parameters: psycopg leaves every % of the body alone
    assert raw is not None
    raw.execute(
        _GUARD.replace("@NEW_COMPLAINT@", "NEW.complaint_id, " if with_complaint else "").replace(
            "@OLD_COMPLAINT@", "OLD.complaint_id, " if with_complaint else ""
        )
    )


def upgrade() -> None:
    # limits accepted in 自然日, as given (the working-day columns hold what the engine runs)
    op.add_column("cases", sa.Column("promised_natural_days", sa.Integer(), nullable=True))
    op.add_column("cases", sa.Column("statutory_natural_days", sa.Integer(), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        _upgrade_sqlite()
        return
    op.add_column("alarms", sa.Column("complaint_id", sa.Integer(), nullable=True))
    op.alter_column("alarms", "case_id", existing_type=sa.Integer(), nullable=True)
    op.create_foreign_key("fk_alarms_complaint", "alarms", "complaints", ["complaint_id"], ["id"], ondelete="CASCADE")
    op.create_unique_constraint(
        "uq_alarm_complaint_occurrence", "alarms", ["complaint_id", "rule", "subject", "occurrence"]
    )
    op.create_check_constraint("ck_alarms_owner", "alarms", "case_id IS NOT NULL OR complaint_id IS NOT NULL")
    _guard(with_complaint=True)


def downgrade() -> None:
    # complaint alarms cannot live at 0010; what refers to them goes as its foreign keys say, spelled out: SQLite
    # migrates with them off (migrations/env.py)
    complaint_alarms = "SELECT id FROM alarms WHERE case_id IS NULL"
    for table in ("alarm_acks", "alarm_cancellations", "appeals"):  # ON DELETE CASCADE
        op.execute(f"DELETE FROM {table} WHERE alarm_id IN ({complaint_alarms})")
    for table, column in (
        ("rectifications", "alarm_id"),
        ("rectifications", "overdue_alarm_id"),
        ("sanction_links", "alarm_id"),
        ("escalations", "overdue_alarm_id"),
    ):  # ON DELETE SET NULL
        op.execute(f"UPDATE {table} SET {column} = NULL WHERE {column} IN ({complaint_alarms})")
    op.execute("DELETE FROM alarms WHERE case_id IS NULL")
    if op.get_bind().dialect.name == "postgresql":
        # the deletes queued the deferred row-audit triggers (0004, 0014's downgrade): PostgreSQL alters no table
        # with trigger events pending, so they run now
        op.execute("SET CONSTRAINTS ALL IMMEDIATE")
    # plain DROP COLUMN (SQLite ≥ 3.35), never a batch re-creation: dropping cases would cascade to its alarms
    op.execute("ALTER TABLE cases DROP COLUMN statutory_natural_days")
    op.execute("ALTER TABLE cases DROP COLUMN promised_natural_days")
    if op.get_bind().dialect.name == "sqlite":
        _downgrade_sqlite()
        return
    _guard(with_complaint=False)
    op.drop_constraint("ck_alarms_owner", "alarms", type_="check")
    op.drop_constraint("uq_alarm_complaint_occurrence", "alarms", type_="unique")
    op.drop_constraint("fk_alarms_complaint", "alarms", type_="foreignkey")
    op.alter_column("alarms", "case_id", existing_type=sa.Integer(), nullable=False)
    op.drop_column("alarms", "complaint_id")
