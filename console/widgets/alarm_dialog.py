"""Alarm dialogs: the modal for one red alarm, the flood summary, and the small operator/note dialog.

The dialogs are dumb: they draw AlarmViews and emit what the operator asked for (``sig_acknowledge``,
``sig_drilldown_case``, ``sig_mute_toggled``).  ``console.shell.alarm_notifier.AlarmNotifier`` decides when they
open and close and talks to the controller.  They are opened with ``open()`` (window-modal), never ``exec()``.

An alarm dialog cannot be dismissed with Esc or the window's close button: acknowledging ("seen") is the
way out (or the alarm being acknowledged elsewhere / no longer open).  All texts are plain text (no markup).
"""
from __future__ import annotations

from typing import Iterable, Sequence

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.domain import clock
from console.domain.snapshot import AlarmView
from console.widgets import style
from console.widgets.alarm_table import AlarmFilterProxy, AlarmTableModel, format_duration
from console.widgets.common import plain_label, repaint_column

OPERATOR_KEY = "alarms/operator"

# ---- the dark control-room theme: the shared palette of console/widgets/style.py ---------------------------
COLOURS = {
    "bg": style.BG,
    "panel": style.PANEL,
    "panel2": "#16223a",
    "grid": style.PANEL_BORDER,
    "text": style.TEXT,
    "dim": style.TEXT_DIM,
    "accent": style.ACCEPTED,
    "red": style.LIGHT["red"],
    "red_dark": style.STATE_BG["red"],
    "yellow": style.LIGHT["yellow"],
    "blue": style.LIGHT["blue"],
    "green": style.LIGHT["normal"],
    "handled": style.LIGHT["handled"],
    "amber": style.AMBER,
    "selection": "#1f4e8c",
}

CONTROL_ROOM_QSS = """
QWidget { background: %(bg)s; color: %(text)s; font-size: 18px; font-family: "%(family)s"; }
QDialog, QFrame#panel { background: %(bg)s; }
QLabel#dim { color: %(dim)s; }
QLabel#title { font-size: 32px; font-weight: bold; }
QLabel#big { font-size: 22px; }
QLabel#value { font-size: 23px; font-weight: bold; }
QLabel#action { font-size: 22px; color: %(yellow)s; font-weight: bold; }
QLabel#warning { font-size: 20px; color: %(yellow)s; font-weight: bold; }
QLabel#error { color: %(red)s; font-weight: bold; }
QLabel#info { font-size: 20px; color: %(accent)s; font-weight: bold; }
QLineEdit, QComboBox, QPlainTextEdit {
    background: %(panel2)s; border: 1px solid %(grid)s; border-radius: 4px; padding: 5px 8px;
    selection-background-color: %(selection)s;
}
QLineEdit:focus, QComboBox:focus { border: 1px solid %(accent)s; }
QComboBox QAbstractItemView { background: %(panel2)s; selection-background-color: %(selection)s; }
QPushButton {
    background: %(panel2)s; border: 1px solid %(grid)s; border-radius: 5px; padding: 10px 24px;
    font-size: 20px;
}
QPushButton:hover { border-color: %(accent)s; }
QPushButton:focus { border: 2px solid %(accent)s; }
QPushButton:disabled { color: %(dim)s; }
QPushButton#primary { background: #a8071a; border-color: %(red)s; font-weight: bold; min-width: 120px; }
QPushButton#primary:disabled { background: #3a1418; }
QPushButton#crumb { background: transparent; border: none; color: %(accent)s; padding: 4px 6px; }
QCheckBox { spacing: 8px; }
QCheckBox::indicator { width: 20px; height: 20px; border: 2px solid %(dim)s; border-radius: 3px; background: %(panel2)s; }
QCheckBox::indicator:checked { background: %(amber)s; border-color: %(amber)s; }
QScrollBar:vertical { background: %(panel)s; width: 14px; margin: 0; }
QScrollBar:horizontal { background: %(panel)s; height: 14px; margin: 0; }
QScrollBar::handle { background: %(grid)s; border-radius: 6px; min-height: 30px; min-width: 30px; }
QScrollBar::handle:hover { background: %(dim)s; }
QScrollBar::add-line, QScrollBar::sub-line { width: 0; height: 0; }
QScrollBar::add-page, QScrollBar::sub-page { background: none; }
QTableView {
    background: %(panel)s; alternate-background-color: %(panel2)s; gridline-color: %(grid)s;
    selection-background-color: %(selection)s; selection-color: %(text)s; border: 1px solid %(grid)s;
}
QHeaderView::section {
    background: %(panel2)s; color: %(dim)s; border: none; border-right: 1px solid %(grid)s;
    border-bottom: 1px solid %(grid)s; padding: 6px; font-weight: bold;
}
QTableCornerButton::section { background: %(panel2)s; border: none; }
QGroupBox { border: 1px solid %(grid)s; border-radius: 6px; margin-top: 16px; padding-top: 8px; }
QGroupBox::title { subcontrol-origin: margin; left: 10px; color: %(dim)s; }
""" % dict(COLOURS, family=style.CJK_FAMILIES[0] + '", "' + '", "'.join(style.CJK_FAMILIES[1:]))

