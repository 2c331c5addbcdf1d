"""Alarm dialogs: the modal for one red alarm, the flood summary, and the small operator/note dialog.

The dialogs are dumb: they draw AlarmViews and emit what the operator asked for (``sig_acknowledge``,
``sig_drilldown_case``, ``sig_mute_toggled``, ``sig_set_aside``).  ``console.shell.alarm_notifier.AlarmNotifier``
decides when they open and close and talks to the controller.

The alarm dialogs are **modeless** windows kept above their parent window (a transient of it): with one monitor
the alarm queue (filters, search, Space, Ctrl+A) and the log-in dialog must stay reachable while a red is
pending.  Esc or the window's close button *sets the alarm aside* (``sig_set_aside``): the dialog hides, the
alarm stays pending in the queue, the sound goes on, and the notifier brings it back (F9, or by itself after the
re-alert interval).  Only acknowledging ("seen") ends an alarm (or its being acknowledged elsewhere / no longer
open).  查看办件 sets the dialog aside too, so that the case comes in front with the keyboard focus.  All texts
are plain text (no markup).

Hooks for what other rooms add, called by whoever opens the dialog (``ControlRoom`` wires them):

* ``set_identity(name, read_only, tooltip)`` on all three dialogs: who acknowledges (the logged-in operator's
  name, not to be typed over);
* ``AlarmDialog.add_action_row(label, buttons)``: a row of further actions on the alarm shown (the
  supervision actions); ``action_buttons`` maps each button's object name to it.

Their look is console/widgets/style.py's (``QFrame#alarm_header[flash]``, ``QLineEdit#operator:read-only``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QCoreApplication as C
from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
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
from console.domain.errors import UserError
from console.domain.snapshot import AlarmView
from console.domain.text import typed_text
from console.widgets import style
from console.widgets.alarm_table import AlarmFilterProxy, AlarmTableModel, format_duration
from console.widgets.common import CappedLabel, fit_to_content, plain_label, raise_window, repaint_column
from console.widgets.data_texts import rule_text

OPERATOR_KEY = "alarms/operator"


def next_action(alarm: AlarmView) -> str:
    """What the operator should do next, per rule (falls back by level)."""
    rule = alarm.rule or ""
    if rule.startswith("complaint_"):
        return C.translate("AlarmDialog", "投诉逾期：请督促责任单位立即作出受理决定或答复投诉人，并说明逾期原因")
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
    if alarm.days_late is not None and alarm.days_late > 0:
        return C.translate("AlarmDialog", "超期 {n} 个工作日").format(n=alarm.days_late)
    if alarm.days_late == 0:
        return C.translate("AlarmDialog", "今日到期")
    return "—"  # a rule without a time limit (收费不规范 …): its finding is the 告警内容 line below


_label = plain_label  # data from the approval systems is shown literally


class _OperatorFields(QWidget):
    """Operator name (remembered in QSettings; or the logged-in operator's, see ``set_identity``) and an
    optional note."""

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

    def set_identity(self, name: str | None, read_only: bool, tooltip: str = "") -> None:
        """Show ``name`` (None keeps what is there) as the one who acknowledges; ``read_only``: it is the
        logged-in operator, shown as a fact rather than a field to type over."""
        if name is not None:
            self.operator.setText(name)
        self.operator.setReadOnly(read_only)
        self.operator.setToolTip(tooltip)
        style.repolish(self.operator, children=False)  # :read-only is a selector of the stylesheet
        if read_only and self.window().focusWidget() is self.operator:
            self.note.setFocus()

    def focus_entry(self) -> None:
        """The keyboard to where the operator types: the name when none is there, else the note (a button with
        the focus took a typed space as "acknowledge" and lost what was typed)."""
        if self.operator.text().strip() or self.operator.isReadOnly():
            self.note.setFocus()
        else:
            self.operator.setFocus()

    def values(self) -> tuple[str, str | None] | None:
        name = self.operator.text().strip()
        if not name:
            self.operator.setFocus()
            return None
        self._settings.setValue(OPERATOR_KEY, name)
        note = self.note.text().strip() or None
        return name, note


def _typed_problem(operator: str, note: str | None) -> str | None:
    """The backend's refusal of typed text (console/domain/text.py ``typed_text``, also checked in
    ``Backend.acknowledge``), shown in the dialog before anything is sent: the dialog stays open to correct it."""
    try:
        typed_text("值班员", operator)
        typed_text("确认备注", note, multiline=True)
    except UserError as exc:
        return str(exc)
    return None


class AckDialog(QDialog):
    """Small dialog asking who acknowledges and an optional note (open() it, then read ``values``).

    Signals: ``sig_confirmed(operator: str, note: str | None)`` once the operator pressed OK with a name.
    """

    sig_confirmed = Signal(str, object)

    def __init__(self, settings: QSettings, count: int, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("确认告警"))
        lay = QVBoxLayout(self)
        lay.addWidget(_label(self.tr("确认 {n} 条告警（确认表示“已看到”，不代表已整改）").format(n=count), "big", True))
        self.fields = _OperatorFields(settings, self)
        lay.addWidget(self.fields)
        self.error = _label("", "error", True)  # wrapped: a typed_text refusal is wider than the dialog
        self.error.hide()
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

    def set_identity(self, name: str | None, read_only: bool, tooltip: str = "") -> None:
        """Who acknowledges (see ``_OperatorFields.set_identity``)."""
        self.fields.set_identity(name, read_only, tooltip)

    def accept(self) -> None:
        v = self.fields.values()
        problem = self.tr("请填写确认人姓名") if v is None else _typed_problem(*v)
        if v is None or problem:
            self._refuse(problem or "")
            return
        self.values = v
        super().accept()
        self.sig_confirmed.emit(*v)

    def _refuse(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        # the dialog kept the size of its first show: the refusal's lines went under the buttons, or one unwrapped
        # line pushed them past the edge; grow to hold it (as the forms do), never shrink
        if self.isVisible():
            fit_to_content(self, grow_only=True)


class _AlarmDialogBase(QDialog):
    sig_acknowledge = Signal(object, str, object)  # list[int] alarm ids, operator, note (str | None)
    sig_drilldown_case = Signal(int)
    sig_mute_toggled = Signal(bool)
    #: the operator set the dialog aside (Esc, close button, 查看办件): the alarm stays pending in the queue
    sig_set_aside = Signal()
    #: the dialog came on screen (opened, brought back, re-alerted): what the desk said of it set aside is past
    sig_shown = Signal()
    #: Alt+1…9 in the dialog: show that tab of the window it stands over (its shortcuts are window-scoped)
    sig_show_tab = Signal(int)

    def __init__(self, settings: QSettings, muted: bool, parent=None):
        super().__init__(parent)
        self.setModal(False)
        self._allow_close = False
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
        for key in ("Ctrl+Return", "Ctrl+Enter"):  # 查看办件, as in the alarm queue
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.ShortcutContext.WindowShortcut)
            sc.activated.connect(self._drill)
        for n in range(1, 10):
            sc = QShortcut(QKeySequence(f"Alt+{n}"), self)
            sc.setContext(Qt.ShortcutContext.WindowShortcut)
            sc.activated.connect(lambda n=n: self.sig_show_tab.emit(n - 1))
        self.status = _label("", "info", True)
        self.status.hide()
        self.error = _label("", "error", True)
        self.error.hide()
        self.header = QFrame()
        self.header.setObjectName("alarm_header")
        self.header.setProperty("flash", False)  # the dark phase of the flashing header

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not event.spontaneous():  # our show(), not the window manager restoring a minimised window
            self.sig_shown.emit()

    # -- closing is ours to decide -----------------------------------------------------------------
    def reject(self) -> None:  # Esc / window close button: set aside, never dismissed
        if self._allow_close:
            super().reject()
            return
        self.set_aside()

    def set_aside(self) -> None:
        """Hide the dialog; the alarm stays pending (the notifier brings it back)."""
        if self.isVisible():
            self.hide()
            self.sig_set_aside.emit()

    def bring_back(self, activate: bool = True) -> None:
        """Show the dialog again above its window (``activate``: with the keyboard focus)."""
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, not activate)
        working_here = self.isVisible() and self.isActiveWindow()
        self._fit()
        self.show()
        if activate:
            if not working_here:  # an operator tabbing through the dialog keeps the place a re-alert finds them at
                self._focus_start()
            # in front *with the keyboard*: a dialog re-presented while its window had the focus (re-alert, F9)
            # left Esc to that window, which left full screen instead of setting the alarm aside.  activateWindow
            # also where raise_window does nothing (the offscreen platform activates, it only cannot raise)
            raise_window(self)
            self.activateWindow()

    def _focus_start(self) -> None:
        """Where the keyboard is when the dialog comes (back) on screen: the name or the note.  Qt would give it
        back to the last focus widget, a button the operator had tabbed to, where a stray space acknowledged."""
        self.fields.focus_entry()

    def _button(self, text: str) -> QPushButton:
        # Tab reaches it, a click does not keep the focus on it: Space typed afterwards is the note's, not a
        # press (Enter still presses the default button from anywhere in the dialog)
        b = QPushButton(text)
        b.setAutoDefault(False)
        b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        return b

    def _fit(self) -> None:
        scr = (self.parentWidget() or self).screen()
        if scr is not None:  # a 1366×768 laptop: the flood summary's 1280×760 would not fit with its frame
            avail = scr.availableGeometry()
            self.resize(min(self.width(), int(avail.width() * 0.95)), min(self.height(), int(avail.height() * 0.9)))

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

    def set_identity(self, name: str | None, read_only: bool, tooltip: str = "") -> None:
        """Who acknowledges (see ``_OperatorFields.set_identity``)."""
        self.fields.set_identity(name, read_only, tooltip)

    def set_busy(self, busy: bool) -> None:
        self.ack_button.setEnabled(not busy)
        if busy:
            self.error.hide()

    def show_error(self, text: str) -> None:
        self.set_busy(False)
        self.error.setText(text)
        self.error.show()
        self._refit()

    def show_info(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()
        self._refit()

    def _refit(self) -> None:
        # a line shown while the dialog shows (a refusal, who acknowledged first) pushed the buttons below its edge:
        # grow to hold it, never shrink (the flood summary's clamp to the screen alone left it squeezed)
        if self.isVisible():
            fit_to_content(self, grow_only=True)

    def start_flashing(self) -> None:
        self._flash.start()

    def stop_flashing(self) -> None:
        self._flash.stop()
        style.set_state(self.header, flash=False)

    def realert(self, activate: bool = True) -> None:
        """Bring the dialog back to the operator's attention (30 s unacknowledged).  ``activate`` False (the
        console is locked or nobody logged in): flash and ask for attention, but stay below the log-in."""
        self.bring_back(activate)
        QApplication.alert(self)
        self.start_flashing()

    def _toggle_flash(self) -> None:
        style.set_state(self.header, flash=not self.header.property("flash"))

    def _ack_clicked(self) -> None:
        v = self.fields.values()
        if v is None:
            self.show_error(self.tr("请填写确认人姓名"))
            return
        problem = _typed_problem(*v)
        if problem:
            self.show_error(problem)
            return
        self.set_busy(True)
        self.sig_acknowledge.emit(self.alarm_ids(), v[0], v[1])

    def alarm_ids(self) -> list[int]:  # pragma: no cover - abstract
        raise NotImplementedError

    def _drill(self, *_args) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


class AlarmDialog(_AlarmDialogBase):
    """The modal for one new red alarm.

    ``AlarmDialog(alarm, settings, parent=None, muted=False)``; ``set_alarm`` swaps the alarm shown (the
    notifier queues red alarms and shows one dialog at a time); ``set_queue_count(n)`` shows how many more wait.
    """

    _TWO_LINES = frozenset({"late", "message"})  # the others: one line

    def __init__(self, alarm: AlarmView, settings: QSettings, parent=None, muted: bool = False):
        super().__init__(settings, muted, parent)
        self.setWindowTitle(self.tr("红色告警"))
        self.setMinimumWidth(880)
        lay = QVBoxLayout(self)
        lay.setSpacing(8)

        hl = QHBoxLayout(self.header)
        self.title = _label("", "title")
        self.queue_label = _label("", "big")
        hl.addWidget(self.title, 1)
        hl.addWidget(self.queue_label)
        lay.addWidget(self.header)

        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(8)
        self._values: dict[str, QLabel] = {}
        # (key, label, row, column): the short ones in pairs, the long ones across; at most two lines each (the
        # names one), then "…" and the whole text as tooltip: with a refusal line and the action row the dialog
        # still holds its buttons on a 1366×768 screen (728 px available)
        cells = [
            ("unit", self.tr("责任单位"), 0, 0),
            ("case", self.tr("办件编号"), 0, 2),
            ("item", self.tr("事项"), 1, 0),
            ("handler", self.tr("承办人"), 2, 0),
            ("since", self.tr("告警时间"), 2, 2),
            ("rule", self.tr("监察规则"), 3, 0),
            ("late", self.tr("超期情况"), 4, 0),
            ("message", self.tr("告警内容"), 5, 0),
        ]
        for key, text, r, c in cells:
            grid.addWidget(_label(text, "dim"), r, c, Qt.AlignmentFlag.AlignTop)
            v = CappedLabel(2 if key in self._TWO_LINES else 1, "value")
            v.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(v, r, c + 1, 1, 1 if key in ("unit", "case", "handler", "since") else 3)
            self._values[key] = v
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        lay.addLayout(grid)

        box = QFrame()
        box.setObjectName("next_action")
        bl = QVBoxLayout(box)
        self.action = _label("", "action", True)
        bl.addWidget(self.action)
        lay.addWidget(box)

        lay.addWidget(self.fields)
        lay.addWidget(self.status)
        lay.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.mute)
        buttons.addStretch(1)
        self.drill_button = self._button(self.tr("查看办件 (Ctrl+Enter)"))
        self.drill_button.clicked.connect(self._drill)
        self.ack_button = self._button(self.tr("确认"))
        self.ack_button.setObjectName("primary")
        self.ack_button.setDefault(True)
        self.ack_button.clicked.connect(self._ack_clicked)
        buttons.addWidget(self.drill_button)
        buttons.addWidget(self.ack_button)
        lay.addLayout(buttons)
        self.action_buttons: dict[str, QPushButton] = {}
        self.set_alarm(alarm)

    @property
    def alarm(self) -> AlarmView:
        return self._alarm

    def _drill(self, *_args) -> None:
        # the case must come in front with the focus: a dialog left on top would keep the keyboard (Enter would
        # open the same case again); the alarm waits in the queue (F9 brings it back)
        case_id = self._alarm.case_id
        if case_id is None:  # a complaint's alarm has no case to open
            return
        self.set_aside()
        self.sig_drilldown_case.emit(case_id)

    def alarm_ids(self) -> list[int]:
        return [self._alarm.alarm_id]

    def set_alarm(self, alarm: AlarmView) -> None:
        self._alarm = alarm
        self.title.setText(self.tr("红色告警：{rule}").format(rule=rule_text(alarm.rule, alarm.rule_label)))
        v = self._values
        v["unit"].setText(alarm.unit_name)
        v["case"].setText(alarm.case_no)  # a complaint's alarm: 投诉 #id, no case to open
        self.drill_button.setEnabled(alarm.case_id is not None)
        v["item"].setText(alarm.item_name)
        v["handler"].setText(alarm.handler or "—")
        v["rule"].setText(rule_text(alarm.rule, alarm.rule_label))
        v["late"].setText(how_late(alarm))
        v["since"].setText(alarm.raised_at.strftime("%Y-%m-%d %H:%M:%S"))
        v["message"].setText(alarm.message or "—")
        self.action.setText(self.tr("下一步：") + next_action(alarm))
        self.status.hide()
        self.error.hide()
        self.fields.note.clear()
        self.set_busy(False)
        if self.isVisible():  # the next alarm's texts may wrap into more lines
            self._fit()
        self.fields.focus_entry()  # typing goes into the note; Enter (the default button) acknowledges

    def _fit(self) -> None:
        # as tall as its wrapped texts (超期情况, 告警内容 of a long message): a size kept from before clipped
        # their second lines; wider rather than taller where the screen is short (1366×768); never smaller
        fit_to_content(self, grow_only=True)

    def set_queue_count(self, waiting: int) -> None:
        self.queue_label.setText(self.tr("另有 {n} 条待确认").format(n=waiting) if waiting else "")

    def add_action_row(self, label: str, buttons: Sequence[QPushButton]) -> None:
        """A row of further actions on the alarm shown, above the dialog's own buttons (Enter stays with 确认).

        The caller connects the buttons (reading ``alarm`` when clicked: the dialog is reused for the next
        alarm); ``action_buttons[object name]`` finds them again.
        """
        row = QHBoxLayout()
        row.addWidget(_label(label, "dim"))
        for b in buttons:
            b.setAutoDefault(False)
            row.addWidget(b)
            self.action_buttons[b.objectName()] = b
        row.addStretch(1)
        lay = self.layout()
        lay.insertLayout(lay.count() - 1, row)


class FloodDialog(_AlarmDialogBase):
    """One summary instead of a stack of modals when more than N new red alarms arrive within the window."""

    def __init__(self, settings: QSettings, parent=None, muted: bool = False, now=clock.now):
        super().__init__(settings, muted, parent)
        self.setWindowTitle(self.tr("告警洪流"))
        self.resize(1280, 760)
        lay = QVBoxLayout(self)
        lay.setSpacing(10)
        hl = QHBoxLayout(self.header)
        self.title = _label("", "title")
        hl.addWidget(self.title, 1)
        lay.addWidget(self.header)
        lay.addWidget(
            _label(self.tr("短时间内新增大量告警，已汇总显示。请逐条核查，或确认已看到全部告警。"), "big", True)
        )

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
        # the waiting time changes every second without a model signal, so ResizeToContents never re-measures
        # it: a fixed width that holds its widest form (format_duration)
        hh.setSectionResizeMode(AlarmTableModel.COL_WAITING, QHeaderView.ResizeMode.Fixed)
        self._fit_waiting()
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
        self.drill_button = self._button(self.tr("查看办件 (Ctrl+Enter)"))
        self.drill_button.clicked.connect(self._drill)
        self.ack_button = self._button(self.tr("全部确认"))
        self.ack_button.setObjectName("primary")
        self.ack_button.setDefault(True)
        self.ack_button.clicked.connect(self._ack_clicked)
        buttons.addWidget(self.drill_button)
        buttons.addWidget(self.ack_button)
        lay.addLayout(buttons)
        self._update_title()

    def _fit_waiting(self) -> None:
        fm = self.table.fontMetrics()
        samples = (9 * 86400 + 23 * 3600, 23 * 3600 + 59 * 60, 59 * 60 + 59, 99_999 * 86400)
        widest = max(fm.horizontalAdvance(format_duration(s)) for s in samples)
        col = AlarmTableModel.COL_WAITING
        self.table.setColumnWidth(col, max(widest + 24, self.table.horizontalHeader().sectionSizeHint(col)))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._fit_waiting()  # polished by now: the stylesheet's font, larger than at construction

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
            case_id = self.model.alarm(src.row()).case_id
            if case_id is None:  # a complaint's alarm has no case to open
                return
            self.set_aside()
            self.sig_drilldown_case.emit(case_id)


__all__ = [
    "OPERATOR_KEY",
    "AckDialog",
    "AlarmDialog",
    "FloodDialog",
    "format_duration",
    "how_late",
    "next_action",
]
