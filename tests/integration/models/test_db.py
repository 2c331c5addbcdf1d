"""The shared database on both engines: migrations, unique alarms under concurrency, audit log, watermark."""

import datetime as dt
import threading

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from console.domain import catalogue
from console.models import repository as repo
from console.models.db import (
    alembic_config,
    connection_lost,
    current_revision,
    make_engine,
    schema_problem,
    session_factory,
    short_error,
    upgrade,
)
from console.models.recompute import ensure_calendar_current, recompute_open_due_dates
from console.models.schema import Alarm, AlarmAck, AuditLog, Case, Item, Unit
from tests.conftest import fresh_pg_database


def _add_case(s, case_no="C1", accepted=dt.datetime(2025, 9, 26, 10), item_code="D13-001"):
    item = s.execute(select(Item).where(Item.code == item_code)).scalar_one()
    c = Case(
        case_no=case_no,
        item_id=item.id,
        unit_id=item.unit_id,
        stage="承办",
        accepted_at=accepted,
        promised_days=5,
        statutory_days=20,
        change_seq=repo.next_change_seq(s),
        updated_at=repo.now(),
    )
    s.add(c)
    s.flush()
    return c


@pytest.fixture
def seeded(Session):
    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), catalogue.items())
    return Session


@pytest.mark.parametrize("engine_kind", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_migrations_upgrade_an_empty_database(tmp_path, engine_kind):
    if engine_kind == "sqlite":
        url, drop = f"sqlite:///{tmp_path / 'empty.db'}", (lambda: None)
    else:
        url, drop = fresh_pg_database()
    eng = make_engine(url)
    try:
        assert current_revision(eng) is None
        upgrade(eng)
        head = ScriptDirectory.from_config(alembic_config(eng)).get_current_head()
        assert current_revision(eng) == head
        tables = set(inspect(eng).get_table_names())
        assert {
            "units",
            "items",
            "item_steps",
            "cases",
            "case_events",
            "suspensions",
            "fees",
            "evaluations",
            "alarms",
            "alarm_acks",
            "audit_log",
            "exchange_records",
            "quarantine",
            "calendar_overrides",
            "calendar_years",
            "change_counter",
        } <= tables
        upgrade(eng)  # a second upgrade is a no-op
        if engine_kind == "sqlite":
            with eng.connect() as c:
                assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    finally:
        eng.dispose()
        drop()


def test_schema_problem_tells_the_operator_to_upgrade(tmp_path):
    eng = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    unreachable = make_engine("postgresql+psycopg://nobody@127.0.0.1:9/none", connect_args={"connect_timeout": 2})
    try:
        head = ScriptDirectory.from_config(alembic_config(eng)).get_current_head()
        problem = schema_problem(eng)
        assert problem and "空" in problem and head in problem and "db upgrade" in problem
        upgrade(eng)
        assert schema_problem(eng) is None
        assert schema_problem(unreachable) is None  # start anyway: the screens show the outage
    finally:
        eng.dispose()
        unreachable.dispose()


def test_a_failed_statement_is_named_in_one_line_and_keeps_the_connection(seeded):
    with pytest.raises(IntegrityError) as failed, seeded.begin() as s:
        unit_id = s.scalars(select(Unit.id)).first()
        s.execute(
            text("INSERT INTO units (id, code, name, kind, sort_order) VALUES (:id, 'X', 'X', 'department', 0)"),
            {"id": unit_id},
        )
    line = short_error(failed.value)
    assert line and "\n" not in line and "INSERT" not in line and len(line) <= 200
    assert not connection_lost(failed.value)


def test_catalogue_has_46_departments_and_20_districts(seeded):
    with seeded() as s:
        kinds = dict(s.execute(select(Unit.kind, func.count()).group_by(Unit.kind)).all())
    assert kinds == {"department": 46, "district": 20}


def test_one_alarm_per_case_rule_level(seeded):
    with seeded.begin() as s:
        cid = _add_case(s).id
    spec = repo.AlarmSpec(cid, "promised_overdue", "red", "已经超过承诺时限")
    with seeded.begin() as s:
        first = repo.raise_alarms(s, [spec, spec], "console-a")
    with seeded.begin() as s:
        again = repo.raise_alarms(s, [spec], "console-b")
        other_level = repo.raise_alarms(s, [repo.AlarmSpec(cid, "promised_overdue", "yellow", "x")], "console-b")
    # the level is the rule's (rule_levels), not the raiser's: a spec saying yellow is the same red alarm
    assert len(first) == 1 and again == [] and other_level == []
    with seeded() as s:
        assert s.execute(select(func.count()).select_from(Alarm)).scalar_one() == 1
        with pytest.raises(IntegrityError):
            s.add(
                Alarm(
                    case_id=cid,
                    rule="promised_overdue",
                    subject="",
                    level="red",
                    raised_at=repo.now(),
                    raised_by="raw",
                    message="dup",
                )
            )
            s.flush()


@pytest.fixture
def pg_seeded(pg_template):
    url, drop = fresh_pg_database(pg_template)
    eng = make_engine(url)
    Session = session_factory(eng)
    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), catalogue.items())
    yield url, Session
    eng.dispose()
    drop()


