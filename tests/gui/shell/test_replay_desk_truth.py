"""The desk in a replay (回放) tells the truth of the moment replayed: the queue's 已等待 counts to that moment
and stands still, and every button that would act on the past is disabled at once, saying why (回放中只能查看),
until 回到实时."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from console.models.db import session_factory
from console.services.poller import Backend
from console.services.supervision_client import SupervisionClient
from console.shell.app import ControlRoom, link_replay
from console.shell.controller import ConsoleController
from console.supervision.auth import Actor
from console.widgets.alarm_table import AlarmTableModel, format_duration
from tests.support.replay_world import LIVE, T2

SUP = Actor("sup1", "supervisor", "desk-1")


def _snapshot(qtbot, ctl, act):
    with qtbot.waitSignal(ctl.sig_snapshot, timeout=30000) as blocker:
        act()
    return blocker.args[0]


def _room(qtbot, tmp_path, engine, at):
    backend = Backend(engine, "desk-1", clock=lambda: LIVE, as_of=at)
    ctl = ConsoleController(backend, "desk-1")
    client = SupervisionClient(session_factory(engine), "desk-1")
    link_replay(ctl, client, at)
    room = ControlRoom(ctl, QSettings(str(tmp_path / "desk.ini"), QSettings.Format.IniFormat), "default", client)
    room.show()
    for w in room.screens.windows().values():
        qtbot.addWidget(w)
    return ctl, room


def test_waiting_counts_to_the_replayed_moment_and_stands_still(qtbot, tmp_path, replay_world):
    ctl, room = _room(qtbot, tmp_path, replay_world, T2)
    alarms = room.screens.views["alarms"]
    try:
        snap = _snapshot(qtbot, ctl, ctl.poll_soon)
        (a,) = snap.alarms
        waited = format_duration((T2 - a.waiting_since).total_seconds())
        # red from 11-06 00:00, written by the live poll of Fri 11-06 09:00 (已等待 counts from then), replayed
        # 11-09 10:00 (the real clock is weeks later)
        assert (a.raised_at.hour, waited) == (0, "3天01小时")

        def cell() -> str:
            return alarms.proxy.index(0, AlarmTableModel.COL_WAITING).data()

        assert cell() == waited
        alarms.model.tick()  # the second's tick: a replayed queue does not wait on
        assert cell() == waited
    finally:
        ctl.stop()


def test_no_button_acts_on_the_past_until_back_to_live(qtbot, tmp_path, replay_world):
    ctl, room = _room(qtbot, tmp_path, replay_world, T2)
    alarms, bar = room.screens.views["alarms"], room.alarm_bar
    room.session.set_actor(SUP)  # a supervisor may do all three: only the replay holds them back
    buttons = (bar.rectify_button, bar.cancel_button, bar.sanction_button)
    try:
        _snapshot(qtbot, ctl, ctl.poll_soon)
        alarms.table.selectRow(0)
        for b in (*buttons, alarms.ack_button):
            assert not b.isEnabled(), b.text()
            assert "回放中只能查看" in b.toolTip(), b.text()
        menu = bar.menu()  # the table's context menu says the same
        acts = {a.objectName(): a for a in menu.actions() if a.objectName()}
        for name in ("rectify", "cancel_alarm", "sanction"):
            assert not acts[name].isEnabled(), name
            assert "回放中只能查看" in acts[name].toolTip(), name

        _snapshot(qtbot, ctl, alarms.replay.live_button.click)  # 回到实时
        _snapshot(qtbot, ctl, lambda: ctl.set_replay(T2))  # the desk goes back: the queue has A again
        alarms.table.selectRow(0)
        assert not any(b.isEnabled() for b in buttons)
        _snapshot(qtbot, ctl, alarms.replay.live_button.click)
        assert alarms.ack_button.isEnabled() and "回放" not in alarms.ack_button.toolTip()
        # live: the acknowledged A is gone; the buttons wait for a selection, not for the present
        assert all("回放" not in b.toolTip() for b in buttons), [b.toolTip() for b in buttons]
    finally:
        ctl.stop()


def test_going_back_disables_at_once_before_the_past_arrives(qtbot, tmp_path, replay_world):
    ctl, room = _room(qtbot, tmp_path, replay_world, None)
    alarms = room.screens.views["alarms"]
    room.session.set_actor(SUP)
    try:
        _snapshot(qtbot, ctl, ctl.poll_soon)
        assert alarms.ack_button.isEnabled()
        # the client refuses from the click on: the buttons say so from the click on, before the past is read
        with qtbot.waitSignal(ctl.sig_snapshot, timeout=30000):
            ctl.set_replay(T2)
            assert not alarms.ack_button.isEnabled() and "回放中只能查看" in alarms.ack_button.toolTip()
    finally:
        ctl.stop()
