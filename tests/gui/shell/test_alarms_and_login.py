"""Alarms and the log-in on one console: who is above whom, whose name acknowledges, how the console is quit.

The window manager's side (stacking, focus, real keys) is in tests/desktop; here the console's own decisions.
"""

from __future__ import annotations

import datetime as dt
import json

import shiboken6
from PySide6.QtCore import QModelIndex, Qt
from sqlalchemy import select

from console.models.schema import Alarm, AuditLog
from tests.gui.views import test_supervision_gui as supervision_gui
from tests.gui.views.test_supervision_gui import PASSWORDS, WAIT, log_in, poll

# the supervision suite's console (single layout, session started) and its world (operators, one red alarm)
world = supervision_gui.world
console = supervision_gui.console


def quits(room) -> list[int]:
    """Replace leaving the event loop (the test's loop is not the console's) by a record of exit codes."""
    calls: list[int] = []
    room.session.exit = calls.append
    return calls


def journal(Session, action="console.quit"):
    with Session() as s:
        rows = s.scalars(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)).all()
        return [(r.actor, r.after if isinstance(r.after, dict) else json.loads(r.after)) for r in rows]


def test_before_log_in_the_alarm_waits_below_the_log_in_and_names_nobody(qtbot, console, world):
    room = console
    room.notifier.settings.setValue("alarms/operator", "上一班值班员")  # remembered from the previous shift
    poll(qtbot, room)
    qtbot.waitUntil(lambda: room.notifier.dialog is not None, timeout=WAIT)
    d, login = room.notifier.dialog, room.session.login_dialog
    assert login.isVisible() and room.session.blocking
    assert not room.notifier.may_raise()  # the alarm flashes and sounds behind, it does not take the front
    # both are transients of the same window: the window manager keeps them together, the log-in on top
    assert login.parentWidget() is d.parentWidget() is room._alarm_window()
    assert d.fields.operator.text() == ""  # nobody is logged in: no name is offered
    log_in(qtbot, room, "wang.zhiban")
    assert d.isVisible() and d.fields.operator.text() == "王值班" and d.fields.operator.isReadOnly()
    assert room.notifier.may_raise()


def test_quitting_a_locked_console_takes_a_log_in_and_is_journalled(qtbot, console, world):
    room = console
    Session = world[0]
    calls = quits(room)
    log_in(qtbot, room, "wang.zhiban")
    room.session.lock(by_hand=True)
    login = room.session.login_dialog
    assert login.isVisible() and "手动锁定" in login.subtitle.text()  # not "长时间无操作"
    login.password.clear()
    login.quit_clicked()
    assert calls == [] and "须先登录" in login.error.text()
    login.password.setText("wrong password")
    login.quit_clicked()
    qtbot.waitUntil(lambda: room.controller.pending_requests() == 0, timeout=WAIT)
    assert calls == [] and login.error.text()
    login.password.setText(PASSWORDS["li.jianchao"])
    login.username.setText("li.jianchao")  # any operator may close it, and is named
    login.quit_clicked()
    qtbot.waitUntil(lambda: calls == [0], timeout=WAIT)
    assert journal(Session)[-1] == ("li.jianchao", {"how": "lock_dialog"})


def test_closing_the_window_quits_unless_locked(qtbot, console, world):
    room = console
    Session = world[0]
    calls = quits(room)
    room.quit_on_close()
    win = next(iter(room.screens.windows().values()))
    try:
        log_in(qtbot, room, "wang.zhiban")
        room.session.lock()
        win.close()
        assert calls == [] and win.isVisible()
        assert room.session.login_dialog.isVisible() and "退出须先" in room.session.login_dialog.error.text()
        log_in(qtbot, room, "wang.zhiban")
        win.close()
        assert calls == [0]
        assert journal(Session)[-1] == ("wang.zhiban", {"how": "window"})
    finally:
        for w in room.screens.windows().values():
            w.close_handler = None


