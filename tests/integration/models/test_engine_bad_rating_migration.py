"""Migration 0019 (the engine opens bad ratings' rectifications; an invalid session is named): on PostgreSQL the
downgrade gives back every function it edits exactly as 0018 left it; on SQLite it changes nothing."""

import pytest
from alembic import command
from sqlalchemy import text

from console.models.db import alembic_config, make_engine, upgrade
from tests.conftest import fresh_pg_database

FUNCTIONS = ("rectifications_guard()", "cases_guard()", "meta_guard()", "audit_log_stamp()")


def _definitions(eng) -> dict[str, str]:
    with eng.connect() as c:
        return {
            f: c.execute(text("SELECT pg_get_functiondef(CAST(:f AS regprocedure))"), {"f": f}).scalar_one()
            for f in FUNCTIONS
        }


@pytest.mark.postgres
def test_0019_up_and_down():
    url, drop = fresh_pg_database()
    eng = make_engine(url)
    try:
        upgrade(eng, "0018")
        before = _definitions(eng)
        upgrade(eng, "0019")
        after = _definitions(eng)
        assert all(after[f] != before[f] for f in FUNCTIONS)
        guard = after["rectifications_guard()"]
        assert "'bad_rating'" in guard and "TG_OP = 'INSERT'" in guard
        assert "'rectification.order'" in after["audit_log_stamp()"]
        assert "'rectification.order'" not in before["audit_log_stamp()"]
        command.downgrade(alembic_config(eng), "0018")
        eng.dispose()
        assert _definitions(eng) == before
        with eng.connect() as c:
            assert c.execute(text("SELECT to_regprocedure('console_session_set()')")).scalar() is None
        upgrade(eng, "0019")  # and up again
        assert _definitions(eng) == after
    finally:
        eng.dispose()
        drop()


def test_0019_leaves_sqlite_as_0018(tmp_path):
    eng = make_engine(f"sqlite:///{tmp_path / 'c.db'}")
    try:
        upgrade(eng, "0018")
        with eng.connect() as c:
            tables = set(c.execute(text("SELECT name FROM sqlite_master")).scalars())
        upgrade(eng, "0019")
        command.downgrade(alembic_config(eng), "0018")
        upgrade(eng, "0019")
        with eng.connect() as c:
            assert set(c.execute(text("SELECT name FROM sqlite_master")).scalars()) == tables
            assert c.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0019"
    finally:
        eng.dispose()
