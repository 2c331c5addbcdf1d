"""the wall tells the whole truth: one table of rule levels (red or yellow) an administrator may edit, seeded with
the levels the rules carried in code when this revision was written

Revision ID: 0005
Revises: 0003
Create Date: 2026-11-30 01:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0003"
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


def downgrade() -> None:
    op.drop_table("rule_levels")
