"""The 监督工作 lists in a replay (回放): only the records that existed at the moment, each as it stood then.

Everything is written through the client with its clock set to each step's moment (Mon 2026-11-02 … Fri 11-06)
and replayed at Wed 11-04 12:00, between the steps; live, the same client lists today's rows and statuses.
"""

from __future__ import annotations

import datetime as dt

import pytest

from console.domain import catalogue
from console.domain.supervision_asof import LIMIT_NOW, STATUS_NOW
from console.models import repository as repo
from console.services.supervision_client import SupervisionClient
from console.supervision.auth import Actor
from tests.support.factories import add_alarm, add_case, unit_id

SUPERVISOR = Actor("li.jianchao", "supervisor", "desk-1", "李监察")
T = dt.datetime
MOMENT = T(2026, 11, 4, 12)  # Wed


class Desk:
    def __init__(self, Session):
        self.at = T(2026, 11, 2, 9)
        self.client = SupervisionClient(Session, "desk-1", now=lambda: self.at)

    def on(self, at: dt.datetime) -> SupervisionClient:
        self.at = at
        return self.client


@pytest.fixture
def desk(Session, cal):
    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), catalogue.items())
        case_id = add_case(s, "CD1", "D01", T(2026, 10, 19, 9), cal=cal)
        a1 = add_alarm(s, case_id, raised_at=T(2026, 10, 27))
        a2 = add_alarm(s, case_id, rule="statutory_overdue", raised_at=T(2026, 10, 28))
        unit = unit_id(s, "D01")
    d = Desk(Session)
    d.ids = {"case": case_id, "a1": a1, "a2": a2, "unit": unit}
    return d


def _rect(d: Desk, at: dt.datetime) -> int:
    return d.on(at).order_rectification(SUPERVISOR, deadline_days=5, case_id=d.ids["case"]).rect_id


def test_rectifications_as_they_stood(desk):
    d, M = desk, dt.datetime
    r1 = _rect(d, M(2026, 11, 2, 9))  # answered 11-03, verified 11-05
    d.on(M(2026, 11, 3, 10)).answer_rectification(SUPERVISOR, r1, "已整改")
    d.on(M(2026, 11, 5, 10)).verify_rectification(SUPERVISOR, r1, "属实", True)
    r2 = _rect(d, M(2026, 11, 5, 9))  # ordered after the moment
    r3 = _rect(d, M(2026, 11, 2, 9))  # cancelled, unanswered: when is not stored
    d.on(M(2026, 11, 2, 11)).cancel_rectification(SUPERVISOR, r3, "误报")
    r4 = _rect(d, M(2026, 11, 2, 9))  # answered 11-05 then cancelled: before its answer it was waiting
    d.on(M(2026, 11, 5, 11)).answer_rectification(SUPERVISOR, r4, "正在整改")
    d.on(M(2026, 11, 5, 12)).cancel_rectification(SUPERVISOR, r4, "并入他案")
    r5 = d.on(M(2026, 10, 30, 9)).order_rectification(SUPERVISOR, deadline_days=1, case_id=d.ids["case"]).rect_id
    d.on(M(2026, 11, 5, 9)).answer_rectification(SUPERVISOR, r5, "迟复")  # due Mon 11-02: overdue at the moment

    live = {x.rect_id: x for x in d.client.rectifications()}
    assert {i: x.status for i, x in live.items()} == {
        r1: "verified",
        r2: "ordered",
        r3: "cancelled",
        r4: "cancelled",
        r5: "answered",
    }

    d.client.replay_at = MOMENT
    then = {x.rect_id: x for x in d.client.rectifications()}
    assert set(then) == {r1, r3, r4, r5}  # r2 was ordered after the moment
    assert {i: (x.status, x.as_of_note) for i, x in then.items()} == {
        r1: ("answered", ""),
        r3: ("cancelled", STATUS_NOW),
        r4: ("ordered", ""),
        r5: ("overdue", ""),
    }
    assert then[r1].answer_text == "已整改" and then[r1].verified_by is None and then[r1].remaining is None
    assert then[r4].answer_text is None
    # counted from the moment: r4 ordered Mon 11-02 for 5 days (due Mon 11-09) has 11-04 … 11-09 left: 4
    assert (then[r4].remaining, then[r4].light) == (4, "normal")
    assert then[r5].light == "red" and then[r5].days_over == 2  # 11-03 and 11-04
    assert then[r3].remaining is None and then[r3].light == ""  # no countdown for a status not known then
    assert [x.rect_id for x in d.client.rectifications(include_closed=False)] == [r5, r4, r1]
    d.client.replay_at = None
    assert not any(x.as_of_note for x in d.client.rectifications())  # live: every status is today's, unmarked


