"""Small helpers for the console's table views."""
from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QTableView


def repaint_column(view: QTableView, column: int) -> None:
    """Repaint one column's visible cells only (a 1 Hz clock column must not redraw the whole table:
    every cell costs Python data() calls on the GUI thread)."""
    x = view.columnViewportPosition(column)
    if x < 0 or view.isColumnHidden(column):
        return
    vp = view.viewport()
    vp.update(QRect(x, 0, view.columnWidth(column), vp.height()))
