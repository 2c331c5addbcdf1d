"""Alarm latency: from the commit of a red-making record to the AlarmNotifier's modal dialog being shown,
with the default poll interval, in the real ControlRoom (offscreen Qt) over a big database; with ``--push``
(PostgreSQL) the console also listens for the writers' NOTIFY (console/models/push.py) and polls at once.

The record is a case accepted long ago with a short promised limit (so both its promised and statutory limits
are already past): committed by a separate connection at a random moment of the poll cycle.  After each
measurement the bench acknowledges its alarms so that the next one opens a fresh dialog.  Alarms already
open at start are acknowledged first (on a scratch copy of the database) so the startup backlog does not
hide the measurement.

The writer commits as the ingest does, with ``NOTIFY console_events`` in the same transaction (heard only by
a console that listens: the poll-only variant is unaffected).

Run: ``python -m bench.gui_alarm --db URL [--rounds 5] [--push]`` (it writes to that database: use a scratch
copy).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time

from bench.common import median, p95
from bench.gui_common import app_available


def _red_case(Session, k: int) -> int:
    from sqlalchemy import select

    from console.models import push
    from console.models import repository as repo
    from console.models.schema import Case, Item

    with Session.begin() as s:
        push.notify(s, "ingest")  # as console.ingest.apply does in its transaction
        item = s.execute(select(Item).where(Item.promised_days > 0).order_by(Item.id).limit(1)).scalar_one()
        c = Case(
            case_no=f"ALARM-BENCH-{os.getpid()}-{k}-{time.time_ns()}",
            item_id=item.id,
            unit_id=item.unit_id,
            stage="承办",
            accepted_at=repo.now() - dt.timedelta(days=90),
            promised_days=item.promised_days,
            statutory_days=item.statutory_days,
            handler="测试",
            change_seq=repo.next_change_seq(s),
            updated_at=repo.now(),
        )
        s.add(c)
        s.flush()
        return c.id


def run(url: str, rounds: int = 5, interval: float | None = None, echo=print, push: bool = False) -> dict:
    reason = app_available()
    if reason:
        echo(f"  alarm latency: {reason}")
        return {"skipped": reason}
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QSettings, QTimer
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import select

    from console.models import repository as repo
    from console.models.db import make_engine, session_factory
    from console.models.schema import Alarm
    from console.services.poller import Backend
    from console.services.supervision_client import SupervisionClient
    from console.shell.app import DEFAULT_POLL_S, ControlRoom
    from console.shell.controller import ConsoleController

    interval = interval or DEFAULT_POLL_S
    writer = make_engine(url)
    WSession = session_factory(writer)
    with WSession() as s:
        backlog = list(s.scalars(select(Alarm.id).where(Alarm.status == "open")))
    for aid in backlog:
        with WSession.begin() as s:
            repo.acknowledge(s, aid, "bench", "bench-setup")

    QCoreApplication.setOrganizationName("SupervisionConsoleBench")
    QCoreApplication.setApplicationName("bench-gui-alarm")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    settings = QSettings()
    settings.setValue("alarms/muted", True)
    engine = make_engine(url)
    backend = Backend(engine, "bench-alarm")
    controller = ConsoleController(backend, "bench-alarm")
    room = ControlRoom(controller, settings, "default", SupervisionClient(session_factory(engine), "bench-alarm"))
    notifier = room.notifier
    lat: list[float] = []
    st = {"case": None, "t": None, "ready": False, "k": 0}
    rnd = random.Random(5)

    def shown_for_case():
        cid = st["case"]
        d = notifier.dialog
        if d is not None and d.isVisible() and d.alarm.case_id == cid:
            return True
        f = notifier.flood
        if f is not None and f.isVisible():
            return any(
                notifier.policy.open.get(i) is not None and notifier.policy.open[i].case_id == cid
                for i in f.alarm_ids()
            )
        return False

    def commit():
        st["case"] = _red_case(WSession, st["k"])
        st["t"] = time.perf_counter()

    def check():  # GUI thread (5 ms probe)
        if st["ready"] == "snap":
            st["ready"] = True
            QTimer.singleShot(int(1000 * rnd.uniform(0, interval)) + 1000, commit)
        if st["t"] is None or not shown_for_case():
            return
        lat.append(time.perf_counter() - st["t"])
        cid, st["t"] = st["case"], None
        with WSession() as s:
            ids = list(s.scalars(select(Alarm.id).where(Alarm.case_id == cid)))
        controller.acknowledge(ids, "bench", None)
        st["k"] += 1
        if st["k"] >= rounds:
            QTimer.singleShot(500, app.quit)
        else:
            QTimer.singleShot(int(1000 * (interval + rnd.uniform(0, interval))), commit)

    def on_snapshot(snap):  # may run on the poll thread: only a flag here, the GUI-thread probe schedules
        if snap.ok and not st["ready"]:
            st["ready"] = "snap"

    controller.sig_snapshot.connect(on_snapshot)
    probe = QTimer()
    probe.setInterval(5)
    probe.timeout.connect(check)
    probe.start()
    QTimer.singleShot(int(1000 * (300 + rounds * 4 * interval)), app.quit)  # safety net
    try:
        controller.start(interval)
        if push and not controller.start_push(url):
            echo("  alarm latency: --push needs PostgreSQL")
            return {"error": "push needs PostgreSQL"}
        room.show()
        app.exec()
    finally:
        probe.stop()
        controller.stop()
        engine.dispose()
        writer.dispose()
    if not lat:
        echo("  alarm latency: no dialog was shown")
        return {"error": "no dialog shown", "interval_s": interval}
    res = {
        "rounds": len(lat),
        "interval_s": interval,
        "push": push,
        "median_s": median(lat),
        "p95_s": p95(lat),
        "max_s": max(lat),
        "all_s": lat,
    }
    how = f"push + poll every {interval} s" if push else f"poll every {interval} s"
    echo(
        f"  alarm latency ({how}): median {res['median_s']:.2f} s, p95 {res['p95_s']:.2f} s, "
        f"max {res['max_s']:.2f} s over {len(lat)} red-making commits"
    )
    return res


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--db", required=True)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--interval", type=float, default=None)
    ap.add_argument("--push", action="store_true", help="listen for NOTIFY too (PostgreSQL)")
    a = ap.parse_args(argv)
    print(json.dumps(run(a.db, a.rounds, a.interval, push=a.push), default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
