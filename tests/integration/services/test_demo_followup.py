"""The demo's history comes with a few 督办 and 申诉 (console/services/demo_followup.py): 红牌, 黄牌 and 预警提醒 on
three units, an appeal waiting, one upheld and one rejected on three others; seeding again adds none."""

import datetime as dt

from sqlalchemy import select

from console.models.escalation_schema import Appeal, Escalation
from console.models.schema import Alarm
from console.services import simulator as sim
from tests.integration.services.test_simulator import _prepare

TODAY = dt.date(2025, 9, 26)


def test_the_demo_history_has_escalations_and_appeals_once(Session):
    _prepare(Session)
    sim.seed_history(Session, days=3, today=TODAY, seed=3, cases_per_day=60)
    with Session() as s:
        escalations = s.execute(select(Escalation.level, Escalation.unit_id, Escalation.status)).all()
        appeals = s.execute(select(Appeal.status, Appeal.unit_id, Appeal.alarm_id)).all()
        assert sorted(e.level for e in escalations) == ["red", "reminder", "yellow"]
        assert {e.status for e in escalations} == {"open"}
        assert sorted(a.status for a in appeals) == ["filed", "rejected", "upheld"]
        assert len({x.unit_id for x in [*escalations, *appeals]}) == 6  # each on its own unit
        upheld = next(a for a in appeals if a.status == "upheld")
        assert s.get(Alarm, upheld.alarm_id).status == "cancelled"
    sim.seed_history(Session, days=3, today=TODAY, seed=3, cases_per_day=60)
    with Session() as s:
        assert len(s.scalars(select(Escalation.id)).all()) == 3
        assert len(s.scalars(select(Appeal.id)).all()) == 3
