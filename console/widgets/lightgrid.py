"""Traffic-light grid: one large cell per supervised unit, readable across the control room.

A cell's colour is its unit's state (console.domain.rollup.UnitState), carried as the dynamic property
``state`` and coloured by console.widgets.style.  An unacknowledged red flashes: one process-wide
:class:`FlashClock` toggles the ``flash`` property of red cells about once a second, so every wall blinks in
step.  When the data is stale (``Snapshot.ok`` False, or too old as told by :meth:`LightGrid.set_stale`) the
whole grid turns desaturated and striped with "数据中断" across it; red stops flashing (we do not know the
present) and nothing is ever green.

Text from the data (unit names) is shown as plain text only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from console.domain.rollup import UNIT_STATE_NAMES, UnitState
from console.domain.snapshot import UnitStatus
from console.widgets import style


class FlashClock(QObject):
    """One shared timer for every flashing thing in the process (1 Hz: 500 ms on, 500 ms off)."""

    #: the new phase (True = bright) on every half period
    sig_phase = Signal(bool)
    HALF_PERIOD_MS = 500
    _instance: FlashClock | None = None

    def __init__(self):
        super().__init__()
        self.phase = False
        self._timer = QTimer(self)
        self._timer.setInterval(self.HALF_PERIOD_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    @classmethod
    def instance(cls) -> FlashClock:
        if cls._instance is None:
            cls._instance = FlashClock()
        return cls._instance

    def _tick(self) -> None:
        self.phase = not self.phase
        self.sig_phase.emit(self.phase)


def _label(text: str = "", role: str | None = None) -> QLabel:
    lab = QLabel(text)
    lab.setTextFormat(Qt.TextFormat.PlainText)  # data is shown literally, never as rich text
    lab.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    if role:
        lab.setProperty("role", role)
    return lab


class UnitCell(QFrame):
    """One unit: name, counts per light (蓝/黄/红), open cases, a marker for acknowledged reds / no data."""

    #: the cell was clicked or Enter was pressed on it (unit_id)
    sig_activated = Signal(int)

    def __init__(self, unit: UnitStatus, parent: QWidget | None = None):
        super().__init__(parent)
        self.unit_id = unit.unit_id
        self.unit: UnitStatus | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(60, 40)
        self.setProperty("state", "no_data")
        self.setProperty("flash", False)
        self.setProperty("stale", False)
        self.name = _label(role="name")
        self.name.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pills = {k: _label(role="count") for k in ("blue", "yellow", "red")}
        for k, lab in self.pills.items():
            lab.setProperty("light", k)
            lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.open = _label(role="open")
        self.open.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.marker = _label(role="marker")
        self.marker.setAlignment(Qt.AlignmentFlag.AlignCenter)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.setSpacing(2)
        lay.addWidget(self.name, 3)
        row = QHBoxLayout()
        row.setSpacing(4)
        for lab in self.pills.values():
            row.addWidget(lab, 1)
        lay.addLayout(row, 2)
        bottom = QHBoxLayout()
        bottom.setSpacing(6)
        bottom.addStretch(1)
        bottom.addWidget(self.open)
        bottom.addWidget(self.marker)
        bottom.addStretch(1)
        lay.addLayout(bottom, 2)
        self.update_unit(unit)

    # ---- data ---------------------------------------------------------------------------------------------
    @property
    def state_name(self) -> str:
        return str(self.property("state"))

    @property
    def needs_flash(self) -> bool:
        return self.unit is not None and self.unit.state == UnitState.RED and not self.property("stale")

    def update_unit(self, unit: UnitStatus) -> bool:
        """Show ``unit``; returns True when the state property changed (caller repolishes)."""
        old = self.unit
        self.unit = unit
        state = UNIT_STATE_NAMES.get(UnitState(unit.state), "no_data")
        changed = state != self.property("state")
        if changed:
            self.setProperty("state", state)
            if state != "red":
                self.setProperty("flash", False)
        if old is None or old.name != unit.name:
            self.name.setText(unit.name)
        if old is None or old.card != unit.card:
            self.update()  # the 督办 card mark is painted
        no_data = unit.state == UnitState.NO_DATA
        labels = {
            "blue": QCoreApplication.translate("LightGrid", "蓝"),
            "yellow": QCoreApplication.translate("LightGrid", "黄"),
            "red": QCoreApplication.translate("LightGrid", "红"),
        }
        counts = {"blue": unit.blue, "yellow": unit.yellow, "red": unit.red}
        for k, lab in self.pills.items():
            lab.setVisible(not no_data)
            lab.setText(f"{labels[k]} {counts[k]}")
            zero = counts[k] == 0
            if bool(lab.property("zero")) != zero:
                lab.setProperty("zero", zero)
                changed = True
        self.open.setVisible(not no_data)
        self.open.setText(QCoreApplication.translate("LightGrid", "在办 {n}").format(n=unit.open_cases))
        if no_data:
            self.marker.setText(QCoreApplication.translate("LightGrid", "无数据"))
            self.marker.show()
        elif unit.state == UnitState.FEED_SILENT:  # its approval system has gone quiet: not an all-clear
            self.marker.setText(QCoreApplication.translate("LightGrid", "数据中断"))  # the time: in the tooltip
            self.marker.show()
        elif unit.alarms_unhandled:  # whatever rule they are of: a tile red for a fee alarm says why
            self.marker.setText(QCoreApplication.translate("LightGrid", "告警 {n}").format(n=unit.alarms_unhandled))
            self.marker.show()
        elif unit.red_handled > 0 and unit.state == UnitState.RED_HANDLED:
            self.marker.setText(QCoreApplication.translate("LightGrid", "已确认"))
            self.marker.show()
        elif unit.red_handled > 0:
            self.marker.setText(QCoreApplication.translate("LightGrid", "已确认 {n}").format(n=unit.red_handled))
            self.marker.show()
        else:
            self.marker.hide()
        self._update_accessible()
        return changed

    def _update_accessible(self) -> None:
        u = self.unit
        if u is None:
            return
        states = {
            "normal": QCoreApplication.translate("LightGrid", "正常"),
            "blue": QCoreApplication.translate("LightGrid", "蓝灯"),
            "yellow": QCoreApplication.translate("LightGrid", "黄灯"),
            "red": QCoreApplication.translate("LightGrid", "红灯（未确认）"),
            "red_handled": QCoreApplication.translate("LightGrid", "红灯已确认"),
            "no_data": QCoreApplication.translate("LightGrid", "无数据"),
            "feed_silent": QCoreApplication.translate("LightGrid", "数据中断（审批系统长时间未报送）"),
        }
        text = states.get(self.state_name, "")
        if u.card:
            cards = {
                "yellow": QCoreApplication.translate("LightGrid", "黄牌督办"),
                "red": QCoreApplication.translate("LightGrid", "红牌督办"),
            }
            text += " " + cards.get(u.card, "")
        if u.alarms_unhandled:
            text += " " + QCoreApplication.translate("LightGrid", "未确认告警 {n} 条").format(n=u.alarms_unhandled)
        if u.state == UnitState.FEED_SILENT and u.last_record_at:
            text += " " + QCoreApplication.translate("LightGrid", "最后报送 {at}").format(
                at=f"{u.last_record_at:%m-%d %H:%M}"
            )
        if self.property("stale"):
            text += " " + QCoreApplication.translate("LightGrid", "数据中断")
        self.setAccessibleName(u.name)
        self.setAccessibleDescription(text)
        self.setToolTip(f"{u.name}：{text}")

    def set_fonts(self, name_px: int, count_px: int) -> None:
        self.name.setFont(style.cjk_font(name_px, bold=True))
        f = style.cjk_font(count_px, bold=True)
        for lab in (*self.pills.values(), self.open, self.marker):
            lab.setFont(f)

    # ---- painting: hatching for "no data", stripes for stale ----------------------------------------------
    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        hatch = self.state_name == "no_data"
        stale = bool(self.property("stale"))
        card = self.unit.card if self.unit is not None else ""
        if card in style.CARD:
            self._paint_card(card)
        if not (hatch or stale):
            return
        p = QPainter(self)
        r = self.rect().adjusted(3, 3, -3, -3)
        p.setClipRect(r)
        if hatch:
            p.fillRect(r, QBrush(style.NO_DATA_HATCH, Qt.BrushStyle.BDiagPattern))
        if stale:
            p.setPen(QPen(style.STALE_STRIPE, 6))
            step = 22
            for x in range(-r.height(), r.width() + step, step):
                p.drawLine(r.left() + x, r.bottom(), r.left() + x + r.height(), r.top())
        p.end()

    def _paint_card(self, card: str) -> None:
        """A small upright card in the top-right corner, a referee's card: the unit is under 黄牌/红牌督办."""
        h = max(12, min(self.height() // 3, 40))
        w = h * 2 // 3
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        x, y = self.width() - w - 6, 5
        outer, inner = style.CARD_EDGE[1], style.CARD_EDGE[0]
        p.setPen(QPen(QColor(outer), 1))
        p.setBrush(QBrush(QColor(inner)))
        p.drawRoundedRect(x - 2, y - 2, w + 4, h + 4, 3, 3)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QBrush(QColor(style.CARD[card])))
        p.drawRoundedRect(x, y, w, h, 2, 2)
        p.end()

    # ---- input --------------------------------------------------------------------------------------------
    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self.sig_activated.emit(self.unit_id)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.sig_activated.emit(self.unit_id)
            event.accept()
            return
        super().keyPressEvent(event)  # arrows are handled by the grid's event filter


class _StaleOverlay(QWidget):
    """Big "数据中断" text over a stale grid (transparent for the mouse)."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.text = ""
        self.hide()

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        font = style.cjk_font(max(28, self.height() // 9), bold=True)
        p.setFont(font)
        fm = QFontMetrics(font)
        w = fm.horizontalAdvance(self.text) + 80
        h = fm.height() + 40
        box = QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)
        p.setPen(QPen(QColor(style.BANNER_BG), 6))
        p.setBrush(style.STALE_VEIL)
        p.drawRoundedRect(box, 12, 12)
        p.setPen(QColor(style.TEXT))
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, self.text)
        p.end()


class LightGrid(QWidget):
    """A grid of :class:`UnitCell` for a list of UnitStatus (e.g. 46 departments or 20 districts).

    ``columns``: fixed number of columns, or None to choose one for a 16:9 wall (46 → 8, 20 → 5).
    Arrow keys / Home / End move the focus across cells; Enter or a click emits :attr:`sig_unit_activated`.
    """

    #: a unit was chosen for drill-down (click or Enter): unit_id
    sig_unit_activated = Signal(int)

    def __init__(
        self, columns: int | None = None, parent: QWidget | None = None, flash_clock: FlashClock | None = None
    ):
        super().__init__(parent)
        self._fixed_columns = columns
        self.columns = columns or 1
        self._font_px = (16, 12)  # name, counts: computed from the grid's size by _update_fonts
        self.cells: list[UnitCell] = []
        self._by_id: dict[int, UnitCell] = {}
        self._snapshot_ok = True
        self._stale_external = False
        self._stale_text = ""
        self._last_unit: int | None = None  # the unit the keyboard was last on (focusInEvent)
        self.stale = False
        self._layout = QGridLayout(self)
        self._layout.setContentsMargins(6, 6, 6, 6)
        self._layout.setSpacing(6)
        self._overlay = _StaleOverlay(self)
        self.flash_clock = flash_clock or FlashClock.instance()
        self.flash_clock.sig_phase.connect(self._on_flash)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    # ---- data ---------------------------------------------------------------------------------------------
    @staticmethod
    def auto_columns(n: int) -> int:
        return max(1, min(n, round(math.sqrt(n * 1.4)))) if n > 4 else max(1, n)

    def set_units(self, units: Sequence[UnitStatus], ok: bool = True) -> None:
        """Show ``units`` (in order).  Cells are kept and updated in place when the set of units is unchanged."""
        ids = [u.unit_id for u in units]
        rebuilt = ids != [c.unit_id for c in self.cells]
        if rebuilt:
            self._rebuild(units)
        repolish = []
        for cell, unit in zip(self.cells, units, strict=True):
            if cell.update_unit(unit) or rebuilt:  # new cells were polished before their properties were set
                repolish.append(cell)
        self._snapshot_ok = ok
        changed_stale = self._apply_stale()
        for cell in self.cells if changed_stale else repolish:
            self._repolish(cell)
        if not changed_stale and self.flash_clock.phase:
            self._on_flash(True)

    def set_stale(self, stale: bool, text: str | None = None) -> None:
        """Mark the data old (from a wall-clock watch such as console.widgets.banner.StaleWatch)."""
        self._stale_external = stale
        if text is not None:
            self._stale_text = text
        if self._apply_stale():
            for cell in self.cells:
                self._repolish(cell)

    def _repolish(self, cell: UnitCell) -> None:
        style.repolish(cell)
        # re-polishing under the application's stylesheet puts the labels back to the sheet's font: the wall's
        # computed sizes go on again, or an acknowledged tile keeps 12 px names until the window is resized
        cell.set_fonts(*self._font_px)

    def _apply_stale(self) -> bool:
        stale = self._stale_external or not self._snapshot_ok
        self._overlay.text = self._stale_text or QCoreApplication.translate("LightGrid", "数据中断")
        self._overlay.setVisible(stale)
        if stale:
            self._overlay.raise_()
            self._overlay.update()
        if stale == self.stale and all(bool(c.property("stale")) == stale for c in self.cells):
            return False
        self.stale = stale
        for cell in self.cells:
            cell.setProperty("stale", stale)
            if stale:
                cell.setProperty("flash", False)
            cell._update_accessible()
        return True

    def _rebuild(self, units: Sequence[UnitStatus]) -> None:
        focused = next((c.unit_id for c in self.cells if c.hasFocus()), None)
        for cell in self.cells:
            self._layout.removeWidget(cell)
            cell.deleteLater()
        self.cells = []
        self._by_id = {}
        self.columns = self._fixed_columns or self.auto_columns(len(units))
        for i, unit in enumerate(units):
            cell = UnitCell(unit, self)
            cell.setProperty("stale", self.stale)
            cell.ensurePolished()  # polish now (stylesheet fonts), so that the computed fonts set below stay
            cell.sig_activated.connect(self.sig_unit_activated)
            cell.installEventFilter(self)
            self._layout.addWidget(cell, i // self.columns, i % self.columns)
            # show it now if the grid is showing (the layout would only do it on the next event loop turn), but
            # never hide it: an explicitly hidden child stays hidden when its parent (a tab) is shown later
            if self.isVisible():
                cell.show()
            self.cells.append(cell)
            self._by_id[unit.unit_id] = cell
        rows = math.ceil(len(units) / self.columns) if units else 0
        for r in range(rows):
            self._layout.setRowStretch(r, 1)
        for c in range(self.columns):
            self._layout.setColumnStretch(c, 1)
        self._update_fonts()
        self._overlay.raise_()
        if focused in self._by_id:
            self._by_id[focused].setFocus()

    def cell(self, unit_id: int) -> UnitCell | None:
        return self._by_id.get(unit_id)

    # ---- flashing -----------------------------------------------------------------------------------------
    def _on_flash(self, phase: bool) -> None:
        for cell in self.cells:
            want = phase and cell.needs_flash
            if bool(cell.property("flash")) != want:
                cell.setProperty("flash", want)
                style.repolish(cell, children=False)

    # ---- geometry -----------------------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._overlay.setGeometry(self.rect())
        self._update_fonts()

    def _update_fonts(self) -> None:
        if not self.cells:
            return
        rows = math.ceil(len(self.cells) / self.columns)
        cw = (self.width() - 12) / self.columns - 6
        ch = (self.height() - 12) / max(1, rows) - 6
        longest = max(len(c.unit.name) if c.unit else 4 for c in self.cells)
        name_px = int(max(10, min(ch * 0.30, (cw - 16) / max(4, longest) * 0.95, 64)))
        count_px = int(max(9, min(ch * 0.16, (cw - 24) / 12, 34)))
        self._font_px = (name_px, count_px)
        for cell in self.cells:
            cell.set_fonts(name_px, count_px)

    # ---- keyboard navigation ------------------------------------------------------------------------------
    def focusInEvent(self, event) -> None:
        """The wall given the keyboard (Alt+N focuses the tab's view, whose focus proxy this grid is) puts it on
        a unit at once — the last one it was on, else the first: the arrows and Enter did nothing until a Tab."""
        cell = self._by_id.get(self._last_unit) if self._last_unit is not None else None
        cell = cell or (self.cells[0] if self.cells else None)
        if cell is not None:
            cell.setFocus(event.reason())
        else:
            super().focusInEvent(event)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.FocusIn and isinstance(obj, UnitCell):
            self._last_unit = obj.unit_id
        if event.type() == QEvent.Type.KeyPress and isinstance(obj, UnitCell) and obj in self.cells:
            i = self.cells.index(obj)
            n, cols = len(self.cells), self.columns
            target = {
                Qt.Key.Key_Left: i - 1,
                Qt.Key.Key_Right: i + 1,
                Qt.Key.Key_Up: i - cols,
                Qt.Key.Key_Down: i + cols,
                Qt.Key.Key_Home: 0,
                Qt.Key.Key_End: n - 1,
            }.get(event.key())
            if target is not None:
                if 0 <= target < n:
                    self.cells[target].setFocus(Qt.FocusReason.TabFocusReason)
                return True
        return super().eventFilter(obj, event)
