"""A console reading beside the supervision engine knows when the engine is not running: a real engine is
started, stopped and started again, and the walls' banner and the desk's notice follow its heartbeat
(console.models.heartbeat, Snapshot.engine) — a stopped engine never leaves a falsely calm screen."""

import datetime as dt
import time

from PySide6.QtCore import QSettings

from console.domain import catalogue
from console.models import repository as repo
from console.models.db import session_factory
from console.services.engine import EngineService
from console.services.poller import Backend
from console.shell.controller import ConsoleController
from console.views.alarms import AlarmQueueView
from console.views.wall import WallView


def poll(qtbot, ctl):
    with qtbot.waitSignal(ctl.sig_snapshot, timeout=20000) as blocker:
        ctl.poll_soon()
    return blocker.args[0]


def test_desk_and_wall_say_when_the_engine_stops_and_when_it_is_back(qtbot, tmp_path, engine):
    with session_factory(engine).begin() as s:
        repo.sync_catalogue(s, catalogue.units(), catalogue.items())
    svc = EngineService(engine, "engine-watch", interval_s=0.2, retry_s=0.1, notices_every_s=None)
    backend = Backend(engine, "desk-watch", reader=True, engine_late_s=1.0)
    ctl = ConsoleController(backend, "desk-watch")
    desk = AlarmQueueView(ctl, QSettings(str(tmp_path / "desk.ini"), QSettings.Format.IniFormat))
    wall = WallView(ctl, "department")
    for w in (desk, wall):
        qtbot.addWidget(w)
    try:
        snap = poll(qtbot, ctl)  # no engine has ever run on this database
        assert snap.engine is not None and not snap.engine.ok and snap.engine.last_pass is None
        assert desk.engine_down.text().startswith("监察引擎未运行（从未运行）")
        assert not desk.engine_down.isHidden() and not wall.banners.engine.isHidden()

        svc.start()
        qtbot.waitUntil(lambda: svc.passes >= 2, timeout=20000)
        snap = poll(qtbot, ctl)
        assert snap.engine.ok and snap.engine.holder == "engine-watch"
        assert desk.engine_down.isHidden() and wall.banners.engine.isHidden()

        svc.stop()
        stopped = time.monotonic()
        snap = poll(qtbot, ctl)
        assert snap.engine.ok  # just stopped: within the allowance, not yet called down
        last = snap.engine.last_pass
        qtbot.wait(int(max(0.0, 1.3 - (time.monotonic() - stopped)) * 1000))
        snap = poll(qtbot, ctl)
        assert not snap.engine.ok and snap.engine.last_pass == last  # no pass since
        expected = f"监察引擎未运行（最后一次 {last:%H:%M:%S}）"
        assert desk.engine_down.text().startswith(expected) and not desk.engine_down.isHidden()
        assert wall.banners.engine.label.text() == expected and not wall.banners.engine.isHidden()

        svc = EngineService(engine, "engine-watch-2", interval_s=0.2, retry_s=0.1, notices_every_s=None)
        svc.start()
        qtbot.waitUntil(lambda: svc.passes >= 1, timeout=20000)
        snap = poll(qtbot, ctl)
        assert snap.engine.ok and snap.engine.holder == "engine-watch-2"
        assert snap.engine.since is not None and snap.engine.since > last - dt.timedelta(seconds=1)
        assert desk.engine_down.isHidden() and wall.banners.engine.isHidden()
    finally:
        svc.stop()
        ctl.stop()
