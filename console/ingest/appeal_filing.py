"""An ``appeal`` exchange record filed as a 申诉 against the case's alarm (the unit's system knows its case
number and the rule it disputes, never our alarm ids).

The same checks as a paper appeal registered at the desk (``console.supervision.appeals``): the alarm exists
and is not cancelled, and it has no appeal waiting for a decision; the deadline is the ladder's appeal days,
the filing day not counted.  A record that cannot be filed is quarantined with the reason, like any other.
"""

from __future__ import annotations

from console.domain.calendar import WorkCalendar
from console.domain.escalation import Ladder, LadderError, due_date
from console.domain.roles import Actor
from console.ingest.records import AppealRecord
from console.models import repository as repo
from console.models.db import DbSession
from console.models.supervision import appeals, journal, targets

LADDER_KEY = "escalation.ladder"  # the same setting console.supervision.escalation reads and writes


def file(s: DbSession, r: AppealRecord, source: str, cal: WorkCalendar) -> str | None:
    """File the appeal in the caller's transaction; returns why it cannot be filed, or None."""
    alarm_id = appeals.alarm_by_case_no(s, r.case_no, r.rule)
    if alarm_id is None:
        return f"field rule: case {r.case_no!r} has no alarm {r.rule!r} that can be appealed"
    pending = appeals.pending_for_alarm(s, alarm_id)
    if pending is not None:
        return f"alarm #{alarm_id} already has appeal #{pending} waiting for a decision"
    alarm = targets.alarm(s, alarm_id)
    case = targets.case(s, alarm.case_id) if alarm is not None and alarm.case_id is not None else None
    if case is None:
        return f"case {r.case_no!r} not found"
    try:
        days = Ladder.from_json(repo.get_meta(s, LADDER_KEY)).appeal_days
    except LadderError:
        days = Ladder().appeal_days
    due = due_date(cal, r.occurred_at.date(), days)
    a = appeals.add(
        s,
        alarm_id=alarm_id,
        case_id=case.id,
        unit_id=case.unit_id,
        channel="exchange",
        record_id=r.record_id,
        appellant=r.appellant,
        reason=r.reason,
        evidence="\n".join(r.evidence or ()) or None,
        filed_at=r.occurred_at,
        registered_by=source[:64],
        deadline_days=days,
        due_date=due,
        status="filed",
    )
    journal.record(
        s,
        Actor(source[:64], "system", source[:64]),
        "appeal.file",
        f"appeal:{a.id}",
        None,
        {
            "alarm_id": alarm_id,
            "channel": "exchange",
            "record_id": r.record_id,
            "appellant": r.appellant,
            "due_date": due,
            "status": "filed",
        },
    )
    return None
