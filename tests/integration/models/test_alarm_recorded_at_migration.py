"""Migration 0018 (``alarms.recorded_at``): existing alarms get a lower bound of when they were written — the
greatest of their raised_at, their case's first record's arrival and the bound of every alarm with a smaller id,
capped by their first acknowledgement — on both engines; on PostgreSQL a new alarm must carry one."""

import datetime as dt

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from console.models.db import alembic_config, make_engine, upgrade
from tests.conftest import fresh_pg_database

AT = dt.datetime(2026, 9, 20, 9)
ARRIVED = dt.datetime(2026, 11, 30, 16, 12, 47)  # C1's first record (the tester's alarm 81)


def _seed_at_0017(eng) -> None:
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
        for cid, no in ((1, "C1"), (2, "C2")):  # C1 came by exchange records, C2 from a bulk tool (none)
            c.execute(
                text(
                    "INSERT INTO cases (id, case_no, item_id, unit_id, stage, received_at, accepted_at, promised_days,"
                    " statutory_days, promised_due, statutory_due, due_provisional, suspended, extension_days,"
                    " change_seq, updated_at) VALUES (:id, :no, 1, 1, '承办', :at, :at, 5, 20, '2026-09-28',"
                    " '2026-10-26', false, false, 0, 1, :at)"
                ),
                {"id": cid, "no": no, "at": AT},
            )
        for rid, received in (("R1", ARRIVED), ("R2", ARRIVED + dt.timedelta(hours=1))):
            c.execute(
                text(
                    "INSERT INTO exchange_records (record_id, case_no, type, occurred_at, received_at, digest, body)"
                    " VALUES (:rid, 'C1', 'accept', :at, :received, 'x', '{}')"
                ),
                {"rid": rid, "at": AT, "received": received},
            )
        alarms = (  # id, case, raised_at
            (1, 2, dt.datetime(2026, 10, 1, 9)),
            (2, 1, dt.datetime(2026, 9, 29)),
            (3, 2, dt.datetime(2026, 10, 2)),
            (4, 2, dt.datetime(2026, 10, 3)),
        )
        for aid, cid, raised in alarms:
            c.execute(
                text(
                    "INSERT INTO alarms (id, case_id, rule, subject, occurrence, level, raised_at, raised_by,"
                    " message, status) VALUES (:id, :cid, :rule, '', 1, 'red', :raised, 'engine', 'm', 'open')"
                ),
                {"id": aid, "cid": cid, "rule": f"r{aid}", "raised": raised},
            )
        # alarm 4 was acknowledged before alarm 2 was written: its id was given out of order, the ack caps it
        c.execute(
            text("INSERT INTO alarm_acks (alarm_id, operator, console, acked_at) VALUES (4, '王芳', 'desk-1', :at)"),
            {"at": dt.datetime(2026, 11, 30, 12)},
        )


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_0018_backfills_a_lower_bound_of_when_each_alarm_was_written(tmp_path, kind):
    if kind == "sqlite":
        url, drop = f"sqlite:///{tmp_path / 'm.db'}", None
    else:
        url, drop = fresh_pg_database()
    eng = make_engine(url)
    try:
        upgrade(eng, "0017")
        _seed_at_0017(eng)
        upgrade(eng, "0018")
        with eng.connect() as c:
            got = c.execute(text("SELECT id, recorded_at FROM alarms ORDER BY id")).all()
        assert [(i, dt.datetime.fromisoformat(str(r))) for i, r in got] == [
            (1, dt.datetime(2026, 10, 1, 9)),  # no record: its raised_at
            (2, ARRIVED),  # raised 09-29, its case's first record came 11-30 16:12:47
            (3, ARRIVED),  # written after alarm 2 (a larger id)
            (4, dt.datetime(2026, 11, 30, 12)),  # acknowledged at 12:00: written by then
        ]
        if kind == "postgresql":
            with pytest.raises(IntegrityError), eng.begin() as c:  # every writer says when it wrote
                c.execute(
                    text(
                        "INSERT INTO alarms (case_id, rule, subject, occurrence, level, raised_at, raised_by,"
                        " message, status) VALUES (1, 'x', '', 1, 'red', :at, 't', 'm', 'open')"
                    ),
                    {"at": AT},
                )
        command.downgrade(alembic_config(eng), "0017")  # and back
        with eng.connect() as c:
            assert c.execute(text("SELECT count(*) FROM alarms")).scalar_one() == 4
        upgrade(eng)
    finally:
        eng.dispose()
        if drop:
            drop()
