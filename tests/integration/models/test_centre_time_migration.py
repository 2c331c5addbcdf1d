"""Migration 0021 (the database's clock in centre time, acknowledgements stamped by the database, a case's time
limits guarded): on PostgreSQL the downgrade gives back every function and default as 0020 left them; on
SQLite it changes nothing."""

import pytest
from alembic import command
from sqlalchemy import text

from console.domain import clock
from console.models.db import alembic_config, make_engine, upgrade
from tests.conftest import fresh_pg_database

# every function of the schema with its definition (SET clauses included) and the defaults of its columns
STATE = """
SELECT 'f ' || p.oid::regprocedure::text, pg_get_functiondef(p.oid) FROM pg_proc p JOIN pg_language l
    ON l.oid = p.prolang WHERE p.pronamespace = current_schema()::regnamespace AND l.lanname IN ('sql', 'plpgsql')
UNION ALL
SELECT 'd ' || d.adrelid::regclass::text || '.' || a.attname, pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d
  JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
UNION ALL
SELECT 't ' || tgrelid::regclass::text || '.' || tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal
"""


def _state(eng) -> dict[str, str]:
    with eng.connect() as c:
        return dict(c.execute(text(STATE)).tuples().all())


@pytest.mark.postgres
def test_0021_up_and_down():
    url, drop = fresh_pg_database()
    eng = make_engine(url)
    try:
        upgrade(eng, "0020")
        before = _state(eng)
        upgrade(eng, "0021")
        after = _state(eng)
        pinned = f"SET \"TimeZone\" TO '{clock.CENTRE_TZ.key}'"
        assert pinned in after["f audit_log_stamp()"] and pinned not in before["f audit_log_stamp()"]
        assert "AT TIME ZONE" in after["d console_sessions.started_at"]
        assert "t cases.cases_limits_guard" in after and "t alarms.alarms_ack_recorded" in after
        command.downgrade(alembic_config(eng), "0020")
        eng.dispose()
        assert _state(eng) == before
        upgrade(eng, "0021")  # and up again
        assert _state(eng) == after
    finally:
        eng.dispose()
        drop()


def test_0021_leaves_sqlite_as_0020(tmp_path):
    eng = make_engine(f"sqlite:///{tmp_path / 'c.db'}")
    try:
        upgrade(eng, "0020")
        with eng.connect() as c:
            tables = set(c.execute(text("SELECT sql FROM sqlite_master")).scalars())
        upgrade(eng, "0021")
        command.downgrade(alembic_config(eng), "0020")
        upgrade(eng, "0021")
        with eng.connect() as c:
            assert set(c.execute(text("SELECT sql FROM sqlite_master")).scalars()) == tables
            assert c.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0021"
    finally:
        eng.dispose()
