"""Small widget helpers shared by the console's views and dialogs."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QGuiApplication, QTextLayout, QTextOption
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableView, QTableWidget, QWidget

from console.domain.text import visible


def plain_label(text: str = "", name: str | None = None, wrap: bool = False) -> QLabel:
    """A label that shows its text literally: data from the approval systems is never rich text."""
    lab = QLabel(text)
    lab.setTextFormat(Qt.TextFormat.PlainText)
    lab.setWordWrap(wrap)
    if name:
        lab.setObjectName(name)
    return lab


class CappedLabel(QLabel):
    """A plain, word-wrapped label of at most ``max_lines`` lines: a longer text ends its last line with "…" and
    the whole text is its tooltip (a capped label that silently stopped after its last line hid the rest).
    ``paragraph_lines``: each line of the text (a detail pane's 事由, 要求, …) gets at most that many lines, so
    one long field does not push the others out.

    ``text()`` is the whole text; what is drawn is re-cut whenever the label's width changes, broken by the
    label itself (anywhere, when a run has no break opportunity), and the label never asks for more width than
    a few characters: a word-wrapped QLabel asks for its longest unbreakable run, and a 3,000-character one
    made the 监督工作 window 32767 px wide (the largest a widget can be)."""

    def __init__(self, max_lines: int = 2, name: str | None = None, paragraph_lines: int | None = None):
        super().__init__()
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        if name:
            self.setObjectName(name)
        self._max = max(1, max_lines)
        self._per_par = max(1, paragraph_lines) if paragraph_lines else None
        self._full = ""
        self._cut_at = -1
        self._was_cut = False

    def setText(self, text: str) -> None:
        self._full = visible(text)  # a detail pane's stored text: no bidi override reorders it
        self._cut_at = -1
        self._cut()

    def clear(self) -> None:
        self.setText("")

    def text(self) -> str:
        return self._full

    def shown_text(self) -> str:
        """What is drawn (the whole text in the lines it takes, or its first lines ending in "…")."""
        return super().text()

    def is_cut(self) -> bool:
        return self._was_cut

    def _lines(self, text: str, width: int) -> list[str]:
        lay = QTextLayout(text, self.font())
        opt = QTextOption()
        opt.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        lay.setTextOption(opt)
        lay.beginLayout()
        lines = []
        while True:
            line = lay.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            lines.append(text[line.textStart() : line.textStart() + line.textLength()])
        lay.endLayout()
        return lines or [""]

    def _elided(self, lines: list[str], keep: int, width: int) -> list[str]:
        head = [s.rstrip("\n") for s in lines[: keep - 1]]
        rest = "".join(lines[keep - 1 :]).replace("\n", " ")
        # elidedText keeps the last line inside the width, its "…" included
        head.append(QFontMetrics(self.font()).elidedText(rest + "…", Qt.TextElideMode.ElideRight, width))
        return head

    def _cut(self) -> None:
        width = self.contentsRect().width()
        if width <= 0:
            width = 10_000  # not laid out yet: cut by its lines only
        if width == self._cut_at:
            return
        self._cut_at = width
        cut = False
        if self._per_par is None:
            lines = self._lines(self._full, width)
            if len(lines) > self._max:
                lines, cut = self._elided(lines, self._max, width), True
        else:
            lines = []
            for par in self._full.split("\n"):
                mine = self._lines(par, width)
                if len(mine) > self._per_par:
                    mine, cut = self._elided(mine, self._per_par, width), True
                lines += mine
            if len(lines) > self._max:
                lines, cut = self._elided(lines, self._max, width), True
        # the label's own breaks: QLabel would not break a run without a break opportunity, and draw it past
        # its edge
        shown = "\n".join(s.rstrip("\n") for s in lines) if len(lines) > 1 else (lines[0] if cut else self._full)
        self._was_cut = cut
        super().setText(shown)
        self.setToolTip(self._full if cut else "")

    def heightForWidth(self, w: int) -> int:
        margins = self.height() - self.contentsRect().height() if self.height() > 0 else 0
        cap = self._max * QFontMetrics(self.font()).lineSpacing() + margins
        return min(super().heightForWidth(w), cap)

    def _narrow(self) -> int:
        return 12 * QFontMetrics(self.font()).averageCharWidth()

    def minimumSizeHint(self) -> QSize:
        s = super().minimumSizeHint()
        return QSize(min(s.width(), self._narrow()), s.height())

    def sizeHint(self) -> QSize:
        s = super().sizeHint()
        return QSize(min(s.width(), 80 * QFontMetrics(self.font()).averageCharWidth()), s.height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._cut()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:  # the stylesheet's font: other lines
            self._cut_at = -1
            self._cut()


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


def fit_to_content(w: QWidget, share: float = 0.9, grow_only: bool = False) -> QSize:
    """Resize the window ``w`` to the height its layout needs at its width, word-wrapped labels included.

    A window keeps the size of its first show: a label whose text grew later (the lock message, a long alarm
    text) lost its last lines below the edge.  Where that height would not fit ``share`` of the screen's
    available height, the window widens (up to 95 % of it) so the labels wrap into fewer lines (1366×768).
    ``grow_only``: never smaller than it is (a refusal line shown: the operator's own size stays)."""
    lay = w.layout()
    if lay is None:
        return w.size()
    lay.activate()
    width = max(w.width(), w.minimumWidth(), lay.totalMinimumSize().width())
    scr = (w.parentWidget() or w).screen()
    avail = scr.availableGeometry() if scr is not None else None
    max_w = max(width, int(avail.width() * 0.95)) if avail is not None else width
    max_h = int(avail.height() * share) if avail is not None else None

    def need(x: int) -> int:
        h = lay.totalHeightForWidth(x) if lay.hasHeightForWidth() else lay.totalSizeHint().height()
        return max(h, lay.totalMinimumSize().height())

    height = need(width)
    while max_h is not None and height > max_h and width < max_w:
        width = min(max_w, width + 64)
        height = need(width)
    if max_h is not None:
        height = min(height, max_h)
    if grow_only:
        width, height = max(width, w.width()), max(height, w.height())
    w.resize(width, height)
    return QSize(width, height)
