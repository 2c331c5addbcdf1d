"""NOTIFY/LISTEN on the real PostgreSQL server: delivered at commit only, heard by a Listener on its own
connection, which comes back by itself after its connection is killed; a no-op on SQLite."""

import queue

import pytest
from sqlalchemy import text

from console.models import push
from console.models.db import make_engine, session_factory


@pytest.fixture
def pg(pg_template):
    from tests.conftest import fresh_pg_database

    url, drop = fresh_pg_database(pg_template)
    eng = make_engine(url)
    yield url, eng, session_factory(eng)
    eng.dispose()
    drop()


def _listen(url):
    heard: queue.Queue[str] = queue.Queue()
    lst = push.Listener(url, heard.put, max_backoff_s=0.5, wake_s=0.1).start()
    assert lst.listening.wait(10)
    return lst, heard


@pytest.mark.postgres
def test_delivered_at_commit_never_for_a_rollback(pg):
    url, _eng, Session = pg
    lst, heard = _listen(url)
    try:
        with Session() as s:
            push.notify(s, "rolled-back")
            s.rollback()
        with Session.begin() as s:
            push.notify(s, "ingest")
            push.notify(s, "ingest")  # folded into one by PostgreSQL
            assert heard.empty()  # nothing before the commit
        assert heard.get(timeout=5) == "ingest"
        with pytest.raises(queue.Empty):
            heard.get(timeout=0.5)
    finally:
        lst.stop()
    assert not lst.listening.is_set()


@pytest.mark.postgres
def test_listener_reconnects_after_its_connection_is_killed(pg):
    url, eng, Session = pg
    lst, heard = _listen(url)
    try:
        with eng.connect() as c:
            killed = c.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND query LIKE 'LISTEN%'"
                )
            ).scalar_one()
        assert killed == 1
        assert heard.get(timeout=10) == "reconnected"  # what was committed meanwhile was not heard: poll now
        with Session.begin() as s:
            push.notify(s, "alarms")
        assert heard.get(timeout=5) == "alarms"
    finally:
        lst.stop()


def test_notify_is_a_no_op_on_sqlite(tmp_path):
    eng = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        with session_factory(eng).begin() as s:
            push.notify(s, "alarms")  # no error, nothing to hear
    finally:
        eng.dispose()


@pytest.mark.postgres
def test_an_ingest_batch_notifies_at_its_commit(pg):
    import datetime as dt

    from console.domain import catalogue
    from console.ingest.apply import ingest_records
    from console.models import repository as repo

    url, _eng, Session = pg
    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), catalogue.items())
    lst, heard = _listen(url)
    try:
        item = next(i for i in catalogue.items() if i.unit_code == "D11")
        rec = {
            "record_id": "push-1", "type": "accept", "case_no": "PUSH-1", "occurred_at": "2025-10-09T10:00",
            "item_code": item.code, "unit_code": "D11", "promised_days": 5, "statutory_days": 20,
        }  # fmt: skip
        assert ingest_records(Session, [rec], "push", today=dt.date(2025, 10, 9)).accepted == 1
        assert heard.get(timeout=5) == "ingest"
        assert ingest_records(Session, [rec], "push", today=dt.date(2025, 10, 9)).duplicates == 1
        with pytest.raises(queue.Empty):  # a batch that stored nothing says nothing
            heard.get(timeout=0.5)
    finally:
        lst.stop()