_HEAD_A = f"background: {COLOURS['red']}; color: #ffffff; border-radius: 6px;"
_HEAD_B = f"background: {COLOURS['red_dark']}; color: #ffffff; border-radius: 6px;"


def next_action(alarm: AlarmView) -> str:
    """What the operator should do next, per rule (falls back by level)."""
    from PySide6.QtCore import QCoreApplication as C

    rule = alarm.rule or ""
    if "statutory" in rule:
        return C.translate("AlarmDialog", "已超过法定时限：请立即核查原因，督促责任单位限期整改，并启动责任追究")
    if "step" in rule:
        return C.translate("AlarmDialog", "环节超时：请核查该环节承办人，督促立即办理并说明原因")
    if "supplement" in rule or "notice" in rule:
        return C.translate("AlarmDialog", "补正告知超期：请核查是否一次性告知，督促单位整改")
    if "fee" in rule:
        return C.translate("AlarmDialog", "收费异常：请核对应收、实收及减免依据，督促单位说明情况")
    if "offline" in rule or "integrity" in rule:
        return C.translate("AlarmDialog", "疑似体外循环或环节缺失：请调阅办件记录，核实办理过程")
    if alarm.level == "red":
        return C.translate("AlarmDialog", "请立即核查原因，督促责任单位限期整改")
    return C.translate("AlarmDialog", "请关注办理进度，提醒责任单位按时办结")


def how_late(alarm: AlarmView) -> str:
    from PySide6.QtCore import QCoreApplication as C

    if alarm.days_late is not None and alarm.days_late > 0:
        return C.translate("AlarmDialog", "超期 {n} 个工作日").format(n=alarm.days_late)
    if alarm.days_late == 0:
        return C.translate("AlarmDialog", "今日到期")
    return alarm.message or "—"


_label = plain_label  # data from the approval systems is shown literally


class _OperatorFields(QWidget):
    """Operator name (remembered in QSettings) and an optional note."""

    def __init__(self, settings: QSettings, parent=None):
        super().__init__(parent)
        self._settings = settings
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.operator = QLineEdit(str(settings.value(OPERATOR_KEY, "") or ""))
        self.operator.setPlaceholderText(self.tr("值班员姓名"))
        self.operator.setObjectName("operator")
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("可选：备注"))
        self.note.setObjectName("note")
        form.addRow(_label(self.tr("确认人")), self.operator)
        form.addRow(_label(self.tr("备注")), self.note)

    def values(self) -> tuple[str, str | None] | None:
        name = self.operator.text().strip()
        if not name:
            self.operator.setFocus()
            return None
        self._settings.setValue(OPERATOR_KEY, name)
        note = self.note.text().strip() or None
        return name, note


