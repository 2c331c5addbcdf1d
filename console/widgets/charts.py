"""Live statistic charts (pyqtgraph).  Every plot item is created once and then updated with setData/setOpts;
redraws are throttled to about 1 Hz (PyDM cut its default from 30 Hz to 1 Hz after CPU complaints).

Charts take a Snapshot and never query.  Text from the data (unit names on the overdue chart) is drawn as
plain tick text, never as HTML.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from console.domain.snapshot import Snapshot
from console.widgets import style


def satisfaction_levels() -> tuple[str, ...]:
    return (
        QCoreApplication.translate("Charts", "非常不满意"),
        QCoreApplication.translate("Charts", "不满意"),
        QCoreApplication.translate("Charts", "基本满意"),
        QCoreApplication.translate("Charts", "满意"),
        QCoreApplication.translate("Charts", "非常满意"),
    )


class Throttle(QObject):
    """Run ``fn`` at most once per ``interval_ms``: the first call runs at once, later ones coalesce into one
    trailing run.  (A small tested helper instead of ad-hoc timers, qutebrowser-style.)"""

    def __init__(self, fn: Callable[[], None], interval_ms: int = 1000, parent: QObject | None = None):
        super().__init__(parent)
        self.fn = fn
        self.interval_ms = interval_ms
        self._last = -1e18
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._run)

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    def __call__(self) -> None:
        if self._timer.isActive():
            return
        wait = self._last + self.interval_ms / 1000 - time.monotonic()
        if wait <= 0:
            self._run()
        else:
            self._timer.start(int(wait * 1000) + 1)

    def flush(self) -> None:
        """Run now if a call is pending (tests, render-to-file)."""
        if self._timer.isActive():
            self._timer.stop()
            self._run()

    def _run(self) -> None:
        self._last = time.monotonic()
        self.fn()


def _axis_style(plot: pg.PlotItem, font_px: int = 18) -> None:
    font = style.cjk_font(font_px)
    for name in ("left", "bottom"):
        ax = plot.getAxis(name)
        ax.setTickFont(font)
        ax.setTextPen(pg.mkPen(style.TEXT_DIM))
        ax.setPen(pg.mkPen(style.PANEL_BORDER))
    plot.showGrid(x=False, y=True, alpha=0.15)
    plot.setMenuEnabled(False)
    plot.hideButtons()
    plot.getViewBox().setMouseEnabled(x=False, y=False)


class _HourAxis(pg.AxisItem):
    """Hours of the day as "HH:MM"."""

    def tickStrings(self, values, scale, spacing):
        out = []
        for v in values:
            h = int(np.floor(v))
            m = round((v - h) * 60)
            if m == 60:
                h, m = h + 1, 0
            out.append(f"{h:02d}:{m:02d}")
        return out


class ChartPanel(QFrame):
    """A titled frame around one plot: the title is a plain QLabel styled by console.widgets.style."""

    def __init__(self, title: str, parent: QWidget | None = None, bottom_axis: pg.AxisItem | None = None):
        super().__init__(parent)
        self.title = QLabel(title)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setProperty("role", "chart-title")
        self.title.setFont(style.cjk_font(26, bold=True))
        self.subtitle = QLabel()
        self.subtitle.setTextFormat(Qt.TextFormat.PlainText)
        self.subtitle.setFont(style.cjk_font(18))
        self.subtitle.setProperty("role", "chart-subtitle")
        axes = {"bottom": bottom_axis} if bottom_axis is not None else None
        self.plot_widget = pg.PlotWidget(background=style.PANEL, axisItems=axes)
        self.plot = self.plot_widget.getPlotItem()
        _axis_style(self.plot)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 8, 12, 8)
        lay.setSpacing(2)
        lay.addWidget(self.title)
        lay.addWidget(self.subtitle)
        lay.addWidget(self.plot_widget, 1)


def _legend(plot: pg.PlotItem) -> pg.LegendItem:
    leg = plot.addLegend(offset=(-10, 5), labelTextColor=style.TEXT, labelTextSize="13pt", colCount=4)
    leg.setBrush(pg.mkBrush(QColor(0, 0, 0, 0)))
    return leg


class LightsChart(ChartPanel):
    """Lights over the day: stacked counts per light, one point per poll (``Snapshot.lights_history``).

    ``include_normal``: stack the green (normal) cases too.  Off by default: normal cases outnumber the
    warnings a hundredfold and would flatten blue/yellow/red to a line; the grid already shows them.
    """

    ORDER = ("normal", "blue", "yellow", "red")  # drawn back to front: the top of the stack first

    def __init__(self, parent: QWidget | None = None, include_normal: bool = False):
        super().__init__(
            QCoreApplication.translate("Charts", "预警灯变化（当日）"), parent, bottom_axis=_HourAxis("bottom")
        )
        self.include_normal = include_normal
        _legend(self.plot)
        names = {
            "red": QCoreApplication.translate("Charts", "红灯"),
            "yellow": QCoreApplication.translate("Charts", "黄灯"),
            "blue": QCoreApplication.translate("Charts", "蓝灯"),
            "normal": QCoreApplication.translate("Charts", "正常"),
        }
        self.curves: dict[str, pg.PlotDataItem] = {}
        for key in self.ORDER:
            if key == "normal" and not include_normal:
                continue
            c = QColor(style.LIGHT[key])
            fill = QColor(c)
            fill.setAlpha(200)
            self.curves[key] = self.plot.plot(
                [], [], pen=pg.mkPen(c, width=1), fillLevel=0, brush=pg.mkBrush(fill), name=names[key]
            )
        for curve in self.curves.values():
            curve.setClipToView(True)
            curve.setDownsampling(auto=True)
        self.plot.setLabel(
            "left", QCoreApplication.translate("Charts", "件数"), color=style.TEXT_DIM, **{"font-size": "14pt"}
        )

    def update_from(self, snap: Snapshot) -> None:
        pts = snap.lights_history
        if not pts:
            for c in self.curves.values():
                c.setData([], [])
            self.subtitle.setText(QCoreApplication.translate("Charts", "暂无数据"))
            return
        x = np.array([p.at.hour + p.at.minute / 60 + p.at.second / 3600 for p in pts], dtype=float)
        # stacked bottom to top: red, yellow, blue (, normal); each curve is the top of its band
        red = np.array([p.red for p in pts], dtype=float)
        yellow = red + np.array([p.yellow for p in pts], dtype=float)
        blue = yellow + np.array([p.blue for p in pts], dtype=float)
        tops = {"red": red, "yellow": yellow, "blue": blue}
        if self.include_normal:
            tops["normal"] = blue + np.array([p.normal for p in pts], dtype=float)
        for key, curve in self.curves.items():
            curve.setData(x, tops[key])
        last = pts[-1]
        self.subtitle.setText(
            QCoreApplication.translate("Charts", "当前 蓝 {b}  黄 {y}  红 {r}").format(
                b=last.blue, y=last.yellow, r=last.red
            )
        )
        # at least an hour wide, within the day (0–24 h): late in the evening the hour goes before the samples
        hi = min(24.0, max(float(x[-1]) + 0.25, float(x[0]) + 1.0))
        self.plot.setXRange(max(0.0, min(float(x[0]) - 0.25, hi - 1.0)), hi, padding=0)
        self.plot.setYRange(0, max(1.0, float((tops.get("normal", blue)).max()) * 1.1), padding=0)


class TopOverdueChart(ChartPanel):
    """Horizontal bars: the units with the most red (overdue) cases, worst on top."""

    def __init__(self, parent: QWidget | None = None, n: int = 10):
        super().__init__(QCoreApplication.translate("Charts", "超期件数最多的单位"), parent)
        self.n = n
        self.bars = pg.BarGraphItem(
            x0=[], y=[], height=0.7, width=[], brush=pg.mkBrush(style.LIGHT["red"]), pen=pg.mkPen(None)
        )
        self.plot.addItem(self.bars)
        self.labels: list[pg.TextItem] = []
        for _ in range(n):
            t = pg.TextItem("", color=style.TEXT, anchor=(0, 0.5))
            t.setFont(style.cjk_font(19, bold=True))
            self.plot.addItem(t)
            self.labels.append(t)
        self.name_font_px = 21
        self.plot.getAxis("left").setTickFont(style.cjk_font(self.name_font_px))
        self.plot.invertY(True)
        self.plot.showGrid(x=True, y=False, alpha=0.15)
        self._snap: Snapshot | None = None
        self._shown = n

    def rows_that_fit(self) -> int:
        """How many units can be named without their labels overlapping (a row is 1.4 lines of the names'
        font; at least 3, at most ``n``): a 1366×768 laptop has room for about six."""
        height = self.plot.getViewBox().height()
        if height <= 0:
            return self.n
        return max(3, min(self.n, int(height // (self.name_font_px * 1.4))))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # the plot's own layout settles after ours: count the rows once it has
        QTimer.singleShot(0, self._refit)

    def _refit(self) -> None:
        if self.rows_that_fit() != self._shown and self._snap is not None:
            self.update_from(self._snap)

    def update_from(self, snap: Snapshot) -> None:
        self._snap = snap
        self._shown = self.rows_that_fit()
        top = list(snap.top_overdue[: self._shown])
        values = np.array([v for _, v in top], dtype=float)
        y = np.arange(len(top), dtype=float)
        self.bars.setOpts(x0=np.zeros(len(top)), y=y, width=values, height=0.7)
        self.plot.getAxis("left").setTicks([[(i, name) for i, (name, _) in enumerate(top)]])
        vmax = float(values.max()) if len(values) else 1.0
        for i, t in enumerate(self.labels):
            if i < len(top):
                t.setText(str(int(values[i])))
                t.setPos(values[i] + vmax * 0.02, i)
                t.show()
            else:
                t.hide()
        self.plot.setXRange(0, max(1.0, vmax * 1.15), padding=0)
        step = max(1, int(np.ceil(vmax / 5)))
        self.plot.getAxis("bottom").setTickSpacing(step, step)
        self.plot.setYRange(-0.6, max(self._shown, 1) - 0.4, padding=0)
        self.subtitle.setText(
            QCoreApplication.translate("Charts", "红灯件数")
            if top
            else QCoreApplication.translate("Charts", "当前没有超期件")
        )


class ThroughputChart(ChartPanel):
    """Accepted vs completed cases per hour today (bars side by side)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(QCoreApplication.translate("Charts", "每小时受理与办结"), parent)
        _legend(self.plot)
        self.accepted = pg.BarGraphItem(
            x=[],
            height=[],
            width=0.4,
            brush=pg.mkBrush(style.ACCEPTED),
            pen=pg.mkPen(None),
            name=QCoreApplication.translate("Charts", "受理"),
        )
        self.completed = pg.BarGraphItem(
            x=[],
            height=[],
            width=0.4,
            brush=pg.mkBrush(style.COMPLETED),
            pen=pg.mkPen(None),
            name=QCoreApplication.translate("Charts", "办结"),
        )
        self.plot.addItem(self.accepted)
        self.plot.addItem(self.completed)
        self.plot.getAxis("bottom").setTicks([[(h, f"{h}") for h in range(0, 24, 2)], [(h, "") for h in range(24)]])
        self.plot.setLabel(
            "bottom", QCoreApplication.translate("Charts", "时"), color=style.TEXT_DIM, **{"font-size": "13pt"}
        )

    def update_from(self, snap: Snapshot) -> None:
        acc = np.array(snap.accepted_per_hour or (), dtype=float)
        com = np.array(snap.completed_per_hour or (), dtype=float)
        self.accepted.setOpts(x=np.arange(len(acc)) - 0.2, height=acc, width=0.4)
        self.completed.setOpts(x=np.arange(len(com)) + 0.2, height=com, width=0.4)
        active = [h for h in range(max(len(acc), len(com))) if (h < len(acc) and acc[h]) or (h < len(com) and com[h])]
        lo, hi = (min(active), max(active)) if active else (8, 18)
        lo, hi = min(lo, 8), max(hi, 18)
        self.plot.setXRange(lo - 0.6, hi + 0.6, padding=0)
        vmax = max([1.0, *acc.tolist(), *com.tolist()])
        self.plot.setYRange(0, vmax * 1.1, padding=0)
        self.subtitle.setText(
            QCoreApplication.translate("Charts", "今日受理 {a} 件，办结 {c} 件").format(
                a=int(acc.sum()), c=int(com.sum())
            )
        )


