"""Loading open cases into column arrays for the engine (SQL side of the poll and of re-dating).

The console keeps every open case in memory as numpy columns and re-evaluates them all each poll (the
lights change with the date even when no record arrives); only rows changed since the watermark are read.
"""
from __future__ import annotations

import datetime as dt
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
    ids = [r.id for r in rows]
    susp: dict[int, list[tuple[int, int, int]]] = {}
    steps: dict[int, tuple[str, dt.datetime, int | None]] = {}
    for chunk in range(0, len(ids), 5000):
        part = ids[chunk:chunk + 5000]
        for s in session.execute(
            select(Suspension.case_id, Suspension.started_at, Suspension.ended_at, Suspension.applied_days,
                   Suspension.kind)
            .where(Suspension.case_id.in_(part), Suspension.stops_clock.is_(True))
        ):
            cap = NO_CAP if s.applied_days is None or s.kind == "补正" else s.applied_days
            susp.setdefault(s.case_id, []).append((cal.index(s.started_at), _day(cal, s.ended_at), cap))
        for e in session.execute(
            select(CaseEvent.case_id, CaseEvent.step_code, CaseEvent.started_at, CaseEvent.limit_days)
            .where(CaseEvent.case_id.in_(part), CaseEvent.ended_at.is_(None), CaseEvent.limit_days.is_not(None))
        ):
            steps[e.case_id] = (e.step_code, e.started_at, e.limit_days)
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
            self.step_code.extend([""] * len(new))
            for i, r in enumerate(new):
                self.pos[r.case_id] = base + i
        for r in records:
            i = self.pos.get(r.case_id)
            if i is None:
                continue
            if not r.open:
                self.alive[i] = False
                self.susp.pop(i, None)
                del self.pos[r.case_id]
                continue
            self.alive[i] = True
            for c in self.COLUMNS:
                getattr(self, c)[i] = getattr(r, c)
            self.step_code[i] = r.step_code
            if r.suspensions:
                self.susp[i] = r.suspensions
            else:
                self.susp.pop(i, None)
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

    def suspensions(self) -> Suspensions:
        if self._susp_cache is None:
            rows = [(i, a, b, c) for i, items in self.susp.items() for (a, b, c) in items]
            self._susp_cache = Suspensions.of(rows)
        return self._susp_cache
