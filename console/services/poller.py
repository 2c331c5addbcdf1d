"""The console's backend (Qt-free): poll the shared database, run the engine, build Snapshots.

Each poll reads only the cases changed since its watermark (column-wise, straight into numpy), re-evaluates
the rows whose engine inputs changed — every open case once per day (lights move with the date even when
nothing arrives), per calendar change and at start — keeps the per-unit tallies up to date row by row, raises
the time alarms that are new (one row per case, rule and level however many consoles do this at once), and
returns an immutable Snapshot.  A failed poll returns
the last snapshot marked stale: the screens never show a database outage as fresh or green data.
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from console.domain import catalogue, rules
from console.domain.calendar import WorkCalendar
from console.domain.clock import day_after
from console.domain.errors import NotSaved
from console.domain.feeds import DEFAULT_HEARTBEAT_HOURS, is_silent
from console.domain.roles import Actor
from console.domain.rollup import UnitState, unit_states
from console.domain.snapshot import (
    AlarmView,
    CaseDetail,
    CaseRow,
    EngineState,
    LightsPoint,
    Snapshot,
    StepRow,
    SuspensionRow,
    Totals,
    UnitStatus,
)
from console.domain.supervision_rows import ComplaintClock
from console.domain.text import typed_text
from console.domain.timelimits import (
    LIGHT_NAMES,
    Light,
    Suspensions,
    days_over,
    evaluate_with_step,
    natural_as_working,
    natural_limits,
)
from console.models import asof, feeds, heartbeat, light_history, wall
from console.models import repository as repo
from console.models.db import DB_ERRORS, connection_lost, session_factory, short_error
from console.models.openset import (
    STEP_CODES,
    OpenSet,
    fetch_cases,
    fetch_columns,
    fetch_hours_since,
    fetch_red_time_alarms,
)
from console.models.recompute import ensure_calendar_current, evaluate_open
from console.supervision.complaints import check_complaint_alarms, complaint_clocks, complaint_clocks_at
from console.supervision.escalation import cards_by_unit, cards_by_unit_at, run_escalation_pass
from console.supervision.rectification import raise_overdue_rectifications, rectify_bad_ratings

log = logging.getLogger(__name__)
LIGHT_BY_NAME = {name: light for light, name in LIGHT_NAMES.items()}
_POLL_ERRORS: tuple[type[Exception], ...] = (*DB_ERRORS, OSError)  # the database or the network under it
TIME_RULES = ("promised_overdue", "statutory_overdue", "step_overdue")
# OpenSet.alarm_known's bits of a red's time alarms: with none of them the red is nobody's handled red
_TIME_ALARM_BITS = np.uint8(OpenSet.ALARM_PROMISED | OpenSet.ALARM_STATUTORY | OpenSet.ALARM_STEP)
HISTORY_POINTS = 2000
RED_NEXT_LIMIT = 2000  # the desk's "red next" list: enough to act on, never the whole city at 1M open cases
RECTIFICATION_CHECK_S = 60.0  # overdue rectifications, bad ratings: checked on the first poll, then once a minute
# a reader calls the engine not running after this many of its pass intervals without a pass, and never sooner
# than ENGINE_LATE_MIN_S (a pass at 1,000,000 open cases takes seconds; a day change longer)
ENGINE_LATE_INTERVALS = 5
ENGINE_LATE_MIN_S = 20.0
BAD_RATING_DAYS_KEY = "bad_rating_rectify_days"  # meta: working days to rectify a bad rating (default 15)


def _trim_heap() -> None:
    """Give the initial load's freed heap back to the OS (glibc only; harmless elsewhere)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


@dataclass
class _Eval:
    """The last engine pass, aligned with the open set's rows (cached: a poll re-evaluates only the rows
    whose inputs changed; the date, the calendar or moved rows re-evaluate all)."""

    light: np.ndarray  # int8
    remaining: np.ndarray  # int32
    promised_due: np.ndarray  # int32 day index
    statutory_due: np.ndarray
    breach: np.ndarray  # bool, live rows only
    provisional: np.ndarray
    step_red: np.ndarray  # bool, live rows only
    step_due: np.ndarray
    ukey: np.ndarray  # int16: the row's unit position; n_units for dead rows (a bucket nobody reads)

    FIELDS = (
        "light",
        "remaining",
        "promised_due",
        "statutory_due",
        "breach",
        "provisional",
        "step_red",
        "step_due",
        "ukey",
    )

    def grow(self, n: int, dead_key: int) -> None:
        for f in self.FIELDS:
            a = getattr(self, f)
            if len(a) < n:
                pad = np.full(n - len(a), dead_key if f == "ukey" else 0, dtype=a.dtype)
                setattr(self, f, np.concatenate([a, pad]))

    def put(self, rows: np.ndarray, part: _Eval) -> None:
        for f in self.FIELDS:
            getattr(self, f)[rows] = getattr(part, f)


class _Agg:
    """Per-unit tallies of the cached pass (index n_units = dead rows), kept up to date row by row."""

    def __init__(self, ev: _Eval, t: int, n_units: int, nxt: int = -1):
        nb = self.nb = n_units + 1
        self.t = t
        self.nxt = nxt  # the next working day: its due cases turn red the day after
        self.counts = np.zeros((nb, 4), dtype=np.int64)
        self.due_today = np.zeros(nb, dtype=np.int64)
        self.due_next = np.zeros(nb, dtype=np.int64)
        self.breach = np.zeros(nb, dtype=np.int64)
        self.provisional = 0
        self.add(ev, None, 1)

    def add(self, ev: _Eval, rows: np.ndarray | None, sign: int) -> None:
        nb = self.nb
        pick = (lambda a: a) if rows is None else (lambda a: a[rows])
        ukey = pick(ev.ukey).astype(np.intp)
        self.counts += sign * np.bincount(ukey * 4 + pick(ev.light), minlength=nb * 4).reshape(nb, 4)
        self.due_today += sign * np.bincount(ukey[pick(ev.promised_due) == self.t], minlength=nb)
        self.due_next += sign * np.bincount(ukey[pick(ev.promised_due) == self.nxt], minlength=nb)
        self.breach += sign * np.bincount(ukey[pick(ev.breach)], minlength=nb)
        self.provisional += sign * int(np.count_nonzero(pick(ev.provisional) & (ukey < nb - 1)))