@pytest.mark.postgres
def test_two_concurrent_writers_make_one_alarm_row(pg_seeded):
    """Two consoles (two connections) raise the same 200 alarms at the same moment: 200 rows, each once."""
    db_url, seeded = pg_seeded
    with seeded.begin() as s:
        ids = [_add_case(s, f"C{i}").id for i in range(200)]
    specs = [repo.AlarmSpec(i, "promised_overdue", "red", "已经超过承诺时限") for i in ids]
    barrier = threading.Barrier(2)
    created: dict[str, list[int]] = {}
    errors = []

    def console(name):
        eng = make_engine(db_url)
        try:
            with session_factory(eng).begin() as s:
                barrier.wait()
                created[name] = repo.raise_alarms(s, specs, name)
        except Exception as exc:
            errors.append(exc)
        finally:
            eng.dispose()

    threads = [threading.Thread(target=console, args=(n,)) for n in ("wall-1", "desk-2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert len(created["wall-1"]) + len(created["desk-2"]) == 200
    assert not set(created["wall-1"]) & set(created["desk-2"])
    with seeded() as s:
        assert s.execute(select(func.count()).select_from(Alarm)).scalar_one() == 200


def test_acknowledge_first_console_wins(seeded):
    with seeded.begin() as s:
        cid = _add_case(s).id
        (aid,) = repo.raise_alarms(s, [repo.AlarmSpec(cid, "promised_overdue", "red", "m")], "c1")
    with seeded.begin() as s:
        a = repo.acknowledge(s, aid, "王芳", "wall-1", "已电话督办")
    with seeded.begin() as s:
        b = repo.acknowledge(s, aid, "李强", "desk-2")
    assert a.won and not b.won
    assert (b.operator, b.console) == ("王芳", "wall-1")
    with seeded() as s:
        assert s.execute(select(func.count()).select_from(AlarmAck)).scalar_one() == 1
        assert s.get(Alarm, aid).status == "acknowledged"
        log = s.scalars(select(AuditLog)).all()
        assert [(x.actor, x.action) for x in log] == [("王芳", "alarm.acknowledge")]


def test_audit_log_is_append_only(seeded):
    with seeded.begin() as s:
        repo.audit(s, "admin", "test.action", "x")
    with pytest.raises(DBAPIError, match="append-only"), seeded.begin() as s:
        s.execute(text("UPDATE audit_log SET actor = 'mallory'"))
    with pytest.raises(DBAPIError, match="append-only"), seeded.begin() as s:
        s.execute(text("DELETE FROM audit_log"))
    with seeded() as s:
        assert s.scalars(select(AuditLog.actor)).all() == ["admin"]


def test_watermark_increases_per_transaction(seeded):
    with seeded.begin() as s:
        a = repo.next_change_seq(s)
    with seeded.begin() as s:
        b = repo.next_change_seq(s)
        assert repo.current_change_seq(s) == b
    assert b == a + 1


def test_calendar_override_re_dates_open_cases(seeded, cal):
    with seeded.begin() as s:
        cid = _add_case(s).id
        assert recompute_open_due_dates(s, cal, today=dt.date(2025, 10, 9)) == 1
    with seeded() as s:
        assert s.get(Case, cid).promised_due == dt.date(2025, 10, 10)
        seq_before = s.get(Case, cid).change_seq
    with seeded.begin() as s:
        repo.set_calendar_override(s, dt.date(2025, 9, 29), False, "admin", "停电闭厅")
    with seeded.begin() as s:
        cal2 = repo.load_calendar(s)
        assert ensure_calendar_current(s, cal2) == 1
        assert ensure_calendar_current(s, cal2) == 0  # same fingerprint: nothing to do
    with seeded() as s:
        case = s.get(Case, cid)
        assert case.promised_due == dt.date(2025, 10, 11)
        assert case.change_seq > seq_before  # readers see the re-dated case as changed
        assert s.scalars(select(AuditLog.action)).all() == ["calendar.override"]
