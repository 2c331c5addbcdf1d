"""engine_heartbeat: the supervision engine's last pass, so a console reading beside it can tell a calm room from
one whose engine is not running (console.services.engine writes it, console.services.poller reads it).  On
PostgreSQL only the engine's role may write it (``grant-engine-role``; a console's role only reads).

Revision ID: 0015
Revises: 0013
Create Date: 2026-11-30 05:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "engine_heartbeat",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("holder", sa.String(length=128), nullable=False),
        sa.Column("since", sa.DateTime(), nullable=False),
        sa.Column("last_pass", sa.DateTime(), nullable=False),
        sa.Column("interval_s", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("engine_heartbeat")
