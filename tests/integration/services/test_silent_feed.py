"""Silent feed ≠ all clear: per unit and sending system the last record's arrival is kept; a unit silent longer
than its heartbeat (default one working day, working hours only) shows 数据中断 and alarms the desk; a unit
that never sent anything shows 无数据."""

import datetime as dt
import json

from sqlalchemy import select

from console.domain.feeds import is_silent, working_hours_between
from console.domain.rollup import UnitState
from console.ingest.apply import ingest_lines
from console.models import feeds
from console.models.schema import FeedHeartbeat, Unit
from console.services.poller import Backend
from tests.support.poller_world import add_case

FRI_1600 = dt.datetime(2025, 11, 14, 16, 0)


def test_only_working_hours_count(cal):
    assert working_hours_between(cal, FRI_1600, dt.datetime(2025, 11, 17, 10, 0)) == 2.0  # Fri 16-17, Mon 9-10
    assert not is_silent(cal, FRI_1600, dt.datetime(2025, 11, 17, 16, 0), 8.0)  # 1 + 7: the weekend does not count
    assert is_silent(cal, FRI_1600, dt.datetime(2025, 11, 18, 10, 0), 8.0)  # 1 + 8 + 1


def heartbeat(s, code, sender, at):
    uid = s.scalars(select(Unit.id).where(Unit.code == code)).one()
    s.add(FeedHeartbeat(unit_id=uid, sender=sender, last_record_at=at))


def test_a_silent_unit_shows_feed_silent_and_alarms_the_desk(world, engine, db_url, capsys):
    Session, _ids, units = world
    with Session.begin() as s:
        add_case(s, "Q1", "D07", dt.datetime(2025, 11, 13, 9))  # open, green
        add_case(s, "Q2", "D08", dt.datetime(2025, 11, 17, 9))
        heartbeat(s, "D07", "d07-approval", FRI_1600)
        heartbeat(s, "D07", "window-kiosk", FRI_1600 - dt.timedelta(days=3))
        heartbeat(s, "D08", "d08-approval", dt.datetime(2025, 11, 18, 9, 30))
    now = dt.datetime(2025, 11, 18, 10, 0)
    snap = Backend(engine, "wall-1", clock=lambda: now).poll()
    d07, d08 = snap.unit(units["D07"]), snap.unit(units["D08"])
    assert d07.state == UnitState.FEED_SILENT and d07.last_record_at == FRI_1600  # was NORMAL: looked all clear
    assert d08.state == UnitState.NORMAL
    assert snap.unit(units["D09"]).state == UnitState.NO_DATA  # never sent anything
    assert snap.feeds_silent == ((d07.name, FRI_1600),)  # the desk's 数据中断 alarm
    assert snap.unit(units["D01"]).state == UnitState.RED  # a violation still shows (no feed tracked there)

    from console.cli import main

    assert main(["status", "--db", db_url, "--unit", "D07", "--at", "2025-11-18T10:00"]) == 0
    (u,) = json.loads(capsys.readouterr().out)["units"]
    assert (u["state"], u["last_record_at"]) == ("feed_silent", "2025-11-14T16:00")


def test_the_heartbeat_is_configurable(world, engine):
    Session, _ids, units = world
    with Session.begin() as s:
        heartbeat(s, "D07", "d07-approval", FRI_1600)
        feeds.set_heartbeat_hours(s, 16)  # two working days
    snap = Backend(engine, "wall-1", clock=lambda: dt.datetime(2025, 11, 18, 10, 0)).poll()
    assert snap.unit(units["D07"]).state == UnitState.NORMAL


def test_ingest_keeps_the_last_record_per_unit_and_sending_system(world, cal):
    Session, _ids, units = world
    rec = {
        "record_id": "HB-1",
        "type": "accept",
        "case_no": "HB-CASE",
        "occurred_at": "2025-11-14T10:00",
        "item_code": "D13-001",
        "unit_code": "D13",
    }
    ingest_lines(Session, [json.dumps(rec)], "d13-approval", cal=cal, today=dt.date(2025, 11, 14))
    with Session() as s:
        rows = feeds.by_sender(s)
    assert [(uid, sender) for uid, sender, _ in rows] == [(units["D13"], "d13-approval")]


def test_feeds_command_lists_and_sets_the_heartbeat(world, db_url, capsys):
    from console.cli import main

    Session, _ids, _units = world
    with Session.begin() as s:
        heartbeat(s, "D07", "d07-approval", FRI_1600)
    assert main(["feeds", "heartbeat", "16", "--db", db_url]) == 0
    assert "8 → 16" in capsys.readouterr().out
    assert main(["feeds", "list", "--db", db_url]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["heartbeat: 16 working hours", "D07\td07-approval\t2025-11-14 16:00"]
    assert main(["feeds", "heartbeat", "0", "--db", db_url]) == 2
