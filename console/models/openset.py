"""Loading open cases into column arrays for the engine (SQL side of the poll and of re-dating).

The console keeps every open case in memory as numpy columns and re-evaluates them all each poll (the
lights change with the date even when no record arrives); only rows changed since the watermark are read.
"""
from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from console.domain.calendar import WorkCalendar
from console.domain.timelimits import NO_CAP, NO_END, Suspensions
from console.models.schema import Case, CaseEvent, Item, Suspension

_NO_STEP = -1


@dataclass
class CaseRecord:
    """What the engine needs of one case (a row of the open set)."""

    case_id: int
    unit_id: int
    open: bool
    accepted: int  # day index
    promised_days: int
    statutory_days: int
    extension_days: int
    blue_days: int
    yellow_days: int
    step_code: str
    step_start: int  # day index of the current key-post step's start, or -1
    step_limit: int  # its limit, or -1
    suspensions: tuple[tuple[int, int, int], ...]  # (start, end or NO_END, cap or NO_CAP), clock-stopping only
    change_seq: int


def _day(cal: WorkCalendar, t: dt.datetime | None) -> int:
    return NO_END if t is None else cal.index(t)


def fetch_cases(session: Session, cal: WorkCalendar, since_seq: int | None = None,
                case_ids: list[int] | None = None) -> list[CaseRecord]:
    """What the engine needs of: the given cases; else cases changed after ``since_seq`` (open or just
    closed, so a reader can drop them); else every open case."""
    q = (
        select(Case.id, Case.unit_id, Case.completed_at, Case.accepted_at, Case.promised_days,
               Case.statutory_days, Case.extension_days, Item.blue_days, Item.yellow_days, Case.current_step,
               Case.change_seq)
        .join(Item, Item.id == Case.item_id)
        .where(Case.accepted_at.is_not(None))
    )
    if case_ids is not None:
        q = q.where(Case.id.in_(case_ids))
    elif since_seq is not None:
        q = q.where(Case.change_seq > since_seq)
    else:
        q = q.where(Case.completed_at.is_(None))
    rows = session.execute(q).all()
    if not rows:
        return []
    susp: dict[int, list[tuple[int, int, int]]] = {}
    steps: dict[int, tuple[str, dt.datetime, int | None]] = {}
    s_cols = (Suspension.case_id, Suspension.started_at, Suspension.ended_at, Suspension.applied_days,
              Suspension.kind)
    e_cols = (CaseEvent.case_id, CaseEvent.step_code, CaseEvent.started_at, CaseEvent.limit_days)
    s_where = (Suspension.stops_clock.is_(True),)
    e_where = (CaseEvent.ended_at.is_(None), CaseEvent.limit_days.is_not(None))
    if case_ids is not None:
        ids = [r.id for r in rows]
        parts = [(select(*s_cols).where(Suspension.case_id.in_(ids[c:c + 5000]), *s_where),
                  select(*e_cols).where(CaseEvent.case_id.in_(ids[c:c + 5000]), *e_where))
                 for c in range(0, len(ids), 5000)]
    else:
        # the same case filter as a join: one query each instead of a 5000-id IN list per chunk
        case_filter = ((Case.change_seq > since_seq) if since_seq is not None else Case.completed_at.is_(None),
                       Case.accepted_at.is_not(None))
        parts = [(select(*s_cols).join(Case, Case.id == Suspension.case_id).where(*case_filter, *s_where),
                  select(*e_cols).join(Case, Case.id == CaseEvent.case_id).where(*case_filter, *e_where))]
    for s_query, e_query in parts:
        for s in session.execute(s_query):
            cap = NO_CAP if s.applied_days is None or s.kind == "补正" else s.applied_days
            susp.setdefault(s.case_id, []).append((cal.index(s.started_at), _day(cal, s.ended_at), cap))
        for e in session.execute(e_query):
            steps[e.case_id] = (sys.intern(e.step_code), e.started_at, e.limit_days)
    out = []
    for r in rows:
        step = steps.get(r.id)
        out.append(
            CaseRecord(
                case_id=r.id, unit_id=r.unit_id, open=r.completed_at is None, accepted=cal.index(r.accepted_at),
                promised_days=r.promised_days, statutory_days=r.statutory_days,
                extension_days=r.extension_days or 0, blue_days=r.blue_days, yellow_days=r.yellow_days,
                step_code=step[0] if step else "", step_start=cal.index(step[1]) if step else _NO_STEP,
                step_limit=step[2] if step else _NO_STEP,
                suspensions=tuple(sorted(susp.get(r.id, ()))), change_seq=r.change_seq,
            )
        )
    return out


