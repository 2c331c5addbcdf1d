"""The replay scenario (tests/integration/services/test_replay.py explains it): records arriving at known times."""

from __future__ import annotations

import datetime as dt

import pytest

from console.domain import catalogue
from console.domain.catalogue import ItemSpec
from console.ingest.apply import ingest_records
from console.models import repository as repo
from console.services.poller import Backend

ITEM = ItemSpec("RPL-001", "回放测试事项", "D13", 10, 3, (), 0)
T1 = dt.datetime(2026, 11, 5, 16, 0)
T2 = dt.datetime(2026, 11, 9, 10, 0)
LIVE = dt.datetime(2026, 11, 9, 12, 0)


def _accept(rid: str, case_no: str, at: str) -> dict:
    return {
        "record_id": rid,
        "type": "accept",
        "case_no": case_no,
        "occurred_at": at,
        "item_code": ITEM.code,
        "unit_code": "D13",
        "handler": "张三",
    }


@pytest.fixture
def replay_world(Session, engine, monkeypatch):
    """The scenario above, played in arrival order through ingest, a live poll and an acknowledgement."""
    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), [*catalogue.items(), ITEM])

    def at(when: dt.datetime) -> None:
        monkeypatch.setattr(repo, "now", lambda: when)

    def ingest(when: dt.datetime, records: list[dict]) -> None:
        at(when)
        report = ingest_records(Session, records, source="replay-test", today=when.date())
        assert not report.rejected, report

    ingest(dt.datetime(2026, 11, 2, 9, 5), [_accept("A1", "A", "2026-11-02T09:00")])
    ingest(dt.datetime(2026, 11, 3, 9, 5), [_accept("B1", "B", "2026-11-03T09:00")])
    at(dt.datetime(2026, 11, 6, 9, 0))
    live = Backend(engine, "wall-1", clock=lambda: dt.datetime(2026, 11, 6, 9, 0))
    snap = live.poll()
    assert [a.case_no for a in snap.alarms] == ["A"]  # raised now, on the day after A's due date
    ingest(dt.datetime(2026, 11, 6, 15, 0), [_accept("C1", "C", "2026-11-04T09:00")])
    ingest(
        dt.datetime(2026, 11, 9, 9, 0),
        [{"record_id": "B2", "type": "complete", "case_no": "B", "occurred_at": "2026-11-05T10:00", "result": "准予"}],
    )
    at(dt.datetime(2026, 11, 9, 11, 0))
    (outcome,) = live.acknowledge([snap.alarms[0].alarm_id], "值班员", "wall-1")
    assert outcome.won
    at(LIVE)
    return engine