def test_the_one_window_fits_a_1366x768_laptop(qtbot, console, world):
    """Every view as a tab of one window: its minimum (the largest of its tabs', a case open in the drill-down)
    leaves room on a 1366×768 screen for the window's frame and a task bar."""
    room = console
    log_in(qtbot, room, "wang.zhiban")
    with qtbot.waitSignal(room.drilldown.case.sig_loaded, timeout=WAIT):
        room.open_case(world[1])
    win = next(iter(room.screens.windows().values()))
    assert win.tabs.count() == 7  # the six views and the desk's 即将转红
    need = win.minimumSizeHint().expandedTo(win.minimumSize())
    for i in range(win.tabs.count()):
        win.tabs.setCurrentIndex(i)
        need = need.expandedTo(win.minimumSizeHint())
    assert need.width() <= 1366 - 20 and need.height() <= 768 - 80, (need.width(), need.height())


def test_behind_a_lock_alarms_keep_flashing_and_sounding_but_stay_below(qtbot, console, world):
    room = console
    played = []
    room.notifier.sound = type("Counter", (), {"play": lambda self: played.append(1)})()
    log_in(qtbot, room, "wang.zhiban")
    poll(qtbot, room)
    qtbot.waitUntil(lambda: room.notifier.dialog is not None and room.notifier.dialog.isVisible(), timeout=WAIT)
    d = room.notifier.dialog
    room.session.lock(by_hand=True)
    assert room.session.login_dialog.isVisible() and not room.notifier.may_raise()
    before = len(played)
    room.notifier._on_repeat()  # the 5-second repeat and the 30-second re-alert, as their timers fire
    room.notifier._on_realert()
    assert len(played) > before  # still sounding
    assert d.isVisible() and d._flash.isActive()  # still flashing, behind the lock
    assert d.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)  # it did not take the focus
    log_in(qtbot, room, "wang.zhiban")
    assert not d.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)  # back in front after the log-in


def test_a_log_in_whose_window_went_with_its_monitor_is_made_again(qtbot, console):
    """The log-in dialog belongs to the main window; a window removed with its monitor takes it along."""
    room = console
    old = room.session.login_dialog
    old.setParent(None)
    shiboken6.delete(old)
    d = room.session.show_login()
    assert d is not old and shiboken6.isValid(d) and d.isVisible()
    qtbot.addWidget(d)


def test_before_any_log_in_quit_needs_no_password(qtbot, console, world):
    room = console
    calls = quits(room)
    room.session.login_dialog.quit_clicked()
    assert calls == [0]
    assert journal(world[0])[-1] == ("?", {"how": "login_dialog"})


def test_an_alarm_set_aside_is_the_queues_current_row(qtbot, console, world):
    room = console
    log_in(qtbot, room, "wang.zhiban")
    poll(qtbot, room)
    qtbot.waitUntil(lambda: room.notifier.dialog is not None and room.notifier.dialog.isVisible(), timeout=WAIT)
    d = room.notifier.dialog
    queue = room.screens.views["alarms"]
    qtbot.waitUntil(lambda: queue.model.rowCount() == 1, timeout=WAIT)
    queue.table.clearSelection()
    queue.table.setCurrentIndex(QModelIndex())
    assert queue.selected_alarm_ids() == []
    qtbot.keyClick(d, Qt.Key.Key_Escape)
    assert not d.isVisible() and queue.selected_alarm_ids() == [world[2]]
    assert len(queue.table.selectionModel().selectedRows()) == 1
    assert "F9" in queue.feedback.text()