class AckDialog(QDialog):
    """Small dialog asking who acknowledges and an optional note (open() it, then read ``values``).

    Signals: ``sig_confirmed(operator: str, note: str | None)`` once the operator pressed OK with a name.
    """

    sig_confirmed = Signal(str, object)

    def __init__(self, settings: QSettings, count: int, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("确认告警"))
        self.setStyleSheet(CONTROL_ROOM_QSS)
        lay = QVBoxLayout(self)
        lay.addWidget(_label(self.tr("确认 {n} 条告警（确认表示“已看到”，不代表已整改）").format(n=count), "big", True))
        self.fields = _OperatorFields(settings, self)
        lay.addWidget(self.fields)
        self.error = _label("", "error")
        lay.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确认"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.values: tuple[str, str | None] | None = None
        if self.fields.operator.text():
            self.fields.note.setFocus()

    def accept(self) -> None:
        v = self.fields.values()
        if v is None:
            self.error.setText(self.tr("请填写确认人姓名"))
            return
        self.values = v
        super().accept()
        self.sig_confirmed.emit(*v)


class _AlarmDialogBase(QDialog):
    sig_acknowledge = Signal(object, str, object)  # list[int] alarm ids, operator, note (str | None)
    sig_drilldown_case = Signal(int)
    sig_mute_toggled = Signal(bool)

    def __init__(self, settings: QSettings, muted: bool, parent=None):
        super().__init__(parent)
        self.setStyleSheet(CONTROL_ROOM_QSS)
        self._allow_close = False
        self._flash_on = False
        self._flash = QTimer(self)
        self._flash.setInterval(500)
        self._flash.timeout.connect(self._toggle_flash)
        self.fields = _OperatorFields(settings, self)
        self.mute = QCheckBox(self.tr("静音 (Ctrl+M)"))
        self.mute.setChecked(muted)
        self.mute.toggled.connect(self.sig_mute_toggled)
        sc = QShortcut(QKeySequence("Ctrl+M"), self)
        sc.setContext(Qt.ShortcutContext.WindowShortcut)
        sc.activated.connect(self.mute.toggle)
        self.status = _label("", "info", True)
        self.status.hide()
        self.error = _label("", "error", True)
        self.error.hide()
        self.header = QFrame()
        self.header.setStyleSheet(_HEAD_A)

    # -- closing is ours to decide -----------------------------------------------------------------
    def reject(self) -> None:  # Esc / window close button
        if self._allow_close:
            super().reject()

    def close_quietly(self) -> None:
        self._allow_close = True
        self._flash.stop()
        self.done(QDialog.DialogCode.Rejected)
        self.deleteLater()

    # -- state shown -------------------------------------------------------------------------------
    def set_muted(self, muted: bool) -> None:
        if self.mute.isChecked() != muted:
            self.mute.blockSignals(True)
            self.mute.setChecked(muted)
            self.mute.blockSignals(False)

    def set_busy(self, busy: bool) -> None:
        self.ack_button.setEnabled(not busy)
        if busy:
            self.error.hide()

    def show_error(self, text: str) -> None:
        self.set_busy(False)
        self.error.setText(text)
        self.error.show()

    def show_info(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()

    def start_flashing(self) -> None:
        self._flash.start()

    def stop_flashing(self) -> None:
        self._flash.stop()
        self.header.setStyleSheet(_HEAD_A)

    def realert(self) -> None:
        """Bring the dialog back to the operator's attention (30 s unacknowledged)."""
        from PySide6.QtWidgets import QApplication

        self.show()
        self.raise_()
        self.activateWindow()
        QApplication.alert(self)
        self.start_flashing()

    def _toggle_flash(self) -> None:
        self._flash_on = not self._flash_on
        self.header.setStyleSheet(_HEAD_B if self._flash_on else _HEAD_A)

    def _ack_clicked(self) -> None:
        v = self.fields.values()
        if v is None:
            self.show_error(self.tr("请填写确认人姓名"))
            return
        self.set_busy(True)
        self.sig_acknowledge.emit(self.alarm_ids(), v[0], v[1])

    def alarm_ids(self) -> list[int]:  # pragma: no cover - abstract
        raise NotImplementedError


class AlarmDialog(_AlarmDialogBase):
    """The modal for one new red alarm.

    ``AlarmDialog(alarm, settings, parent=None, muted=False)``; ``set_alarm`` swaps the alarm shown (the
    notifier queues red alarms and shows one dialog at a time); ``set_queue_count(n)`` shows how many more wait.
    """

    def __init__(self, alarm: AlarmView, settings: QSettings, parent=None, muted: bool = False):
        super().__init__(settings, muted, parent)
        self.setWindowTitle(self.tr("红色告警"))
        self.setMinimumWidth(880)
        lay = QVBoxLayout(self)
        lay.setSpacing(12)

        hl = QHBoxLayout(self.header)
        self.title = _label("", "title")
        self.title.setStyleSheet("background: transparent;")
        self.queue_label = _label("", "big")
        self.queue_label.setStyleSheet("background: transparent;")
        hl.addWidget(self.title, 1)
        hl.addWidget(self.queue_label)
        lay.addWidget(self.header)

        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(8)
        self._values: dict[str, QLabel] = {}
        rows = [
            ("unit", self.tr("责任单位")), ("case", self.tr("办件编号")), ("item", self.tr("事项")),
            ("handler", self.tr("承办人")), ("rule", self.tr("监察规则")), ("late", self.tr("超期情况")),
            ("since", self.tr("告警时间")), ("message", self.tr("告警内容")),
        ]
        for i, (key, text) in enumerate(rows):
            grid.addWidget(_label(text, "dim"), i, 0, Qt.AlignmentFlag.AlignTop)
            v = _label("", "value", True)
            v.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(v, i, 1)
            self._values[key] = v
        grid.setColumnStretch(1, 1)
        lay.addLayout(grid)

        box = QFrame()
        box.setStyleSheet(f"border: 2px solid {COLOURS['yellow']}; border-radius: 6px;")
        bl = QVBoxLayout(box)
        self.action = _label("", "action", True)
        self.action.setStyleSheet("border: none;")
        bl.addWidget(self.action)
        lay.addWidget(box)

        lay.addWidget(self.fields)
        lay.addWidget(self.status)
        lay.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.mute)
        buttons.addStretch(1)
        self.drill_button = QPushButton(self.tr("查看办件"))
        self.drill_button.clicked.connect(lambda: self.sig_drilldown_case.emit(self._alarm.case_id))
        self.ack_button = QPushButton(self.tr("确认"))
        self.ack_button.setObjectName("primary")
        self.ack_button.setDefault(True)
        self.ack_button.clicked.connect(self._ack_clicked)
        buttons.addWidget(self.drill_button)
        buttons.addWidget(self.ack_button)
        lay.addLayout(buttons)
        self.set_alarm(alarm)

    @property
    def alarm(self) -> AlarmView:
        return self._alarm

    def alarm_ids(self) -> list[int]:
        return [self._alarm.alarm_id]

    def set_alarm(self, alarm: AlarmView) -> None:
        self._alarm = alarm
        self.title.setText(self.tr("红色告警：{rule}").format(rule=alarm.rule_label))
        v = self._values
        v["unit"].setText(alarm.unit_name)
        v["case"].setText(alarm.case_no)
        v["item"].setText(alarm.item_name)
        v["handler"].setText(alarm.handler or "—")
        v["rule"].setText(alarm.rule_label)
        v["late"].setText(how_late(alarm))
        v["since"].setText(alarm.raised_at.strftime("%Y-%m-%d %H:%M:%S"))
        v["message"].setText(alarm.message or "—")
        self.action.setText(self.tr("下一步：") + next_action(alarm))
        self.status.hide()
        self.error.hide()
        self.fields.note.clear()
        self.set_busy(False)
        if self.fields.operator.text():
            self.ack_button.setFocus()
        else:
            self.fields.operator.setFocus()

    def set_queue_count(self, waiting: int) -> None:
        self.queue_label.setText(self.tr("另有 {n} 条待确认").format(n=waiting) if waiting else "")


