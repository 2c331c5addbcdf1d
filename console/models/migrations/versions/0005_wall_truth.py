"""the wall tells the whole truth: one table of rule levels (red or yellow) an administrator may edit, seeded with
the levels the rules carried in code when this revision was written; alarm occurrences (ISA-18.2): an alarm row is
one occurrence of a rule on a case and subject, numbered, with the time its condition cleared, so a violation that
comes back is a new row that alarms again (the unique key is the occurrence, no longer the level); subjects hold
whole procedure ids; an acknowledgement stores the account (user name) and its role at the time; the feed's
heartbeat: when the last record of each unit came from each sending system

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 01:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# frozen here on purpose: a migration must not change when console.domain.rules later gains a rule (rules missing
# from the table fall back to their level in code, see console.models.rule_levels)
_DEFAULTS = (
    ("promised_overdue", "red"),
    ("statutory_overdue", "red"),
    ("step_overdue", "red"),
    ("supplement_late", "red"),
    ("fee_irregular", "red"),
    ("refusal_no_reason", "red"),
    ("special_after_completion", "red"),
    ("rectification_overdue", "red"),
    ("special_backdated", "red"),
    ("bad_rating", "yellow"),
    ("acceptance_late", "red"),
)


def upgrade() -> None:
    table = op.create_table(
        "rule_levels",
        sa.Column("rule", sa.String(length=32), nullable=False),
        sa.Column("level", sa.String(length=8), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("updated_by", sa.String(length=64), nullable=True),
        sa.CheckConstraint("level IN ('red', 'yellow')", name="ck_rule_levels_level"),
        sa.PrimaryKeyConstraint("rule"),
    )
    op.bulk_insert(table, [{"rule": r, "level": lv} for r, lv in _DEFAULTS])

    # SQLite changes a unique key only by re-creating the table, which drops its triggers: keep and restore them
    # (guards an earlier revision may have put on alarms)
    triggers = _triggers_of("alarms")
    with op.batch_alter_table("alarms", schema=None) as batch_op:
        batch_op.add_column(sa.Column("occurrence", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("cleared_at", sa.DateTime(), nullable=True))
        batch_op.alter_column("subject", existing_type=sa.String(length=32), type_=sa.String(length=128))
        batch_op.drop_constraint("uq_alarm_case_rule_level", type_="unique")
        batch_op.create_unique_constraint("uq_alarm_occurrence", ["case_id", "rule", "subject", "occurrence"])
    _restore(triggers)
    op.create_table(
        "feed_heartbeats",
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("sender", sa.String(length=64), nullable=False),
        sa.Column("last_record_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("unit_id", "sender"),
    )
    with op.batch_alter_table("alarm_acks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("username", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("role", sa.String(length=16), nullable=True))


def _triggers_of(table: str) -> list[str]:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return []  # PostgreSQL alters the table in place
    rows = bind.execute(
        sa.text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t AND sql IS NOT NULL"),
        {"t": table},
    )
    return [r[0] for r in rows]


def _restore(triggers: list[str]) -> None:
    for sql in triggers:
        op.execute(sql)


def downgrade() -> None:
    op.drop_table("feed_heartbeats")
    with op.batch_alter_table("alarm_acks", schema=None) as batch_op:
        batch_op.drop_column("role")
        batch_op.drop_column("username")
    # a later occurrence cannot survive the old key (one alarm per case, rule, subject and level); what refers to
    # it goes as its foreign keys say, spelled out: SQLite migrates with them off (migrations/env.py)
    later = "SELECT id FROM alarms WHERE occurrence > 1"
    for table in ("alarm_acks", "alarm_cancellations"):  # ON DELETE CASCADE
        op.execute(f"DELETE FROM {table} WHERE alarm_id IN ({later})")
    for table, column in (
        ("rectifications", "alarm_id"),
        ("rectifications", "overdue_alarm_id"),
        ("sanction_links", "alarm_id"),
    ):  # ON DELETE SET NULL
        op.execute(f"UPDATE {table} SET {column} = NULL WHERE {column} IN ({later})")
    op.execute("DELETE FROM alarms WHERE occurrence > 1")
    triggers = _triggers_of("alarms")
    with op.batch_alter_table("alarms", schema=None) as batch_op:
        batch_op.drop_constraint("uq_alarm_occurrence", type_="unique")
        batch_op.create_unique_constraint("uq_alarm_case_rule_level", ["case_id", "rule", "subject", "level"])
        batch_op.alter_column("subject", existing_type=sa.String(length=128), type_=sa.String(length=32))
        batch_op.drop_column("cleared_at")
        batch_op.drop_column("occurrence")
    _restore(triggers)
    op.drop_table("rule_levels")
