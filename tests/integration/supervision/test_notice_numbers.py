"""督办通知书 numbers from two consoles at once on PostgreSQL: both count the same year's notices, the unique
number lets one insert land, the other waits for it, counts again and takes the next number; about the same
alarm, the second sees the first's 督办 and is told so."""

import datetime as dt
import threading
import time

import pytest
from sqlalchemy import text

from console.domain import catalogue
from console.models import repository as repo
from console.supervision import escalation as esc
from console.supervision.auth import Actor
from console.supervision.errors import SupervisionError
from tests.support.factories import add_alarm, add_case

SUP_A = Actor("li.jianchao", "supervisor", "desk-1")
SUP_B = Actor("zhou.jiancha", "supervisor", "desk-2")
T = dt.datetime


@pytest.fixture
def alarms(engine, Session, cal):
    if engine.dialect.name != "postgresql":
        pytest.skip("two writers at once: PostgreSQL (SQLite has one writer at a time)")
    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), catalogue.items())
        return [add_alarm(s, add_case(s, f"N{n}", "D01", T(2025, 9, 15, 9), cal=cal)) for n in range(3)]


def _open(Session, cal, actor, alarm_id, out, key):
    try:
        with Session.begin() as s:
            out[key] = esc.open_escalation(
                s, actor, cal, source_kind="alarm", source_id=alarm_id, finding="超时", requirement="办结",
                at=T(2025, 9, 25, 10),
            ).notice_no  # fmt: skip
    except Exception as exc:  # the test reads it
        out[key] = exc


def _race(engine, Session, cal, first_alarm, second_alarm):
    """The first console's 督办 is added but not committed while the second's insert waits on its number."""
    out: dict = {}
    a = Session()
    a.begin()
    out["a"] = esc.open_escalation(
        a, SUP_A, cal, source_kind="alarm", source_id=first_alarm, finding="超时", requirement="办结",
        at=T(2025, 9, 25, 9),
    ).notice_no  # fmt: skip
    b = threading.Thread(target=_open, args=(Session, cal, SUP_B, second_alarm, out, "b"))
    b.start()
    deadline = time.monotonic() + 20
    with engine.connect() as watch:  # the second console's insert is waiting for the first's number
        while not watch.execute(text("SELECT count(*) FROM pg_locks WHERE NOT granted")).scalar():
            assert time.monotonic() < deadline, "the second insert never waited"
            time.sleep(0.05)
    a.commit()
    a.close()
    b.join(20)
    return out


def test_two_consoles_numbering_at_once_get_consecutive_numbers(engine, Session, cal, alarms):
    out = _race(engine, Session, cal, alarms[0], alarms[1])
    assert out == {"a": "督〔2025〕0001号", "b": "督〔2025〕0002号"}


def test_two_consoles_escalating_the_same_alarm_at_once_open_one(engine, Session, cal, alarms):
    out = _race(engine, Session, cal, alarms[2], alarms[2])
    assert out["a"] == "督〔2025〕0001号"
    assert isinstance(out["b"], SupervisionError) and "已有未结的督办" in str(out["b"])
    with Session() as s:
        assert s.execute(text("SELECT count(*) FROM escalations")).scalar() == 1
