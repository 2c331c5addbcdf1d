# ruff: noqa: F811  (the fixtures of test_alarm_dialog, imported, are the tests' arguments)
"""The red-alarm dialogs at the keyboard, as an operator types: the note takes what is typed (a space
included), Enter acknowledges, and a dialog re-presented (F9, re-alert) comes back with the keyboard focus.

Offscreen can activate a window (``QApplication.activeWindow``) but not raise or stack it; the stacking and the
window manager's part were checked by hand on Xvfb + openbox (see the branch's report)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from console.widgets.alarm_dialog import FloodDialog
from console.widgets.alarm_table import AlarmTableModel, format_duration
from tests.gui.widgets.test_alarm_dialog import backend, controller, notifier, push, settings, window  # noqa: F401
from tests.gui.widgets.test_alarm_models import NOW, make_alarm


def type_(w: QWidget, text: str) -> None:
    """Keys as the window system delivers them (to the window, which gives them to its focus widget), not
    sent to a chosen widget; ASCII only (QTest asserts on other characters: the IME's text is out of reach)."""
    for ch in text:
        QTest.keyClick(w.windowHandle(), ch)


def key(w: QWidget, k: Qt.Key, mod=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(w.windowHandle(), k, mod)


def _opened(qtbot, controller, backend, notifier, alarm_id=5):
    push(controller, backend, [])
    push(controller, backend, [make_alarm(alarm_id)], new=[alarm_id])
    d = notifier.dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is d)
    return d


def test_typing_goes_into_the_note_and_a_space_is_text(qtbot, controller, backend, notifier, settings):
    settings.setValue("alarms/operator", "王敏")  # a remembered name: the focus once went to 确认
    d = _opened(qtbot, controller, backend, notifier)
    assert d.focusWidget() is d.fields.note
    type_(d, " ")  # once 确认 had the focus: a single space acknowledged with an empty note
    type_(d, "called the unit")
    assert backend.acks == [] and d.isVisible()
    assert d.fields.note.text() == " called the unit"
    with qtbot.waitSignal(controller.sig_alarms_acknowledged, timeout=3000):
        key(d, Qt.Key.Key_Return)
    assert backend.acks == [([5], "王敏", "监察室-2", "called the unit")]


def test_enter_on_the_keypad_acknowledges_too(qtbot, controller, backend, notifier, settings):
    settings.setValue("alarms/operator", "王敏")
    d = _opened(qtbot, controller, backend, notifier)
    with qtbot.waitSignal(controller.sig_alarms_acknowledged, timeout=3000):
        key(d, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert backend.acks == [([5], "王敏", "监察室-2", None)]


def test_without_a_name_the_typing_goes_into_the_name(qtbot, controller, backend, notifier):
    d = _opened(qtbot, controller, backend, notifier)
    assert d.focusWidget() is d.fields.operator
    type_(d, "wang min")
    assert d.fields.operator.text() == "wang min" and backend.acks == []


def test_a_click_on_a_button_leaves_the_keys_in_the_note(qtbot, controller, backend, notifier, settings):
    """Neither button keeps the focus after a click (a refusal shown, say): a space typed next is the note's."""
    settings.setValue("alarms/operator", "王敏")
    d = _opened(qtbot, controller, backend, notifier)
    d.fields.note.setText("x" * 2001)  # refused before sending: the dialog stays
    qtbot.mouseClick(d.ack_button, Qt.MouseButton.LeftButton)
    assert d.error.isVisibleTo(d) and backend.acks == []
    assert QApplication.focusWidget() is d.fields.note
    d.fields.note.clear()
    type_(d, " ")
    assert backend.acks == [] and d.fields.note.text() == " "
    assert d.ack_button.focusPolicy() == d.drill_button.focusPolicy() == Qt.FocusPolicy.TabFocus


def test_brought_back_after_tabbing_to_confirm_the_keys_go_to_the_note(
    qtbot, controller, backend, notifier, settings, window
):
    """Qt gives a re-shown window its last focus widget back: the 确认 button tabbed to before Esc took the next
    space as "acknowledge"."""
    settings.setValue("alarms/operator", "王敏")
    d = _opened(qtbot, controller, backend, notifier)
    d.ack_button.setFocus(Qt.FocusReason.TabFocusReason)
    key(d, Qt.Key.Key_Escape)
    assert not d.isVisible()
    # the window manager gives the focus back to the window (offscreen keeps it on the hidden dialog)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert notifier.bring_back()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is d)
    assert QApplication.focusWidget() is d.fields.note
    type_(d, " ")
    assert backend.acks == [] and d.isVisible()


def test_a_realert_takes_the_keyboard_from_the_window(qtbot, controller, backend, notifier, window):
    """The dialog visible but its window active (the operator clicked it): the re-alert activates the dialog,
    so Esc sets the alarm aside instead of reaching the window (which left full screen)."""
    d = _opened(qtbot, controller, backend, notifier)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert d.isVisible()
    notifier._on_realert()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is d)
    assert QApplication.focusWidget() in (d.fields.operator, d.fields.note)
    with qtbot.waitSignal(notifier.sig_set_aside):
        key(d, Qt.Key.Key_Escape)
    assert not d.isVisible() and window.isVisible()


def test_a_realert_leaves_an_operator_tabbing_in_the_dialog_where_they_are(qtbot, controller, backend, notifier):
    """The dialog active and the operator tabbed to 查看办件: a re-alert keeps that place (it moved the keys back to
    the note, and the desktop test's Tab Tab Tab Tab Space landed on 确认 instead of 下达整改)."""
    d = _opened(qtbot, controller, backend, notifier)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is d)
    d.drill_button.setFocus(Qt.FocusReason.TabFocusReason)
    assert QApplication.focusWidget() is d.drill_button
    notifier._on_realert()
    assert QApplication.activeWindow() is d and QApplication.focusWidget() is d.drill_button


