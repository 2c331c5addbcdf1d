"""Small widget helpers shared by the console's views and dialogs."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableView, QTableWidget, QWidget


def plain_label(text: str = "", name: str | None = None, wrap: bool = False) -> QLabel:
    """A label that shows its text literally: data from the approval systems is never rich text."""
    lab = QLabel(text)
    lab.setTextFormat(Qt.TextFormat.PlainText)
    lab.setWordWrap(wrap)
    if name:
        lab.setObjectName(name)
    return lab


def read_only_table(row_height: int = 34, single_selection: bool = False, scroll: bool = True) -> QTableWidget:
    """A read-only, row-selecting table in the console's style."""
    t = QTableWidget()
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single_selection:
        t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.verticalHeader().hide()
    t.verticalHeader().setDefaultSectionSize(row_height)
    t.setAlternatingRowColors(True)
    t.setWordWrap(False)
    t.horizontalHeader().setStretchLastSection(True)
    if not scroll:
        t.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return t


def repaint_column(view: QTableView, column: int) -> None:
    """Repaint one column's visible cells only (a 1 Hz clock column must not redraw the whole table:
    every cell costs Python data() calls on the GUI thread)."""
    x = view.columnViewportPosition(column)
    if x < 0 or view.isColumnHidden(column):
        return
    vp = view.viewport()
    vp.update(QRect(x, 0, view.columnWidth(column), vp.height()))


def raise_window(w: QWidget) -> None:
    """Lift a window above the others and give it the focus (the offscreen platform cannot, and warns)."""
    if QGuiApplication.platformName() != "offscreen":
        w.raise_()
        w.activateWindow()
