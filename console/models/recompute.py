"""Re-dating open cases after a calendar change (new year published, an override edited, an item's limit)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from console.domain.calendar import WorkCalendar
from console.domain.timelimits import evaluate_cases
from console.models import repository as repo
from console.models.openset import OpenSet, fetch_cases
from console.models.schema import Case


def evaluate_open(cal: WorkCalendar, open_set: OpenSet, today: dt.date):
    """Engine pass over the live rows of an open set, on ``today``."""
    return evaluate_cases(
        cal, open_set.accepted, open_set.promised_days, open_set.statutory_days, cal.index(today),
        open_set.suspensions(), open_set.extension_days, open_set.blue_days, open_set.yellow_days,
    )


def recompute_open_due_dates(session: Session, cal: WorkCalendar, today: dt.date | None = None) -> int:
    """Write the due dates the calendar gives every open case; returns how many cases changed.

    Called whenever the calendar's fingerprint differs from the one the stored dates were computed with.
    """
    today = today or repo.now().date()
    open_set = OpenSet()
    open_set.apply(fetch_cases(session, cal))
    repo.set_meta(session, repo.CALENDAR_FINGERPRINT, cal.fingerprint)
    if not len(open_set):
        return 0
    ev = evaluate_open(cal, open_set, today)
    stored = {
        r.id: (r.promised_due, r.statutory_due, r.due_provisional)
        for r in session.execute(
            select(Case.id, Case.promised_due, Case.statutory_due, Case.due_provisional)
            .where(Case.completed_at.is_(None), Case.accepted_at.is_not(None))
        )
    }
    changes = []
    for cid, i in open_set.pos.items():
        new = (cal.date(ev.promised_due[i]), cal.date(ev.statutory_due[i]), bool(ev.provisional[i]))
        old = stored.get(cid)
        if old != new:
            changes.append({"cid": cid, "p": new[0], "s": new[1], "prov": new[2]})
    if changes:
        seq = repo.next_change_seq(session)
        session.execute(
            update(Case.__table__).where(Case.__table__.c.id == bindparam("cid")).values(
                promised_due=bindparam("p"), statutory_due=bindparam("s"), due_provisional=bindparam("prov"),
                change_seq=seq, updated_at=repo.now(),
            ),
            changes,
        )
    return len(changes)


def ensure_calendar_current(session: Session, cal: WorkCalendar) -> int:
    """Re-date open cases if the stored dates were computed with another calendar; returns cases changed."""
    if repo.get_meta(session, repo.CALENDAR_FINGERPRINT) == cal.fingerprint:
        return 0
    return recompute_open_due_dates(session, cal)