def test_f9_brings_the_flood_summary_back_with_the_keyboard(qtbot, controller, backend, notifier, window):
    push(controller, backend, [])
    alarms = [make_alarm(i) for i in range(1, 13)]
    push(controller, backend, alarms, new=[a.alarm_id for a in alarms])
    f = notifier.flood
    assert isinstance(f, FloodDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is f)
    with qtbot.waitSignal(notifier.sig_set_aside):
        key(f, Qt.Key.Key_Escape)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    f.show()  # visible again without activation (as a window manager may do), then F9
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    f.ack_button.setFocus(Qt.FocusReason.TabFocusReason)  # tabbed to 全部确认 before
    assert notifier.bring_back()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is f)
    assert QApplication.focusWidget() in (f.fields.operator, f.fields.note)
    type_(f, " ")
    assert backend.acks == [] and f.isVisible()


# ---- 已等待 ----------------------------------------------------------------------------------------------


def test_long_waits_read_in_days():
    day = 86400
    assert format_duration(2882 * day + 13 * 3600) == "2882 天"
    assert format_duration(10 * day) == "10 天"
    assert format_duration(9 * day + 23 * 3600) == "9天23小时"
    assert format_duration(3 * 3600 + 12 * 60) == "3小时12分"
    assert max(len(format_duration(s)) for s in (9 * day + 23 * 3600, 23 * 3600 + 3540, 3599, 99_999 * day)) <= 8


def test_the_flood_table_shows_the_whole_waiting_time(qtbot, settings):
    f = FloodDialog(settings, now=lambda: NOW)
    qtbot.addWidget(f)
    old = make_alarm(1, raised_at=NOW - dt.timedelta(days=2882, hours=13))
    f.add_alarms([old, make_alarm(2, raised_at=NOW - dt.timedelta(hours=23, minutes=59))])
    f.show()
    col = AlarmTableModel.COL_WAITING
    fm = f.table.fontMetrics()
    for row in range(f.proxy.rowCount()):
        text = f.proxy.index(row, col).data()
        assert text in ("2882 天", "23小时59分")
        assert fm.horizontalAdvance(text) + 8 <= f.table.columnWidth(col), text
    # the widest form of all still fits when the waits move on (no model signal re-measures the column)
    assert fm.horizontalAdvance(format_duration(9 * 86400 + 23 * 3600)) + 8 <= f.table.columnWidth(col)