def test_the_idle_lock_of_a_room_whose_windows_are_gone_raises_nothing(qtbot, console, world):
    """A logged-in session outlives its room's windows (a test's teardown, a bench's rooms one after another):
    its idle lock fired later and asked the deleted tab widgets for the alarm window ("Internal C++ object
    (PySide6.QtWidgets.QTabWidget) already deleted", an exception in the event loop of a later test in CI)."""
    room = console
    log_in(qtbot, room, "wang.zhiban")
    for win in list(room.screens._windows.values()):
        win.tabs.setParent(None)
        shiboken6.delete(win.tabs)
    assert room.screens.windows() == {}
    room.session.lock()  # what the idle timer calls
    assert room.session.locked
    qtbot.addWidget(room.session.login_dialog)


def alarm_status(Session, alarm_id) -> str:
    with Session() as s:
        return s.get(Alarm, alarm_id).status


def test_ctrl_l_in_the_red_alarm_dialog_locks_and_the_next_keys_acknowledge_nothing(qtbot, console, world):
    """A tester's Ctrl+L in the red-alarm dialog (it takes the focus after log-in) did nothing: the ScreenWindow's
    shortcut is window-scoped.  The name, Tab, password and Return typed next acknowledged the alarm with the
    name as its note.  Now the session's application-wide filter locks from any window."""
    room = console
    Session, _case_id, alarm_id = world
    log_in(qtbot, room, "wang.zhiban")
    poll(qtbot, room)
    qtbot.waitUntil(lambda: room.notifier.dialog is not None and room.notifier.dialog.isVisible(), timeout=WAIT)
    d = room.notifier.dialog
    d.fields.note.setFocus()
    qtbot.keyClick(d, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    login = room.session.login_dialog
    assert room.session.locked and room.session.locked_by_hand and room.session.blocking
    assert login.isVisible() and "手动锁定" in login.subtitle.text()
    assert not room.notifier.may_raise() and d.isVisible()  # the alarm waits below the log-in
    # what the tester typed next, aimed at the alarm dialog: swallowed, nothing acknowledged
    qtbot.keyClicks(d.fields.note, "wang.zhiban")
    qtbot.keyClick(d.fields.note, Qt.Key.Key_Tab)
    qtbot.keyClicks(d.fields.note, PASSWORDS["wang.zhiban"])
    qtbot.keyClick(d.fields.note, Qt.Key.Key_Return)
    qtbot.mouseClick(d.ack_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: room.controller.pending_requests() == 0, timeout=WAIT)
    assert d.fields.note.text() == "" and d.isVisible()
    assert alarm_status(Session, alarm_id) == "open"
    assert journal(Session, "alarm.acknowledge") == []
    log_in(qtbot, room, "wang.zhiban")  # the lock lifts with a log-in, the alarm comes back in front
    assert d.isVisible() and room.notifier.may_raise() and alarm_status(Session, alarm_id) == "open"


def test_ctrl_l_locks_from_a_form_and_from_the_main_window(qtbot, console, world):
    room = console
    log_in(qtbot, room, "wang.zhiban")
    poll(qtbot, room)
    queue = room.screens.views["alarms"]
    qtbot.waitUntil(lambda: queue.model.rowCount() == 1, timeout=WAIT)
    queue.table.selectRow(0)
    queue.acknowledge_selected()
    form = queue.ack_dialog  # a dialog window of its own, not a ScreenWindow
    qtbot.keyClick(form, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert room.session.locked and room.session.login_dialog.isVisible()
    form.reject()
    log_in(qtbot, room, "wang.zhiban")
    win = next(iter(room.screens.windows().values()))
    qtbot.keyClick(win.tabs, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert room.session.locked and room.session.login_dialog.isVisible()
    log_in(qtbot, room, "wang.zhiban")
    qtbot.keyClick(win.tabs, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert not room.session.locked  # Ctrl+Shift+L is another key


def test_the_status_line_follows_the_red_dialog_through_f9_and_back_to_live(qtbot, console, world):
    """The desk's notes on the red dialog (set aside / none to bring back) are dropped once untrue: the dialog
    back on screen (F9, a re-alert, a new alarm), or a replay going back or 回到实时."""
    room = console
    log_in(qtbot, room, "wang.zhiban")
    poll(qtbot, room)
    qtbot.waitUntil(lambda: room.notifier.dialog is not None and room.notifier.dialog.isVisible(), timeout=WAIT)
    queue, d = room.screens.views["alarms"], room.notifier.dialog
    queue.feedback.setText("")
    qtbot.keyClick(d, Qt.Key.Key_Escape)
    assert queue.feedback.text().startswith("红色告警已暂放到报警队列")
    room.bring_back_alarms()  # F9: the dialog is back in front, the note goes with it
    assert d.isVisible() and queue.feedback.text() == ""
    qtbot.keyClick(d, Qt.Key.Key_Escape)
    d.realert(True)  # the 30-second re-alert brings it back by itself
    assert d.isVisible() and queue.feedback.text() == ""
    qtbot.keyClick(d, Qt.Key.Key_Escape)
    assert "F9" in queue.feedback.text()
    with qtbot.waitSignal(room.controller.sig_snapshot, timeout=WAIT, check_params_cb=lambda s: s.replay_at):
        room.controller.set_replay(supervision_gui.NOW - dt.timedelta(hours=1))
    assert room.notifier.dialog is None and queue.feedback.text() == ""  # no dialog to bring back in a replay
    room.bring_back_alarms()  # F9 during the replay
    assert queue.feedback.text() == "没有待确认的红色告警对话框"
    with qtbot.waitSignal(room.controller.sig_snapshot, timeout=WAIT, check_params_cb=lambda s: not s.replay_at):
        queue.replay.live_button.click()  # 回到实时
    assert "没有待确认" not in queue.feedback.text() and "暂放" not in queue.feedback.text()
    # the red still unacknowledged is presented again (it waited unannounced in the queue before)
    qtbot.waitUntil(lambda: room.notifier.dialog is not None and room.notifier.dialog.isVisible(), timeout=WAIT)
    assert room.notifier.pending_ids()


def test_alt_and_a_number_in_the_red_alarm_dialog_shows_that_tab_of_its_window(qtbot, console, world):
    """Alt+1…9 show a tab of the window (ScreenWindow's shortcuts, window-scoped): with the red dialog active
    after log-in they did nothing.  From the dialog they show the tab of the window it stands over and hand it
    the keyboard; the alarm stays on screen, waiting."""
    room = console
    log_in(qtbot, room, "wang.zhiban")
    poll(qtbot, room)
    qtbot.waitUntil(lambda: room.notifier.dialog is not None and room.notifier.dialog.isVisible(), timeout=WAIT)
    d = room.notifier.dialog
    win = d.parentWidget()
    assert win.tabs.count() >= 4
    for n in (4, 2):
        qtbot.keyClick(d.fields.note, getattr(Qt.Key, f"Key_{n}"), Qt.KeyboardModifier.AltModifier)
        assert win.tabs.currentIndex() == n - 1
    assert d.isVisible() and d.fields.note.text() == ""  # nothing typed into the note


def test_esc_in_the_window_sets_aside_the_alarm_in_front_of_it_first(qtbot, console, world):
    """After Alt+N from the red dialog the window has the keyboard; a tester's Esc then took the window out of
    full screen while the dialog stayed in front.  Esc sets the dialog in front aside first (F9 brings it back)."""
    room = console
    log_in(qtbot, room, "wang.zhiban")
    poll(qtbot, room)
    qtbot.waitUntil(lambda: room.notifier.dialog is not None and room.notifier.dialog.isVisible(), timeout=WAIT)
    d = room.notifier.dialog
    win = d.parentWidget()
    qtbot.keyClick(d.fields.note, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # the window takes the keys
    qtbot.keyClick(win, Qt.Key.Key_Escape)
    assert not d.isVisible() and room.notifier.dialog is d  # set aside, still pending
    assert room.notifier.bring_back() and d.isVisible()
