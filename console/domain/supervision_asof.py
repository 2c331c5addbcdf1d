"""The status a supervision record had at a past moment T (回放), from the times its row and history keep.

The 监督工作 tabs list, in a replay, only the records that existed at T, each with the status it had then.  What
each table keeps decides how far that can be known:

* 整改 (``rectifications``): ``ordered_at``, ``answered_at`` (the last answer only) and ``verified_at``; a
  cancellation (撤销) and a sent-back answer (验证不通过) keep no time.  So a row cancelled, or sent back, is known
  as of T only before its last answer (neither can come before an answer it follows); otherwise its status at T
  is unknown and the row shows today's status marked ``STATUS_NOW``.  An answer sent back before the last one
  leaves no trace in the row: before ``answered_at`` the row is taken as waiting for its answer.  Waiting, it is
  overdue once its due date has passed (the rule of ``rectifications.claim_overdue``: due before the day).
* 投诉 (``complaints``): every step keeps its time (``accepted_at`` for the decision either way, ``replied_at``,
  ``closed_at``, ``called_back_at``); the extension to 60 days keeps none, so an extended complaint still
  running at T shows today's limit marked ``LIMIT_NOW``.
* 督办 (``escalations``): the history (``escalation_events``) has every step with its level and deadline.
* 申诉 (``appeals``): ``filed_at`` and ``decided_at``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# the marks a row carries when the stored data cannot say how it stood at T (shown next to its status)
STATUS_NOW = "状态为现时"
LIMIT_NOW = "期限为现时"


def _by(at: dt.datetime | None, t: dt.datetime) -> bool:
    return at is not None and at <= t


@dataclass(frozen=True)
class RectificationAt:
    status: str  # ordered | answered | verified | overdue | cancelled
    answered: bool  # its (last) answer was in by T
    verified: bool
    note: str = ""  # STATUS_NOW when the status at T is unknown (then ``status`` is today's)


def rectification_at(
    t: dt.datetime,
    status: str,
    due_date: dt.date,
    answered_at: dt.datetime | None,
    verified_at: dt.datetime | None,
) -> RectificationAt:
    """How a rectification ordered by ``t`` stood at ``t`` (its current ``status`` and stored times)."""
    if _by(verified_at, t):
        return RectificationAt("verified", True, True)
    waiting = "overdue" if due_date < t.date() else "ordered"
    if not _by(answered_at, t):
        if answered_at is not None or status in ("ordered", "overdue"):
            # before its answer: a cancellation or a sending back comes only after one (answer_rectification
            # takes ordered/overdue rows only, and a cancelled row is never answered)
            return RectificationAt(waiting, False, False)
        if status == "cancelled":  # cancelled unanswered: when is not stored
            return RectificationAt(status, False, False, STATUS_NOW)
        return RectificationAt(waiting, False, False)  # answered/verified rows always have answered_at
    if status in ("answered", "verified"):  # answered by T, verified (if at all) after it
        return RectificationAt("answered", True, False)
    # answered by T, then sent back or cancelled at a moment not stored
    return RectificationAt(status, True, False, STATUS_NOW)


@dataclass(frozen=True)
class ComplaintAt:
    status: str  # registered | accepted | rejected | replied | closed
    decided: bool  # the acceptance was decided by T (a rejection's reason is then known)
    replied: bool
    called_back: bool
    note: str = ""  # LIMIT_NOW: extended, running at T, and when it was extended is not stored


def complaint_at(
    t: dt.datetime,
    accepted_at: dt.datetime | None,
    rejected: bool,
    replied_at: dt.datetime | None,
    closed_at: dt.datetime | None,
    called_back_at: dt.datetime | None,
    extended: bool,
) -> ComplaintAt:
    """How a complaint registered by ``t`` stood at ``t``; ``rejected``: its acceptance decision was a refusal."""
    decided, replied, called = _by(accepted_at, t), _by(replied_at, t), _by(called_back_at, t)
    if _by(closed_at, t):
        status = "closed"
    elif replied:
        status = "replied"
    elif decided:
        status = "rejected" if rejected else "accepted"
    else:
        status = "registered"
    note = LIMIT_NOW if extended and status in ("registered", "accepted") else ""
    return ComplaintAt(status, decided, replied, called, note)


@dataclass(frozen=True)
class RunningComplaint:
    """A complaint whose deadline ran at T (still registered or accepted then), what its clock needs
    (``console.supervision.complaints.clocks_of``)."""

    id: int
    status: str  # registered | accepted, at T
    registered_at: dt.datetime
    accepted_at: dt.datetime | None
    reply_limit_days: int
    against_unit_id: int | None


def complaints_at(t: dt.datetime, rows: Sequence[Any]) -> tuple[dict[int, ComplaintAt], list[RunningComplaint]]:
    """How each complaint of ``rows`` (registered by ``t``; Complaint rows) stood at ``t``, and those whose
    deadline was running then."""
    then = {
        c.id: complaint_at(
            t,
            c.accepted_at,
            c.rejection_reason is not None,
            c.replied_at,
            c.closed_at,
            c.called_back_at,
            c.extension_reason is not None,
        )
        for c in rows
    }
    running = [
        RunningComplaint(c.id, then[c.id].status, c.registered_at, c.accepted_at, c.reply_limit_days, c.against_unit_id)
        for c in rows
        if then[c.id].status in ("registered", "accepted")
    ]
    return then, running


@dataclass(frozen=True)
class EscalationAt:
    status: str  # open | answered | overdue | closed | cancelled
    level: str
    due_date: dt.date | None
    answer_text: str | None
    outcome: str | None  # resolved | withdrawn once closed/cancelled
    steps: int  # how many of the history's steps (in order) had happened by T


def escalation_at(
    t: dt.datetime, events: Sequence[tuple[dt.datetime, str, str, dt.date | None, str | None]]
) -> EscalationAt | None:
    """How a 督办 stood at ``t`` from its history ``(at, kind, level, due_date, text)`` in order; None when it
    was not opened yet.  Each step sets the status as ``console.supervision.escalation`` did when it wrote it."""
    state: EscalationAt | None = None
    for n, (at, kind, level, due, text) in enumerate(events, 1):
        if at > t:
            break
        answer = state.answer_text if state else None
        if due is None and state is not None:  # a lapse moves no deadline (run_escalation_pass stores none)
            due = state.due_date
        status, outcome = "open", None
        if kind == "answered":
            status, answer = "answered", text
        elif kind == "verified":
            status = "answered"  # its 'closed' step follows at the same moment
        elif kind == "returned":  # verify_escalation: back to the unit, overdue at 红牌 once late
            status = "overdue" if level == "red" and due is not None and at.date() > due else "open"
        elif kind == "lapsed":
            status = "overdue"
        elif kind == "closed":
            status, outcome = "closed", "resolved"
        elif kind == "cancelled":
            status, outcome = "cancelled", "withdrawn"
        state = EscalationAt(status, level, due, answer, outcome, n)  # opened, escalated: open
    return state


def appeal_status_at(t: dt.datetime, status: str, decided_at: dt.datetime | None) -> str:
    """An appeal filed by ``t``: its decision (upheld/rejected) once made by ``t``, else waiting (filed)."""
    return status if _by(decided_at, t) else "filed"


__all__ = [
    "LIMIT_NOW",
    "STATUS_NOW",
    "ComplaintAt",
    "EscalationAt",
    "RectificationAt",
    "RunningComplaint",
    "appeal_status_at",
    "complaint_at",
    "complaints_at",
    "escalation_at",
    "rectification_at",
]
