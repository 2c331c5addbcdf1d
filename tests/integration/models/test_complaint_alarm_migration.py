"""Migration 0012 (alarms of complaints): an existing database keeps its alarms and everything that points at
them (acknowledgements) on both engines; afterwards an alarm names a case or a complaint, never neither."""

import datetime as dt

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from console.models.db import make_engine, upgrade
from tests.conftest import fresh_pg_database

AT = dt.datetime(2025, 10, 10, 10)


def _seed_at_0008(eng) -> None:
    with eng.begin() as c:
        c.execute(
            text("INSERT INTO units (id, code, name, kind, sort_order) VALUES (1, 'U1', '测试局', 'department', 1)")
        )
        c.execute(
            text(
                "INSERT INTO items (id, code, name, unit_id, promised_days, statutory_days, stop_clock_kinds,"
                " blue_days, yellow_days, fee_free) VALUES (1, 'U1-001', '事项', 1, 5, 20, '[]', 5, 2, true)"
            )
        )
        c.execute(
            text(
                "INSERT INTO cases (id, case_no, item_id, unit_id, stage, received_at, accepted_at, promised_days,"
                " statutory_days, promised_due, statutory_due, due_provisional, suspended, extension_days,"
                " change_seq, updated_at) VALUES (1, 'C1', 1, 1, '承办', :at, :at, 5, 20, '2025-10-17',"
                " '2025-11-07', false, false, 0, 1, :at)"
            ),
            {"at": AT},
        )
        c.execute(
            text(
                "INSERT INTO alarms (id, case_id, rule, subject, occurrence, level, raised_at, raised_by, message,"
                " status) VALUES (1, 1, 'fee_irregular', '', 1, 'red', :at, 'ingest', '收费不规范', 'acknowledged')"
            ),
            {"at": AT},
        )
        c.execute(
            text("INSERT INTO alarm_acks (alarm_id, operator, console, acked_at) VALUES (1, '王芳', 'desk-1', :at)"),
            {"at": AT},
        )


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_0012_keeps_alarms_and_their_acknowledgements(tmp_path, kind):
    if kind == "sqlite":
        url, drop = f"sqlite:///{tmp_path / 'm.db'}", None
    else:
        url, drop = fresh_pg_database()
    eng = make_engine(url)
    try:
        upgrade(eng, "0008")
        _seed_at_0008(eng)
        upgrade(eng)
        with eng.connect() as c:
            assert c.execute(text("SELECT case_id, complaint_id, status FROM alarms")).all() == [
                (1, None, "acknowledged")
            ]
            assert c.execute(text("SELECT alarm_id, operator FROM alarm_acks")).all() == [(1, "王芳")]
        with pytest.raises(IntegrityError), eng.begin() as c:  # an alarm of nothing
            c.execute(
                text(
                    "INSERT INTO alarms (rule, subject, occurrence, level, raised_at, raised_by, message, status)"
                    " VALUES ('x', '', 1, 'red', :at, 't', 'm', 'open')"
                ),
                {"at": AT},
            )
        if kind == "sqlite":
            with eng.connect() as c:
                assert c.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
        from alembic import command

        from console.models.db import alembic_config

        command.downgrade(alembic_config(eng), "0008")  # and back: the case alarms and their acks stay
        with eng.connect() as c:
            assert c.execute(text("SELECT alarm_id FROM alarm_acks")).all() == [(1,)]
        upgrade(eng)
    finally:
        eng.dispose()
        if drop:
            drop()
