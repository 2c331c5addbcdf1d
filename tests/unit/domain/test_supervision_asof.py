"""supervision_asof, step by step: a record's steps at known times → its status at a moment between them."""

from __future__ import annotations

import datetime as dt

import pytest

from console.domain.supervision_asof import (
    LIMIT_NOW,
    STATUS_NOW,
    appeal_status_at,
    complaint_at,
    escalation_at,
    rectification_at,
)

T = dt.datetime
DUE = dt.date(2026, 11, 9)
ANSWERED, VERIFIED = T(2026, 11, 5, 10), T(2026, 11, 6, 10)


@pytest.mark.parametrize(
    "moment, status, answered_at, verified_at, expected",
    [
        # ordered → answered → verified, seen at each step
        (T(2026, 11, 4), "verified", ANSWERED, VERIFIED, ("ordered", False, False, "")),
        (T(2026, 11, 5, 12), "verified", ANSWERED, VERIFIED, ("answered", True, False, "")),
        (T(2026, 11, 6, 10), "verified", ANSWERED, VERIFIED, ("verified", True, True, "")),
        # waiting past its due date: overdue from the day after (claim_overdue: due before the day)
        (T(2026, 11, 9, 23), "overdue", None, None, ("ordered", False, False, "")),
        (T(2026, 11, 10), "overdue", None, None, ("overdue", False, False, "")),
        (T(2026, 11, 10), "answered", T(2026, 11, 11), None, ("overdue", False, False, "")),
        # cancelled: known before its answer (a cancellation follows it), unknown after, or with no answer
        (T(2026, 11, 4), "cancelled", ANSWERED, None, ("ordered", False, False, "")),
        (T(2026, 11, 5, 12), "cancelled", ANSWERED, None, ("cancelled", True, False, STATUS_NOW)),
        (T(2026, 11, 4), "cancelled", None, None, ("cancelled", False, False, STATUS_NOW)),
        # sent back (验证不通过): waiting again today, with its answer kept; when it was sent back is not stored
        (T(2026, 11, 4), "ordered", ANSWERED, None, ("ordered", False, False, "")),
        (T(2026, 11, 5, 12), "ordered", ANSWERED, None, ("ordered", True, False, STATUS_NOW)),
    ],
)
def test_rectification_at(moment, status, answered_at, verified_at, expected):
    r = rectification_at(moment, status, DUE, answered_at, verified_at)
    assert (r.status, r.answered, r.verified, r.note) == expected


def test_complaint_steps():
    steps = dict(
        accepted_at=T(2026, 11, 3), rejected=False, replied_at=T(2026, 11, 5), closed_at=T(2026, 11, 6),
        called_back_at=T(2026, 11, 6), extended=False,
    )  # fmt: skip
    seen = [complaint_at(T(2026, 11, d, 12), **steps) for d in (2, 3, 5, 6)]
    assert [c.status for c in seen] == ["registered", "accepted", "replied", "closed"]
    assert [(c.decided, c.replied, c.called_back) for c in seen] == [
        (False, False, False),
        (True, False, False),
        (True, True, False),
        (True, True, True),
    ]
    refused = complaint_at(T(2026, 11, 4), T(2026, 11, 3), True, None, None, None, False)
    assert (refused.status, refused.decided) == ("rejected", True)


def test_extended_complaint_running_then_shows_todays_limit_marked():
    assert complaint_at(T(2026, 11, 4), T(2026, 11, 3), False, None, None, None, True).note == LIMIT_NOW
    assert complaint_at(T(2026, 11, 2), None, False, None, None, None, True).note == LIMIT_NOW
    # replied by then: no limit runs, nothing to mark
    assert complaint_at(T(2026, 11, 6), T(2026, 11, 3), False, T(2026, 11, 5), None, None, True).note == ""


D1, D2 = dt.date(2026, 11, 9), dt.date(2026, 11, 12)
HISTORY = [
    (T(2026, 11, 2, 9), "opened", "reminder", D1, "超期"),
    (T(2026, 11, 3, 9), "escalated", "yellow", D2, "未见行动"),
    (T(2026, 11, 4, 9), "answered", "yellow", D2, "已办结"),
    (T(2026, 11, 5, 9), "returned", "yellow", D2, "不实"),
    (T(2026, 11, 6, 9), "answered", "yellow", D2, "确已办结"),
    (T(2026, 11, 9, 9), "verified", "yellow", D2, "属实"),
    (T(2026, 11, 9, 9), "closed", "yellow", D2, "属实"),
]


@pytest.mark.parametrize(
    "moment, expected",
    [
        (T(2026, 11, 2, 8), None),
        (T(2026, 11, 2, 9), ("open", "reminder", D1, None, None, 1)),
        (T(2026, 11, 3, 12), ("open", "yellow", D2, None, None, 2)),
        (T(2026, 11, 4, 12), ("answered", "yellow", D2, "已办结", None, 3)),
        (T(2026, 11, 5, 12), ("open", "yellow", D2, "已办结", None, 4)),
        (T(2026, 11, 6, 12), ("answered", "yellow", D2, "确已办结", None, 5)),
        (T(2026, 11, 9, 9), ("closed", "yellow", D2, "确已办结", "resolved", 7)),
    ],
)
def test_escalation_history_replayed(moment, expected):
    e = escalation_at(moment, HISTORY)
    got = None if e is None else (e.status, e.level, e.due_date, e.answer_text, e.outcome, e.steps)
    assert got == expected


def test_escalation_lapses_cancelled_and_returned_late_at_red():
    red_due = dt.date(2026, 11, 4)
    h = [
        (T(2026, 11, 2), "opened", "red", red_due, None),
        (T(2026, 11, 5), "lapsed", "red", None, "期限已过"),
        (T(2026, 11, 6), "answered", "red", red_due, "迟复"),
        (T(2026, 11, 9), "returned", "red", red_due, "不实"),  # late at 红牌: overdue again
        (T(2026, 11, 10), "cancelled", "red", red_due, "并案"),
    ]
    assert [escalation_at(T(2026, 11, d, 12), h).status for d in (5, 6, 9, 10)] == [
        "overdue",
        "answered",
        "overdue",
        "cancelled",
    ]
    e = escalation_at(T(2026, 11, 5, 12), h)
    assert e is not None and e.due_date == red_due  # the lapse stores no deadline: the missed one stays
    assert escalation_at(T(2026, 11, 10, 12), h).outcome == "withdrawn"  # type: ignore[union-attr]


def test_appeal_decided_only_once_decided():
    decided = T(2026, 11, 5, 10)
    assert appeal_status_at(T(2026, 11, 5, 9), "rejected", decided) == "filed"
    assert appeal_status_at(decided, "rejected", decided) == "rejected"
    assert appeal_status_at(T(2026, 11, 5, 9), "filed", None) == "filed"
