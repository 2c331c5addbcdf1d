"""The desk's "red next" list: the open cases that turn red at the next day change unless completed (今日到期),
and those due on the next working day, over the whole city or one unit.

Counts come with every Snapshot (``Totals.due_today``/``due_next``, per unit ``UnitStatus``); the rows are asked
for through ``controller.request_red_next`` when the view is shown, when the unit filter changes and at most
every ``REFRESH_S`` seconds while it is visible (a poll every few seconds would re-read thousands of rows).
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.widgets.case_table import CaseSortProxy, CaseTableModel

REFRESH_S = 30.0


class RedNextView(QWidget):
    """``RedNextView(controller)``; emits ``sig_case_activated(case_id)`` on double-click / Enter."""

    sig_case_activated = Signal(int)

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.unit_id: int | None = None
        self._asked = 0.0
        self.model = CaseTableModel(self)
        self.proxy = CaseSortProxy(self)
        self.proxy.setSourceModel(self.model)
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.summary = QLabel("")
        self.summary.setObjectName("big")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        top.addWidget(self.summary)
        top.addStretch(1)
        self.unit = QComboBox()
        self.unit.addItem(self.tr("全部单位"), None)
        self.unit.setMinimumWidth(320)
        self.unit.currentIndexChanged.connect(self._unit_changed)
        top.addWidget(self.unit)
        lay.addLayout(top)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(CaseTableModel.COL_PROMISED, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(36)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, w in ((0, 200), (1, 280), (2, 80), (3, 90), (4, 170), (5, 120), (6, 120), (7, 150), (8, 120)):
            self.table.setColumnWidth(col, w)
        self.table.doubleClicked.connect(self._activate)
        self.table.activated.connect(self._activate)
        lay.addWidget(self.table, 1)
        controller.sig_snapshot.connect(self.on_snapshot)
        controller.sig_red_next.connect(self.on_rows)

    @Slot(object)
    def on_snapshot(self, snap) -> None:
        units = [u for u in snap.units if u.due_today or u.due_next]
        if self.unit_id is None:
            today, nxt = snap.totals.due_today, snap.totals.due_next
        else:
            u = snap.unit(self.unit_id)
            today, nxt = (u.due_today, u.due_next) if u else (0, 0)
        self.summary.setText(
            self.tr("今日到期（明日转红）{a} 件，下一工作日到期 {b} 件").format(a=f"{today:,}", b=f"{nxt:,}")
        )
        self._fill_units(units)
        if self.isVisible() and time.monotonic() - self._asked > REFRESH_S:
            self.refresh()

    def _fill_units(self, units) -> None:
        want = [(f"{u.name}（今日 {u.due_today}，次日 {u.due_next}）", u.unit_id) for u in units]
        have = [(self.unit.itemText(i), self.unit.itemData(i)) for i in range(1, self.unit.count())]
        if want == have:
            return
        self.unit.blockSignals(True)
        current = self.unit_id
        while self.unit.count() > 1:
            self.unit.removeItem(1)
        for text, uid in want:
            self.unit.addItem(text, uid)
        idx = self.unit.findData(current) if current is not None else 0
        self.unit.setCurrentIndex(max(idx, 0))
        self.unit.blockSignals(False)

    def refresh(self) -> None:
        self._asked = time.monotonic()
        self.controller.request_red_next(self.unit_id)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh()

    def _unit_changed(self, _index: int) -> None:
        self.unit_id = self.unit.currentData()
        self.refresh()

    @Slot(object, object)
    def on_rows(self, unit_id, rows) -> None:
        if unit_id != self.unit_id:
            return  # an answer for another filter than the one asked last
        self.model.set_rows(rows)

    def _activate(self, idx) -> None:
        if idx.isValid():
            self.sig_case_activated.emit(self.model.case(self.proxy.mapToSource(idx).row()).case_id)
