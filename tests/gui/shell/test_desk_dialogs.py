"""The desk's dialogs sized to their texts, the unit tab's hint, and a form the alarms do not interrupt.

What the window manager shows (stacking, focus, real clicks) is tests/desktop/test_forms_desktop.py; here the
console's own decisions on Qt's offscreen platform: sizes, who owns a form, what the notifier does while one is
open.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel, QWidget
from sqlalchemy import select

from console.domain.roles import Actor
from console.models.supervision_schema import Rectification
from console.services.supervision_client import DEMO_OPERATORS
from console.widgets import style
from console.widgets.alarm_dialog import AlarmDialog
from console.widgets.login_dialog import LoginDialog
from console.widgets.supervision_dialogs import RectificationDialog
from tests.gui.views import test_supervision_gui as supervision_gui
from tests.gui.views.test_supervision_gui import WAIT, closed, last_dialog, log_in, poll, submit
from tests.gui.widgets.test_alarm_models import make_alarm

world = supervision_gui.world
console = supervision_gui.console

LONG = (
    "特别程序（专家评审）在办结（2026-11-27 14:20）之后报送（2026-11-30 09:12），"
    "特别程序须在办结前报送并经审批，请核实是否存在倒签"
)


def clipped_labels(dialog: QWidget) -> list[str]:
    """Visible labels whose text does not fit where the layout put them (wrapped: the height for their width;
    not wrapped: their width), or that reach past the dialog."""
    bad = []
    for lab in dialog.findChildren(QLabel):
        if not lab.isVisibleTo(dialog) or not lab.text():
            continue
        g = lab.geometry()
        g.moveTopLeft(lab.mapTo(dialog, lab.rect().topLeft()))
        fits = (
            lab.height() >= lab.heightForWidth(lab.width()) if lab.wordWrap() else lab.width() >= lab.sizeHint().width()
        )
        if not fits or not dialog.rect().contains(g):
            bad.append(lab.text()[:30])
    return bad


# ---- 2: the lock dialog --------------------------------------------------------------------------------------


def test_the_lock_message_leaves_every_demo_account_visible(qtbot):
    d = LoginDialog(None, None, demo_accounts=DEMO_OPERATORS)
    qtbot.addWidget(d)
    d.show()  # the first log-in: short subtitle
    qtbot.waitExposed(d)
    first = d.height()
    d.hide()
    d.set_locked_by(Actor("operator", "operator", "desk-1", "演示值班员"), idle=False)  # the lock (Ctrl+L)
    d.show()
    assert "监察台已锁定" in d.subtitle.text()
    assert "operator / oper-demo-2025" in d.demo_label.text()
    assert d.height() > first  # grew by the lock message's lines
    assert clipped_labels(d) == []
    # closing the window of a locked console: the dialog, showing, says why in a line that wraps
    d.error.setText("监察台已锁定：退出须先输入用户名和密码，再按“退出监察台”。" * 2)
    qtbot.waitUntil(lambda: clipped_labels(d) == [], timeout=2000)


# ---- 3: the red alarm's long texts ---------------------------------------------------------------------------


def test_long_alarm_texts_wrap_inside_the_dialog(qtbot, tmp_path):
    win = QWidget()
    qtbot.addWidget(win)
    win.resize(1366, 768)
    style.install(win)  # the console's fonts: the sizes are theirs
    win.show()
    settings = QSettings(str(tmp_path / "a.ini"), QSettings.Format.IniFormat)
    d = AlarmDialog(make_alarm(1), settings, win)  # a short one first: the size it kept used to clip the next
    style.install(d)
    d.bring_back(False)
    qtbot.waitExposed(d)
    short = d.height()
    d.set_alarm(make_alarm(2, days_late=None, message=LONG))  # the next alarm, while it shows
    late, message = d._values["late"], d._values["message"]
    assert late.text() == "—" and message.text() == LONG  # no days late: the finding is said once, 告警内容
    assert message.wordWrap() and message.height() >= 2 * d._values["unit"].height()  # two lines at least
    assert clipped_labels(d) == []
    assert d.height() > short
    # a 1366×768 laptop holds it with its frame and a task bar (the offscreen screen is 800×800: its width is
    # the dialog's minimum, 880, already wider)
    assert d.width() <= 1366 - 20 and d.height() <= 768 - 80, (d.width(), d.height())
    d.close_quietly()


# ---- 4: 单位明细 before a unit is chosen ---------------------------------------------------------------------


def test_the_unit_tab_says_how_to_choose_a_unit(qtbot, console, world):
    room = console
    log_in(qtbot, room, "wang.zhiban")
    units = room.drilldown.units
    assert units.unit_id is None
    assert units.hint.isVisibleTo(room.drilldown) and not units.table.isVisibleTo(room.drilldown)
    assert "单击一个单位" in units.hint.text()
    poll(qtbot, room)
    unit_id = room.controller.last_snapshot.units[0].unit_id
    with qtbot.waitSignal(units.sig_loaded, timeout=WAIT):
        room.drilldown.show_unit(unit_id, new_visit=True)
    assert not units.hint.isVisibleTo(room.drilldown) and units.table.isVisibleTo(room.drilldown)


# ---- 1: a form open while the alarms re-alert ------------------------------------------------------------------


def test_a_form_from_the_alarm_outlives_the_alarm_dialog_and_submits(qtbot, console, world):
    room = console
    Session = world[0]
    log_in(qtbot, room, "li.jianchao")
    poll(qtbot, room)
    qtbot.waitUntil(lambda: room.notifier.dialog is not None and room.notifier.dialog.isVisible(), timeout=WAIT)
    alarm_dialog = room.notifier.dialog
    qtbot.mouseClick(alarm_dialog.action_buttons["rectify"], Qt.MouseButton.LeftButton)
    form = last_dialog(qtbot, room, RectificationDialog)
    assert form.parentWidget() is alarm_dialog.parentWidget()  # the window's, not the alarm dialog's
    # the notifier closes the alarm dialog (a flood folds it; another console acknowledged it)
    alarm_dialog.close_quietly()
    qtbot.waitUntil(lambda: not shiboken6.isValid(alarm_dialog), timeout=WAIT)
    room.notifier._live_dialogs()  # as its next command does: it lets go of the deleted dialog
    assert shiboken6.isValid(form) and form.isVisible()
    form.instructions.setPlainText("说明超时原因，立即办结")
    submit(qtbot, room, form)
    assert closed(form)
    with Session() as s:
        assert s.scalars(select(Rectification.instructions)).all() == ["说明超时原因，立即办结"]


def test_a_re_alert_waits_behind_an_open_form_and_comes_back_when_it_closes(qtbot, console, world):
    room = console
    played = []
    room.notifier.sound = type("Counter", (), {"play": lambda self: played.append(1)})()
    log_in(qtbot, room, "li.jianchao")
    poll(qtbot, room)
    qtbot.waitUntil(lambda: room.notifier.dialog is not None and room.notifier.dialog.isVisible(), timeout=WAIT)
    d = room.notifier.dialog
    d.set_aside()  # Esc: the re-alert would bring it back in front
    bar = room.actions.bars[0]
    bar.view.table.selectRow(0)
    form = bar.rectify()
    assert isinstance(form, RectificationDialog) and form.isVisible()
    assert room.notifier.blocking_form() is form
    before = len(played)
    room.notifier._on_repeat()
    room.notifier._on_realert()
    assert len(played) > before  # still sounding
    assert not d.isVisible()  # it did not come over the form
    form.instructions.setPlainText("x")
    form.reject()  # the operator closes the form: the alarm comes back
    qtbot.waitUntil(lambda: d.isVisible(), timeout=WAIT)
    assert room.notifier.blocking_form() is None
