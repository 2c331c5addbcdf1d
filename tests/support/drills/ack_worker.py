"""A console process for the acknowledgement drills (run: python -m tests.support.drills.ack_worker MODE ...).

race   URL NAME IDS_FILE READY_FILE GO_FILE OUT_FILE
       Builds its own engine, Backend and ConsoleController (the GUI's path: the request runs on the
       controller's worker pool and answers on the main thread with sig_alarms_acknowledged, or sig_error,
       while this process spins the event loop), says it is ready,
       waits for the go file, acknowledges every alarm in IDS_FILE in one request (the flood dialog's
       全部确认) and writes the outcomes, the errors and its timings as JSON to OUT_FILE.
crash  URL NAME IDS_FILE PAUSE_AT PAUSED_FILE
       Acknowledges the alarms one by one (one transaction each, Backend.acknowledge); PAUSE_AT names a
       statement inside the acknowledgement transaction ("alarm_acks", "alarms" or "audit_log", or "none"):
       right after that statement of the *second* alarm, it writes PAUSED_FILE and sleeps, uncommitted,
       waiting to be killed with SIGKILL.  With "none" it acknowledges non-stop (and is killed at random).
"""

from __future__ import annotations

import json
import sys
import threading
import time
from pathlib import Path


def _backend(url: str, name: str):
    from console.models.db import make_engine
    from console.services.poller import Backend

    engine = make_engine(url)
    return engine, Backend(engine, name)


def race(url, name, ids_file, ready_file, go_file, out_file) -> int:
    from PySide6.QtCore import QCoreApplication, Qt

    from console.shell.controller import ConsoleController

    app = QCoreApplication.instance() or QCoreApplication([])
    ids = json.loads(Path(ids_file).read_text())
    engine, backend = _backend(url, name)
    with engine.connect():  # connect before the start line: the race is about the acknowledgements
        pass
    ctl = ConsoleController(backend, name)
    done = threading.Event()
    got: dict = {"outcomes": [], "errors": []}

    def on_ack(outcomes):
        got["outcomes"] = [
            dict(
                alarm_id=o.alarm_id, won=o.won, operator=o.operator, console=o.console, acked_at=o.acked_at.isoformat()
            )
            for o in outcomes
        ]
        done.set()

    def on_error(text):
        got["errors"].append(text)
        done.set()

    ctl.sig_alarms_acknowledged.connect(on_ack, Qt.ConnectionType.DirectConnection)
    ctl.sig_error.connect(on_error, Qt.ConnectionType.DirectConnection)
    Path(ready_file).write_text("ready")
    while not Path(go_file).exists():
        time.sleep(0.002)
    t0 = time.monotonic()
    ctl.acknowledge(ids, f"operator-{name}", note=f"drill {name}")
    # the controller answers on this (the GUI) thread: its event loop must run for the answer to arrive
    end = time.monotonic() + 120
    while not done.is_set() and time.monotonic() < end:
        app.processEvents()
        done.wait(0.002)
    finished = done.is_set()
    got["seconds"] = time.monotonic() - t0
    got["finished"] = finished
    ctl.stop()
    engine.dispose()
    Path(out_file).write_text(json.dumps(got, ensure_ascii=False))
    return 0 if finished and not got["errors"] else 1


def crash(url, name, ids_file, pause_at, paused_file) -> int:
    from sqlalchemy import event

    ids = json.loads(Path(ids_file).read_text())
    engine, backend = _backend(url, name)
    state = {"alarm": None, "n": 0}

    @event.listens_for(engine, "after_cursor_execute")
    def _after(conn, cursor, statement, *args):
        st = statement.lstrip().upper()
        if (
            pause_at != "none"
            and state["n"] == 1
            and st.startswith((f"INSERT INTO {pause_at.upper()}", f"UPDATE {pause_at.upper()}"))
        ):
            Path(paused_file).write_text(json.dumps({"alarm_id": state["alarm"], "after": statement.split()[:3]}))
            while True:  # inside the transaction, uncommitted: wait for SIGKILL
                time.sleep(1)

    for n, alarm_id in enumerate(ids):
        state["alarm"], state["n"] = alarm_id, n
        backend.acknowledge([alarm_id], f"operator-{name}", name, note="crash drill")
        if pause_at == "none":
            Path(paused_file).write_text(str(n + 1))  # progress, for the parent's random kill
    return 0


if __name__ == "__main__":
    mode, *argv = sys.argv[1:]
    sys.exit({"race": race, "crash": crash}[mode](*argv))