class OpenSet:
    """The open cases as numpy columns, updated in place from changed rows."""

    COLUMNS = ("case_id", "unit_id", "accepted", "promised_days", "statutory_days", "extension_days",
               "blue_days", "yellow_days", "step_start", "step_limit")

    def __init__(self) -> None:
        self.pos: dict[int, int] = {}
        self.step_code: list[str] = []
        self.susp: dict[int, tuple[tuple[int, int, int], ...]] = {}  # by row position
        self.alive = np.zeros(0, dtype=bool)
        for c in self.COLUMNS:
            setattr(self, c, np.zeros(0, dtype=np.int64))
        self._susp_cache: Suspensions | None = None

    def __len__(self) -> int:
        return int(self.alive.sum())

    def apply(self, records: list[CaseRecord]) -> int:
        """Insert, update or (closed cases) drop rows; returns how many rows changed."""
        new = [r for r in records if r.open and r.case_id not in self.pos]
        if new:
            base = len(self.alive)
            for c in self.COLUMNS:
                setattr(self, c, np.concatenate([getattr(self, c), np.zeros(len(new), dtype=np.int64)]))
            self.alive = np.concatenate([self.alive, np.zeros(len(new), dtype=bool)])
            self._susp_cache = None  # row count changed
            self.step_code.extend([""] * len(new))
            for i, r in enumerate(new):
                self.pos[r.case_id] = base + i
        live, gone = [], []
        for r in records:
            i = self.pos.get(r.case_id)
            if i is None:
                continue
            if r.open:
                live.append((i, r))
            else:
                gone.append((i, r.case_id))
        susp_changed = False
        for i, cid in gone:
            self.alive[i] = False
            susp_changed |= self.susp.pop(i, None) is not None
            del self.pos[cid]
        if live:  # column-wise: one fancy assignment per column instead of a numpy item write per value
            idx = np.fromiter((i for i, _ in live), dtype=np.int64, count=len(live))
            self.alive[idx] = True
            for c in self.COLUMNS:
                getattr(self, c)[idx] = np.fromiter((getattr(r, c) for _, r in live), dtype=np.int64,
                                                    count=len(live))
            step_code = self.step_code
            for i, r in live:
                step_code[i] = r.step_code
                if r.suspensions:
                    if self.susp.get(i) != r.suspensions:
                        self.susp[i] = r.suspensions
                        susp_changed = True
                elif self.susp.pop(i, None) is not None:
                    susp_changed = True
        if susp_changed:
            self._susp_cache = None
        if len(self.alive) > 1024 and self.alive.sum() < len(self.alive) // 2:
            self._compact()
        return len(records)

    def _compact(self) -> None:
        keep = np.flatnonzero(self.alive)
        remap = {int(old): new for new, old in enumerate(keep)}
        for c in self.COLUMNS:
            setattr(self, c, getattr(self, c)[keep])
        self.alive = self.alive[keep]
        self.step_code = [self.step_code[i] for i in keep]
        self.susp = {remap[i]: v for i, v in self.susp.items() if i in remap}
        self.pos = {cid: remap[i] for cid, i in self.pos.items()}
        self._susp_cache = None  # row positions moved

    def suspensions(self) -> Suspensions:
        if self._susp_cache is None:
            rows = [(i, a, b, c) for i, items in self.susp.items() for (a, b, c) in items]
            self._susp_cache = Suspensions.of(rows)
        return self._susp_cache
