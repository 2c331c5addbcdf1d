"""AlarmNotifier + AlarmDialog/FloodDialog + AlarmQueueView, driven through a real ConsoleController.

The backend is the in-memory FakeBackend (test_alarm_models); snapshots enter through controller.poll_once,
acknowledgements go through the controller's worker pool and come back as queued signals.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from console.models.repository import AckOutcome
from console.shell.alarm_notifier import AlarmNotifier
from console.shell.controller import ConsoleController
from console.views.alarms import AlarmQueueView
from console.widgets.alarm_dialog import AckDialog, AlarmDialog, FloodDialog
from tests.gui.widgets.test_alarm_models import FakeBackend, make_alarm, make_snapshot
from tests.support import ROOT


class CountingSound:
    def __init__(self):
        self.plays = 0

    def play(self):
        self.plays += 1


@pytest.fixture
def settings(tmp_path):
    s = QSettings(str(tmp_path / "console.ini"), QSettings.Format.IniFormat)
    yield s
    s.sync()


@pytest.fixture
def backend():
    return FakeBackend()


@pytest.fixture
def controller(backend):
    c = ConsoleController(backend, "监察室-2")
    yield c
    c.stop()


@pytest.fixture
def window(qtbot):
    w = QWidget()
    w.resize(1200, 800)
    qtbot.addWidget(w)
    w.show()
    return w


@pytest.fixture
def notifier(controller, settings, window):
    sound = CountingSound()
    n = AlarmNotifier(controller, settings, window=window, sound=sound, repeat_ms=60, realert_ms=10_000, info_ms=50)
    n.sound_counter = sound
    yield n
    for d in (n.dialog, n.flood):
        if d is not None:
            d.close_quietly()


def push(controller, backend, alarms, new=()):
    backend.snapshots.append(make_snapshot(alarms, new))
    controller.poll_once()


def visible_dialogs():
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


def test_new_red_alarm_opens_exactly_one_modeless_dialog_over_its_window(qtbot, controller, backend, notifier, window):
    push(controller, backend, [], [])  # first snapshot: nothing open
    push(controller, backend, [make_alarm(1, "yellow"), make_alarm(2, "red")], new=[1, 2])
    dialogs = visible_dialogs()
    assert len(dialogs) == 1 and isinstance(dialogs[0], AlarmDialog)
    d = dialogs[0]
    # modeless: the alarm queue of the same window stays reachable; a transient of the window: kept above it
    assert d.windowModality() == Qt.WindowModality.NonModal and d.parent() is window
    assert d.alarm.alarm_id == 2
    assert d._values["unit"].text() == make_alarm(2).unit_name
    assert "限期整改" in d.action.text()
    # the same alarm listed as new again (e.g. a re-poll) never opens a second dialog
    push(controller, backend, [make_alarm(1, "yellow"), make_alarm(2, "red")], new=[2])
    assert len(visible_dialogs()) == 1


def test_second_red_alarm_queues_behind_the_open_dialog(qtbot, controller, backend, notifier):
    push(controller, backend, [])
    push(controller, backend, [make_alarm(1)], new=[1])
    push(controller, backend, [make_alarm(1), make_alarm(2)], new=[2])
    assert len(visible_dialogs()) == 1
    assert notifier.dialog.alarm.alarm_id == 1
    assert "1" in notifier.dialog.queue_label.text()


def test_acknowledge_calls_controller_with_operator_and_remembers_name(qtbot, controller, backend, notifier, settings):
    push(controller, backend, [])
    push(controller, backend, [make_alarm(5)], new=[5])
    d = notifier.dialog
    d.fields.operator.setText("王敏")
    d.fields.note.setText("已电话通知规划局")
    with qtbot.waitSignal(controller.sig_alarms_acknowledged, timeout=3000):
        qtbot.mouseClick(d.ack_button, Qt.MouseButton.LeftButton)
    assert backend.acks == [([5], "王敏", "监察室-2", "已电话通知规划局")]
    qtbot.waitUntil(lambda: notifier.dialog is None)
    assert visible_dialogs() == []
    assert settings.value("alarms/operator") == "王敏"
    # the next dialog starts with the remembered name
    push(controller, backend, [make_alarm(6)], new=[6])
    assert notifier.dialog.fields.operator.text() == "王敏"


def test_acknowledge_without_name_asks_for_it(qtbot, controller, backend, notifier):
    push(controller, backend, [])
    push(controller, backend, [make_alarm(5)], new=[5])
    d = notifier.dialog
    d.fields.operator.clear()
    qtbot.mouseClick(d.ack_button, Qt.MouseButton.LeftButton)
    assert backend.acks == [] and d.error.isVisibleTo(d)
    assert d.ack_button.isEnabled()


def test_lost_race_shows_who_and_when_then_closes(qtbot, controller, backend, notifier):
    backend.taken[7] = AckOutcome(7, False, "李娜", "大屏-1", dt.datetime(2025, 6, 18, 10, 30, 59))
    push(controller, backend, [])
    push(controller, backend, [make_alarm(7)], new=[7])
    d = notifier.dialog
    d.fields.operator.setText("王敏")
    with qtbot.waitSignal(controller.sig_alarms_acknowledged, timeout=3000):
        d.ack_button.click()
    assert d.status.text() == "已由 李娜（大屏-1）于 10:30:59 确认"
    assert d.isVisible() and not d.ack_button.isEnabled()
    closed = []
    d.finished.connect(closed.append)
    qtbot.waitUntil(lambda: notifier.dialog is None, timeout=2000)
    assert closed and visible_dialogs() == []


def test_alarm_acked_elsewhere_closes_quietly(qtbot, controller, backend, notifier):
    push(controller, backend, [])
    push(controller, backend, [make_alarm(8), make_alarm(9)], new=[8, 9])
    d = notifier.dialog
    assert d.alarm.alarm_id == 8
    push(controller, backend, [make_alarm(9)])  # 8 no longer open: another console acknowledged it
    assert notifier.dialog is d and d.alarm.alarm_id == 9 and d.isVisible()
    push(controller, backend, [])
    assert notifier.dialog is None and not d.isVisible()
    assert backend.acks == []


def test_stale_snapshot_closes_nothing(qtbot, controller, backend, notifier):
    push(controller, backend, [])
    push(controller, backend, [make_alarm(8)], new=[8])
    backend.snapshots.append(make_snapshot([], ok=False))
    controller.poll_once()
    assert notifier.dialog is not None


def test_first_snapshot_presents_alarms_raised_while_down(qtbot, controller, backend, notifier):
    push(controller, backend, [make_alarm(1, "yellow"), make_alarm(2, minutes_ago=300)], new=[])
    assert notifier.dialog is not None and notifier.dialog.alarm.alarm_id == 2
    assert len(visible_dialogs()) == 1


def test_twelve_new_alarms_make_one_flood_dialog(qtbot, controller, backend, notifier):
    push(controller, backend, [])
    floods = []
    notifier.sig_flood.connect(floods.append)
    alarms = [make_alarm(i) for i in range(1, 13)]
    push(controller, backend, alarms, new=[a.alarm_id for a in alarms])
    dialogs = visible_dialogs()
    assert len(dialogs) == 1 and isinstance(dialogs[0], FloodDialog)
    assert notifier.dialog is None
    assert dialogs[0].model.rowCount() == 12 and floods == [12]

    dialogs[0].fields.operator.setText("王敏")
    with qtbot.waitSignal(controller.sig_alarms_acknowledged, timeout=3000):
        dialogs[0].ack_button.click()
    assert backend.acks[0][0] == sorted(a.alarm_id for a in alarms) or sorted(backend.acks[0][0]) == list(range(1, 13))
    qtbot.waitUntil(lambda: notifier.flood is None)
    assert visible_dialogs() == []


def test_open_dialogs_fold_into_the_flood_summary(qtbot, controller, backend, notifier):
    push(controller, backend, [])
    shown = []
    alarms = []
    for i in range(1, 13):  # one at a time: the 11th within 10 minutes tips it into a flood
        alarms.append(make_alarm(i))
        push(controller, backend, alarms, new=[i])
        shown.append(len(visible_dialogs()))
    assert shown == [1] * 12
    assert notifier.dialog is None and notifier.flood is not None
    assert sorted(notifier.flood.alarm_ids()) == list(range(1, 13))


def test_flood_window_expires(qtbot, controller, backend, settings, window):
    t = [0.0]
    n = AlarmNotifier(controller, settings, window=window, sound=CountingSound(), clock=lambda: t[0])
    push(controller, backend, [])
    alarms = []
    for i in range(1, 13):
        alarms.append(make_alarm(i))
        t[0] += 120  # one every 2 minutes: never more than 5 within 10 minutes
        push(controller, backend, alarms, new=[i])
    assert n.flood is None and n.dialog is not None
    n.dialog.close_quietly()


def test_sound_repeats_until_acknowledged_then_stops(qtbot, controller, backend, notifier):
    push(controller, backend, [])
    push(controller, backend, [make_alarm(3)], new=[3])
    s = notifier.sound_counter
    assert s.plays == 1
    qtbot.waitUntil(lambda: s.plays >= 4, timeout=2000)
    notifier.dialog.fields.operator.setText("王敏")
    with qtbot.waitSignal(controller.sig_alarms_acknowledged, timeout=3000):
        notifier.dialog.ack_button.click()
    qtbot.waitUntil(lambda: notifier.dialog is None)
    after = s.plays
    qtbot.wait(300)
    assert s.plays == after


def test_mute_stops_the_sound_and_is_remembered(qtbot, controller, backend, notifier, settings):
    push(controller, backend, [])
    push(controller, backend, [make_alarm(3)], new=[3])
    s = notifier.sound_counter
    qtbot.waitUntil(lambda: s.plays >= 2, timeout=2000)
    qtbot.keyClick(notifier.dialog, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    if not notifier.muted:  # offscreen focus may not reach the window shortcut; the checkbox is the same
        notifier.dialog.mute.setChecked(True)
    assert notifier.muted and settings.value("alarms/muted") in (True, "true")
    muted_at = s.plays
    qtbot.wait(300)
    assert s.plays == muted_at
    assert notifier.dialog.isVisible()  # muting silences, it does not acknowledge
    notifier.set_muted(False)
    assert not notifier.dialog.mute.isChecked()
    qtbot.waitUntil(lambda: s.plays > muted_at, timeout=2000)


@pytest.mark.qt_log_ignore("does not support raise")  # the offscreen platform cannot raise windows
def test_realert_after_unacknowledged(qtbot, controller, backend, settings, window):
    s = CountingSound()
    n = AlarmNotifier(controller, settings, window=window, sound=s, repeat_ms=60_000, realert_ms=80)
    push(controller, backend, [])
    push(controller, backend, [make_alarm(3)], new=[3])
    assert s.plays == 1
    qtbot.waitUntil(lambda: s.plays >= 2, timeout=2000)  # the 30 s (here 80 ms) re-alert
    n.dialog.close_quietly()


def test_drilldown_button_emits_case(qtbot, controller, backend, notifier):
    push(controller, backend, [])
    push(controller, backend, [make_alarm(4)], new=[4])
    with qtbot.waitSignal(notifier.sig_drilldown_case) as sig:
        notifier.dialog.drill_button.click()
    assert sig.args == [make_alarm(4).case_id]
    assert notifier.dialog is not None  # still to be acknowledged


def test_escape_sets_an_alarm_aside_and_f9_brings_it_back(qtbot, controller, backend, notifier):
    push(controller, backend, [])
    push(controller, backend, [make_alarm(4)], new=[4])
    d = notifier.dialog
    with qtbot.waitSignal(notifier.sig_set_aside):
        qtbot.keyClick(d, Qt.Key.Key_Escape)
    assert not d.isVisible() and notifier.dialog is d  # set aside, not dismissed
    assert notifier.pending_ids() == [4]
    assert notifier.bring_back()
    assert d.isVisible() and d.alarm.alarm_id == 4


def test_markup_shows_literally_in_dialog(qtbot, controller, backend, notifier):
    push(controller, backend, [])
    push(controller, backend, [make_alarm(4, item_name="<b>markup</b>", handler="<i>张</i>")], new=[4])
    d = notifier.dialog
    assert d._values["item"].textFormat() == Qt.TextFormat.PlainText
    assert d._values["item"].text() == "<b>markup</b>"


def test_ack_error_reenables_the_dialog(qtbot, controller, backend, notifier):
    backend.fail_ack = True
    push(controller, backend, [])
    push(controller, backend, [make_alarm(4)], new=[4])
    notifier.dialog.fields.operator.setText("王敏")
    with qtbot.waitSignal(controller.sig_error, timeout=3000):
        notifier.dialog.ack_button.click()
    qtbot.waitUntil(lambda: notifier.dialog.ack_button.isEnabled())
    assert "connection refused" in notifier.dialog.error.text()


# ---- the queue view ----------------------------------------------------------------------------------


def test_queue_view_keyboard_acknowledge(qtbot, controller, backend, settings):
    settings.setValue("alarms/operator", "赵磊")
    view = AlarmQueueView(controller, settings)
    qtbot.addWidget(view)
    view.show()
    push(controller, backend, [make_alarm(i, "red" if i % 2 else "yellow") for i in range(1, 6)])
    assert view.model.rowCount() == 5
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(view.table.selectionModel().selectedRows()) == 5
    qtbot.keyClick(view.table, Qt.Key.Key_Space)
    d = view.ack_dialog
    assert isinstance(d, AckDialog) and d.isVisible() and d.fields.operator.text() == "赵磊"
    d.fields.note.setText("批量确认")
    with qtbot.waitSignal(controller.sig_alarms_acknowledged, timeout=3000):
        qtbot.keyClick(d.fields.note, Qt.Key.Key_Return)
    assert sorted(backend.acks[0][0]) == [1, 2, 3, 4, 5]
    assert backend.acks[0][1:] == ("赵磊", "监察室-2", "批量确认")
    assert view.ack_dialog is None
    assert view.model.data(view.model.index(0, view.model.COL_STATUS)) == "已确认（赵磊）"
    push(controller, backend, [])  # the next poll no longer lists them
    assert view.model.rowCount() == 0


def test_queue_view_enter_on_one_row_and_filters(qtbot, controller, backend, settings):
    view = AlarmQueueView(controller, settings)
    qtbot.addWidget(view)
    view.show()
    push(controller, backend, [make_alarm(i, "red" if i % 2 else "yellow") for i in range(1, 7)])
    view.level.setCurrentIndex(view.level.findData("red"))
    assert view.proxy.rowCount() == 3
    view.table.setFocus()
    view.table.selectRow(0)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    d = view.ack_dialog
    assert d is not None
    d.fields.operator.setText("")
    d.accept()  # no name: stays open
    assert d.isVisible()
    d.reject()
    assert view.ack_dialog is None and backend.acks == []


def test_queue_view_waiting_column_moves(qtbot, controller, backend, settings):
    t = [dt.datetime(2025, 6, 18, 10, 30, 0)]
    view = AlarmQueueView(controller, settings, now=lambda: t[0])
    qtbot.addWidget(view)
    push(controller, backend, [make_alarm(1, minutes_ago=5)])
    idx = view.model.index(0, view.model.COL_WAITING)
    assert view.model.data(idx) == "5分00秒"
    t[0] += dt.timedelta(seconds=2)
    qtbot.waitUntil(lambda: view.model.data(idx) == "5分02秒", timeout=3000)


def test_queue_mute_checkbox_follows_notifier(qtbot, controller, backend, settings, notifier):
    view = AlarmQueueView(controller, settings, notifier=notifier)
    qtbot.addWidget(view)
    notifier.set_muted(True)
    assert view.mute.isChecked()
    view.mute.setChecked(False)
    assert not notifier.muted


def test_english_catalogue_translates_the_alarm_dialog(qtbot, settings):

    from PySide6.QtCore import QCoreApplication, QTranslator

    qm = ROOT / "resources" / "i18n" / "alarms_en.qm"
    tr = QTranslator()
    assert tr.load(str(qm))
    QCoreApplication.installTranslator(tr)
    try:
        d = AlarmDialog(make_alarm(1), settings)
        qtbot.addWidget(d)
        assert d.ack_button.text() == "Acknowledge"
        assert d.mute.text() == "Mute (Ctrl+M)"  # context of the base class, resolved on a subclass
        assert d.action.text().startswith("Next: ")
        d.close_quietly()
    finally:
        QCoreApplication.removeTranslator(tr)


def test_one_alarm_after_a_busy_start_shows_the_ordinary_dialog(qtbot, controller, backend, notifier):
    # Ten alarms raised while the console was down, acknowledged one by one; the rate (eleven within ten
    # minutes) is over the flood limit when the next one arrives, but one alarm is no flood to summarise.
    alarms = [make_alarm(i) for i in range(1, 11)]
    push(controller, backend, alarms)
    for a in alarms:
        assert notifier.flood is None and notifier.dialog.alarm.alarm_id == a.alarm_id
        notifier.dialog.fields.operator.setText("王敏")
        with qtbot.waitSignal(controller.sig_alarms_acknowledged, timeout=3000):
            notifier.dialog.ack_button.click()
    assert notifier.dialog is None
    push(controller, backend, [make_alarm(11)], new=[11])
    assert notifier.flood is None
    assert notifier.dialog is not None and notifier.dialog.alarm.alarm_id == 11
    assert len(visible_dialogs()) == 1


def test_dialog_opened_is_signalled_before_the_dialog_shows(qtbot, controller, backend, notifier):
    opened = []
    notifier.sig_dialog_opened.connect(lambda d: opened.append((type(d), d.isVisible())))
    push(controller, backend, [])
    push(controller, backend, [make_alarm(1)], new=[1])
    push(controller, backend, [make_alarm(1), make_alarm(2)], new=[2])  # queues behind the same dialog
    assert opened == [(AlarmDialog, False)] and notifier.dialog.isVisible()
    alarms = [make_alarm(i) for i in range(1, 13)]
    push(controller, backend, alarms, new=list(range(3, 13)))
    assert opened == [(AlarmDialog, False), (FloodDialog, False)] and notifier.flood.isVisible()


def test_a_complaint_alarm_shows_its_number_and_opens_no_case(qtbot, settings):
    a = make_alarm(
        7,
        case_id=None,
        case_no="投诉 #7",
        item_name="效能投诉",
        handler=None,
        rule="complaint_reply_overdue",
        rule_label="投诉答复超时",
        message="投诉 #7 未在 30 个工作日内答复（答复期限 2025-11-20）",
        days_late=None,
    )
    d = AlarmDialog(a, settings)
    qtbot.addWidget(d)
    assert d._values["case"].text() == "投诉 #7"
    assert not d.drill_button.isEnabled()
    assert "投诉" in d.action.text()
    opened: list[int] = []
    d.sig_drilldown_case.connect(opened.append)
    d._drill()
    assert opened == []
    d.close_quietly()


def test_a_rule_without_a_time_limit_says_its_finding_once(qtbot, controller, backend, notifier):
    fee = make_alarm(9, rule="fee_irregular", rule_label="收费不规范", message="实收 300 元，应收 0 元", days_late=None)
    push(controller, backend, [])
    push(controller, backend, [fee], new=[9])
    v = notifier.dialog._values
    assert (v["late"].text(), v["message"].text()) == ("—", "实收 300 元，应收 0 元")
