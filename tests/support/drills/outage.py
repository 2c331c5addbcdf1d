"""The database-outage drill: a real console (ControlRoom + ConsoleController + APScheduler) loses its
database repeatedly while cases turn red, and must show stale data, reconnect, and raise every alarm once.

Two ways to lose the database are given by the test: a cut network path (tests.support.tcpproxy.TcpProxy) and a
stopped server (tests.support.drills.pgserver.PrivatePostgres, ``pg_ctl stop -m immediate``).  A cycle either cuts
while the console is idle or *inside a poll*: after the poll inserted its new alarms and before it commits
(an engine event fires the fault on the first statement after ``INSERT INTO alarms``), the nastiest moment.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QSettings
from sqlalchemy import event

from console.services.poller import Backend


class RecordingBackend(Backend):
    """A Backend that keeps (started, finished, snapshot) of every poll, for timing the drill."""

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.polls: list[tuple[float, float, object]] = []
        self._rec_lock = threading.Lock()

    def poll(self):
        t0 = time.monotonic()
        snap = super().poll()
        with self._rec_lock:
            self.polls.append((t0, time.monotonic(), snap))
        return snap

    def history(self) -> list[tuple[float, float, object]]:
        with self._rec_lock:
            return list(self.polls)


class MidPollFault:
    """Fires ``fault()`` inside the next poll transaction that inserts alarms, before its next statement."""

    def __init__(self, engine, fault: Callable[[], None]):
        self.fault = fault
        self.armed = False
        self.fired_at: float | None = None
        self._pending = False
        event.listen(engine, "after_cursor_execute", self._after)
        event.listen(engine, "before_cursor_execute", self._before)

    def arm(self) -> None:
        self.fired_at = None
        self._pending = False
        self.armed = True

    def _after(self, conn, cursor, statement, *args) -> None:
        # a plain INSERT, or the engine's one statement per group of alarms (WITH … INSERT INTO alarms …)
        if self.armed and "INSERT INTO ALARMS" in statement.upper():
            self._pending = True

    def _before(self, conn, cursor, statement, *args) -> None:
        if self.armed and self._pending:
            self.armed = self._pending = False
            self.fired_at = time.monotonic()
            self.fault()


@dataclass
class CycleFigures:
    kind: str  # "idle" or "mid-poll"
    stale_after_s: float  # from the cut to the first stale snapshot
    reconnect_after_s: float  # from the database's return to the first good snapshot
    stale_polls: int
    banner_seen: bool


@dataclass
class DrillResult:
    cycles: list[CycleFigures] = field(default_factory=list)
    new_alarm_ids: Counter = field(default_factory=Counter)
    polls: int = 0
    failed_polls: int = 0


def make_room(qtbot, tmp_path, backend, name: str):
    from console.models.db import session_factory
    from console.services.supervision_client import SupervisionClient
    from console.shell.app import ControlRoom
    from console.shell.controller import ConsoleController

    ctl = ConsoleController(backend, name)
    settings = QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat)
    settings.setValue("alarms/operator", "")
    settings.setValue("alarms/muted", True)
    room = ControlRoom(ctl, settings, "single", SupervisionClient(session_factory(backend.engine), name))
    room.show()
    for w in room.screens.windows().values():
        qtbot.addWidget(w)
    return ctl, room


def close_room(room, ctl) -> None:
    """Stop polling and the notifier's re-alert/sound timers: qtbot deletes the windows (and the dialogs they
    parent) at teardown, and a re-alert firing later would touch a deleted dialog in the next test."""
    from PySide6.QtCore import QTimer

    ctl.stop()
    if room is not None:
        for t in room.notifier.findChildren(QTimer):
            t.stop()


def wait_for(qtbot, cond: Callable[[], object], timeout: float, step_ms: int = 20):
    """Pump Qt events until ``cond()`` is truthy; returns its value or None on timeout."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        v = cond()
        if v:
            return v
        qtbot.wait(step_ms)
    return cond() or None


def run_outage_drill(
    qtbot,
    room,
    ctl,
    backend: RecordingBackend,
    fault: MidPollFault,
    clock,
    days: list[dt.date],
    cut: Callable[[], None],
    restore: Callable[[], None],
    interval: float,
    outage_s: float,
    kinds: list[str],
    during: Callable[[int], None] | None = None,
) -> DrillResult:
    """Run one outage per entry of ``kinds``; cycle k moves the business clock to ``days[k]`` (cases turn red).

    Returns the measured figures; the caller asserts on them and on the database afterwards.
    """
    wall = room.screens.views["departments"]
    res = DrillResult()
    ctl.start(interval)
    first = wait_for(qtbot, lambda: next((p for p in backend.history() if p[2].ok), None), 10 + 3 * interval)
    assert first is not None, "the console never read the database before the drill"
    for k, kind in enumerate(kinds):
        # a good poll just before the outage: this is the picture the console must keep showing, stale
        n0 = len(backend.history())
        good = wait_for(
            qtbot, lambda n0=n0: next((p for p in backend.history()[n0:] if p[2].ok), None), 5 + 3 * interval
        )
        assert good is not None, f"cycle {k}: no good poll before the outage"
        if kind == "mid-poll":
            clock.at = dt.datetime.combine(days[k], dt.time(9, 30))
            fault.arm()
            assert wait_for(qtbot, lambda: fault.fired_at, 5 + 3 * interval), f"cycle {k}: the fault never fired"
            t_cut = fault.fired_at
        else:
            t_cut = time.monotonic()
            cut()
            clock.at = dt.datetime.combine(days[k], dt.time(9, 30))
        if during is not None:
            during(k)
        banner = wait_for(qtbot, lambda: wall.banners.banner.isVisible(), min(outage_s, 2 * interval + 2))
        end = t_cut + outage_s
        while time.monotonic() < end:
            qtbot.wait(50)
        t_restore = time.monotonic()
        restore()
        t_back = time.monotonic()  # the database accepts connections again from here
        back = wait_for(
            qtbot,
            lambda t_restore=t_restore: next((p for p in backend.history() if p[0] >= t_restore and p[2].ok), None),
            10 + 4 * interval,
        )
        assert back is not None, f"cycle {k}: never reconnected"
        hist = backend.history()
        during_polls = [p for p in hist if t_cut <= p[0] and p[1] <= t_restore]
        stale = [p for p in hist if p[1] >= t_cut and not p[2].ok]
        assert stale, f"cycle {k}: no stale snapshot during the outage"
        first_stale = hist.index(stale[0])  # polls never overlap (one lock): history is in time order
        last_good_before = [p for p in hist[:first_stale] if p[2].ok][-1][2]
        for _, _, snap in during_polls:
            assert not snap.ok, f"cycle {k}: a poll during the outage claimed fresh data"
            assert snap.as_of == last_good_before.as_of, f"cycle {k}: stale snapshot with a different as_of"
            assert snap.totals == last_good_before.totals
        res.cycles.append(CycleFigures(kind, stale[0][1] - t_cut, back[1] - t_back, len(during_polls), bool(banner)))
        wait_for(qtbot, lambda: not wall.banners.banner.isVisible(), 5)
    hist = backend.history()
    res.polls = len(hist)
    res.failed_polls = sum(1 for p in hist if not p[2].ok)
    for _, _, snap in hist:
        res.new_alarm_ids.update(snap.new_alarm_ids)
    return res
