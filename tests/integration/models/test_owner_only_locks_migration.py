"""Migration 0020 (the audit chain's and the catalogue's locks only the owner may take; an unknown name's failed
log-in recorded without the text typed): on PostgreSQL the downgrade gives back every function it edits exactly
as 0019 left it; on SQLite it changes nothing."""

import importlib

import pytest
from alembic import command
from sqlalchemy import inspect, text

from console.domain.vocabulary import UNKNOWN_ACCOUNT
from console.models.db import alembic_config, make_engine, upgrade
from tests.conftest import fresh_pg_database

FUNCTIONS = ("audit_log_stamp()", "console_login(text, text, text)")


def _definitions(eng) -> dict[str, str]:
    with eng.connect() as c:
        return {
            f: c.execute(text("SELECT pg_get_functiondef(CAST(:f AS regprocedure))"), {"f": f}).scalar_one()
            for f in FUNCTIONS
        }


def _triggers(eng) -> set[str]:
    with eng.connect() as c:
        return set(c.execute(text("SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass")).scalars())


def test_the_migration_writes_the_console_s_word_for_an_unknown_account():
    migration = importlib.import_module("console.models.migrations.versions.0020_owner_only_locks")
    assert migration.UNKNOWN_ACCOUNT == UNKNOWN_ACCOUNT


@pytest.mark.postgres
def test_0020_up_and_down():
    url, drop = fresh_pg_database()
    eng = make_engine(url)
    try:
        upgrade(eng, "0019")
        before = _definitions(eng)
        upgrade(eng, "0020")
        after = _definitions(eng)
        assert all(after[f] != before[f] for f in FUNCTIONS)
        assert "pg_advisory" in before["audit_log_stamp()"] and "pg_advisory" not in after["audit_log_stamp()"]
        assert UNKNOWN_ACCOUNT in after["console_login(text, text, text)"]
        assert {"audit_chain_lock", "catalogue_lock"} <= set(inspect(eng).get_view_names())
        assert "audit_log_stamp_chain" in _triggers(eng)
        command.downgrade(alembic_config(eng), "0019")
        eng.dispose()
        assert _definitions(eng) == before
        assert "audit_log_stamp_chain" not in _triggers(eng)
        assert not {"audit_chain_lock", "catalogue_lock"} & set(inspect(eng).get_view_names())
        with eng.connect() as c:
            assert c.execute(text("SELECT to_regprocedure('audit_log_chain()')")).scalar() is None
        upgrade(eng, "0020")  # and up again
        assert _definitions(eng) == after
    finally:
        eng.dispose()
        drop()


def test_0020_leaves_sqlite_as_0019(tmp_path):
    eng = make_engine(f"sqlite:///{tmp_path / 'c.db'}")
    try:
        upgrade(eng, "0019")
        with eng.connect() as c:
            tables = set(c.execute(text("SELECT name FROM sqlite_master")).scalars())
        upgrade(eng, "0020")
        command.downgrade(alembic_config(eng), "0019")
        upgrade(eng, "0020")
        with eng.connect() as c:
            assert set(c.execute(text("SELECT name FROM sqlite_master")).scalars()) == tables
            assert c.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0020"
    finally:
        eng.dispose()
