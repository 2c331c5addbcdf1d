"""自然日 limits on items and steps: an item's (and a key-post step's) limits may be in calendar days; a case's step
keeps its limit as given in 自然日 (its limit_days holds the working-day equivalent the engine runs).

Revision ID: 0016
Revises: 0013
Create Date: 2026-11-30 05:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

_UNITS = "limit_unit IN ('工作日', '自然日')"
_OPEN_STEP = "ended_at IS NULL AND limit_days IS NOT NULL"


def _open_step_index(columns: list[str]) -> None:
    """The poll's covering index of the open key-post steps (0003), with or without natural_days."""
    op.drop_index("ix_case_events_open_step", table_name="case_events")
    op.create_index(
        "ix_case_events_open_step",
        "case_events",
        columns,
        postgresql_where=sa.text(_OPEN_STEP),
        sqlite_where=sa.text(_OPEN_STEP),
    )


def upgrade() -> None:
    pg = op.get_bind().dialect.name == "postgresql"
    for table in ("items", "item_steps"):
        op.add_column(table, sa.Column("limit_unit", sa.String(length=8), nullable=False, server_default="工作日"))
        if pg:  # SQLite cannot add a constraint to a table with rows that others reference (no rebuild here)
            op.create_check_constraint(f"ck_{table}_limit_unit", table, _UNITS)
    op.add_column("case_events", sa.Column("natural_days", sa.Integer(), nullable=True))
    # the poll reads the open step's 自然日 limit too: keep the index covering (index-only on PostgreSQL)
    _open_step_index(["case_id", "started_at", "limit_days", "step_code", "natural_days"])


def downgrade() -> None:
    pg = op.get_bind().dialect.name == "postgresql"
    _open_step_index(["case_id", "started_at", "limit_days", "step_code"])
    op.drop_column("case_events", "natural_days")
    for table in ("item_steps", "items"):
        if pg:
            op.drop_constraint(f"ck_{table}_limit_unit", table, type_="check")
        op.drop_column(table, "limit_unit")
