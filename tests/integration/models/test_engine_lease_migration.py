"""Migration 0017 (the engine's lease table, the guards that tell the engine from a console): both engines get
the table; on PostgreSQL the downgrade gives back every function exactly as 0016 left it."""

import pytest
from alembic import command
from sqlalchemy import inspect, text

from console.models.db import alembic_config, make_engine, upgrade
from tests.conftest import fresh_pg_database

FUNCTIONS = (
    "alarms_guard()", "rectifications_guard()", "cases_guard()", "escalations_guard()",
    "escalation_events_guard()", "meta_guard()", "audit_log_stamp()",
)  # fmt: skip


def _definitions(eng) -> dict[str, str]:
    with eng.connect() as c:
        return {
            f: c.execute(text("SELECT pg_get_functiondef(CAST(:f AS regprocedure))"), {"f": f}).scalar_one()
            for f in FUNCTIONS
        }


@pytest.mark.parametrize("engine_kind", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_0017_up_and_down(tmp_path, engine_kind):
    if engine_kind == "sqlite":
        url, drop = f"sqlite:///{tmp_path / 'lease.db'}", (lambda: None)
    else:
        url, drop = fresh_pg_database()
    eng = make_engine(url)
    try:
        upgrade(eng, "0016")
        before = _definitions(eng) if engine_kind == "postgresql" else {}
        upgrade(eng)
        assert "engine_lease" in inspect(eng).get_view_names()
        with eng.connect() as c:
            assert c.execute(text("SELECT held FROM engine_lease")).scalar() == 1  # a view of no table
        if engine_kind == "postgresql":
            after = _definitions(eng)
            assert all(after[f] != before[f] for f in FUNCTIONS)  # every one tells the engine from a console now
            assert all("console_is_engine()" in after[f] for f in FUNCTIONS)
            with eng.connect() as c:  # the owner (this connection) may insert the heartbeat: the engine's work
                assert c.execute(text("SELECT console_is_engine()")).scalar() is True
        command.downgrade(alembic_config(eng), "0016")
        eng.dispose()
        assert "engine_lease" not in inspect(eng).get_view_names()
        if engine_kind == "postgresql":
            assert _definitions(eng) == before
            with eng.connect() as c:
                assert c.execute(text("SELECT to_regprocedure('console_is_engine()')")).scalar() is None
        upgrade(eng)  # and up again
        assert "engine_lease" in inspect(eng).get_view_names()
    finally:
        eng.dispose()
        drop()