class Backend:
    """One console's view of the database.  ``poll`` runs on a worker thread; the rest on the pool."""

    def __init__(
        self,
        engine,
        console_name: str,
        clock: Callable[[], dt.datetime] = repo.now,
        max_backoff_s: float = 3.0,
        read_only: bool = False,
        history_every_s: int = light_history.DEFAULT_EVERY_S,
        history_keep_days: int = light_history.DEFAULT_KEEP_DAYS,
        reader: bool = False,
        after_pass: Sequence[Callable[[Any, dt.datetime], None]] = (),  # (session, pass moment)
        as_of: dt.datetime | None = None,
        watch_engine: bool | None = None,
        engine_late_s: float | None = None,
    ):
        """``read_only``: a poll raises what it would raise inside its transaction (so its picture includes
        them) and then rolls everything back: ``python main.py status`` shows the wall without writing.

        ``reader``: a console beside a supervision engine (console.services.engine): it evaluates the lights
        for its screens but raises, clears and re-dates nothing and records no history — the engine does,
        stamped with the business moments.  The default (a writer) is the engine's pass.
        ``after_pass``: called inside each writing pass's transaction, after the alarms, before the commit.
        ``as_of``: replay (回放) that past moment as known then (``set_as_of``); nothing is written.
        ``watch_engine`` (default: a reader): read the engine's heartbeat into ``Snapshot.engine``; it counts as not
        running after ``engine_late_s`` without a pass (None: ENGINE_LATE_INTERVALS of its interval)."""
        self.engine = engine
        self.read_only = read_only
        self.reader = reader
        self.after_pass = list(after_pass)
        self.watch_engine = reader if watch_engine is None else watch_engine
        self.engine_late_s = engine_late_s
        self._beat: tuple[str, dt.datetime, dt.datetime, float] | None = None  # holder, since, last pass, interval
        self.picture = True  # the engine sets False: no open alarms' rows, no hourly counts in its snapshot
        self.pass_counts: dict[str, int] = {}  # the last pass's raised/cleared alarms (the engine's log line)
        self.Session = session_factory(engine)
        self.console_name = console_name
        self.clock = clock
        self.max_backoff_s = max_backoff_s
        self._lock = threading.RLock()
        self._cal: WorkCalendar | None = None
        self._cal_stamp = None
        self._open = OpenSet()
        self._watermark: int | None = None
        self._units: list = []  # in wall order (console.models.wall.units)
        self._unit_pos: dict[int, int] = {}
        self._seen_alarm_ids: set[int] = set()
        self._history: collections.deque[LightsPoint] = collections.deque(maxlen=HISTORY_POINTS)
        self.history_every_s = history_every_s
        self.history_keep_days = history_keep_days
        self._history_day: dt.date | None = None  # the day self._history holds (read from the database)
        self._sampled_at: dt.datetime | None = None  # the last sample time written (or found written)
        self._eval: _Eval | None = None
        self._eval_key = None  # (day, calendar, open-set layout) the cached pass is valid for
        self._agg: _Agg | None = None
        self._unit_lut = np.zeros(1, dtype=np.int16)
        self._step_names: dict[str, str] = {c: n for c, n, _ in catalogue.STEPS}
        self._next_rect_check = 0.0
        self._complaint_lights = (0, 0, 0, 0)  # refreshed with the rectification check, once a minute
        self._complaint_unit_lights: dict[int, int] = {}  # unit id -> worst Light of its open complaints
        self._feed_last: dict[int, dt.datetime] = {}  # unit id -> its feed's last record (refreshed every poll)
        self._heartbeat_h = DEFAULT_HEARTBEAT_HOURS
        self._units_with_cases: set[int] = set()  # read at start, then grown from the open cases seen
        self._cards: dict[int, str] = {}  # unit id -> 'yellow' | 'red' under 督办, refreshed with it too
        self._hours = None  # (day, accepted ids, their hours, completed ids, their hours): today's per-hour counts
        self._last: Snapshot | None = None
        self._failures = 0
        self._next_try = 0.0
        self._live_clock = clock
        self.as_of: dt.datetime | None = None
        self._live_base: tuple[tuple[np.ndarray, ...], int] | None = None  # the live open set, its watermark
        if as_of is not None:
            self.set_as_of(as_of)

    # ---- replay -----------------------------------------------------------------------------------
    def set_as_of(self, at: dt.datetime | None) -> None:
        """Replay ``at`` (the next poll loads the open set, queue and counts as known then, console.models.asof,
        through the same engine pass as live), or go back to live with ``None`` (a full reload, as at a start:
        the open alarms count as new again, so a pending red opens its dialog)."""
        with self._lock:
            if at is None:
                self._live_base = None
            elif self.as_of is None and self._watermark is not None and self._failures == 0:
                # leaving a loaded live wall: its open set (read at change _watermark) is the base each replay
                # patches instead of reading every open case (asof.fetch_columns_at_from_live)
                self._live_base = (self._open.live_columns(), self._watermark)
            self.as_of = at
            self.clock = self._live_clock if at is None else (lambda: at)
            self._watermark = None
            self._open = OpenSet()
            self._eval = self._eval_key = self._agg = None
            self._last = None
            self._hours = None
            self._history_day = self._sampled_at = None
            self._history.clear()
            self._feed_last = {}
            self._units_with_cases = set()  # as of the new moment (or live's, read again by the full reload)
            self._next_rect_check = 0.0
            self._seen_alarm_ids.clear()

    def _poll_as_of(self, at: dt.datetime) -> Snapshot:
        """The picture at ``at`` as known then: read once (a replay does not move), then re-sent as fresh."""
        last = self._last
        if last is not None and last.ok and last.replay_at == at:
            return replace(last, as_of=repo.now(), new_alarm_ids=())
        day = dt.datetime.combine(at.date(), dt.time())
        with self._transaction() as s:
            self._refresh_calendar(s)
            self._load_units(s)
            self._open = OpenSet()
            self._eval = None
            base = self._live_base
            cols = asof.fetch_columns_at_from_live(s, at, *base) if base is not None else None
            self._open.apply(cols if cols is not None else asof.fetch_columns_at(s, at))
            # which reds had their time alarm at ``at``: a red without one is unhandled (_snapshot), as live
            self._load_known_alarms(s, mark_moved=False, at=at)
            # heard of by ``at``, not now: a unit whose first records came later is 无数据 then (README), not green
            self._units_with_cases = feeds.units_with_cases_at(s, at)
            self._watermark = 0  # loaded: a unit heard of with no open case is all clear, as live
            ev = self._eval = self._evaluate(at.date())
            alarms = tuple(self._alarm_view(self._cal, r, at.date()) for r in asof.open_alarms_at(s, at))
            per_hour = asof.hours_at(s, at)
            levels = asof.satisfaction_at(s, at)
            history = light_history.totals_between(s, day, at + dt.timedelta(seconds=1))
            # the 督办 cards and the complaints' lights as they stood (their histories and stored times)
            self._cards = cards_by_unit_at(s, self._cal, at)
            self._complaint_lights = self._count_complaint_lights(complaint_clocks_at(s, self._cal, at))
        # the feeds' arrival times have no past in the schema: not shown in replay (README)
        self._feed_last = {}
        # the queue as it stood: open, and not yet cleared if it cleared later
        alarms = tuple(
            replace(a, status="open", cleared_at=a.cleared_at if a.cleared_at and a.cleared_at <= at else None)
            for a in alarms
        )
        satisfaction = tuple(levels.get(k, 0) for k in range(1, 6))
        snap = self._snapshot(at, ev, alarms, per_hour, satisfaction, read_at=repo.now())
        t = snap.totals
        live = LightsPoint(at, t.normal, t.blue, t.yellow, t.red)
        return replace(snap, new_alarm_ids=(), replay_at=at, lights_history=(*history, live))

    # ---- polling ------------------------------------------------------------------------------
    def poll(self) -> Snapshot:
        with self._lock:
            if self._failures and time.monotonic() < self._next_try:
                return self._stale("等待重新连接数据库…")
            first = self._watermark is None
            try:
                snap = self._poll()
            except _POLL_ERRORS as exc:
                if first:  # the units it read went with the rolled-back session: the next poll loads afresh
                    self._watermark = None
                self._failures += 1
                self._next_try = time.monotonic() + min(self.max_backoff_s, 0.5 * 2**self._failures)
                log.warning("poll failed (%d in a row): %s", self._failures, exc)
                return self._stale(short_error(exc))
            self._failures = 0
            self._last = snap
            return snap

    def _stale(self, error: str) -> Snapshot:
        if self._last is None:  # nothing ever read: an empty, failed picture (grey, never green)
            return Snapshot(as_of=dt.datetime.min, ok=False, error=error)
        return self._last.failed(error)

    def _poll(self) -> Snapshot:
        if self.as_of is not None:
            return self._poll_as_of(self.as_of)
        now = self.clock()
        today = now.date()
        with self._transaction() as s:
            self._refresh_calendar(s)
            seq = repo.current_change_seq(s)
            if self._watermark is None:
                self._load_units(s)
                self._open = OpenSet()
                self._eval = None
                self._open.apply(fetch_columns(s))
                self._load_known_alarms(s)
                self._units_with_cases = feeds.units_with_cases(s)
                self._hours = None
                changed = None
                _trim_heap()
            else:
                changed = fetch_columns(s, since_seq=self._watermark)
                self._open.apply(changed)
                if self.reader:  # which time alarms exist is the engine's news: read it again every poll
                    self._open.alarm_known[:] = 0
                    self._load_known_alarms(s, mark_moved=False)
            self._watermark = seq
            self._eval = ev = self._evaluate(today)
            self.pass_counts = counts = {"raised": 0, "cleared": 0}
            cleared = raised = []
            if not self.reader:
                cleared = self._clear_time_alarms(s, ev, today, now)
                raised = self._raise_time_alarms(s, ev, today, cleared, now)
            self._check_rectifications(s, today)
            if not self.reader:
                check_complaint_alarms(s, self._cal, today, self.console_name)  # overdue complaints: their unit's
                for hook in self.after_pass:
                    hook(s, now)
            log.debug("pass counts %s", counts)
            # the engine draws nothing: the open alarms' rows (every unacknowledged one, after a day change tens of
            # thousands) and the hourly counts are the screens' (``picture``)
            alarms = self._open_alarms(s, now) if self.picture else ()
            per_hour = self._per_hour(s, today, changed) if self.picture else ((0,) * 24, (0,) * 24)
            self._feed_last = feeds.last_by_unit(s)
            self._heartbeat_h = feeds.heartbeat_hours(s)
            if self.watch_engine:
                row = heartbeat.read(s)
                self._beat = (row.holder, row.since, row.last_pass, row.interval_s) if row is not None else None
            satisfaction = self._satisfaction(s, today) if self.picture else (0,) * 5
        # known only once committed: a poll that dies before its commit (connection lost) raises them again
        for rows, bit in () if self.read_only else cleared:
            self._open.alarm_known[rows] &= ~np.uint8(bit)
        for rows, bit in () if self.read_only else raised:
            self._open.alarm_known[rows] |= np.uint8(bit)
        # as_of is when the data was read (the screens judge staleness by it); ``now`` is the business clock
        snap = self._snapshot(now, ev, alarms, per_hour, satisfaction, read_at=repo.now())
        if self.watch_engine:
            snap = replace(snap, engine=self.engine_state(snap.as_of))
        return self._keep_history(snap, now)

    def engine_state(self, at: dt.datetime) -> EngineState:
        """Whether the engine ran lately, judged at ``at`` (the wall clock of the read) from its last heartbeat."""
        if self._beat is None:
            return EngineState(holder=None, last_pass=None, ok=False)
        holder, since, last, interval_s = self._beat
        late_s = self.engine_late_s
        if late_s is None:
            late_s = max(ENGINE_LATE_MIN_S, ENGINE_LATE_INTERVALS * interval_s)
        return EngineState(holder=holder, last_pass=last, ok=(at - last).total_seconds() <= late_s, since=since)

    def _keep_history(self, snap: Snapshot, now: dt.datetime) -> Snapshot:
        """Every ``history_every_s``: record the lights in the database (console.models.light_history); the
        chart is today's samples read back from it (so it has the whole day after any restart) plus this poll."""
        at = light_history.sample_time(now, self.history_every_s)
        if self._history_day != now.date() or at != self._sampled_at:  # else nothing to do until the next sample
            self._read_write_history(snap, now, at)
        t = snap.totals
        live = LightsPoint(now, t.normal, t.blue, t.yellow, t.red)  # on the business clock, like the samples
        return replace(snap, lights_history=(*self._history, live))

    def _read_write_history(self, snap: Snapshot, now: dt.datetime, at: dt.datetime) -> None:
        try:
            with self._transaction() as s:  # read-only (``status``): the day's samples are read, nothing written
                if self._history_day != now.date():
                    day = dt.datetime.combine(now.date(), dt.time())
                    self._history = collections.deque(
                        light_history.totals_between(s, day, day + dt.timedelta(days=1)), maxlen=HISTORY_POINTS
                    )
                    self._history_day = now.date()
                if at != self._sampled_at and not (self.read_only or self.reader):
                    t = snap.totals
                    light_history.record(
                        s,
                        at,
                        (t.normal, t.blue, t.yellow, t.red, t.red_handled, t.alarms_waiting),
                        [(u.unit_id, u.normal, u.blue, u.yellow, u.red, u.red_handled) for u in snap.units],
                        keep_days=self.history_keep_days,
                    )
        except _POLL_ERRORS as exc:  # the lights were read fine: a missed sample is retried next poll
            log.warning("lights history not recorded: %s", exc)
            return
        if at != self._sampled_at:  # committed: this sample time is done, and on the chart
            self._sampled_at = at
            t = snap.totals
            if not self._history or self._history[-1].at < at:
                self._history.append(LightsPoint(at, t.normal, t.blue, t.yellow, t.red))

    @contextlib.contextmanager
    def _transaction(self):
        if not self.read_only and self.as_of is None:
            with self.Session.begin() as s:
                yield s
            return
        with self.Session() as s:
            try:
                yield s
            finally:
                s.expunge_all()  # the units read stay as they were read: a rollback would expire them
                s.rollback()

    @property
    def loaded(self) -> bool:
        """The open set has been read (the first poll succeeded)."""
        return self._watermark is not None

    def become_writer(self) -> None:
        """A warm standby engine takes over: its open set is loaded already; which time alarms exist is read
        again (the engine that died raised and cleared meanwhile), so the next poll raises and clears only what
        is due."""
        with self._lock:
            self.reader = False
            if self._watermark is None:
                return  # nothing loaded yet: the first poll loads the alarms with everything else
            with self.Session() as s:
                self._open.alarm_known[:] = 0
                self._load_known_alarms(s)

    def _load_known_alarms(self, s, mark_moved: bool = True, at: dt.datetime | None = None) -> None:
        """Mark the rows whose time alarms exist already (column-wise; the alarms' unique key makes a missed
        mark harmless: the insert is skipped by the database); ``at``: those that existed at that moment."""
        o = self._open
        promised, statutory, cid, code = fetch_red_time_alarms(s) if at is None else asof.red_time_alarms_at(s, at)
        for cids, bit in ((promised, OpenSet.ALARM_PROMISED), (statutory, OpenSet.ALARM_STATUTORY)):
            rows = o.rows_of(cids)
            o.alarm_known[rows[rows >= 0]] |= np.uint8(bit)
        rows = o.rows_of(cid)
        ok = rows >= 0
        rows, code = rows[ok], code[ok]
        o.alarm_known[rows] |= np.uint8(OpenSet.ALARM_STEP)
        if mark_moved:  # the writer's business: a reader clears nothing
            o.mark_step_moved(rows[o.step_code[rows] != code])  # an alarm of an earlier step: it clears

    def _check_rectifications(self, s, today: dt.date) -> None:
        """Once a minute: missed rectification deadlines raise their alarm (idempotent), and the open
        complaints' lights are recounted for the wall."""
        if time.monotonic() < self._next_rect_check:
            return

        if self.reader:  # the engine raises and climbs; a reader counts what it shows
            self._complaint_lights = self._count_complaint_lights(complaint_clocks(s, self._cal, today))
            self._cards = cards_by_unit(s)
            self._next_rect_check = time.monotonic() + RECTIFICATION_CHECK_S
            return
        self._rectify_bad_ratings(s)
        try:
            with s.begin_nested():
                created = raise_overdue_rectifications(s, today, self.console_name)
        except DB_ERRORS as exc:  # e.g. a read-only role: the wall keeps polling
            if not connection_lost(exc):
                log.warning("overdue rectifications not checked: %s", short_error(exc))
                self._next_rect_check = time.monotonic() + RECTIFICATION_CHECK_S
                return
            raise
        if created:
            self.pass_counts["raised"] = self.pass_counts.get("raised", 0) + len(created)
            log.info("%d overdue rectification alarm(s) raised", len(created))
        self._escalation_pass(s, today)
        self._complaint_lights = self._count_complaint_lights(complaint_clocks(s, self._cal, today))
        self._next_rect_check = time.monotonic() + RECTIFICATION_CHECK_S

    def _escalation_pass(self, s, today: dt.date) -> None:
        """督办 whose deadline passed climb the ladder (console.supervision.escalation); the cards for the wall."""
        try:
            with s.begin_nested():
                created = run_escalation_pass(s, self._cal, today, self.console_name)
        except DB_ERRORS as exc:  # e.g. a read-only role: the wall keeps polling and keeps the last cards
            if connection_lost(exc):
                raise
            log.warning("督办 pass skipped: %s", short_error(exc))
            return
        if created:
            self.pass_counts["raised"] = self.pass_counts.get("raised", 0) + len(created)
            log.info("%d 督办 alarm(s) raised", len(created))
        self._cards = cards_by_unit(s)

    def _rectify_bad_ratings(self, s) -> None:
        """Open the rectification of each new bad rating (its own savepoint: where the database refuses a
        console without a supervisor's session, the rest of the check goes on and a trusted writer does it)."""
        try:
            with s.begin_nested():
                days = repo.get_meta(s, BAD_RATING_DAYS_KEY)
                opened = rectify_bad_ratings(
                    s, self._cal, self.clock(), self.console_name, int(days) if days and days.isdigit() else None
                )
        except DB_ERRORS as exc:
            if connection_lost(exc):
                raise
            log.warning("bad ratings' rectifications not opened: %s", short_error(exc))
            return
        if opened:
            log.info("%d bad rating(s): rectification opened", len(opened))

    def _count_complaint_lights(self, clocks: list[ComplaintClock]) -> tuple[int, int, int, int]:
        """Open complaints per light of their running deadline (normal, blue, yellow, red) for the wall."""
        counts = {"normal": 0, "blue": 0, "yellow": 0, "red": 0}
        worst: dict[int, int] = {}  # responsible unit -> the worst light of its open complaints' deadlines
        for c in clocks:
            counts[c.light] += 1
            if c.against_unit_id is not None:
                lit = int(LIGHT_BY_NAME[c.light])
                worst[c.against_unit_id] = max(worst.get(c.against_unit_id, 0), lit)
        self._complaint_unit_lights = worst
        return counts["normal"], counts["blue"], counts["yellow"], counts["red"]

    def _refresh_calendar(self, s) -> None:
        stamp = wall.calendar_stamp(s)
        if self._cal is None or stamp != self._cal_stamp:
            self._cal = repo.load_calendar(s)
            self._cal_stamp = stamp
            self._cal_version = getattr(self, "_cal_version", 0) + 1  # invalidates the cached engine pass
            # stored due dates follow the calendar; the in-memory open set holds day indices, unaffected
            changed = 0 if self.reader else ensure_calendar_current(s, self._cal)
            if changed:
                log.info("calendar changed: %d open cases re-dated", changed)

    def _load_units(self, s) -> None:
        self._units = wall.units(s)
        self._unit_pos = {u.id: i for i, u in enumerate(self._units)}
        lut = np.zeros(max(self._unit_pos, default=0) + 1, dtype=np.int16)  # an unknown unit: counted with the first
        for uid, pos in self._unit_pos.items():
            lut[uid] = pos
        self._unit_lut = lut
        for code, name in wall.step_names(s):
            self._step_names.setdefault(code, name)
        self._eval_key = None

    def step_name(self, code: str) -> str:
        return self._step_names.get(code) or code

    def _evaluate(self, today: dt.date) -> _Eval:
        """The cached engine pass brought up to date: everything once per day / calendar / start, else only
        the rows whose inputs changed since the last poll."""
        o, cal = self._open, self._cal
        key = (cal.index(today), self._cal_version, o.layout)
        ev = self._eval
        if ev is None or key != self._eval_key:
            o.take_dirty(discard=True)
            ev = self._evaluate_all(today)
            self._eval_key = key
            self._agg = _Agg(ev, key[0], len(self._units), int(cal.nth[int(cal.cum[key[0] + 1])]))
            return ev
        dirty = o.take_dirty()
        ev.grow(len(o.alive), len(self._units))
        if len(dirty):
            part = self._evaluate_rows(cal.index(today), dirty)
            self._agg.add(ev, dirty, -1)
            ev.put(dirty, part)
            self._agg.add(ev, dirty, 1)
        return ev

    def _evaluate_all(self, today: dt.date) -> _Eval:
        """Engine pass over every row (what a day change costs; also the engine benchmark)."""
        o = self._open
        return self._engine(
            self._cal.index(today),
            o.accepted,
            o.promised_days,
            o.statutory_days,
            o.extension_days,
            o.blue_days,
            o.yellow_days,
            o.step_start,
            o.step_limit,
            o.alive,
            o.unit_id,
            o.suspensions(),
            o.promised_natural,
            o.statutory_natural,
            o.step_natural,
        )

    def _evaluate_rows(self, t: int, rows: np.ndarray) -> _Eval:
        o = self._open
        m = np.isin(o.s_row, rows) if len(o.s_row) else np.zeros(0, dtype=bool)
        susp = Suspensions(np.searchsorted(rows, o.s_row[m]), o.s_start[m], o.s_end[m], o.s_cap[m])
        return self._engine(
            t,
            *(
                getattr(o, c)[rows]
                for c in (
                    "accepted",
                    "promised_days",
                    "statutory_days",
                    "extension_days",
                    "blue_days",
                    "yellow_days",
                    "step_start",
                    "step_limit",
                    "alive",
                    "unit_id",
                )
            ),
            susp,
            o.promised_natural[rows],
            o.statutory_natural[rows],
            o.step_natural[rows],
        )

    def _engine(
        self,
        t,
        accepted,
        promised,
        statutory,
        extension,
        blue,
        yellow,
        step_start,
        step_limit,
        alive,
        unit_id,
        susp,
        p_nat,
        s_nat,
        step_nat,
    ) -> _Eval:
        # 自然日 limits re-run from their calendar days on every pass: an open wait moves them by calendar days
        p_nat, s_nat = np.where(alive, p_nat, -1), np.where(alive, s_nat, -1)  # a closed row's are not run
        promised, statutory = natural_limits(self._cal, accepted, promised, statutory, p_nat, s_nat, t, susp)
        step_nat = np.where(alive & (step_limit >= 0), step_nat, -1)
        if (step_nat >= 0).any():  # a key-post step limit in 自然日, from the step's start
            step_limit = natural_as_working(self._cal, step_start, step_nat, step_limit, t, susp)
        ev, step_due = evaluate_with_step(
            self._cal, accepted, promised, statutory, t, susp, extension, blue, yellow, step_start, step_limit
        )
        step_red = (step_limit >= 0) & (t > step_due) & alive
        light = ev.light
        light[step_red] = Light.RED  # a key-post step past its limit is a violation too
        lut, n_units = self._unit_lut, len(self._units)
        ukey = np.where(unit_id < len(lut), lut[np.clip(unit_id, 0, len(lut) - 1)], 0).astype(np.int16)
        ukey[~alive] = n_units
        return _Eval(
            light,
            ev.remaining.astype(np.int32),
            ev.promised_due.astype(np.int32),
            ev.statutory_due.astype(np.int32),
            ev.statutory_breach & alive,
            ev.provisional,
            step_red,
            step_due.astype(np.int32),
            ukey,
        )

    def _clear_time_alarms(self, s, ev: _Eval, today: dt.date, now: dt.datetime) -> list[tuple[np.ndarray, int]]:
        """Clear the active time alarms whose condition has ended (an extension moved the due date past today,
        the overrun step finished or began again); returns (rows, bit) to unmark once committed.  A case that was
        completed keeps its alarms as they are: completing late does not end the violation."""
        o = self._open
        t = self._cal.index(today)
        known = o.alarm_known
        moved = np.zeros(len(known), dtype=bool)
        moved[o.take_step_moved()] = True
        out = []
        for bit, rule, ended in (
            (OpenSet.ALARM_PROMISED, "promised_overdue", o.alive & ~(ev.promised_due < t)),
            (OpenSet.ALARM_STATUTORY, "statutory_overdue", o.alive & ~ev.breach),
            (OpenSet.ALARM_STEP, rules.STEP_RULES, moved | (o.alive & ~ev.step_red)),
        ):
            rows = np.flatnonzero(ended & (known & np.uint8(bit) != 0))
            if len(rows):
                # stamped with the record that ended it (the case's change), else this pass's moment
                n = repo.clear_alarms_at_record_time(s, o.case_id[rows].tolist(), rule, now)
                self.pass_counts["cleared"] = self.pass_counts.get("cleared", 0) + n
                out.append((rows, bit))
        return out

    def _raise_time_alarms(
        self,
        s,
        ev: _Eval,
        today: dt.date,
        cleared: Sequence[tuple[np.ndarray, int]] = (),
        now: dt.datetime | None = None,
    ) -> list[tuple[np.ndarray, int]]:
        """Insert the new occurrences of time alarms; returns (rows, bit) to mark known once committed."""
        o, cal = self._open, self._cal
        t = cal.index(today)
        known = o.alarm_known.copy()
        for rows, bit in cleared:  # cleared in this transaction: a condition back already is a new occurrence
            known[rows] &= ~np.uint8(bit)
        marks = []
        now = now or self.clock()

        def moment(due_index) -> dt.datetime:
            """Red from 00:00 after the last day of the limit (a pass after downtime stamps what it missed)."""
            return min(day_after(cal.date(due_index)), now)

        cand = (
            (
                OpenSet.ALARM_PROMISED,
                np.flatnonzero(o.alive & (ev.promised_due < t) & (known & OpenSet.ALARM_PROMISED == 0)),
            ),
            (OpenSet.ALARM_STATUTORY, np.flatnonzero(ev.breach & (known & OpenSet.ALARM_STATUTORY == 0))),
            (OpenSet.ALARM_STEP, np.flatnonzero(ev.step_red & (known & OpenSet.ALARM_STEP == 0))),
        )
        # the alarms as columns (case, group): a group is what thousands of them share — rule, step, due date and
        # so message and moment — so each message is formatted once per group, not once per case
        groups: list[repo.AlarmGroup] = []
        case_cols, group_cols = [], []
        for bit, rows in cand:
            if not len(rows):
                continue
            marks.append((rows, bit))
            if bit == OpenSet.ALARM_STEP:
                code, due = o.step_code[rows], ev.step_due[rows]
            else:
                due = ev.promised_due[rows] if bit == OpenSet.ALARM_PROMISED else ev.statutory_due[rows]
                code = np.zeros(len(rows), dtype=np.int64)
            keys, inverse = np.unique(np.column_stack([code, due]), axis=0, return_inverse=True)
            case_cols.append(o.case_id[rows])
            group_cols.append(len(groups) + inverse.reshape(-1))
            for k_code, k_due in keys.tolist():
                due_day = cal.date(k_due)
                if bit == OpenSet.ALARM_STEP:
                    step = STEP_CODES[k_code]
                    rule = rules.step_rule(step)  # 受理超时 for the wait for acceptance
                    message = rules.message(rule, step=self.step_name(step), due=due_day)
                else:
                    step = ""
                    rule = "promised_overdue" if bit == OpenSet.ALARM_PROMISED else "statutory_overdue"
                    message = rules.message(rule, due=due_day)
                groups.append(repo.AlarmGroup(rule, "red", message, step, moment(k_due)))
        if groups:
            created = repo.raise_alarm_groups(
                s, groups, np.concatenate(case_cols), np.concatenate(group_cols), self.console_name, recurring=True
            )
            self.pass_counts["raised"] = self.pass_counts.get("raised", 0) + created
        return marks

    @staticmethod
    def _alarm_view(cal: WorkCalendar, row, today: dt.date) -> AlarmView:
        a, ack = row.Alarm, row.AlarmAck
        due = {"promised_overdue": row.promised_due, "statutory_overdue": row.statutory_due}.get(a.rule)
        if due is None and a.rule in rules.STEP_RULES and a.raised_at.time() == dt.time():
            due = a.raised_at.date() - dt.timedelta(days=1)  # a step's red moment is 00:00 after its last day
        late = days_over(cal, due, today) if due is not None and today > due else None
        return AlarmView(
            alarm_id=a.id,
            case_id=a.case_id,
            case_no=row.case_no,
            unit_id=row.unit_id,
            unit_name=row.unit_name,
            item_name=row.item_name,
            handler=row.handler,
            rule=a.rule,
            rule_label=rules.label(a.rule),
            level=a.level,
            subject=a.subject,
            message=a.message,
            raised_at=a.raised_at,
            status=a.status,
            days_late=late,
            acked_by=ack.operator if ack else None,
            acked_console=ack.console if ack else None,
            acked_at=ack.acked_at if ack else None,
            ack_note=ack.note if ack else None,
            occurrence=a.occurrence,
            cleared_at=a.cleared_at,
            recorded_at=a.recorded_at,
        )

    def _open_alarms(self, s, now: dt.datetime) -> tuple[AlarmView, ...]:
        return tuple(self._alarm_view(self._cal, r, now.date()) for r in wall.open_alarms(s))

    def _per_hour(self, s, today: dt.date, changed=None) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """Cases accepted / completed today per hour: read once a day (indexed), then kept up to date from the
        changed rows the poll reads anyway (a changed case leaves its old hour and enters its new one)."""
        t = self._cal.index(today)
        h = self._hours
        if h is None or h[0] != t or changed is None:
            h = self._hours = [t, *fetch_hours_since(s, dt.datetime.combine(today, dt.time()))]
        elif len(changed):
            keep = ~_member(h[1], changed.case_id)
            a = (changed.accepted >= t) & (changed.acc_hour >= 0)
            h[1] = np.concatenate([h[1][keep], changed.case_id[a]])
            h[2] = np.concatenate([h[2][keep], changed.acc_hour[a]])
            keep = ~_member(h[3], changed.case_id)
            c = (changed.done_day >= t) & (changed.done_hour >= 0)
            h[3] = np.concatenate([h[3][keep], changed.case_id[c]])
            h[4] = np.concatenate([h[4][keep], changed.done_hour[c]])

        def tally(hours):
            hours = hours[(hours >= 0) & (hours < 24)]
            return tuple(int(x) for x in np.bincount(hours, minlength=24)[:24])

        return tally(h[2]), tally(h[4])

    def _satisfaction(self, s, today: dt.date) -> tuple[int, ...]:
        start = dt.datetime.combine(today, dt.time())
        counts = [0] * 5
        for level, n in wall.satisfaction_since(s, start).items():
            if 1 <= level <= 5:
                counts[level - 1] = n
        return tuple(counts)

    def _snapshot(self, now, ev: _Eval, alarms, per_hour, satisfaction, read_at: dt.datetime) -> Snapshot:
        o, cal = self._open, self._cal
        n_units = len(self._units)
        agg = self._agg
        nb = agg.nb
        ukey = ev.ukey
        counts = agg.counts[:n_units]
        # unhandled = cases with an open alarm (few): a red among them is not "handled"
        alarm_rows = o.rows_of(np.fromiter({a.case_id for a in alarms if a.case_id is not None}, dtype=np.int64))
        alarm_rows = alarm_rows[alarm_rows >= 0]
        alarm_rows = alarm_rows[o.alive[alarm_rows] & (ev.light[alarm_rows] == Light.RED)]
        # a red case with no active time alarm yet (no engine ran since it turned red, or the pass is still to
        # come; in a replay: none raised by the moment replayed) is nobody's handled red: unhandled, never "已确认"
        red = np.flatnonzero(o.alive & (ev.light == Light.RED))
        alarm_rows = np.union1d(alarm_rows, red[(o.alarm_known[red] & _TIME_ALARM_BITS) == 0])
        red_unhandled = np.bincount(ukey[alarm_rows], minlength=nb)[:n_units]
        red_handled = counts[:, Light.RED] - red_unhandled
        # every open alarm of any rule colours its unit, on open and completed cases alike (收费不规范,
        # 特别程序倒签, a case completed late, an overdue rectification …), at its rule's level
        alarm_red = np.zeros(n_units, dtype=np.int64)
        alarm_yellow = np.zeros(n_units, dtype=np.int64)
        for a in alarms:
            pos = self._unit_pos.get(a.unit_id)
            if pos is not None:
                (alarm_red if a.level == rules.RED else alarm_yellow)[pos] += 1
        other = np.zeros(n_units, dtype=np.int8)
        for uid, lit in self._complaint_unit_lights.items():
            pos = self._unit_pos.get(uid)
            if pos is not None:
                other[pos] = max(int(other[pos]), lit)
        # a feed silent longer than its heartbeat (working hours only) is not an all-clear
        silent_units = {uid for uid, last in self._feed_last.items() if is_silent(cal, last, now, self._heartbeat_h)}
        silent = np.array([u.id in silent_units for u in self._units], dtype=bool)
        if n_units:
            self._units_with_cases.update(self._units[int(k)].id for k in np.unique(ukey[ukey < n_units]))
        # a unit's state: its worst unhandled light; handled reds rank below every unhandled warning
        state = unit_states(counts, red_unhandled, alarm_red, alarm_yellow, other, silent)
        due_today = agg.due_today[:n_units]
        breaches = agg.breach[:n_units]
        units = []
        for i, u in enumerate(self._units):
            st = UnitState(int(state[i]))
            heard = u.id in self._feed_last or u.id in self._units_with_cases
            if st == UnitState.NO_DATA and self._watermark is not None and heard:
                st = UnitState.NORMAL  # read fine, no open case: all clear for this unit (never sent: 无数据)
            units.append(
                UnitStatus(
                    u.id,
                    u.code,
                    u.name,
                    u.kind,
                    st,
                    *map(int, counts[i]),
                    red_handled=int(red_handled[i]),
                    due_today=int(due_today[i]),
                    due_next=int(agg.due_next[i]),
                    statutory_breaches=int(breaches[i]),
                    alarms_red=int(alarm_red[i]),
                    alarms_yellow=int(alarm_yellow[i]),
                    last_record_at=self._feed_last.get(u.id),
                    card=self._cards.get(u.id, ""),
                )
            )
        tot = counts.sum(axis=0) if len(units) else np.zeros(4, dtype=np.int64)
        n_prov = agg.provisional
        if len(o.s_row):
            sr = o.s_row[o.alive[o.s_row]]  # sorted by row
            n_susp = int(np.count_nonzero(sr[1:] != sr[:-1])) + 1 if len(sr) else 0
        else:
            n_susp = 0
        totals = Totals(
            open_cases=int(agg.counts[:n_units].sum()) if n_units else int(np.count_nonzero(o.alive)),
            due_today=int(due_today.sum()),
            due_next=int(agg.due_next[:n_units].sum()),
            normal=int(tot[0]),
            blue=int(tot[1]),
            yellow=int(tot[2]),
            red=int(tot[3]),
            red_handled=int(red_handled.sum()),
            statutory_breaches=int(breaches.sum()),
            alarms_waiting=len(alarms),
            provisional=n_prov,
            suspended=n_susp,
            complaints_open=sum(self._complaint_lights),
            complaints_blue=self._complaint_lights[1],
            complaints_yellow=self._complaint_lights[2],
            complaints_red=self._complaint_lights[3],
        )
        top = sorted(((u.name, u.red) for u in units if u.red), key=lambda x: -x[1])[:10]
        new_ids = tuple(a.alarm_id for a in alarms if a.alarm_id not in self._seen_alarm_ids)
        self._seen_alarm_ids.update(new_ids)
        note = None
        if n_prov:
            note = (
                f"{cal.published_years[1] + 1}年起的节假日安排尚未发布：{n_prov}件办件的期限暂按周末计算，标注为“临时”"
            )
        return Snapshot(
            as_of=read_at,
            units=tuple(units),
            totals=totals,
            alarms=alarms,
            new_alarm_ids=new_ids,
            top_overdue=tuple(top),
            accepted_per_hour=per_hour[0],
            completed_per_hour=per_hour[1],
            satisfaction=satisfaction,
            ok=True,
            calendar_note=note,
            feeds_silent=tuple((u.name, self._feed_last[u.id]) for u in self._units if u.id in silent_units),
        )

    # ---- drill-down ------------------------------------------------------------------------------
    def unit_cases(self, unit_id: int) -> tuple[CaseRow, ...]:
        """A unit's open cases, and its completed cases that still carry an open alarm (they colour it too)."""
        with self._lock:
            o, ev = self._open, self._eval
            live = np.zeros(0, dtype=np.int64) if ev is None else np.flatnonzero(o.alive & (o.unit_id == unit_id))
            rows = {int(c): int(i) for c, i in zip(o.case_id[live], live, strict=True)}
            cal = self._cal
        at = self.as_of
        with self.Session() as s:
            if at is not None:  # replay: the queue and the open set as they stood
                open_alarms = _alarms_by_case(asof.alarms_of_unit_at(s, unit_id, at))
                data = wall.open_cases_by_id(s, list(rows), open_only=False) if rows else []
            else:
                open_alarms = _alarms_by_case(wall.open_alarms_of_unit(s, unit_id))
                data = wall.open_cases_of_unit(s, unit_id) if rows else []
            closed = [c for c in open_alarms if c not in rows]
            done = [self._completed_row(s, cal, cid, open_alarms[cid]) for cid in closed] if cal else []
        out = []
        for r in data:
            i = rows.get(r.id)
            if i is None:
                continue
            out.append(self._case_row(r, i, ev, open_alarms.get(r.id, ())))
        out.extend(c for c in done if c is not None)
        out.sort(key=lambda c: (-_rank(c), c.remaining))
        return tuple(out)

    def red_next(self, unit_id: int | None = None, limit: int = RED_NEXT_LIMIT) -> tuple[CaseRow, ...]:
        """The open cases that turn red at the next day change unless completed (due today: ``due_today``) and
        those due on the next working day, of one unit or all, soonest first (at most ``limit``)."""
        with self._lock:
            o, ev, cal = self._open, self._eval, self._cal
            if ev is None or cal is None:
                return ()
            t = cal.index(self.clock().date())
            nxt = int(cal.nth[int(cal.cum[t + 1])])  # the next working day after today
            m = o.alive & ((ev.promised_due == t) | (ev.promised_due == nxt))
            if unit_id is not None:
                m &= o.unit_id == unit_id
            live = np.flatnonzero(m)
            live = live[np.argsort(ev.promised_due[live], kind="stable")][:limit]
            rows = {int(c): int(i) for c, i in zip(o.case_id[live], live, strict=True)}
        if not rows:
            return ()
        at = self.as_of
        with self.Session() as s:
            if at is not None:
                data = wall.open_cases_by_id(s, list(rows), open_only=False)
                open_alarms = _alarms_by_case(asof.alarms_of_cases_at(s, list(rows), at))
            else:
                data = wall.open_cases_by_id(s, list(rows))
                open_alarms = _alarms_by_case(wall.open_alarms_of_cases(s, list(rows)))
        out = [self._case_row(r, rows[r.id], ev, open_alarms.get(r.id, ())) for r in data if r.id in rows]
        out.sort(key=lambda c: (c.promised_due, c.case_no))
        return tuple(out)

    def _case_row(self, r, i: int, ev: _Eval, open_alarms: Sequence[tuple[str, str]]) -> CaseRow:
        cal = self._cal
        light = int(ev.light[i])
        level, labels = _alarm_summary(open_alarms)
        return CaseRow(
            case_id=r.id,
            case_no=r.case_no,
            item_name=r.name,
            stage=r.stage,
            handler=r.handler,
            accepted_at=r.accepted_at,
            promised_due=cal.date(ev.promised_due[i]),
            statutory_due=cal.date(ev.statutory_due[i]),
            remaining=int(ev.remaining[i]),
            light=light,
            statutory_breach=bool(ev.breach[i]),
            provisional=bool(ev.provisional[i]),
            suspended=bool(r.suspended),
            # handled: red, its time alarm raised (by the moment shown) and nothing of it waiting (as _snapshot)
            handled=light == Light.RED and not open_alarms and bool(self._open.alarm_known[i] & _TIME_ALARM_BITS),
            alarm_level=level,
            alarm_labels=labels,
            days_over=days_over(cal, cal.date(ev.promised_due[i]), self.clock().date()),
            due_today=cal.date(ev.promised_due[i]) == self.clock().date(),
        )

    def _completed_row(self, s, cal: WorkCalendar, case_id: int, open_alarms) -> CaseRow | None:
        """A completed case as a drill-down row: its lights as they stood on the day it was completed."""
        stored = wall.case_file(s, case_id)
        if stored is None:
            return None
        row = self._stored_row(s, cal, stored, stored.case.completed_at.date() if stored.case.completed_at else None)
        level, labels = _alarm_summary(open_alarms)
        return replace(row, handled=False, alarm_level=level, alarm_labels=labels)

    def _stored_row(self, s, cal: WorkCalendar, stored, at: dt.date | None) -> CaseRow:
        """One case through the same engine pass as the wall (a completed case: on its completion day)."""
        case = stored.case
        one = OpenSet()
        one.apply([replace(r, open=True) for r in fetch_cases(s, cal, case_ids=[case.id])])
        at = at or self.clock().date()
        ev = evaluate_open(cal, one, at) if len(one) else None
        light = int(ev.light[0]) if ev is not None else int(Light.NORMAL)
        return CaseRow(
            case_id=case.id,
            case_no=case.case_no,
            item_name=stored.item_name,
            stage=case.stage,
            handler=case.handler,
            accepted_at=case.accepted_at,
            promised_due=case.promised_due,
            statutory_due=case.statutory_due,
            remaining=int(ev.remaining[0]) if ev is not None else 0,
            light=light,
            statutory_breach=bool(ev.statutory_breach[0]) if ev is not None else False,
            provisional=case.due_provisional,
            suspended=case.suspended,
            handled=False,
            completed=case.completed_at is not None,
            days_over=days_over(cal, cal.date(ev.promised_due[0]), at) if ev is not None else 0,
            due_today=ev is not None and cal.date(ev.promised_due[0]) == at,
        )

    def case_detail(self, case_id: int) -> CaseDetail | None:
        today = self.clock().date()
        with self.Session() as s:
            stored = wall.case_file(s, case_id)
            if stored is None:
                return None
            cal = self._cal or repo.load_calendar(s)
            case = stored.case
            alarms = tuple(self._alarm_view(cal, r, today) for r in stored.alarms)
            if (at := self.as_of) is not None:  # replay: the alarms written by then, as they stood then
                states = asof.case_alarms_at(s, stored.alarms, at)
                alarms = tuple(_alarm_at(a, states[a.alarm_id], at) for a in alarms if a.alarm_id in states)
            row = self._stored_row(s, cal, stored, case.completed_at.date() if case.completed_at else today)
        open_alarms = [(a.rule, a.level) for a in alarms if a.status == "open"]
        level, labels = _alarm_summary(open_alarms)
        row = replace(row, handled=row.light == Light.RED and not open_alarms, alarm_level=level, alarm_labels=labels)
        last = max(d for d in (case.promised_due, case.statutory_due, today) if d is not None)
        first = case.accepted_at.date()
        workdays = tuple(
            first + dt.timedelta(days=k)
            for k in range((last - first).days + 1)
            if cal.is_workday(first + dt.timedelta(days=k))
        )
        return CaseDetail(
            row=row,
            unit_name=stored.unit_name,
            channel=case.channel,
            applicant_name=case.applicant_name,
            completed_at=case.completed_at,
            result=case.result,
            steps=tuple(
                StepRow(
                    e.step_code,
                    e.step_name,
                    e.handler,
                    e.started_at,
                    e.ended_at,
                    e.limit_days,
                    e.due,
                    e.result,
                    e.opinion,
                    e.natural_days,
                )
                for e in stored.steps
            ),
            suspensions=tuple(
                SuspensionRow(x.kind, x.started_at, x.ended_at, x.applied_days, x.stops_clock, x.basis)
                for x in stored.suspensions
            ),
            fees=tuple((float(x.receivable), float(x.paid), x.relief_reason) for x in stored.fees),
            evaluations=tuple((e.level, e.evaluated_at, e.comment) for e in stored.evaluations),
            alarms=alarms,
            workdays=workdays,
            natural_limits=(case.promised_natural_days, case.statutory_natural_days),
        )

    # ---- acknowledgement ---------------------------------------------------------------------------
    def acknowledge(
        self,
        alarm_ids: Sequence[int],
        operator: str,
        console: str,
        note: str | None = None,
        actor: Actor | None = None,
    ) -> list[repo.AckOutcome]:
        """Each alarm in its own transaction; a lost connection stops with ``NotSaved`` (the ones before it
        were stored and stay so; the operator retries the rest once the database is back).  ``actor``: the
        account logged in at the console (user name and role are stored and audited); ``operator``: the name
        shown."""
        if self.as_of is not None:
            raise NotSaved("回放中不能确认告警：请先回到实时")
        typed_text("确认备注", note, multiline=True)  # a U+202E once showed the note reversed on other screens
        typed_text("值班员", operator)
        out = []
        for alarm_id in alarm_ids:
            try:
                with self.Session.begin() as s:
                    out.append(
                        repo.acknowledge(
                            s,
                            alarm_id,
                            operator,
                            console,
                            note,
                            username=actor.username if actor else None,
                            role=actor.role if actor else None,
                        )
                    )
            except DB_ERRORS as exc:
                if not connection_lost(exc):
                    # one alarm the database refuses (a guard, a broken row) leaves the rest of 全部确认 to go on
                    log.warning("acknowledgement of alarm %s refused: %s", alarm_id, short_error(exc))
                    out.append(repo.ack_refused(alarm_id, f"数据库拒绝：{short_error(exc)}"))
                    continue
                saved = f"（已保存 {len(out)} 条）" if out else ""
                raise NotSaved(f"数据库连接中断，确认未保存{saved}，恢复后请重试") from exc
        return out


