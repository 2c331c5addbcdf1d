"""An application (申办) that is never accepted is shown from its receipt, runs its clock from the receipt and
raises its own rule 受理超时 (not 环节超时) when 5 working days pass (行政许可法 32); the late acceptance then
clears it and raises 逾期受理."""

import datetime as dt
import json

from sqlalchemy import select

from console.ingest.apply import ingest_lines
from console.models.schema import Alarm, Case
from console.services.poller import Backend

APPLY = {"record_id": "AP-1", "type": "apply", "case_no": "AP-CASE", "occurred_at": "2025-11-03T09:00",
         "item_code": "D13-004", "applicant_name": "赵六"}  # fmt: skip
ACCEPT = {"record_id": "AP-2", "type": "accept", "case_no": "AP-CASE", "occurred_at": "2025-11-12T10:00",
          "item_code": "D13-004", "unit_code": "D13"}  # fmt: skip


class Clock:
    def __init__(self, at):
        self.at = at

    def __call__(self):
        return self.at


def test_an_application_never_accepted_is_shown_and_alarms(world, engine, cal):
    Session, _ids, units = world
    ingest_lines(Session, [json.dumps(APPLY, ensure_ascii=False)], "d13-approval", cal=cal, today=dt.date(2025, 11, 3))
    with Session() as s:
        c = s.scalars(select(Case).where(Case.case_no == "AP-CASE")).one()
        assert (c.stage, c.accepted_at, c.unit_id) == ("申办", dt.datetime(2025, 11, 3, 9), units["D13"])
    clock = Clock(dt.datetime(2025, 11, 7, 10))
    be = Backend(engine, "wall-1", clock=clock)
    snap = be.poll()
    assert snap.unit(units["D13"]).open_cases == 1 and not [a for a in snap.alarms if a.case_no == "AP-CASE"]

    clock.at = dt.datetime(2025, 11, 11, 10)  # 11-04 … 11-10: five working days gone, still no decision
    (alarm,) = [a for a in be.poll().alarms if a.case_no == "AP-CASE"]
    assert (alarm.rule, alarm.rule_label, alarm.level) == ("acceptance_overdue", "受理超时", "red")
    assert "2025-11-10" in alarm.message and "依法自收件之日起即为受理" in alarm.message
    (row,) = [c for c in be.unit_cases(units["D13"]) if c.case_no == "AP-CASE"]
    assert row.alarm_labels == ("受理超时",) and row.alarm_level == "red"  # the drill-down's words

    ingest_lines(
        Session, [json.dumps(ACCEPT, ensure_ascii=False)], "d13-approval", cal=cal, today=dt.date(2025, 11, 12)
    )
    clock.at = dt.datetime(2025, 11, 12, 11)
    be.poll()
    with Session() as s:
        rows = {
            a.rule: a.cleared_at is not None
            for a in s.scalars(select(Alarm).join(Case).where(Case.case_no == "AP-CASE"))
        }
        c = s.scalars(select(Case).where(Case.case_no == "AP-CASE")).one()
    assert rows == {"acceptance_overdue": True, "acceptance_late": False}  # the wait ended; the lateness stays
    assert c.accepted_at == dt.datetime(2025, 11, 3, 9)  # deemed accepted on receipt
