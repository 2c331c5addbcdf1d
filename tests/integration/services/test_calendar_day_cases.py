"""A case accepted with 自然日 limits is supervised: ingest keeps it, the wall's engine runs its calendar-day due
(National Day 2026: 10 calendar days after Mon 09-28 end Thu 10-08; 10 working days would end 10-16), it goes red
the day after and raises 超过承诺时限 with that date, and the case detail says 自然日 next to its limits."""

import datetime as dt
import json

from sqlalchemy import select

from console.domain.timelimits import Light
from console.ingest.apply import ingest_lines
from console.models.schema import Case
from console.services.poller import Backend


def accept(case_no: str, **kw) -> str:
    rec = {"record_id": f"{case_no}-A", "type": "accept", "case_no": case_no, "occurred_at": "2026-09-28T10:00",
           "item_code": "D13-004", "unit_code": "D13", "promised_days": 10, "statutory_days": 20, **kw}  # fmt: skip
    return json.dumps(rec, ensure_ascii=False)


class Clock:
    def __init__(self, at):
        self.at = at

    def __call__(self):
        return self.at


def test_a_calendar_day_case_goes_red_on_its_calendar_day_due(world, engine, cal):
    Session, _ids, units = world
    report = ingest_lines(
        Session,
        [accept("CD-1", limit_unit="自然日"), accept("WD-1")],
        "d13-approval",
        cal=cal,
        today=dt.date(2026, 9, 28),
    )
    assert (report.accepted, report.rejected) == (2, [])  # 自然日 was quarantined before
    with Session() as s:
        c = s.scalars(select(Case).where(Case.case_no == "CD-1")).one()
        assert (c.promised_due, c.statutory_due) == (dt.date(2026, 10, 8), dt.date(2026, 10, 19))
        assert (c.promised_natural_days, c.statutory_natural_days) == (10, 20)
        cd_id = c.id

    clock = Clock(dt.datetime(2026, 10, 8, 15))
    be = Backend(engine, "wall-1", clock=clock)
    rows = {r.case_no: r for r in be.unit_cases(units["D13"])} if be.poll() else {}
    assert rows["CD-1"].due_today and rows["CD-1"].light != Light.RED
    assert rows["WD-1"].promised_due == dt.date(2026, 10, 16)

    clock.at = dt.datetime(2026, 10, 9, 9)
    snap = be.poll()
    (alarm,) = [a for a in snap.alarms if a.case_no == "CD-1"]
    assert alarm.rule == "promised_overdue" and "2026-10-08" in alarm.message
    assert not [a for a in snap.alarms if a.case_no == "WD-1"]
    detail = be.case_detail(cd_id)
    assert detail.natural_limits == (10, 20) and detail.row.light == Light.RED
