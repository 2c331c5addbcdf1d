"""Replay (回放) in the real console: every window says 回放 with the moment, a past red never opens the alarm
dialog, nothing can be acknowledged, and the desk's control goes back to live and into a replay again."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt

from console.models.db import session_factory
from console.services.poller import Backend
from console.services.statistics_source import StatisticsSource
from console.services.supervision_client import SupervisionClient
from console.shell.app import ControlRoom
from console.shell.controller import ConsoleController
from tests.support.replay_world import LIVE, T1, T2


def _snapshot(qtbot, ctl, act):
    with qtbot.waitSignal(ctl.sig_snapshot, timeout=30000) as blocker:
        act()
    return blocker.args[0]


def test_replay_marks_every_screen_and_never_announces(qtbot, tmp_path, replay_world):
    engine = replay_world
    backend = Backend(engine, "desk-1", clock=lambda: LIVE, as_of=T2)
    ctl = ConsoleController(backend, "desk-1")
    settings = QSettings(str(tmp_path / "desk.ini"), QSettings.Format.IniFormat)
    Session = session_factory(engine)
    room = ControlRoom(
        ctl,
        settings,
        "default",
        SupervisionClient(Session, "desk-1"),
        statistics=StatisticsSource(Session, clock=lambda: backend.clock()),  # as the console wires it
    )
    room.show()
    windows = room.screens.windows()
    for w in windows.values():
        qtbot.addWidget(w)
    alarms = room.screens.views["alarms"]
    try:
        snap = _snapshot(qtbot, ctl, ctl.poll_soon)
        assert snap.replay_at == T2 and [a.case_no for a in snap.alarms] == ["A"]  # a red, unacknowledged then
        qtbot.wait(300)
        assert room.notifier.dialog is None and room.notifier.flood is None  # … and never announced
        assert windows  # one window on one offscreen monitor (every view a tab), one per screen on a room
        for w in windows.values():
            assert w.replay_banner.isVisible(), w.objectName()
            assert w.replay_banner.label.text() == "回放 2026-11-09 10:00"
            assert "回放 2026-11-09 10:00" in w.windowTitle()
        wall = room.screens.views["departments"]
        assert wall.headline.tiles["time"].value.text() == "10:00"  # the moment shown, not the time read
        assert alarms.model.rowCount() == 1
        assert not alarms.ack_button.isEnabled()
        alarms.table.selectRow(0)
        qtbot.keyClick(alarms.table, Qt.Key.Key_Space)  # the queue's acknowledge key does nothing but say why
        assert alarms.ack_dialog is None and "回放中不能确认告警" in alarms.feedback.text()
        assert alarms.replay.live_button.isEnabled()

        # 回到实时: the acknowledged present, no banner
        live = _snapshot(qtbot, ctl, alarms.replay.live_button.click)
        assert live.replay_at is None and live.alarms == ()
        for w in windows.values():
            assert not w.replay_banner.isVisible()
            assert "回放" not in w.windowTitle()
        assert alarms.ack_button.isEnabled() and not alarms.replay.live_button.isEnabled()

        # and into a replay again from the desk's date-time edit
        alarms.replay.edit.setDateTime(alarms.replay.edit.dateTime().fromString("2026-11-05 16:00", "yyyy-MM-dd HH:mm"))
        charts = room.screens.views["charts"]
        again = _snapshot(qtbot, ctl, alarms.replay.replay_button.click)
        assert again.replay_at == T1 and again.totals.open_cases == 2
        # the statistics pages are read again for the moment's periods, not after their two minutes
        qtbot.waitUntil(lambda: charts.stats is not None and charts.stats.as_of == T1, timeout=30000)
        assert all(w.replay_banner.label.text() == "回放 2026-11-05 16:00" for w in windows.values())
    finally:
        ctl.stop()
