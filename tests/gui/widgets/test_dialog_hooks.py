"""The explicit hooks of the alarm dialogs (``set_identity``, ``AlarmDialog.add_action_row``) and the signals
that announce each dialog before it opens (``AlarmNotifier.sig_dialog_opened``,
``AlarmQueueView.sig_ack_dialog_opened``): what ControlRoom wires the supervision actions to."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QPushButton, QWidget

from console.shell.alarm_notifier import AlarmNotifier
from console.shell.controller import ConsoleController
from console.views.alarms import AlarmQueueView
from console.widgets.alarm_dialog import AckDialog, AlarmDialog, FloodDialog
from tests.gui.widgets.test_alarm_models import FakeBackend, make_alarm, make_snapshot


class Sound:
    def play(self):
        pass


@pytest.fixture
def settings(tmp_path):
    s = QSettings(str(tmp_path / "console.ini"), QSettings.Format.IniFormat)
    s.setValue("alarms/operator", "")
    return s


@pytest.fixture
def backend():
    return FakeBackend()


@pytest.fixture
def controller(backend):
    c = ConsoleController(backend, "监察室-2")
    yield c
    c.stop()


def push(controller, backend, alarms, new=()):
    backend.snapshots.append(make_snapshot(alarms, new))
    controller.poll_once()


@pytest.mark.parametrize(
    "make",
    [
        lambda s: AckDialog(s, 2),
        lambda s: AlarmDialog(make_alarm(1), s),
        lambda s: FloodDialog(s),
    ],
    ids=["ack", "alarm", "flood"],
)
def test_set_identity_shows_the_logged_in_operator_read_only(qtbot, settings, make):
    d = make(settings)
    qtbot.addWidget(d)
    field = d.fields.operator
    d.set_identity("李监察", True, "已登录：李监察（监察员）")
    assert (field.text(), field.isReadOnly(), field.toolTip()) == ("李监察", True, "已登录：李监察（监察员）")
    assert d.fields.values() == ("李监察", None)
    # logged out: the name stays until someone types another one
    d.set_identity(None, False)
    assert (field.text(), field.isReadOnly(), field.toolTip()) == ("李监察", False, "")


def test_a_read_only_name_hands_the_focus_to_the_note(qtbot, settings):
    d = AlarmDialog(make_alarm(1), settings)  # no remembered name: the name field has the focus
    qtbot.addWidget(d)
    assert d.focusWidget() is d.fields.operator
    d.set_identity("李监察", True)
    assert d.focusWidget() is d.fields.note


def test_action_row_sits_above_the_dialogs_own_buttons(qtbot, settings):
    d = AlarmDialog(make_alarm(1), settings)
    qtbot.addWidget(d)
    buttons = [QPushButton("下达整改…"), QPushButton("记录问责…")]
    buttons[0].setObjectName("rectify")
    buttons[1].setObjectName("sanction")
    clicked = []
    buttons[0].clicked.connect(lambda: clicked.append(d.alarm.alarm_id))
    d.add_action_row("监督处置：", buttons)
    d.show()
    qtbot.waitExposed(d)
    assert d.action_buttons == {"rectify": buttons[0], "sanction": buttons[1]}
    assert all(b.window() is d and not b.autoDefault() for b in buttons)  # Enter stays with 确认
    assert d.ack_button.isDefault()
    assert d.fields.y() < buttons[0].y() < d.ack_button.y()
    # the dialog is reused for the next alarm: the row acts on the alarm shown when clicked
    d.set_alarm(make_alarm(2))
    with qtbot.assertNotEmitted(d.sig_acknowledge):
        buttons[0].click()
    assert clicked == [2]


def test_notifier_announces_each_dialog_before_opening_it(qtbot, controller, backend, settings):
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    n = AlarmNotifier(controller, settings, window=window, sound=Sound(), flood_count=3)
    announced = []
    n.sig_dialog_opened.connect(lambda d: announced.append((type(d), d.isVisible())))
    try:
        push(controller, backend, [])
        push(controller, backend, [make_alarm(1)], new=[1])
        assert announced == [(AlarmDialog, False)] and n.dialog.isVisible()
        push(controller, backend, [make_alarm(1), make_alarm(2)], new=[2])  # queued behind the same dialog
        assert announced == [(AlarmDialog, False)]
        push(controller, backend, [make_alarm(i) for i in range(1, 6)], new=[3, 4, 5])  # a flood
        assert announced == [(AlarmDialog, False), (FloodDialog, False)] and n.flood.isVisible()
    finally:
        for d in (n.dialog, n.flood):
            if d is not None:
                d.close_quietly()


def test_queue_announces_its_acknowledgement_dialog(qtbot, controller, backend, settings):
    view = AlarmQueueView(controller, settings)
    qtbot.addWidget(view)
    view.show()
    announced = []

    def opened(d):
        announced.append((d, d.isVisible()))
        d.set_identity("王值班", True)

    view.sig_ack_dialog_opened.connect(opened)
    push(controller, backend, [make_alarm(1), make_alarm(2)])
    view.table.selectRow(0)
    view.acknowledge_selected()
    assert announced == [(view.ack_dialog, False)] and view.ack_dialog.isVisible()
    assert view.ack_dialog.fields.values() == ("王值班", None)
    view.ack_dialog.reject()


def test_ack_dialog_refuses_a_bidi_override_in_the_note_and_stays_open(qtbot, settings):
    """The dialog shows the backend's rule (console/domain/text.py typed_text) before sending anything."""
    d = AckDialog(settings, 1)
    qtbot.addWidget(d)
    d.open()
    d.fields.operator.setText("王芳")
    d.fields.note.setText("已处理\u202e情况属实")
    with qtbot.assertNotEmitted(d.sig_confirmed):
        d.accept()
    assert d.isVisible() and d.values is None
    assert (
        d.error.text() == "确认备注第 4 个字符是双向文字控制符（U+202E RIGHT-TO-LEFT OVERRIDE），不予保存：请删去后重试"
    )
    d.fields.note.setText("已处理")
    with qtbot.waitSignal(d.sig_confirmed) as got:
        d.accept()
    assert got.args == ["王芳", "已处理"]
