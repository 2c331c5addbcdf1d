"""The console's backend (Qt-free): poll the shared database, run the engine, build Snapshots.

Each poll reads only the cases changed since its watermark, re-evaluates every open case for today (lights
move with the date even when nothing arrives), raises the time alarms that are new (one row per case, rule
and level however many consoles do this at once), and returns an immutable Snapshot.  A failed poll returns
the last snapshot marked stale: the screens never show a database outage as fresh or green data.
"""
from __future__ import annotations

import collections
import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass, replace
from typing import Callable, Sequence

import numpy as np
from sqlalchemy import extract, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from console.domain import rules
from console.domain.calendar import WorkCalendar
from console.domain.rollup import UnitState, rollup
from console.domain.snapshot import (
    AlarmView,
    CaseDetail,
    CaseRow,
    LightsPoint,
    Snapshot,
    StepRow,
    SuspensionRow,
    Totals,
    UnitStatus,
)
from console.domain.timelimits import Light, run_clock
from console.models import repository as repo
from console.models.db import session_factory
from console.models.openset import OpenSet, fetch_cases
from console.models.recompute import ensure_calendar_current, evaluate_open
from console.models.schema import (
    Alarm,
    AlarmAck,
    Case,
    CaseEvent,
    CalendarOverride,
    CalendarYear,
    Evaluation,
    Fee,
    Item,
    Suspension,
    Unit,
)

log = logging.getLogger(__name__)
TIME_RULES = ("promised_overdue", "statutory_overdue", "step_overdue")
HISTORY_POINTS = 2000


@dataclass
class _Eval:
    """The last engine pass, aligned with the open set's rows."""

    light: np.ndarray
    remaining: np.ndarray
    promised_due: np.ndarray
    statutory_due: np.ndarray
    breach: np.ndarray
    provisional: np.ndarray
    step_red: np.ndarray
    step_due: np.ndarray


