"""What the tabs of 监督工作 share, written once.

``SupervisionTab``: the view's controller, client and actions; a request on the worker pool whose error shows
at the foot of the view; role gating (``gate``: disabled with a tooltip naming the role needed, or why not
now); a form dialog whose OK runs the write (``form``); ``sig_loaded`` when the tab has drawn what it loaded.

``TableTab``: a tab of rows.  A bar with the summary at the left and the tab's buttons at the right
(``bar_button``), a read-only table whose rows are kept by key (the selection survives a reload),
``reload()`` = ``fetch()`` on the worker pool → ``draw(rows)`` → ``show_detail(current row)`` and the buttons
re-gated → ``sig_loaded``.  A tab places ``self.table`` in its own layout and says what its rows are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.domain.text import visible
from console.widgets import style
from console.widgets.common import plain_label, read_only_table
from console.widgets.supervision_dialogs import submit_via

if TYPE_CHECKING:
    from console.views.supervision.view import SupervisionView

#: a cell's (background, foreground) colours; None leaves the table's own
CellColours = tuple[str | None, str | None]

STATUS_TEXT = {
    "ordered": "整改中",
    "answered": "已答复待验证",
    "verified": "已验证",
    "overdue": "整改逾期",
    "cancelled": "已撤销",
}


def rect_status_text(status: str) -> str:
    """A rectification notice's status in words (the 整改 tab and the drill-down's case page)."""
    return QCoreApplication.translate("SupervisionActions", STATUS_TEXT.get(status, status))


def as_of_marked(text: str, note: str) -> str:
    """A cell of a replayed row whose value is today's, not the moment's (``supervision_asof``): said so."""
    return f"{text}（{QCoreApplication.translate('SupervisionActions', note)}）" if note else text


def fmt_time(t) -> str:
    if t is None:
        return "—"
    if isinstance(t, dt.datetime):
        return t.strftime("%Y-%m-%d %H:%M")
    return t.isoformat()


def light_cell(
    light: str, remaining: int | None, days_over: int = 0, provisional: bool = False
) -> tuple[str, CellColours]:
    """Countdown text and (background, foreground) for a deadline's light: the case list's words (0 or fewer
    working days left is 超期 N 个工作日), 临时 when the deadline crosses a year whose holidays are unpublished."""
    if not light or remaining is None:
        return "—", (None, style.TEXT_DIM)
    if remaining > 0:
        text = QCoreApplication.translate("SupervisionView", "剩 {n} 个工作日").format(n=remaining)
    else:
        text = QCoreApplication.translate("SupervisionView", "超期 {n} 个工作日").format(n=max(days_over, 1))
    if provisional:
        text += QCoreApplication.translate("SupervisionView", "（临时）")
    return "● " + text, (style.STATE_BG.get(light, style.STATE_BG["normal"]), style.STATE_FG.get(light, style.WHITE))


def fill_table(
    t: QTableWidget,
    headers: list[str],
    rows: list[list],
    keys: list | None = None,
    cells: Mapping[tuple[int, int], CellColours] | None = None,
) -> None:
    """Fill a table; ``keys[r]`` is kept in the first column's UserRole (and the selected key stays selected);
    ``cells[(r, c)]`` colours a cell (centred)."""
    current = t.currentRow()
    key = t.item(current, 0).data(Qt.ItemDataRole.UserRole) if current >= 0 and t.item(current, 0) else None
    t.blockSignals(True)
    t.clear()
    t.setColumnCount(len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            it = QTableWidgetItem(visible(text))  # stored text, never reordering or hiding what follows
            if c == 0 and keys is not None:
                it.setData(Qt.ItemDataRole.UserRole, keys[r])
            if cells and (r, c) in cells:
                bg, fg = cells[(r, c)]
                if bg:
                    it.setBackground(QBrush(QColor(bg)))
                if fg:
                    it.setForeground(QBrush(QColor(fg)))
                it.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            t.setItem(r, c, it)
    t.resizeColumnsToContents()
    for c in range(t.columnCount()):
        t.setColumnWidth(c, min(t.columnWidth(c) + 12, 420))
    t.blockSignals(False)
    if key is not None and keys is not None and key in keys:
        t.selectRow(keys.index(key))


def table() -> QTableWidget:
    return read_only_table(34, single_selection=True)


class SupervisionTab(QWidget):
    """One tab of ``SupervisionView``; ``reload()`` and ``refresh_buttons()`` are the tab's own."""

    #: the tab drew what it loaded
    sig_loaded = Signal()

    def __init__(self, view: SupervisionView):
        super().__init__()
        self.view = view
        self.supervision = view.supervision
        self.controller = view.controller
        self.client = view.client
        self.loaded = False

    def request(self, fn: Callable[[], Any], done: Callable[[Any], None], error: Callable | None = None):
        return self.controller.run_request(fn, done, error or self.show_error)

    def show_error(self, exc) -> None:
        self.view.message(self.controller.error_text(exc) if isinstance(exc, BaseException) else str(exc), error=True)

    def actor(self):
        return self.supervision.actor()

    def gate(self, widget, action: str, ready: bool = True, why: str = "") -> bool:
        return self.supervision.gate(widget, action, ready, why)

    def written(self, kind: str, text: str) -> Callable:
        """After a write: say ``text`` at the foot and tell every window that ``kind`` changed."""

        def done(_result=None):
            self.view.message(text)
            self.supervision.sig_changed.emit(kind)

        return done

    def form(self, dialog, work: Callable[[dict], Any], kind: str, text: str):
        """Open a form dialog whose OK runs ``work(values)`` on the worker pool."""
        submit_via(self.controller, dialog, lambda v: lambda: work(v), self.written(kind, text))
        return self.supervision.show(dialog)

    def reload(self) -> None:
        raise NotImplementedError

    def refresh_buttons(self) -> None:
        raise NotImplementedError


