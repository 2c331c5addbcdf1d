"""alarms get ``recorded_at``: the wall clock when the row was written (when the centre knew of the alarm)

``raised_at`` is the business moment (a limit ending on working day D is red from 00:00 of D+1,
console.domain.clock.day_after; a record's violation at its ``occurred_at``): when it *happened*.  A replay
(console.models.asof) must show what was *known* at T, and an alarm raised at 09-29 for a case whose first record
arrived on 11-30 was not known before 11-30.  The writers set it from now on (console.models.repository
raise_alarms / raise_alarm_groups, console.models.supervision.complaints.raise_alarms).

Existing rows are backfilled with a lower bound of the moment they were written, the greatest of:

- ``raised_at`` (an alarm is written at or after the moment it stamps);
- the arrival of its case's first exchange record (``MIN(exchange_records.received_at)`` by case number: no
  alarm of a case is written before the case's row, which the ingest writes on the first record's arrival);
- the same bound of every alarm with a smaller id (ids come from the table's sequence when the row is
  inserted, so a larger id was written no earlier);

then capped by the row's first acknowledgement and cancellation (``alarm_acks.acked_at``,
``alarm_cancellations.cancelled_at``: wall clock, and nothing is acknowledged before it is written), should an
id have been given out of order.  A lower bound: a replay may show an old alarm slightly early, never a day
before its case had arrived.

On PostgreSQL the column is NOT NULL and the alarms' guard (0017's ``alarms_guard``) counts it among what an alarm
is: no role but a trusted one changes it (the consoles' role may not insert an alarm at all,
console.models.dbroles).  SQLite keeps it nullable (no table rebuild: other tables reference ``alarms``).

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-30 09:00:00
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

_BOUND = """
SELECT a.id, MIN(MAX(lb) OVER (ORDER BY a.id ROWS UNBOUNDED PRECEDING),
                 COALESCE(k.first_ack, '9999-12-31'), COALESCE(x.first_cancel, '9999-12-31')) AS bound
  FROM (SELECT a.id, @GREATEST@(a.raised_at, COALESCE(r.first_at, a.raised_at)) AS lb
          FROM alarms a
          LEFT JOIN cases c ON c.id = a.case_id
          LEFT JOIN (SELECT case_no, MIN(received_at) AS first_at FROM exchange_records GROUP BY case_no) r
                 ON r.case_no = c.case_no) a
  LEFT JOIN (SELECT alarm_id, MIN(acked_at) AS first_ack FROM alarm_acks GROUP BY alarm_id) k ON k.alarm_id = a.id
  LEFT JOIN (SELECT alarm_id, MIN(cancelled_at) AS first_cancel FROM alarm_cancellations GROUP BY alarm_id) x
         ON x.alarm_id = a.id
"""

# what an alarm is (0017's alarms_guard): recorded_at joins it, on both sides of the comparison
_WHAT_NEW = "NEW.raised_at,\n      NEW.raised_by)"
_WHAT_OLD = "OLD.raised_at,\n      OLD.raised_by)"


def _bound_sql(pg: bool) -> str:
    sql = _BOUND.replace("@GREATEST@", "GREATEST" if pg else "MAX")
    if pg:  # PostgreSQL's are LEAST and timestamps; SQLite compares the stored text
        sql = sql.replace("MIN(MAX(lb)", "LEAST(MAX(lb)").replace("'9999-12-31'", "TIMESTAMP '9999-12-31'")
    return sql


def _edit_guard(raw: Any, old: tuple[str, str], new: tuple[str, str]) -> None:
    body = raw.execute("SELECT pg_get_functiondef('alarms_guard()'::regprocedure)").fetchone()[0]
    assert old[0] in body and old[1] in body, "alarms_guard() is not 0017's"
    raw.execute(body.replace(old[0], new[0]).replace(old[1], new[1]))


def _with_recorded(what: str) -> str:
    side = what[:3]
    return what.replace(f"{side}.raised_by)", f"{side}.raised_by, {side}.recorded_at)")


def upgrade() -> None:
    pg = op.get_bind().dialect.name == "postgresql"
    op.add_column("alarms", sa.Column("recorded_at", sa.DateTime(), nullable=True))
    # one pass over the alarms (UPDATE … FROM: SQLite 3.33 and later too)
    op.execute(f"UPDATE alarms SET recorded_at = b.bound FROM ({_bound_sql(pg)}) b WHERE b.id = alarms.id")
    if pg:
        op.alter_column("alarms", "recorded_at", nullable=False)
        raw = op.get_bind().connection.driver_connection  # no parameters: psycopg leaves the body's % alone
        assert raw is not None
        _edit_guard(raw, (_WHAT_NEW, _WHAT_OLD), (_with_recorded(_WHAT_NEW), _with_recorded(_WHAT_OLD)))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        raw = op.get_bind().connection.driver_connection
        assert raw is not None
        _edit_guard(raw, (_with_recorded(_WHAT_NEW), _with_recorded(_WHAT_OLD)), (_WHAT_NEW, _WHAT_OLD))
    op.drop_column("alarms", "recorded_at")
