"""The four 监督工作 tabs count alike (timelimits.countdown), from SupervisionClient.today (the replayed day).

All started Mon 2026-11-30 09:00 (the start day not counted, 民法典 201; 11-30 … 12-14 has no holiday, only the
weekends 12-05/06 and 12-12/13): 整改 5 days, 督办 5 days, 投诉 acceptance 5 days → due Mon 12-07 (12-01, 02, 03,
04, 07); 申诉 10 days → due Mon 12-14.  Left, worked out by hand:
11-30: 5, 5, 5 and 10 (the tester saw 整改 5 but 督办 6 and 申诉 11);  Wed 12-02: 4, 4, 4, 9 (12-02 itself
counted);  Mon 12-07: 1 each, 申诉 6;  Tue 12-08: 0 (red) each, 申诉 5."""

from __future__ import annotations

import datetime as dt

import pytest

from console.domain import catalogue
from console.models import repository as repo
from console.services.supervision_client import SupervisionClient
from console.supervision import appeals as ap
from console.supervision import complaints as cp
from console.supervision import escalation as esc
from console.supervision import rectification as rx
from console.supervision.auth import Actor
from tests.support.factories import add_alarm, add_case, unit_id

SUPERVISOR = Actor("li.jianchao", "supervisor", "desk-1", "李监察")
T = dt.datetime
START = T(2026, 11, 30, 9)


@pytest.fixture
def desk(Session, cal):
    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), catalogue.items())
        case_id = add_case(s, "CD1", "D01", T(2026, 11, 16, 9), cal=cal)
        alarm_id = add_alarm(s, case_id, raised_at=T(2026, 11, 24))
        rx.order_rectification(s, SUPERVISOR, cal, alarm_id=alarm_id, deadline_days=5, at=START)
        esc.open_escalation(
            s,
            SUPERVISOR,
            cal,
            source_kind="alarm",
            source_id=alarm_id,
            finding="超期未办结",
            requirement="限期办结",
            deadline_days=5,
            at=START,
        )
        ap.register_paper_appeal(
            s, SUPERVISOR, cal, alarm_id=alarm_id, appellant="D01", reason="数据有误", filed_at=START
        )
        cp.register_complaint(
            s,
            SUPERVISOR,
            cal,
            channel="窗口",
            complainant="赵女士",
            summary="推诿",
            against_unit_id=unit_id(s, "D01"),
            registered_at=START,
        )
    return SupervisionClient(Session, "desk-1", now=lambda: T(2026, 11, 30, 10))


def _tabs(client):
    (r,) = client.rectifications()
    (e,) = client.escalations()
    (a,) = client.appeals()
    (c,) = client.complaints()
    return (r.remaining, e.remaining, c.remaining, a.remaining), (r.light, e.light, c.light)


def test_live_and_replayed_days_count_alike(desk):
    assert [x.due_date for x in (desk.rectifications()[0], desk.escalations()[0])] == [dt.date(2026, 12, 7)] * 2
    assert desk.appeals()[0].due_date == dt.date(2026, 12, 14)
    assert _tabs(desk)[0] == (5, 5, 5, 10)
    for moment, left, light in (
        (T(2026, 12, 2, 10), (4, 4, 4, 9), None),
        (T(2026, 12, 7, 10), (1, 1, 1, 6), "yellow"),
        (T(2026, 12, 8, 10), (0, 0, 0, 5), "red"),
    ):
        desk.replay_at = moment  # 回放: the tabs count from the replayed day
        got, lights = _tabs(desk)
        assert got == left, moment
        if light:
            assert set(lights) == {light}, moment
