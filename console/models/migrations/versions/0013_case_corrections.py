"""case_corrections: a case's time corrected with an upheld 申诉 (console/models/escalation_schema.py), laid over
its exchange records by every re-fold.  On PostgreSQL a logged-in supervisor writes them (as appeals, 0006).

Revision ID: 0013
Revises: 0008
Create Date: 2026-11-30 05:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_GUARD = """
CREATE TRIGGER case_corrections_guard BEFORE INSERT OR UPDATE OR DELETE ON case_corrections
  FOR EACH ROW EXECUTE FUNCTION console_guard('supervisor');
"""


def upgrade() -> None:
    op.create_table(
        "case_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("appeal_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("wait_kind", sa.String(length=16), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("made_by", sa.String(length=64), nullable=False),
        sa.Column("made_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["appeal_id"], ["appeals.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_case_corrections_case", "case_corrections", ["case_id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_GUARD)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS case_corrections_guard ON case_corrections")
    op.drop_index("ix_case_corrections_case", table_name="case_corrections")
    op.drop_table("case_corrections")
