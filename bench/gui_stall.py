"""GUI-thread stall: the longest gap between the ticks of a 10 ms QTimer on the GUI thread while the console
(offscreen Qt, the real ControlRoom: walls, charts, alarm queue, notifier) polls a big database, with a
separate process changing 1 % of the cases every poll interval.

Run: ``python -m bench.gui_stall --db URL --n N [--seconds 60] [--interval 3]``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

from bench.common import ROOT, median
from bench.gui_common import app_available

PROBE_MS = 10


def run(
    url: str,
    n: int,
    seconds: float = 60.0,
    interval: float | None = None,
    echo=print,
    on_stuck=None,
    alarm_tick: bool = True,
) -> dict:
    """``alarm_tick=False`` (diagnosis): the alarm queue's 1 Hz waiting-time repaint is switched off, to tell
    its share of the stall from the poll's."""
    reason = app_available()
    if reason:
        echo(f"  GUI stall: {reason}")
        return {"skipped": reason}
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QElapsedTimer, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from console.models.db import make_engine, session_factory
    from console.services.poller import Backend
    from console.services.supervision_client import SupervisionClient
    from console.shell.app import DEFAULT_POLL_S, ControlRoom
    from console.shell.controller import ConsoleController

    interval = interval or DEFAULT_POLL_S
    QCoreApplication.setOrganizationName("SupervisionConsoleBench")
    QCoreApplication.setApplicationName("bench-gui-stall")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    try:
        from console.widgets import style

        style.install(app)
    except Exception:
        pass
    settings = QSettings()
    settings.setValue("alarms/muted", True)
    if not alarm_tick:
        from console.widgets.alarm_table import AlarmTableModel

        AlarmTableModel.tick = lambda self, now=None: None
    engine = make_engine(url)
    backend = Backend(engine, "bench-stall")
    polls: list[tuple[float, float]] = []  # (start, end) of each Backend.poll, monotonic, on the poll thread
    raw_poll = backend.poll

    def timed_poll():
        t_start = time.monotonic()
        try:
            return raw_poll()
        finally:
            polls.append((t_start, time.monotonic()))

    backend.poll = timed_poll
    big_gaps: list[tuple[float, float]] = []  # (start, end) of steady-state gaps over 50 ms
    controller = ConsoleController(backend, "bench-stall")
    room = ControlRoom(controller, settings, "default", SupervisionClient(session_factory(engine), "bench-stall"))
    gaps_load, gaps = [], []
    state = {"phase": "load", "polls": 0, "first_at": None}
    clock = QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed()]

    def tick():  # GUI thread
        now = clock.nsecsElapsed()
        gap = (now - last[0]) / 1e6
        last[0] = now
        if state["phase"] == "load":
            gaps_load.append(gap)
            if state["first_at"] is not None:
                state["phase"] = "steady"
        elif "done" not in state:
            gaps.append(gap)
            if gap > 50:
                end = time.monotonic()
                big_gaps.append((end - gap / 1e3, end))
            if time.monotonic() - state["first_at"] >= seconds:
                state["done"] = time.monotonic()
                app.quit()
        elif time.monotonic() - state["done"] > 2.0:
            # still ticking: a window-modal alarm dialog's nested loop kept the app running; leave it
            for w in QApplication.topLevelWidgets():
                w.hide()
            app.exit(0)
            if time.monotonic() - state["done"] > 5.0 and on_stuck is not None:
                changer.terminate()
                on_stuck(result())

    def on_snapshot(snap):  # may run on the poll thread: only flags here, the GUI-thread probe acts on them
        if snap.ok:
            state["polls"] += 1
            if state["first_at"] is None:
                state["first_at"] = time.monotonic()

    def result() -> dict:
        load_s = (state["first_at"] or time.monotonic()) - t0
        steady = sorted(gaps)
        in_poll = sum(1 for a, b in big_gaps if any(p0 < b and p1 > a for p0, p1 in polls))
        return {
            "alarm_tick": alarm_tick,
            "gaps_over_50ms_during_poll": in_poll,
            "gaps_over_50ms_outside_poll": len(big_gaps) - in_poll,
            "poll_median_ms": median([(p1 - p0) * 1e3 for p0, p1 in polls[1:]]),
            "seconds": seconds,
            "interval_s": interval,
            "polls": state["polls"],
            "probe_ms": PROBE_MS,
            "max_gap_ms": max(gaps) if gaps else float("nan"),
            "p99_gap_ms": steady[int(0.99 * (len(steady) - 1))] if steady else float("nan"),
            "median_gap_ms": median(gaps),
            "gaps_over_50ms": sum(g > 50 for g in gaps),
            "max_gap_load_ms": max(gaps_load) if gaps_load else float("nan"),
            "load_s": load_s,
        }

    probe = QTimer()
    probe.setInterval(PROBE_MS)
    probe.timeout.connect(tick)
    controller.sig_snapshot.connect(on_snapshot)
    changer = subprocess.Popen([sys.executable, "-m", "bench.changer", url, str(n), str(interval)], cwd=ROOT)
    QTimer.singleShot(600_000, app.quit)  # safety net
    t0 = time.monotonic()
    try:
        probe.start()
        controller.start(interval)
        room.show()
        app.exec()
    finally:
        changer.terminate()
        changer.wait(10)
        probe.stop()
        controller.stop()
        engine.dispose()
    res = result()
    echo(
        f"  GUI stall{'' if alarm_tick else ' (alarm queue 1 Hz repaint off)'} over {seconds:.0f} s of polling "
        f"({res['polls']} polls every {interval} s): max gap "
        f"{res['max_gap_ms']:.0f} ms (p99 {res['p99_gap_ms']:.0f} ms, {res['gaps_over_50ms']} gaps > 50 ms); "
        f"during the initial load ({res['load_s']:.1f} s) max {res['max_gap_load_ms']:.0f} ms; gaps > 50 ms "
        f"overlapping a poll {res['gaps_over_50ms_during_poll']}, outside {res['gaps_over_50ms_outside_poll']}"
    )
    return res


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--db", required=True)
    ap.add_argument("--n", type=int, required=True, help="open cases in the database (ids 1..N)")
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--interval", type=float, default=None)
    ap.add_argument("--no-alarm-tick", action="store_true", help="diagnosis: alarm queue 1 Hz repaint off")
    a = ap.parse_args(argv)

    def stuck(res):
        print(json.dumps(res, default=str), flush=True)
        os._exit(0)

    print(
        json.dumps(run(a.db, a.n, a.seconds, a.interval, on_stuck=stuck, alarm_tick=not a.no_alarm_tick), default=str)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
