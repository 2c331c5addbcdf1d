"""The desk's status line after a replay: Space in a replay is refused there (回放中不能确认告警：请先回到实时);
回到实时 takes that refusal away — it no longer holds — while a message of the live queue stays."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.shell.test_replay_desk_truth import _room, _snapshot
from tests.support.replay_world import T2

REFUSED = "回放中不能确认告警：请先回到实时"


def test_back_to_live_clears_the_replay_refusal(qtbot, tmp_path, replay_world):
    ctl, room = _room(qtbot, tmp_path, replay_world, T2)
    alarms = room.screens.views["alarms"]
    try:
        _snapshot(qtbot, ctl, ctl.poll_soon)
        alarms.table.setFocus()
        alarms.table.selectRow(0)
        qtbot.keyClick(alarms.table, Qt.Key.Key_Space)
        assert alarms.feedback.text() == REFUSED
        assert alarms.ack_dialog is None  # refused: no dialog asks who acknowledges

        _snapshot(qtbot, ctl, alarms.replay.live_button.click)  # 回到实时
        assert alarms.feedback.text() == ""
        assert alarms.replay_at is None and alarms.ack_button.isEnabled()

        # back in the past and refused again, then a live message written over it: 回到实时 leaves that one
        _snapshot(qtbot, ctl, lambda: ctl.set_replay(T2))
        alarms.table.selectRow(0)
        qtbot.keyClick(alarms.table, Qt.Key.Key_Space)
        assert alarms.feedback.text() == REFUSED
        alarms.feedback.setText("已确认 1 条")
        _snapshot(qtbot, ctl, alarms.replay.live_button.click)
        assert alarms.feedback.text() == "已确认 1 条"
    finally:
        ctl.stop()