def _alarm_at(a: AlarmView, status: str, at: dt.datetime) -> AlarmView:
    """An alarm as it stood at ``at`` (replay): its status then; an acknowledgement or a clearing after ``at``
    had not happened yet."""
    acked = a.acked_at is not None and a.acked_at <= at
    return replace(
        a,
        status=status,
        acked_by=a.acked_by if acked else None,
        acked_console=a.acked_console if acked else None,
        acked_at=a.acked_at if acked else None,
        ack_note=a.ack_note if acked else None,
        cleared_at=a.cleared_at if a.cleared_at is not None and a.cleared_at <= at else None,
    )


def _alarms_by_case(rows) -> dict[int, list[tuple[str, str]]]:
    out: dict[int, list[tuple[str, str]]] = {}
    for case_id, rule, level in rows:
        out.setdefault(case_id, []).append((rule, level))
    return out


def _alarm_summary(open_alarms: Sequence[tuple[str, str]]) -> tuple[str | None, tuple[str, ...]]:
    """The worst level of a case's open alarms and their rules' names, reds first (each name once)."""
    if not open_alarms:
        return None, ()
    ordered = sorted(open_alarms, key=lambda a: a[1] != rules.RED)
    labels = tuple(dict.fromkeys(rules.label(rule) for rule, _ in ordered))
    return ordered[0][1], labels


def _rank(c: CaseRow) -> int:
    """Sort key of the drill-down: an open red alarm first, then by light (acknowledged reds after yellows)."""
    if c.alarm_level == rules.RED:
        return 10
    if c.alarm_level == rules.YELLOW:
        return max(int(c.light), int(Light.YELLOW)) * 2
    return int(c.light) * 2 - (1 if c.handled else 0)


def _member(values: np.ndarray, sorted_ids: np.ndarray) -> np.ndarray:
    """``np.isin(values, sorted_ids)`` for an ascending ``sorted_ids`` (binary search, no sort of both)."""
    if not len(sorted_ids) or not len(values):
        return np.zeros(len(values), dtype=bool)
    k = np.minimum(np.searchsorted(sorted_ids, values), len(sorted_ids) - 1)
    return sorted_ids[k] == values
