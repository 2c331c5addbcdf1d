"""Re-dating open cases after a calendar change (new year published, an override edited, an item's limit)."""

from __future__ import annotations

import datetime as dt

import numpy as np
from sqlalchemy import bindparam, update
from sqlalchemy.orm import Session

from console.domain.calendar import WorkCalendar
from console.domain.timelimits import CaseEvaluation, evaluate_cases
from console.models import repository as repo
from console.models.openset import OpenSet, fetch_columns, fetch_stored_due_days
from console.models.schema import Case

_CASES = Case.table()


def evaluate_open(cal: WorkCalendar, open_set: OpenSet, today: dt.date) -> CaseEvaluation:
    """Engine pass over the live rows of an open set, on ``today``."""
    return evaluate_cases(
        cal,
        open_set.accepted,
        open_set.promised_days,
        open_set.statutory_days,
        cal.index(today),
        open_set.suspensions(),
        open_set.extension_days,
        open_set.blue_days,
        open_set.yellow_days,
    )


def recompute_open_due_dates(session: Session, cal: WorkCalendar, today: dt.date | None = None) -> int:
    """Write the due dates the calendar gives every open case; returns how many cases changed.

    Called whenever the calendar's fingerprint differs from the one the stored dates were computed with.
    Column-wise: the open set and the stored dates (as day indices) are compared in numpy; only the changed
    cases become UPDATE parameters.
    """
    today = today or repo.now().date()
    open_set = OpenSet()
    open_set.apply(fetch_columns(session))
    repo.set_meta(session, repo.CALENDAR_FINGERPRINT, cal.fingerprint)
    if not len(open_set):
        return 0
    ev = evaluate_open(cal, open_set, today)
    sid, sp, ss, sprov = fetch_stored_due_days(session)
    rows = open_set.rows_of(sid)
    ok = rows >= 0
    sid, sp, ss, sprov, rows = sid[ok], sp[ok], ss[ok], sprov[ok].astype(bool), rows[ok]
    live = np.flatnonzero(open_set.alive)
    stored_p = np.full(len(open_set.alive), -2, dtype=np.int64)
    stored_s = stored_p.copy()
    stored_prov = np.zeros(len(open_set.alive), dtype=bool)
    stored_p[rows], stored_s[rows], stored_prov[rows] = sp, ss, sprov
    diff = live[
        (ev.promised_due[live] != stored_p[live])
        | (ev.statutory_due[live] != stored_s[live])
        | (ev.provisional[live] != stored_prov[live])
    ]
    changes = [
        {
            "cid": int(open_set.case_id[i]),
            "p": cal.date(ev.promised_due[i]),
            "s": cal.date(ev.statutory_due[i]),
            "prov": bool(ev.provisional[i]),
        }
        for i in diff.tolist()
    ]
    if changes:
        seq = repo.next_change_seq(session)
        session.execute(
            update(_CASES)
            .where(_CASES.c.id == bindparam("cid"))
            .values(
                promised_due=bindparam("p"),
                statutory_due=bindparam("s"),
                due_provisional=bindparam("prov"),
                change_seq=seq,
                updated_at=repo.now(),
            ),
            changes,
        )
    return len(changes)


def ensure_calendar_current(session: Session, cal: WorkCalendar) -> int:
    """Re-date open cases if the stored dates were computed with another calendar; returns cases changed."""
    if repo.get_meta(session, repo.CALENDAR_FINGERPRINT) == cal.fingerprint:
        return 0
    return recompute_open_due_dates(session, cal)