def test_complaints_as_they_stood(desk):
    d, M = desk, dt.datetime
    unit = d.ids["unit"]

    def register(at):
        return d.on(at).register_complaint(
            SUPERVISOR, channel="窗口", complainant="赵女士", summary="推诿", against_unit_id=unit
        )

    c1 = register(M(2026, 11, 2, 9))  # accepted 11-03, replied 11-05, called back and closed 11-06
    d.on(M(2026, 11, 3, 9)).decide_acceptance(SUPERVISOR, c1, True)
    d.on(M(2026, 11, 3, 10)).record_condition(SUPERVISOR, c1, "facts_established", "调查笔录")
    for code in ("problem_solved", "rectification_done", "responsibility_pursued"):
        d.on(M(2026, 11, 5, 10)).record_condition(SUPERVISOR, c1, code, "材料")
    d.on(M(2026, 11, 5, 11)).record_reply(SUPERVISOR, c1, "已答复投诉人")
    d.on(M(2026, 11, 6, 9)).record_callback(SUPERVISOR, c1, "满意")
    d.on(M(2026, 11, 6, 10)).close_complaint(SUPERVISOR, c1)
    c2 = register(M(2026, 11, 5, 9))  # after the moment
    c3 = register(M(2026, 11, 2, 9))  # refused 11-03
    d.on(M(2026, 11, 3, 11)).decide_acceptance(SUPERVISOR, c3, False, "不属于效能投诉")
    c4 = register(M(2026, 11, 4, 9))  # still waiting for the acceptance decision at the moment
    d.on(M(2026, 11, 6, 9)).decide_acceptance(SUPERVISOR, c4, False, "重复投诉")
    c5 = register(M(2026, 11, 2, 9))  # accepted, extended to 60 days at a moment not stored
    d.on(M(2026, 11, 2, 10)).decide_acceptance(SUPERVISOR, c5, True)
    d.on(M(2026, 11, 5, 10)).extend_reply(SUPERVISOR, c5, "情况复杂")

    live = {x.complaint_id: x for x in d.client.complaints()}
    assert {i: x.status for i, x in live.items()} == {
        c1: "closed",
        c2: "registered",
        c3: "rejected",
        c4: "rejected",
        c5: "accepted",
    }

    d.client.replay_at = MOMENT
    then = {x.complaint_id: x for x in d.client.complaints()}
    assert set(then) == {c1, c3, c4, c5}  # c2 was registered after the moment
    assert {i: (x.status, x.stage, x.as_of_note) for i, x in then.items()} == {
        c1: ("accepted", "reply", ""),
        c3: ("rejected", "", ""),
        c4: ("registered", "acceptance", ""),
        c5: ("accepted", "reply", LIMIT_NOW),
    }
    assert then[c1].reply_text is None and then[c1].satisfaction is None
    assert [c.code for c in then[c1].conditions if c.met] == ["facts_established"]
    assert then[c3].rejection_reason == "不属于效能投诉"
    assert then[c4].rejection_reason is None
    # acceptance within 5 working days counted from Wed 11-04 (registered that day, not counted): 5 left
    assert then[c4].remaining == 5


def test_escalations_and_appeals_as_they_stood(desk):
    d, M = desk, dt.datetime
    a1, a2 = d.ids["a1"], d.ids["a2"]

    def open_on(at, kind, source):
        return d.on(at).open_escalation(
            SUPERVISOR, source_kind=kind, source_id=source, level="reminder", finding="超期", requirement="办结"
        )

    e1 = open_on(M(2026, 11, 2, 9), "alarm", a1).escalation_id  # answered 11-03, verified 11-05
    d.on(M(2026, 11, 3, 10)).answer_escalation(SUPERVISOR, e1, "已办结")
    d.on(M(2026, 11, 5, 10)).verify_escalation(SUPERVISOR, e1, "属实", True)
    r = _rect(d, M(2026, 11, 2, 8))
    e2 = open_on(M(2026, 11, 2, 9), "rectification", r).escalation_id  # raised to 黄牌 11-03, cancelled 11-05
    d.on(M(2026, 11, 3, 11)).escalate_by_hand(SUPERVISOR, e2, "未见行动")
    d.on(M(2026, 11, 5, 11)).cancel_escalation(SUPERVISOR, e2, "并案")
    e3 = open_on(M(2026, 11, 5, 9), "alarm", a2).escalation_id  # after the moment
    p1 = d.on(M(2026, 11, 2, 9)).register_paper_appeal(SUPERVISOR, alarm_id=a1, appellant="D01", reason="数据有误")
    d.on(M(2026, 11, 5, 9)).decide_appeal(SUPERVISOR, p1, False, "理由不成立")
    p2 = d.on(M(2026, 11, 5, 9)).register_paper_appeal(SUPERVISOR, alarm_id=a2, appellant="D01", reason="已办结")

    live = {x.escalation_id: x for x in d.client.escalations()}
    assert {i: (x.status, x.level) for i, x in live.items()} == {
        e1: ("closed", "reminder"),
        e2: ("cancelled", "yellow"),
        e3: ("open", "reminder"),
    }
    assert {x.appeal_id: x.status for x in d.client.appeals()} == {p1: "rejected", p2: "filed"}

    d.client.replay_at = MOMENT
    then = {x.escalation_id: x for x in d.client.escalations()}
    assert {i: (x.status, x.level, x.outcome) for i, x in then.items()} == {
        e1: ("answered", "reminder", None),
        e2: ("open", "yellow", None),
    }
    assert then[e1].answer_text == "已办结" and [h.kind for h in then[e1].history] == ["opened", "answered"]
    assert [h.kind for h in then[e2].history] == ["opened", "escalated"]
    assert then[e2].due_date == live[e2].due_date and then[e2].remaining is not None
    assert [x.escalation_id for x in d.client.escalations(open_only=True)] == [e2, e1]
    (p,) = d.client.appeals()
    assert (p.appeal_id, p.status, p.decided_by, p.decision_reason) == (p1, "filed", None, None)
    assert p.remaining is not None
    assert [x.appeal_id for x in d.client.appeals(pending_only=True)] == [p1]
