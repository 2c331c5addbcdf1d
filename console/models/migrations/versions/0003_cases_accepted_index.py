"""poll indexes: cases.accepted_at (today's per-hour counts at start and midnight without a table scan;
completed_at already leads ix_cases_open_due) and a partial covering index of the open key-post steps (the
poll reads the changed cases' open step from it instead of every event row of those cases)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 04:00:00
"""

import sqlalchemy as sa
from alembic import op

_OPEN_STEP = "ended_at IS NULL AND limit_days IS NOT NULL"


revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index("ix_cases_accepted_at", ["accepted_at"], unique=False)
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_case_events_open_step",
            ["case_id", "started_at", "limit_days", "step_code"],
            unique=False,
            postgresql_where=sa.text(_OPEN_STEP),
            sqlite_where=sa.text(_OPEN_STEP),
        )


def downgrade() -> None:
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.drop_index("ix_case_events_open_step")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_accepted_at")
