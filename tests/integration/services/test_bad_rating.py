"""A 不满意/非常不满意 rating raises a yellow alarm and opens a rectification with a deadline (default 15 working
days, configurable), once however many consoles poll."""

import datetime as dt
import json

from sqlalchemy import func, select

from console.domain.rollup import UnitState
from console.ingest.apply import ingest_lines
from console.models import repository as repo
from console.models.schema import Alarm
from console.models.supervision_schema import Rectification
from console.services.poller import BAD_RATING_DAYS_KEY, Backend

AT = dt.datetime(2025, 10, 20, 10, 0)


def rated(case_no: str, level: str, n: int) -> list[str]:
    recs = [
        {"record_id": f"E{n}-1", "type": "accept", "case_no": case_no, "occurred_at": "2025-10-09T10:00",
         "item_code": "D13-001", "unit_code": "D13"},
        {"record_id": f"E{n}-2", "type": "complete", "case_no": case_no, "occurred_at": "2025-10-09T11:00",
         "result": "准予"},
        {"record_id": f"E{n}-3", "type": "evaluate", "case_no": case_no, "occurred_at": "2025-10-11T10:00",
         "level": level, "comment": "窗口态度差"},
    ]  # fmt: skip
    return [json.dumps(r, ensure_ascii=False) for r in recs]


def test_a_bad_rating_raises_a_yellow_alarm_and_opens_a_rectification(world, engine, cal):
    Session, _ids, units = world
    ingest_lines(Session, rated("BR-1", "非常不满意", 1), "d13-approval", cal=cal, today=AT.date())
    ingest_lines(Session, rated("OK-1", "满意", 2), "d13-approval", cal=cal, today=AT.date())
    with Session() as s:
        (a,) = s.scalars(select(Alarm).where(Alarm.rule == "bad_rating")).all()
        assert a.level == "yellow" and "非常不满意" in a.message and "窗口态度差" in a.message
    snaps = [Backend(engine, name, clock=lambda: AT).poll() for name in ("wall-1", "desk-2")]
    assert snaps[0].unit(units["D13"]).state == UnitState.YELLOW
    with Session() as s:
        (r,) = s.scalars(select(Rectification)).all()
        assert (r.alarm_id, r.deadline_days, r.status) == (a.id, 15, "ordered")
        assert r.due_date == dt.date(2025, 11, 10)  # 15 working days after 10-20


def test_the_rectification_deadline_is_configurable(world, engine, cal):
    Session, _ids, _units = world
    with Session.begin() as s:
        repo.set_meta(s, BAD_RATING_DAYS_KEY, "5")
    ingest_lines(Session, rated("BR-2", "不满意", 3), "d13-approval", cal=cal, today=AT.date())
    Backend(engine, "wall-1", clock=lambda: AT).poll()
    with Session() as s:
        assert s.scalars(select(Rectification.deadline_days)).all() == [5]
        assert s.execute(select(func.count()).select_from(Alarm).where(Alarm.rule == "bad_rating")).scalar() == 1


def test_the_rectification_deadline_is_set_by_command(world, db_url, capsys):
    from console.cli import main

    Session, _ids, _units = world
    assert main(["rules", "rectify-days", "10", "--db", db_url]) == 0
    assert "15 → 10" in capsys.readouterr().out
    with Session() as s:
        assert repo.get_meta(s, BAD_RATING_DAYS_KEY) == "10"
    assert main(["rules", "rectify-days", "0", "--db", db_url]) == 2
