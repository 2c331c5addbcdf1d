"""Headline strip: the city's numbers in large type above a wall (open, due today, lights, alarms, data time)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from console.domain.snapshot import Snapshot, UnitStatus
from console.widgets import style


class HeadlineTile(QFrame):
    """A caption over a big number; the ``tile`` property picks its colour from the stylesheet."""

    def __init__(self, key: str, caption: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.key = key
        self.setProperty("tile", key)
        self.setProperty("zero", False)
        self.setProperty("stale", False)
        self.setProperty("light", "normal")
        self.caption = QLabel(caption)
        self.value = QLabel("—")
        for lab, role in ((self.caption, "caption"), (self.value, "value")):
            lab.setTextFormat(Qt.TextFormat.PlainText)
            lab.setProperty("role", role)
            lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 2, 8, 2)
        lay.setSpacing(0)
        lay.addWidget(self.caption)
        lay.addWidget(self.value)
        self._fonts = None

    def set_fonts(self, caption, value) -> None:
        self._fonts = (caption, value)
        self.caption.setFont(caption)
        self.value.setFont(value)

    def set_value(self, text: str, **props) -> None:
        self.value.setText(text)
        changed = False
        for k, v in props.items():
            if self.property(k) != v:
                self.setProperty(k, v)
                changed = True
        if changed:
            style.repolish(self)
            if self._fonts:  # re-polishing resets fonts set in code to the stylesheet's
                self.set_fonts(*self._fonts)


class Headline(QFrame):
    """Totals of a Snapshot.  ``title``: shown at the left (e.g. "市级部门").  Call :meth:`set_snapshot`."""

    KEYS = ("open", "due", "blue", "yellow", "red", "handled", "alarms", "complaints", "provisional", "time")

    def __init__(self, title: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        captions = {
            "open": QCoreApplication.translate("Headline", "在办件"),
            "due": QCoreApplication.translate("Headline", "今日到期"),
            "blue": QCoreApplication.translate("Headline", "蓝灯"),
            "yellow": QCoreApplication.translate("Headline", "黄灯"),
            "red": QCoreApplication.translate("Headline", "红灯"),
            "handled": QCoreApplication.translate("Headline", "红灯已确认"),
            "alarms": QCoreApplication.translate("Headline", "待确认报警"),
            "complaints": QCoreApplication.translate("Headline", "效能投诉"),
            "provisional": QCoreApplication.translate("Headline", "临时期限"),
            "time": QCoreApplication.translate("Headline", "数据时间"),
        }
        self.title = QLabel(title)
        self.title.setObjectName("HeadlineTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.tiles = {k: HeadlineTile(k, captions[k], self) for k in self.KEYS}
        lay = QHBoxLayout(self)
        lay.setContentsMargins(16, 4, 16, 4)
        lay.setSpacing(10)
        lay.addWidget(self.title)
        lay.addStretch(1)
        for k in self.KEYS:
            lay.addWidget(self.tiles[k])
        self._scale = 0
        self._set_fonts(40)

    def set_snapshot(self, snap: Snapshot, units: Sequence[UnitStatus] | None = None) -> None:
        """City totals, or the sums over ``units`` (one wall's units) for the case counts and lights.

        With ``units``, alarms waiting are those on these units' cases; provisional cases are the city's.
        """
        t = snap.totals
        if units is not None:
            t = replace(
                t,
                open_cases=sum(u.open_cases for u in units),
                due_today=sum(u.due_today for u in units),
                due_next=sum(u.due_next for u in units),
                blue=sum(u.blue for u in units),
                yellow=sum(u.yellow for u in units),
                red=sum(u.red for u in units),
                red_handled=sum(u.red_handled for u in units),
                # the wall's own units' open alarms of every rule: the number agrees with its tiles' colours
                alarms_waiting=sum(u.alarms_unhandled for u in units),
            )
        self.tiles["open"].set_value(f"{t.open_cases:,}")
        self.tiles["due"].set_value(f"{t.due_today:,}")
        # what goes red next (the desk's 即将转红 list): due today turns red at the next day change
        self.tiles["due"].setToolTip(
            QCoreApplication.translate(
                "Headline", "今日到期 {a} 件，明日起转红（除非今日办结）；下一工作日到期 {b} 件"
            ).format(a=t.due_today, b=t.due_next)
        )
        self.tiles["blue"].set_value(f"{t.blue:,}")
        self.tiles["yellow"].set_value(f"{t.yellow:,}")
        self.tiles["red"].set_value(f"{t.red - t.red_handled:,}")
        self.tiles["handled"].set_value(f"{t.red_handled:,}")
        self.tiles["alarms"].set_value(f"{t.alarms_waiting:,}", zero=t.alarms_waiting == 0)
        # open complaints, coloured by the worst light of their running deadlines (acceptance / reply)
        worst = (
            "red"
            if t.complaints_red
            else "yellow"
            if t.complaints_yellow
            else "blue"
            if t.complaints_blue
            else "normal"
        )
        self.tiles["complaints"].set_value(f"{t.complaints_open:,}", light=worst)
        self.tiles["complaints"].setToolTip(
            QCoreApplication.translate("Headline", "在办投诉 {n} 件：红灯 {r}，黄灯 {y}，蓝灯 {b}").format(
                n=t.complaints_open, r=t.complaints_red, y=t.complaints_yellow, b=t.complaints_blue
            )
        )
        # the city's count on every wall (a wall of 782 open cases beside 785 provisional read as a mistake)
        self.tiles["provisional"].caption.setText(
            QCoreApplication.translate("Headline", "全市临时期限")
            if units is not None
            else QCoreApplication.translate("Headline", "临时期限")
        )
        self.tiles["provisional"].set_value(f"{t.provisional:,}")
        self.tiles["provisional"].setVisible(t.provisional > 0)
        # a replay (回放) shows the moment replayed, never the time it was read
        replay_at = getattr(snap, "replay_at", None)
        self.tiles["time"].set_value(replay_at.strftime("%H:%M") if replay_at else snap.as_of.strftime("%H:%M:%S"))

    def set_stale(self, stale: bool) -> None:
        """The data time turns the banner colour while the data is old."""
        self.tiles["time"].set_value(self.tiles["time"].value.text(), stale=stale)

    def _set_fonts(self, height: int) -> None:
        if height == self._scale:
            return
        self._scale = height
        cap = style.cjk_font(max(11, height * 0.22))
        val = style.cjk_font(max(16, height * 0.5), bold=True)
        self.title.setFont(style.cjk_font(max(16, height * 0.45), bold=True))
        for tile in self.tiles.values():
            tile.set_fonts(cap, val)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # scale with the screen: about 1/14 of the width of a 16:9 wall
        self._set_fonts(int(min(110, max(40, self.width() / 20))))
