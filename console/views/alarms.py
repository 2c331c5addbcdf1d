"""The alarm queue: every open alarm of the snapshot, filterable, acknowledged from the keyboard.

Keys (in the table): Space / Enter / Return acknowledge the selected alarms (a small dialog asks who, plus an
optional note; the name is remembered), Ctrl+A selects all, double-click or Ctrl+Enter opens the case.
The waiting time column moves every second (``AlarmTableModel.tick``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
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
from console.widgets.alarm_dialog import AckDialog
from console.widgets.alarm_table import LEVEL_COLOURS, AlarmFilterProxy, AlarmTableModel
from console.widgets.common import repaint_column
from console.widgets.data_texts import engine_down_text, rule_text
from console.widgets.replay import ReplayControl


class AlarmTable(QTableView):
    """QTableView whose Space/Enter mean "acknowledge the selection" and Ctrl+Enter "open the case"."""

    sig_acknowledge_selected = Signal()
    sig_open_current = Signal()

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.sig_open_current.emit()
            return
        if (
            key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.sig_acknowledge_selected.emit()
            return
        super().keyPressEvent(event)


class AlarmQueueView(QWidget):
    """``AlarmQueueView(controller, settings, notifier=None, parent=None, now=datetime.now)``.

    Signals: ``sig_drilldown_case(case_id)``, ``sig_ack_dialog_opened(AckDialog)``.  Slots:
    ``on_snapshot(snapshot)``, ``acknowledge_selected()``.  With a ``notifier`` it shows the mute checkbox
    (Ctrl+M while the queue has focus).
    """

    sig_drilldown_case = Signal(int)
    #: the acknowledgement dialog was created and is about to open (ControlRoom fills in the logged-in operator)
    sig_ack_dialog_opened = Signal(object)
    #: acting on the queue became allowed or not (a replay asked for or shown, back to live shown)
    sig_acting_changed = Signal(bool)

    def __init__(
        self, controller, settings: QSettings, notifier=None, parent=None, now: Callable[[], dt.datetime] = clock.now
    ):
        super().__init__(parent)
        self.controller = controller
        self.settings = settings
        self.notifier = notifier
        self.model = AlarmTableModel(self, now=now)
        self.proxy = AlarmFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.ack_dialog: AckDialog | None = None

        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title = QLabel(self.tr("告警队列"))
        self.title.setObjectName("title")
        self.count = QLabel("")
        self.count.setObjectName("big")
        top.addWidget(self.title)
        top.addSpacing(20)
        top.addWidget(self.count)
        top.addStretch(1)
        # the desk's time control: replay (回放) any past moment, then back to live
        self.replay = ReplayControl(now=now)
        self.replay.sig_replay.connect(lambda at: controller.set_replay(at))
        self.replay.sig_live.connect(lambda: controller.set_replay(None))
        self.replay.sig_live.connect(self._clear_replay_messages)  # also without the controller's listeners
        top.addWidget(self.replay)
        self.stale = QLabel("")
        self.stale.setObjectName("warning")
        self.stale.setTextFormat(Qt.TextFormat.PlainText)  # carries the database's error text: never markup
        top.addWidget(self.stale)
        lay.addLayout(top)

        filters = QHBoxLayout()
        self.level = QComboBox()
        self.level.addItem(self.tr("全部级别"), "")
        self.level.addItem(self.tr("红"), "red")
        self.level.addItem(self.tr("黄"), "yellow")
        self.level.currentIndexChanged.connect(lambda: self.proxy.set_level(self.level.currentData()))
        self.rule = QComboBox()
        self.rule.addItem(self.tr("全部规则"), "")
        self.rule.currentIndexChanged.connect(lambda: self.proxy.set_rule(self.rule.currentData()))
        self.kind = QComboBox()
        self.kind.addItem(self.tr("全部单位"), "")
        self.kind.addItem(self.tr("市级部门"), "department")
        self.kind.addItem(self.tr("区（市）县"), "district")
        self.kind.currentIndexChanged.connect(lambda: self.proxy.set_unit_kind(self.kind.currentData()))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("搜索单位、办件编号、事项、承办人…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_text)
        for w in (self.level, self.rule, self.kind):
            filters.addWidget(w)
        filters.addWidget(self.search, 1)
        if notifier is not None:
            self.mute = QCheckBox(self.tr("静音 (Ctrl+M)"))
            self.mute.setChecked(notifier.muted)
            self.mute.toggled.connect(notifier.set_muted)
            notifier.sig_muted_changed.connect(self._on_muted)
            notifier.sig_mute_refused.connect(self.feedback_text)
            self._notifier = notifier
            sc = QShortcut(QKeySequence("Ctrl+M"), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(self.mute.toggle)
            filters.addWidget(self.mute)
        self.replay_at: dt.datetime | None = None  # the moment the queue shown stood at (None: live)
        self.replay_asked: dt.datetime | None = None  # the moment the desk asked for (the client refuses from then)
        self._replay_feedback = ""  # the status line's refusal while replaying (cleared back in live)
        # the client refuses work from the click on (app.link_replay): the buttons say so from the click on too
        listeners = getattr(controller, "replay_listeners", None)
        if listeners is not None:
            listeners.append(self._on_replay_asked)
        self.ack_button = QPushButton(self.tr("确认所选 (空格)"))
        self.ack_button.setObjectName("primary")
        self.ack_button.clicked.connect(self.acknowledge_selected)
        filters.addWidget(self.ack_button)
        lay.addLayout(filters)

        # the desk's alarm for an engine that is not running: the queue stays empty then, not because all is well
        self.engine_down = QLabel("")
        self.engine_down.setObjectName("engine_down")
        self.engine_down.setTextFormat(Qt.TextFormat.PlainText)
        self.engine_down.setWordWrap(True)
        self.engine_down.hide()
        lay.addWidget(self.engine_down)

        # the desk's alarm for silent feeds (数据中断): units whose approval system has gone quiet
        self.feeds = QLabel("")
        self.feeds.setObjectName("feeds_silent")
        self.feeds.setTextFormat(Qt.TextFormat.PlainText)
        self.feeds.setWordWrap(True)
        self.feeds.hide()
        lay.addWidget(self.feeds)

        self.table = AlarmTable()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(AlarmTableModel.COL_WAITING, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(36)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setSectionResizeMode(AlarmTableModel.COL_ITEM, QHeaderView.ResizeMode.Stretch)
        for col, w in ((0, 130), (1, 210), (3, 100), (4, 190), (5, 70), (6, 170), (7, 130), (8, 170)):
            self.table.setColumnWidth(col, w)
        self.table.sig_acknowledge_selected.connect(self.acknowledge_selected)
        self.table.sig_open_current.connect(self._open_current)
        self.table.doubleClicked.connect(self._open_current)
        lay.addWidget(self.table, 1)
        self.setFocusProxy(self.table)  # reaching the queue (Alt+N, a tab click) puts the keys on the alarms

        self.feedback = QLabel("")
        self.feedback.setObjectName("info")
        self.feedback.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(self.feedback)

        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.model.tick)
        self.model.ticked.connect(lambda: repaint_column(self.table, AlarmTableModel.COL_WAITING))
        self._timer.start()

        controller.sig_snapshot.connect(self.on_snapshot)
        controller.sig_alarms_acknowledged.connect(self.on_acknowledged)
        self.model.rowsInserted.connect(self._update_count)
        self.model.rowsRemoved.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        self._update_count()

    # ---- data in ---------------------------------------------------------------------------------------
    @Slot(object)
    def on_snapshot(self, snap) -> None:
        self.replay_at = getattr(snap, "replay_at", None)
        self._gate_acting()
        self.replay.show_state(self.replay_at)
        self.model.update_snapshot(snap)
        rules = sorted({(a.rule, a.rule_label) for a in snap.alarms})
        known = {self.rule.itemData(i) for i in range(self.rule.count())}
        for rule, label in rules:
            if rule not in known:
                self.rule.addItem(rule_text(rule, label), rule)
        self.stale.setText("" if snap.ok else self.tr("数据未更新：{err}").format(err=snap.error or ""))
        down = None if self.replay_at is not None else engine_down_text(getattr(snap, "engine", None))
        self.engine_down.setText((down + self.tr("：新的报警不会产生，请通知系统管理员启动监察引擎")) if down else "")
        self.engine_down.setVisible(down is not None)
        silent = getattr(snap, "feeds_silent", ())
        self.feeds.setText(
            self.tr("数据中断 {n} 个单位：{units}").format(
                n=len(silent), units="、".join(f"{name}（最后报送 {last:%m-%d %H:%M}）" for name, last in silent[:8])
            )
            + ("…" if len(silent) > 8 else "")
        )
        self.feeds.setVisible(bool(silent))
        self._update_count()

    def looking_back(self) -> bool:
        """A past queue is shown or asked for: it is looked at, never acted on (acknowledged, 整改, 撤销, 问责)."""
        return self.replay_at is not None or self.replay_asked is not None

    def _on_replay_asked(self, at: dt.datetime | None) -> None:
        self.replay_asked = at
        self._gate_acting()
        if at is None:
            self._clear_replay_messages()

    def _clear_replay_messages(self) -> None:
        """Back to live: what the replay refused (回放中…：请先回到实时) no longer holds, so it goes from the
        status line; any other message (a lost acknowledgement, a note) stays."""
        if self._replay_feedback and self.feedback.text() == self._replay_feedback:
            self.feedback.setText("")
        self._replay_feedback = ""
        self.replay.note.setText("")

    def _gate_acting(self) -> None:
        back = self.looking_back()
        self.ack_button.setEnabled(not back)
        self.ack_button.setToolTip(self.tr("回放中只能查看：请先回到实时") if back else "")
        self.sig_acting_changed.emit(not back)

    def _update_count(self, *_):
        red = sum(1 for a in self.model.records() if a.level == "red")
        self.count.setText(self.tr("未确认 {n} 条，其中红色 {r} 条").format(n=self.model.rowCount(), r=red))

    def _on_muted(self, _muted: bool) -> None:
        # the notifier's state, not the signal's value: a refused mute is undone inside its own emission, and
        # the first emission (muted) reached the box after the undo (unmuted) had
        muted = self._notifier.muted
        if self.mute.isChecked() != muted:
            self.mute.blockSignals(True)
            self.mute.setChecked(muted)
            self.mute.blockSignals(False)

    @Slot(str)
    def feedback_text(self, text: str) -> None:
        self.feedback.setText(text)

    # ---- acknowledge -----------------------------------------------------------------------------------
    def selected_alarm_ids(self) -> list[int]:
        rows = self.table.selectionModel().selectedRows()
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex()]
        out = []
        for idx in rows:
            a = self.model.alarm(self.proxy.mapToSource(idx).row())
            if a.status == "open":
                out.append(a.alarm_id)
        return out

    @Slot()
    def acknowledge_selected(self) -> None:
        if self.looking_back():
            self._replay_feedback = self.tr("回放中不能确认告警：请先回到实时")  # goes on 回到实时
            self.feedback.setText(self._replay_feedback)
            return
        ids = self.selected_alarm_ids()
        if not ids or self.ack_dialog is not None:
            return
        d = AckDialog(self.settings, len(ids), self)
        self.ack_dialog = d

        def confirmed(operator, note, ids=ids):
            self._mark(ids, "pending")
            self.controller.acknowledge(ids, operator, note)

        d.sig_confirmed.connect(confirmed)
        d.finished.connect(self._ack_dialog_done)
        self.sig_ack_dialog_opened.emit(d)
        d.open()

    def _ack_dialog_done(self, *_):
        d, self.ack_dialog = self.ack_dialog, None
        if d is not None:
            d.deleteLater()
        self.table.setFocus()

    def _mark(self, ids, status, **extra) -> None:
        for i in ids:
            row = self.model.row_of(i)
            if row is not None:
                self.model.replace_record(replace(self.model.alarm(row), status=status, **extra))

    @Slot(object)
    def on_acknowledged(self, outcomes) -> None:
        lost = []
        for o in outcomes:
            status = getattr(o, "status", "acknowledged")  # refused: it stays what another console made it
            self._mark([o.alarm_id], status, acked_by=o.operator, acked_console=o.console, acked_at=o.acked_at)
            if not o.won:
                lost.append(o)
        if lost:
            o = lost[0]
            refusal = getattr(o, "refusal", None)
            self.feedback.setText(
                self.tr("{n} 条未确认：{why}").format(n=len(lost), why=refusal)
                if refusal
                else self.tr("{n} 条已由 {operator}（{console}）于 {at} 确认").format(
                    n=len(lost), operator=o.operator, console=o.console, at=o.acked_at.strftime("%H:%M:%S")
                )
            )
        elif outcomes:
            self.feedback.setText(self.tr("已确认 {n} 条").format(n=len(outcomes)))

    def select_alarm(self, alarm_id: int) -> bool:
        """Make ``alarm_id`` the current, selected row (if it is listed and passes the filters)."""
        row = self.model.row_of(alarm_id)
        if row is None:
            return False
        idx = self.proxy.mapFromSource(self.model.index(row, 0))
        if not idx.isValid():
            return False
        self.table.setCurrentIndex(idx)
        self.table.selectRow(idx.row())
        return True

    def _open_current(self, *_):
        idx = self.table.currentIndex()
        if idx.isValid():
            case_id = self.model.alarm(self.proxy.mapToSource(idx).row()).case_id
            if case_id is not None:  # a complaint's alarm has no case to open
                self.sig_drilldown_case.emit(case_id)


__all__ = ["LEVEL_COLOURS", "AlarmQueueView", "AlarmTable"]