class SatisfactionChart(ChartPanel):
    """Evaluations today by level (好差评 five levels, 非常不满意 .. 非常满意)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(QCoreApplication.translate("Charts", "今日评价"), parent)
        self.bars = pg.BarGraphItem(
            x=np.arange(5),
            height=np.zeros(5),
            width=0.7,
            brushes=[pg.mkBrush(c) for c in style.SATISFACTION],
            pen=pg.mkPen(None),
        )
        self.plot.addItem(self.bars)
        self.plot.getAxis("bottom").setTicks([list(enumerate(satisfaction_levels()))])
        self.plot.getAxis("bottom").setTickFont(style.cjk_font(20))
        self.labels = []
        for _i in range(5):
            t = pg.TextItem("", color=style.TEXT, anchor=(0.5, 1))
            t.setFont(style.cjk_font(19, bold=True))
            self.plot.addItem(t)
            self.labels.append(t)

    def update_from(self, snap: Snapshot) -> None:
        levels = np.zeros(5, dtype=float)
        vals = list(snap.satisfaction)[:5]
        levels[: len(vals)] = vals
        self.bars.setOpts(height=levels)
        vmax = max(1.0, float(levels.max()))
        for i, t in enumerate(self.labels):
            t.setText(str(int(levels[i])))
            t.setPos(i, levels[i] + vmax * 0.01)
        self.plot.setXRange(-0.6, 4.6, padding=0)
        self.plot.setYRange(0, vmax * 1.15, padding=0)
        total = levels.sum()
        if total:
            rate = levels[2:].sum() / total * 100  # 基本满意 and better
            self.subtitle.setText(
                QCoreApplication.translate("Charts", "共 {n} 条，满意率 {r:.1f}%").format(n=int(total), r=rate)
            )
        else:
            self.subtitle.setText(QCoreApplication.translate("Charts", "今日暂无评价"))


class ChartsPanel(QWidget):
    """The four charts in a 2×2 grid, fed by :meth:`set_snapshot`, redrawn at most ``redraw_ms`` apart."""

    def __init__(self, parent: QWidget | None = None, redraw_ms: int = 1000):
        super().__init__(parent)
        self.lights = LightsChart(self)
        self.top = TopOverdueChart(self)
        self.throughput = ThroughputChart(self)
        self.satisfaction = SatisfactionChart(self)
        lay = QGridLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.setSpacing(8)
        lay.addWidget(self.lights, 0, 0)
        lay.addWidget(self.top, 0, 1)
        lay.addWidget(self.throughput, 1, 0)
        lay.addWidget(self.satisfaction, 1, 1)
        self.snapshot: Snapshot | None = None
        self.redraws = 0
        self.throttle = Throttle(self._redraw, redraw_ms, self)

    def charts(self) -> tuple[ChartPanel, ...]:
        return (self.lights, self.top, self.throughput, self.satisfaction)

    def set_snapshot(self, snap: Snapshot) -> None:
        self.snapshot = snap
        self.throttle()

    def flush(self) -> None:
        self.throttle.flush()

    def _redraw(self) -> None:
        if self.snapshot is None:
            return
        self.redraws += 1
        for chart in self.charts():
            chart.update_from(self.snapshot)


__all__ = [
    "ChartsPanel",
    "LightsChart",
    "SatisfactionChart",
    "Throttle",
    "ThroughputChart",
    "TopOverdueChart",
    "dt",
    "satisfaction_levels",
]