class FloodDialog(_AlarmDialogBase):
    """One summary instead of a stack of modals when more than N new red alarms arrive within the window."""

    def __init__(self, settings: QSettings, parent=None, muted: bool = False,
                 now=clock.now):
        super().__init__(settings, muted, parent)
        self.setWindowTitle(self.tr("告警洪流"))
        self.resize(1280, 760)
        lay = QVBoxLayout(self)
        lay.setSpacing(10)
        hl = QHBoxLayout(self.header)
        self.title = _label("", "title")
        self.title.setStyleSheet("background: transparent;")
        hl.addWidget(self.title, 1)
        lay.addWidget(self.header)
        lay.addWidget(_label(self.tr("短时间内新增大量告警，已汇总显示。请逐条核查，或确认已看到全部告警。"), "big", True))

        self.model = AlarmTableModel(self, now=now)
        self.proxy = AlarmFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(AlarmTableModel.COL_SINCE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setColumnHidden(AlarmTableModel.COL_STATUS, True)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(AlarmTableModel.COL_ITEM, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._drill)
        lay.addWidget(self.table, 1)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self.model.tick)
        self.model.ticked.connect(lambda: repaint_column(self.table, AlarmTableModel.COL_WAITING))
        self._tick.start()

        self.action = _label(self.tr("下一步：请立即核查原因，督促责任单位限期整改；必要时启动督办"), "action", True)
        lay.addWidget(self.action)
        lay.addWidget(self.fields)
        lay.addWidget(self.status)
        lay.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.mute)
        buttons.addStretch(1)
        self.drill_button = QPushButton(self.tr("查看办件"))
        self.drill_button.clicked.connect(self._drill)
        self.ack_button = QPushButton(self.tr("全部确认"))
        self.ack_button.setObjectName("primary")
        self.ack_button.setDefault(True)
        self.ack_button.clicked.connect(self._ack_clicked)
        buttons.addWidget(self.drill_button)
        buttons.addWidget(self.ack_button)
        lay.addLayout(buttons)
        self._update_title()

    def alarm_ids(self) -> list[int]:
        return self.model.keys()

    def add_alarms(self, alarms: Iterable[AlarmView]) -> None:
        current = {a.alarm_id: a for a in self.model.records()}
        for a in alarms:
            current[a.alarm_id] = a
        self.model.set_alarms(list(current.values()))
        self.set_busy(False)
        self._update_title()

    def remove_alarms(self, alarm_ids: Iterable[int]) -> None:
        drop = set(alarm_ids)
        self.model.set_alarms([a for a in self.model.records() if a.alarm_id not in drop])
        self._update_title()

    def _update_title(self) -> None:
        self.title.setText(self.tr("告警洪流：{n} 条红色告警待确认").format(n=self.model.rowCount()))

    def _drill(self, *_args) -> None:
        idx = self.table.currentIndex()
        if not idx.isValid() and self.proxy.rowCount():
            idx = self.proxy.index(0, 0)
        if idx.isValid():
            src = self.proxy.mapToSource(idx)
            self.sig_drilldown_case.emit(self.model.alarm(src.row()).case_id)


__all__ = [
    "AckDialog", "AlarmDialog", "FloodDialog", "CONTROL_ROOM_QSS", "COLOURS", "OPERATOR_KEY", "next_action",
    "how_late", "format_duration", "Sequence",
]
