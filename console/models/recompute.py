"""Re-dating open cases after a calendar change (new year published, an override edited, an item's limit)."""

from __future__ import annotations

import datetime as dt

import numpy as np
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from console.domain.calendar import WorkCalendar
from console.domain.timelimits import (
    CaseEvaluation,
    SuspensionSpec,
    calendar_limit_as_working,
    evaluate_cases,
    evaluate_one,
    natural_limits,
)
from console.domain.vocabulary import SUPPLEMENT
from console.models import repository as repo
from console.models.case_corrections import CorrectedClock, corrected_clocks
from console.models.openset import OpenSet, fetch_columns, fetch_stored_due_days
from console.models.schema import Case, Item, Suspension

_CASES = Case.table()


def evaluate_open(cal: WorkCalendar, open_set: OpenSet, today: dt.date) -> CaseEvaluation:
    """Engine pass over the live rows of an open set, on ``today``; 自然日 limits re-run from their calendar days
    with this calendar (a holiday change moves them by calendar days, not by the stored working-day count)."""
    t, susp = cal.index(today), open_set.suspensions()
    promised, statutory = natural_limits(
        cal,
        open_set.accepted,
        open_set.promised_days,
        open_set.statutory_days,
        np.where(open_set.alive, open_set.promised_natural, -1),
        np.where(open_set.alive, open_set.statutory_natural, -1),
        t,
        susp,
    )
    return evaluate_cases(
        cal,
        open_set.accepted,
        promised,
        statutory,
        t,
        susp,
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


def redate_case(
    session: Session, cal: WorkCalendar, case_id: int, today: dt.date | None = None
) -> tuple[dt.date | None, dt.date | None]:
    """Write one case's due dates from its stored rows with its corrections laid over them, as the fold does
    (``console.ingest.fold``, the same engine): the dues of an upheld appeal's correction at once, before any
    re-fold.  Only the due-date columns change (what a console may write); returns (promised, statutory) due."""
    case = session.get(Case, case_id, with_for_update=True)
    if case is None or case.accepted_at is None:
        return None, None
    item = session.get(Item, case.item_id)
    assert item is not None
    fixed = corrected_clocks(session, [case_id]).get(case_id)
    if fixed is None:
        waits = session.execute(
            select(Suspension.kind, Suspension.started_at, Suspension.ended_at, Suspension.applied_days).where(
                Suspension.case_id == case_id, Suspension.stops_clock
            )
        ).all()
        fixed = CorrectedClock(None, None, tuple((s, e, None if k == SUPPLEMENT else c) for k, s, e, c in waits))
    clock = [SuspensionSpec(s.date(), e.date() if e else None, cap) for s, e, cap in fixed.waits]
    accepted = fixed.accepted or case.accepted_at
    completed = (fixed.completed or case.completed_at) if case.completed_at else None
    at = completed.date() if completed else (today or repo.now().date())
    promised, statutory = case.promised_days, case.statutory_days
    if case.statutory_natural_days is not None:  # 自然日: from the calendar days, as the fold does
        statutory = calendar_limit_as_working(cal, accepted.date(), case.statutory_natural_days, clock, at)
    if case.promised_natural_days is not None:
        promised = calendar_limit_as_working(cal, accepted.date(), case.promised_natural_days, clock, at)
    promised = min(promised, statutory)
    t = evaluate_one(
        cal,
        accepted.date(),
        promised,
        statutory,
        at,
        clock,
        case.extension_days,
        item.blue_days,
        item.yellow_days,
    )
    case.promised_due, case.statutory_due, case.due_provisional = t.promised_due, t.statutory_due, t.provisional
    case.change_seq, case.updated_at = repo.next_change_seq(session), repo.now()
    session.flush()
    return t.promised_due, t.statutory_due