class Backend:
    """One console's view of the database.  ``poll`` runs on a worker thread; the rest on the pool."""

    def __init__(self, engine: Engine, console_name: str, clock: Callable[[], dt.datetime] = repo.now,
                 max_backoff_s: float = 3.0):
        self.engine = engine
        self.Session = session_factory(engine)
        self.console_name = console_name
        self.clock = clock
        self.max_backoff_s = max_backoff_s
        self._lock = threading.RLock()
        self._cal: WorkCalendar | None = None
        self._cal_stamp = None
        self._open = OpenSet()
        self._watermark: int | None = None
        self._units: list[Unit] = []
        self._unit_pos: dict[int, int] = {}
        self._known_alarms: set[tuple[int, str, str, str]] = set()
        self._seen_alarm_ids: set[int] = set()
        self._history: collections.deque[LightsPoint] = collections.deque(maxlen=HISTORY_POINTS)
        self._eval: _Eval | None = None
        self._last: Snapshot | None = None
        self._failures = 0
        self._next_try = 0.0

    # ---- polling ------------------------------------------------------------------------------
    def poll(self) -> Snapshot:
        with self._lock:
            if self._failures and time.monotonic() < self._next_try:
                return self._stale("等待重新连接数据库…")
            try:
                snap = self._poll()
            except (SQLAlchemyError, OSError) as exc:
                self._failures += 1
                self._next_try = time.monotonic() + min(self.max_backoff_s, 0.5 * 2 ** self._failures)
                log.warning("poll failed (%d in a row): %s", self._failures, exc)
                return self._stale(_short(exc))
            self._failures = 0
            self._last = snap
            return snap

    def _stale(self, error: str) -> Snapshot:
        if self._last is None:  # nothing ever read: an empty, failed picture (grey, never green)
            return Snapshot(as_of=dt.datetime.min, ok=False, error=error)
        return self._last.failed(error)

    def _poll(self) -> Snapshot:
        now = self.clock()
        today = now.date()
        with self.Session.begin() as s:
            self._refresh_calendar(s)
            seq = repo.current_change_seq(s)
            if self._watermark is None:
                self._load_units(s)
                self._open = OpenSet()
                self._open.apply(fetch_cases(s, self._cal))
                self._known_alarms = {
                    (r.case_id, r.rule, r.subject, r.level)
                    for r in s.execute(select(Alarm.case_id, Alarm.rule, Alarm.subject, Alarm.level)
                                       .where(Alarm.rule.in_(TIME_RULES)))
                }
            else:
                self._open.apply(fetch_cases(s, self._cal, since_seq=self._watermark))
            self._watermark = seq
            self._eval = ev = self._evaluate(today)
            raised = self._raise_time_alarms(s, ev)
            alarms = self._open_alarms(s, now)
            per_hour = self._per_hour(s, today)
            satisfaction = self._satisfaction(s, today)
        # known only once committed: a poll that dies before its commit (connection lost) raises them again
        self._known_alarms.update(raised)
        # as_of is when the data was read (the screens judge staleness by it); ``now`` is the business clock
        return self._snapshot(now, ev, alarms, per_hour, satisfaction, read_at=repo.now())

    def _refresh_calendar(self, s) -> None:
        stamp = (
            s.execute(select(func.count(), func.max(CalendarOverride.updated_at))).one(),
            s.execute(select(func.count(CalendarYear.year))).scalar_one(),
        )
        if self._cal is None or stamp != self._cal_stamp:
            self._cal = repo.load_calendar(s)
            self._cal_stamp = stamp
            # stored due dates follow the calendar; the in-memory open set holds day indices, unaffected
            changed = ensure_calendar_current(s, self._cal)
            if changed:
                log.info("calendar changed: %d open cases re-dated", changed)

    def _load_units(self, s) -> None:
        self._units = list(s.scalars(select(Unit).order_by(Unit.kind, Unit.sort_order, Unit.code)))
        self._unit_pos = {u.id: i for i, u in enumerate(self._units)}

    def _evaluate(self, today: dt.date) -> _Eval:
        cal, o = self._cal, self._open
        t = cal.index(today)
        ev = evaluate_open(cal, o, today)
        has_step = o.step_limit >= 0
        step = run_clock(cal, np.where(has_step, o.step_start, o.accepted), np.where(has_step, o.step_limit, 0),
                         t, o.suspensions())
        step_red = has_step & (t > step.due) & o.alive
        light = ev.light.copy()
        light[step_red] = Light.RED  # a key-post step past its limit is a violation too
        return _Eval(light, ev.remaining, ev.promised_due, ev.statutory_due, ev.statutory_breach & o.alive,
                     ev.provisional, step_red, step.due)

    def _raise_time_alarms(self, s, ev: _Eval) -> list[tuple[int, str, str, str]]:
        """Insert the new time alarms; returns their keys (the caller marks them known after the commit)."""
        o, cal = self._open, self._cal
        specs = []
        for i in np.flatnonzero(o.alive & (ev.promised_due < cal.index(self.clock().date()))):
            key = (int(o.case_id[i]), "promised_overdue", "", "red")
            if key not in self._known_alarms:
                specs.append((key, rules.message("promised_overdue", due=cal.date(ev.promised_due[i]))))
        for i in np.flatnonzero(ev.breach):
            key = (int(o.case_id[i]), "statutory_overdue", "", "red")
            if key not in self._known_alarms:
                specs.append((key, rules.message("statutory_overdue", due=cal.date(ev.statutory_due[i]))))
        for i in np.flatnonzero(ev.step_red):
            key = (int(o.case_id[i]), "step_overdue", o.step_code[i], "red")
            if key not in self._known_alarms:
                specs.append((key, rules.message("step_overdue", step=o.step_code[i], due=cal.date(ev.step_due[i]))))
        if specs:
            repo.raise_alarms(
                s, [repo.AlarmSpec(case_id=k[0], rule=k[1], subject=k[2], level=k[3], message=m) for k, m in specs],
                raised_by=self.console_name,
            )
        return [k for k, _ in specs]

    def _alarm_query(self):
        return (
            select(Alarm, Case.case_no, Case.unit_id, Case.handler, Case.promised_due, Case.statutory_due,
                   Item.name.label("item_name"), Unit.name.label("unit_name"), AlarmAck)
            .join(Case, Case.id == Alarm.case_id)
            .join(Item, Item.id == Case.item_id)
            .join(Unit, Unit.id == Case.unit_id)
            .outerjoin(AlarmAck, AlarmAck.alarm_id == Alarm.id)
        )

    @staticmethod
    def _alarm_view(cal: WorkCalendar, row, today: dt.date) -> AlarmView:
        a, ack = row.Alarm, row.AlarmAck
        due = {"promised_overdue": row.promised_due, "statutory_overdue": row.statutory_due}.get(a.rule)
        late = cal.count(due, today) if due is not None and today > due else None
        return AlarmView(
            alarm_id=a.id, case_id=a.case_id, case_no=row.case_no, unit_id=row.unit_id, unit_name=row.unit_name,
            item_name=row.item_name, handler=row.handler, rule=a.rule, rule_label=rules.label(a.rule),
            level=a.level, subject=a.subject, message=a.message, raised_at=a.raised_at, status=a.status,
            days_late=late, acked_by=ack.operator if ack else None, acked_console=ack.console if ack else None,
            acked_at=ack.acked_at if ack else None, ack_note=ack.note if ack else None,
        )

    def _open_alarms(self, s, now: dt.datetime) -> tuple[AlarmView, ...]:
        rows = s.execute(self._alarm_query().where(Alarm.status == "open").order_by(Alarm.raised_at, Alarm.id))
        return tuple(self._alarm_view(self._cal, r, now.date()) for r in rows)

    def _per_hour(self, s, today: dt.date) -> tuple[tuple[int, ...], tuple[int, ...]]:
        start = dt.datetime.combine(today, dt.time())
        acc = [0] * 24
        done = [0] * 24
        # counted by the database: one row per hour instead of one per case accepted/completed today
        for col, out in ((Case.accepted_at, acc), (Case.completed_at, done)):
            hour = extract("hour", col)
            for h, n in s.execute(select(hour, func.count()).where(col >= start).group_by(hour)):
                if h is not None and 0 <= int(h) < 24:
                    out[int(h)] += n
        return tuple(acc), tuple(done)

    def _satisfaction(self, s, today: dt.date) -> tuple[int, ...]:
        start = dt.datetime.combine(today, dt.time())
        counts = [0] * 5
        for level, n in s.execute(select(Evaluation.level, func.count()).where(Evaluation.evaluated_at >= start)
                                  .group_by(Evaluation.level)):
            if 1 <= level <= 5:
                counts[level - 1] = n
        return tuple(counts)

    def _snapshot(self, now, ev: _Eval, alarms, per_hour, satisfaction, read_at: dt.datetime) -> Snapshot:
        o, cal = self._open, self._cal
        alive = np.flatnonzero(o.alive)
        n_units = len(self._units)
        # vectorised: unit position by a lookup table, handled = not among the open alarms' cases
        lut = np.zeros(max(self._unit_pos, default=0) + 1, dtype=np.int64)
        for uid, pos in self._unit_pos.items():
            lut[uid] = pos
        uids = o.unit_id[alive]
        unit_pos = np.where(uids < len(lut), lut[np.clip(uids, 0, len(lut) - 1)], 0)
        light = ev.light[alive].astype(np.int64)
        open_alarm_cases = np.fromiter({a.case_id for a in alarms}, dtype=np.int64)
        handled = ~np.isin(o.case_id[alive], open_alarm_cases)
        counts, state = rollup(unit_pos, light, handled, n_units)
        t = cal.index(now.date())
        due_today = np.bincount(unit_pos, weights=ev.promised_due[alive] == t, minlength=n_units).astype(np.int64)
        breaches = np.bincount(unit_pos, weights=ev.breach[alive], minlength=n_units).astype(np.int64)
        red_handled = np.bincount(unit_pos, weights=(light == Light.RED) & handled,
                                  minlength=n_units).astype(np.int64)
        units = []
        for i, u in enumerate(self._units):
            st = UnitState(int(state[i]))
            if st == UnitState.NO_DATA and self._watermark is not None:
                st = UnitState.NORMAL  # read fine, no open case: all clear for this unit
            units.append(UnitStatus(u.id, u.code, u.name, u.kind, st, *map(int, counts[i]),
                                    red_handled=int(red_handled[i]), due_today=int(due_today[i]),
                                    statutory_breaches=int(breaches[i])))
        tot = counts.sum(axis=0) if len(units) else np.zeros(4, dtype=np.int64)
        n_prov = int(ev.provisional[alive].sum())
        totals = Totals(
            open_cases=int(len(alive)), due_today=int(due_today.sum()), normal=int(tot[0]), blue=int(tot[1]),
            yellow=int(tot[2]), red=int(tot[3]), red_handled=int(red_handled.sum()),
            statutory_breaches=int(breaches.sum()), alarms_waiting=len(alarms), provisional=n_prov,
            suspended=len(o.susp),
        )
        self._history.append(LightsPoint(read_at, *map(int, tot)))
        top = sorted(((u.name, u.red) for u in units if u.red), key=lambda x: -x[1])[:10]
        new_ids = tuple(a.alarm_id for a in alarms if a.alarm_id not in self._seen_alarm_ids)
        self._seen_alarm_ids.update(new_ids)
        note = None
        if n_prov:
            note = (f"{cal.published_years[1] + 1}年起的节假日安排尚未发布：{n_prov}件办件的期限暂按周末计算，"
                    f"标注为“临时”")
        return Snapshot(
            as_of=read_at, units=tuple(units), totals=totals, alarms=alarms, new_alarm_ids=new_ids,
            lights_history=tuple(self._history), top_overdue=tuple(top), accepted_per_hour=per_hour[0],
            completed_per_hour=per_hour[1], satisfaction=satisfaction, ok=True, calendar_note=note,
        )

    # ---- drill-down ------------------------------------------------------------------------------
    def unit_cases(self, unit_id: int) -> tuple[CaseRow, ...]:
        with self._lock:
            o, ev = self._open, self._eval
            rows = {} if ev is None else {int(o.case_id[i]): i for i in np.flatnonzero(o.alive & (o.unit_id == unit_id))}
        if not rows:
            return ()
        with self.Session() as s:
            data = s.execute(
                select(Case.id, Case.case_no, Item.name, Case.stage, Case.handler, Case.accepted_at, Case.suspended)
                .join(Item, Item.id == Case.item_id).where(Case.unit_id == unit_id, Case.completed_at.is_(None))
            ).all()
            open_alarm_cases = set(s.scalars(select(Alarm.case_id).join(Case, Case.id == Alarm.case_id)
                                             .where(Case.unit_id == unit_id, Alarm.status == "open")))
        out = []
        for r in data:
            i = rows.get(r.id)
            if i is None:
                continue
            out.append(self._case_row(r, i, ev, handled=r.id not in open_alarm_cases))
        out.sort(key=lambda c: (-c.light, c.remaining))
        return tuple(out)

    def _case_row(self, r, i: int, ev: _Eval, handled: bool) -> CaseRow:
        cal = self._cal
        light = int(ev.light[i])
        return CaseRow(
            case_id=r.id, case_no=r.case_no, item_name=r.name, stage=r.stage, handler=r.handler,
            accepted_at=r.accepted_at, promised_due=cal.date(ev.promised_due[i]),
            statutory_due=cal.date(ev.statutory_due[i]), remaining=int(ev.remaining[i]), light=light,
            statutory_breach=bool(ev.breach[i]), provisional=bool(ev.provisional[i]), suspended=bool(r.suspended),
            handled=light == Light.RED and handled,
        )

    def case_detail(self, case_id: int) -> CaseDetail | None:
        today = self.clock().date()
        with self.Session() as s:
            case = s.get(Case, case_id)
            if case is None:
                return None
            cal = self._cal or repo.load_calendar(s)
            item, unit = case.item, case.unit
            events = s.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.started_at)).all()
            susp = s.scalars(select(Suspension).where(Suspension.case_id == case_id).order_by(Suspension.started_at)).all()
            fees = s.scalars(select(Fee).where(Fee.case_id == case_id)).all()
            evals = s.scalars(select(Evaluation).where(Evaluation.case_id == case_id)).all()
            alarms = tuple(self._alarm_view(cal, r, today) for r in s.execute(
                self._alarm_query().where(Alarm.case_id == case_id).order_by(Alarm.raised_at)))
            one = OpenSet()  # the same engine pass as the wall, for this case alone (completed: on its day)
            one.apply([replace(r, open=True) for r in fetch_cases(s, cal, case_ids=[case_id])])
        at = case.completed_at.date() if case.completed_at else today
        ev = evaluate_open(cal, one, at) if len(one) else None
        light = int(ev.light[0]) if ev is not None else int(Light.NORMAL)
        row = CaseRow(
            case_id=case.id, case_no=case.case_no, item_name=item.name, stage=case.stage, handler=case.handler,
            accepted_at=case.accepted_at, promised_due=case.promised_due, statutory_due=case.statutory_due,
            remaining=int(ev.remaining[0]) if ev is not None else 0, light=light,
            statutory_breach=bool(ev.statutory_breach[0]) if ev is not None else False,
            provisional=case.due_provisional, suspended=case.suspended,
            handled=light == Light.RED and not any(a.status == "open" for a in alarms),
        )
        last = max(d for d in (case.promised_due, case.statutory_due, today) if d is not None)
        first = case.accepted_at.date()
        workdays = tuple(first + dt.timedelta(days=k) for k in range((last - first).days + 1)
                         if cal.is_workday(first + dt.timedelta(days=k)))
        return CaseDetail(
            row=row, unit_name=unit.name, channel=case.channel, applicant_name=case.applicant_name,
            completed_at=case.completed_at, result=case.result,
            steps=tuple(StepRow(e.step_code, e.step_name, e.handler, e.started_at, e.ended_at, e.limit_days, e.due,
                                e.result, e.opinion) for e in events),
            suspensions=tuple(SuspensionRow(x.kind, x.started_at, x.ended_at, x.applied_days, x.stops_clock, x.basis)
                              for x in susp),
            fees=tuple((float(f.receivable), float(f.paid), f.relief_reason) for f in fees),
            evaluations=tuple((e.level, e.evaluated_at, e.comment) for e in evals),
            alarms=alarms, workdays=workdays,
        )

    # ---- acknowledgement ---------------------------------------------------------------------------
    def acknowledge(self, alarm_ids: Sequence[int], operator: str, console: str,
                    note: str | None = None) -> list[repo.AckOutcome]:
        out = []
        for alarm_id in alarm_ids:
            with self.Session.begin() as s:
                out.append(repo.acknowledge(s, alarm_id, operator, console, note))
        return out


def _short(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]
