"""the lights' history: light_samples (the city's totals, keyed by the sample's time) and light_samples_units
(per unit, keyed (unit_id, at); an index on at for the retention delete) — console/models/light_history.py

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 01:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "light_samples",
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("normal", sa.Integer(), nullable=False),
        sa.Column("blue", sa.Integer(), nullable=False),
        sa.Column("yellow", sa.Integer(), nullable=False),
        sa.Column("red", sa.Integer(), nullable=False),
        sa.Column("red_handled", sa.Integer(), nullable=False),
        sa.Column("alarms_waiting", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("at"),
    )
    op.create_table(
        "light_samples_units",
        sa.Column("unit_id", sa.SmallInteger(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("normal", sa.Integer(), nullable=False),
        sa.Column("blue", sa.Integer(), nullable=False),
        sa.Column("yellow", sa.Integer(), nullable=False),
        sa.Column("red", sa.Integer(), nullable=False),
        sa.Column("red_handled", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("unit_id", "at"),
    )
    op.create_index("ix_light_samples_units_at", "light_samples_units", ["at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_light_samples_units_at", table_name="light_samples_units")
    op.drop_table("light_samples_units")
    op.drop_table("light_samples")