class TableTab(SupervisionTab):
    """A tab of rows kept by key: summary and buttons above, ``self.table`` placed by the tab."""

    def __init__(self, view: SupervisionView):
        super().__init__(view)
        self.rows: list = []
        lay = QVBoxLayout(self)
        self.bar = QHBoxLayout()
        self.summary = plain_label("", "big")
        self.bar.addWidget(self.summary)
        self.bar.addStretch(1)
        lay.addLayout(self.bar)
        self.table = table()
        self.table.itemSelectionChanged.connect(self._selected)

    def bar_button(self, text: str, slot: Callable[[], object]) -> QPushButton:
        """A button at the right of the bar, calling ``slot()``."""
        b = QPushButton(text)
        b.clicked.connect(lambda _=False: slot())
        self.bar.addWidget(b)
        return b

    # ---- the tab says ------------------------------------------------------------------------------------
    def fetch(self) -> Sequence:
        """The rows (runs on the worker pool)."""
        raise NotImplementedError

    def key(self, row) -> Hashable:
        raise NotImplementedError

    def draw(self, rows: list) -> None:
        """Fill the table (``fill``) and the summary."""
        raise NotImplementedError

    def show_detail(self, row) -> None:
        """Show the selected row (None: nothing selected) outside the table."""

    # ---- the skeleton ------------------------------------------------------------------------------------
    def reload(self) -> None:
        self.request(self.fetch, self._loaded)

    def _loaded(self, rows) -> None:
        self.rows = list(rows)
        self.loaded = True
        self.draw(self.rows)
        self._selected()
        self.sig_loaded.emit()

    def fill(self, headers: list[str], cells_text: list[list], colours: Mapping[tuple[int, int], CellColours]) -> None:
        fill_table(self.table, headers, cells_text, [self.key(x) for x in self.rows], colours)

    def current(self):
        item = self.table.item(self.table.currentRow(), 0)
        if item is None:
            return None
        key = item.data(Qt.ItemDataRole.UserRole)
        return next((x for x in self.rows if self.key(x) == key), None)

    def select(self, key: Hashable) -> bool:
        for r, x in enumerate(self.rows):
            if self.key(x) == key:
                self.table.selectRow(r)
                return True
        return False

    def _selected(self) -> None:
        self.show_detail(self.current())
        self.refresh_buttons()


__all__ = [
    "STATUS_TEXT",
    "CellColours",
    "SupervisionTab",
    "TableTab",
    "as_of_marked",
    "fill_table",
    "fmt_time",
    "light_cell",
    "rect_status_text",
    "table",
]
