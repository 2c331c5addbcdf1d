"""The statistics screen's rotating pages (today, this month, 好差评, complaints, 督办与申诉, 30 days).

Each page draws a ``console.domain.statistics.StatisticsPages`` (and the today page the live Snapshot's
lights) and never queries.  Read across the room: names at 20 px and more, tables of at most the rows that
fit (never overlapping), figures with their unit (件, %).  Unit names are plain text, never HTML.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.domain.snapshot import Snapshot
from console.domain.statistics import StatisticsPages, UnitRate
from console.widgets import style
from console.widgets.charts import ChartPanel, LightsChart, _legend

RED_LIST = style.STATS_GOOD  # 红榜 bars: the good ones (green, like on time)
BLACK_LIST = style.STATS_BAD
AVERAGE = style.STATS_AVERAGE  # the city's average line, and the same weekday's average
OVERDUE = style.STATS_BAD


def _tr(text: str) -> str:
    return QCoreApplication.translate("StatsPages", text)


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v * 100:.1f}%"


class StatsPage(QWidget):
    """One page: a title the view shows above it and ``update_from(pages, snapshot)``."""

    title = ""

    def update_from(self, pages: StatisticsPages | None, snap: Snapshot | None) -> None:  # pragma: no cover
        raise NotImplementedError


# ---- today ------------------------------------------------------------------------------------------------------
class HourlyVsAverageChart(ChartPanel):
    """Accepted and completed per hour today (bars) against the same weekday's average (lines)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(_tr("每小时受理与办结（对比同期均值）"), parent)
        _legend(self.plot)
        self.accepted = pg.BarGraphItem(
            x=[], height=[], width=0.4, brush=pg.mkBrush(style.ACCEPTED), pen=pg.mkPen(None), name=_tr("今日受理")
        )
        self.completed = pg.BarGraphItem(
            x=[], height=[], width=0.4, brush=pg.mkBrush(style.COMPLETED), pen=pg.mkPen(None), name=_tr("今日办结")
        )
        self.plot.addItem(self.accepted)
        self.plot.addItem(self.completed)
        self.acc_avg = self.plot.plot([], [], pen=pg.mkPen(style.ACCEPTED, width=2), name=_tr("受理均值"))
        self.com_avg = self.plot.plot(
            [], [], pen=pg.mkPen(AVERAGE, width=2, style=Qt.PenStyle.DashLine), name=_tr("办结均值")
        )
        self.plot.getAxis("bottom").setTicks([[(h, f"{h}") for h in range(0, 24, 2)], [(h, "") for h in range(24)]])

    def update_from(self, pages: StatisticsPages) -> None:
        t = pages.today
        hours = np.arange(24, dtype=float)
        acc, com = np.array(t.accepted_per_hour, float), np.array(t.completed_per_hour, float)
        self.accepted.setOpts(x=hours - 0.2, height=acc, width=0.4)
        self.completed.setOpts(x=hours + 0.2, height=com, width=0.4)
        self.acc_avg.setData(hours, np.array(t.accepted_avg, float))
        self.com_avg.setData(hours, np.array(t.completed_avg, float))
        self.plot.setXRange(6.4, 20.6, padding=0)
        vmax = max(1.0, float(max(acc.max(), com.max(), max(t.accepted_avg), max(t.completed_avg))))
        self.plot.setYRange(0, vmax * 1.25, padding=0)
        self.subtitle.setText(
            _tr("今日受理 {a} 件，办结 {c} 件；前{w}周同日均值 受理 {aa:.0f} 件，办结 {ca:.0f} 件").format(
                a=int(acc.sum()), c=int(com.sum()), w=t.weeks, aa=sum(t.accepted_avg), ca=sum(t.completed_avg)
            )
        )


class TodayPage(StatsPage):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = _tr("今日")
        self.lights = LightsChart(self)
        self.hourly = HourlyVsAverageChart(self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.addWidget(self.lights, 1)
        lay.addWidget(self.hourly, 1)

    def update_from(self, pages, snap) -> None:
        if snap is not None:
            self.lights.update_from(snap)
        if pages is not None:
            self.hourly.update_from(pages)


# ---- this month: 红榜 / 黑榜 -----------------------------------------------------------------------------------
class RateBoard(ChartPanel):
    """Horizontal bars of on-time rates (%), one unit a row, labelled with on-time and early rates; the city's
    average as a vertical line."""

    ROWS = 10
    NAME_PX = 20

    def __init__(self, title: str, colour: str, parent: QWidget | None = None):
        super().__init__(title, parent)
        self.bars = pg.BarGraphItem(x0=[], y=[], height=0.7, width=[], brush=pg.mkBrush(colour), pen=pg.mkPen(None))
        self.plot.addItem(self.bars)
        self.plot.getAxis("left").setTickFont(style.cjk_font(self.NAME_PX))
        self.plot.invertY(True)
        self.plot.showGrid(x=True, y=False, alpha=0.15)
        self.average = pg.InfiniteLine(angle=90, pen=pg.mkPen(AVERAGE, width=2, style=Qt.PenStyle.DashLine))
        self.plot.addItem(self.average)
        self.shown: tuple[UnitRate, ...] = ()
        self.labels: list[pg.TextItem] = []
        for _ in range(self.ROWS):
            t = pg.TextItem("", color=style.TEXT, anchor=(1, 0.5))
            t.setFont(style.cjk_font(18, bold=True))
            self.plot.addItem(t)
            self.labels.append(t)

    def rows_that_fit(self) -> int:
        height = self.plot.getViewBox().height()
        if height <= 0:
            return self.ROWS
        return max(3, min(self.ROWS, int(height // (self.NAME_PX * 1.4))))

    def show_units(self, units: tuple[UnitRate, ...], city: float | None, lo: float = 0.0) -> None:
        """``lo``: the left end of the axis (%), shared by both boards so that their bars compare."""
        units = units[: self.rows_that_fit()]
        self.shown = units
        rates = np.array([(u.on_time_rate or 0.0) * 100 for u in units], dtype=float)
        y = np.arange(len(units), dtype=float)
        self.bars.setOpts(x0=np.full(len(units), lo), y=y, width=rates - lo, height=0.7)
        self.plot.getAxis("left").setTicks([[(i, f"{u.rank}. {u.unit_name}") for i, u in enumerate(units)]])
        for i, t in enumerate(self.labels):
            if i < len(units):
                u = units[i]
                # inside the bar's end (a 100 % bar leaves no room after it); early rate beside the on-time rate
                t.setText(_tr("{r}  提前 {e}").format(r=_pct(u.on_time_rate), e=_pct(u.early_rate)))
                t.setPos(max(rates[i], lo + (100 - lo) * 0.45) - (100 - lo) * 0.01, i)
                t.show()
            else:
                t.hide()
        self.plot.setXRange(lo, 100, padding=0)
        self.plot.setYRange(-0.6, max(len(units), 3) - 0.4, padding=0)
        self.average.setVisible(city is not None)
        if city is not None:
            self.average.setValue(city * 100)
        self.subtitle.setText(
            _tr("按时办结率（虚线：全市 {c}）").format(c=_pct(city)) if units else _tr("本月暂无办结件")
        )


class MonthPage(StatsPage):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = _tr("本月按时办结")
        self.best = RateBoard(_tr("红榜（前十）"), RED_LIST, self)
        self.worst = RateBoard(_tr("黑榜（后十）"), BLACK_LIST, self)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setFont(style.cjk_font(24, bold=True))
        self.summary.setProperty("role", "summary")
        lay = QGridLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.addWidget(self.summary, 0, 0, 1, 2)
        lay.addWidget(self.best, 1, 0)
        lay.addWidget(self.worst, 1, 1)
        lay.setRowStretch(1, 1)

    def update_from(self, pages, snap) -> None:
        if pages is None:
            return
        m = pages.month
        best, worst = m.best(RateBoard.ROWS), m.worst(RateBoard.ROWS)
        # rates near 100 % differ by a few points: start the axis 10 points below the lowest shown, by tens
        shown = [u.on_time_rate * 100 for u in (*best, *worst) if u.on_time_rate is not None]
        lo = max(0.0, float(np.floor((min(shown, default=100.0) - 10) / 10) * 10))
        self.best.show_units(best, m.city_on_time_rate, lo)
        self.worst.show_units(worst, m.city_on_time_rate, lo)
        self.summary.setText(
            _tr("{f} 至 {l}　全市按时办结率 {r}　提前办结率 {e}　办结 {n} 件").format(
                f=m.first.strftime("%m-%d"),
                l=m.last.strftime("%m-%d"),
                r=_pct(m.city_on_time_rate),
                e=_pct(m.city_early_rate),
                n=sum(u.completed for u in m.units),
            )
        )


# ---- tables: 好差评, complaints --------------------------------------------------------------------------------
class BigTable(QTableWidget):
    """A read-only table in wall-sized type; shows as many rows as fit (no scroll bar on a wall)."""

    ROW_PX = 40

    def __init__(self, headers: list[str], parent: QWidget | None = None):
        super().__init__(0, len(headers), parent)
        self.setHorizontalHeaderLabels(headers)
        self.setFont(style.cjk_font(20))
        # dark and wall-sized: BigTable's rules in the walls' stylesheet (console/widgets/style.py)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.ROW_PX)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._rows: list[list[tuple[str, str | None]]] = []
        # the header was polished inside QTableWidget's constructor, before this object was a BigTable to the
        # stylesheet: a table made after its window was shown (the 督办与申诉 page, on its first data) kept a
        # white header with tiny type
        style.repolish(self)

    def rows_that_fit(self) -> int:
        room = self.viewport().height()
        return max(3, room // self.ROW_PX) if room > 0 else 12

    def set_rows(self, rows: list[list[tuple[str, str | None]]]) -> None:
        """Each cell: (text, colour or None)."""
        self._rows = rows
        self._fill()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fill()

    def _fill(self) -> None:
        rows = self._rows[: self.rows_that_fit()]
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, (text, colour) in enumerate(row):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if colour:
                    item.setForeground(QColor(colour))
                self.setItem(r, c, item)


class RatingsPage(StatsPage):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = _tr("好差评")
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setFont(style.cjk_font(24, bold=True))
        self.summary.setProperty("role", "summary")
        self.table = BigTable(
            [
                _tr("单位（满意率由低到高）"),
                _tr("评价"),
                _tr("满意率"),
                _tr("差评"),
                _tr("已整改"),
                _tr("整改中"),
                _tr("未整改"),
            ],
            self,
        )
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.addWidget(self.summary)
        lay.addWidget(self.table, 1)

    def update_from(self, pages, snap) -> None:
        if pages is None:
            return
        rows = pages.ratings
        rated = sum(r.rated for r in rows)
        sat = sum(r.satisfied for r in rows)
        bad = sum(r.bad for r in rows)
        untouched = sum(r.bad_untouched for r in rows)
        self.summary.setText(
            _tr("本月评价 {n} 条，满意率 {r}；差评 {b} 条，未整改 {u} 条").format(
                n=rated, r=_pct(sat / rated if rated else None), b=bad, u=untouched
            )
        )
        self.table.set_rows(
            [
                [
                    (r.unit_name, None),
                    (str(r.rated), None),
                    (_pct(r.satisfaction_rate), None),
                    (str(r.bad), BLACK_LIST if r.bad else None),
                    (str(r.bad_rectified), None),
                    (str(r.bad_in_rectification), AVERAGE if r.bad_in_rectification else None),
                    (str(r.bad_untouched), BLACK_LIST if r.bad_untouched else None),
                ]
                for r in rows
            ]
        )


class StatTile(QFrame):
    def __init__(self, caption: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.value = QLabel("0", self)
        self.value.setFont(style.cjk_font(44, bold=True))
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel(caption, self)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setFont(style.cjk_font(20))
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay = QVBoxLayout(self)
        lay.addWidget(self.value)
        lay.addWidget(self.caption)


class ComplaintsPage(StatsPage):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = _tr("效能投诉")
        self.tiles: list[StatTile] = []
        tiles = QHBoxLayout()
        for caption in ("问题不查清不放过", "问题不解决不放过", "整改不落实不放过", "责任不追究不放过", "办结"):
            t = StatTile(_tr(caption), self)
            self.tiles.append(t)
            tiles.addWidget(t)
        self.table = BigTable([_tr("单位（投诉由多到少）"), _tr("收到"), _tr("受理"), _tr("答复"), _tr("超期")], self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.addLayout(tiles)
        lay.addWidget(self.table, 1)

    def update_from(self, pages, snap) -> None:
        if pages is None or pages.complaints is None:
            return
        c = pages.complaints
        for tile, (_, n) in zip(self.tiles, (*c.conditions, ("", c.closed)), strict=False):
            tile.value.setText(str(n))
        self.table.set_rows(
            [
                [
                    (u.unit_name, None),
                    (str(u.received), None),
                    (str(u.accepted), None),
                    (str(u.replied), None),
                    (str(u.overdue), BLACK_LIST if u.overdue else None),
                ]
                for u in c.units
            ]
        )


# ---- 督办与申诉 ----------------------------------------------------------------------------------------------------
# the report's column names, shortened for wall-sized headers (the order is the report's)
_SHORT = {
    "预警提醒": "提醒",
    "黄牌督办": "黄牌",
    "红牌督办": "红牌",
    "申诉待审查": "待审",
    "申诉成立": "成立",
    "申诉驳回": "驳回",
}
_CELL_COLOUR = {"黄牌督办": style.LIGHT["yellow"], "红牌督办": style.LIGHT["red"], "逾期": BLACK_LIST}


class FollowupPage(StatsPage):
    """督办 by level and outcome and 申诉 by outcome this month, per unit: the period report's figures."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = _tr("督办与申诉")
        self.tiles: dict[str, StatTile] = {}
        tiles = QHBoxLayout()
        for caption in ("预警提醒", "黄牌督办", "红牌督办", "申诉待审查", "申诉成立", "申诉驳回"):
            t = self.tiles[caption] = StatTile(_tr(caption), self)
            tiles.addWidget(t)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setFont(style.cjk_font(24, bold=True))
        self.summary.setProperty("role", "summary")
        self.table: BigTable | None = None
        self._columns: tuple[str, ...] = ()
        self.lay = QVBoxLayout(self)
        self.lay.setContentsMargins(8, 8, 8, 8)
        self.lay.addLayout(tiles)
        self.lay.addWidget(self.summary)

    def _table_for(self, columns: tuple[str, ...]) -> BigTable:
        if self.table is None or columns != self._columns:  # the columns are the report's: built once
            if self.table is not None:
                self.table.deleteLater()
            self.table = BigTable([_tr("单位（督办由多到少）"), *(_tr(_SHORT.get(c, c)) for c in columns)], self)
            # ten figures beside the name: the name as wide as the longest, the figures share the rest evenly
            self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
            self.lay.addWidget(self.table, 1)
            self._columns = columns
        return self.table

    def update_from(self, pages, snap) -> None:
        if pages is None or pages.followup is None:
            return
        f = pages.followup
        counts = dict((*f.by_level, *f.appeals))
        for caption, tile in self.tiles.items():
            tile.value.setText(str(counts.get(caption, 0)))
        self.summary.setText(
            _tr("本月督办 {n} 件：{o}；申诉 {a} 件").format(
                n=sum(n for _, n in f.by_level),
                o=_tr("，").join(f"{_tr(k)} {n}" for k, n in f.by_outcome),  # the list's comma: ", " in English
                a=sum(n for _, n in f.appeals),
            )
        )
        self._table_for(f.columns).set_rows(
            [
                [
                    (u.unit_name, None),
                    *((str(n), _CELL_COLOUR.get(c) if n else None) for c, n in zip(f.columns, u.counts, strict=True)),
                ]
                for u in f.units
            ]
        )


# ---- the last 30 days ------------------------------------------------------------------------------------------
class DailyPage(StatsPage):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = _tr("近30日")
        self.flow = ChartPanel(_tr("每日咨询、收件、受理、办结"), self)
        _legend(self.flow.plot)
        self.consulted = self.flow.plot.plot(
            [], [], pen=pg.mkPen(style.TEXT_DIM, width=2, style=Qt.PenStyle.DashLine), name=_tr("咨询")
        )
        self.received = self.flow.plot.plot([], [], pen=pg.mkPen(style.TEXT_DIM, width=2), name=_tr("收件"))
        self.accepted = self.flow.plot.plot([], [], pen=pg.mkPen(style.ACCEPTED, width=2), name=_tr("受理"))
        self.completed = self.flow.plot.plot([], [], pen=pg.mkPen(style.COMPLETED, width=2), name=_tr("办结"))
        self.overdue_panel = ChartPanel(_tr("每日日终超期未办结"), self)
        self.overdue = pg.BarGraphItem(x=[], height=[], width=0.7, brush=pg.mkBrush(OVERDUE), pen=pg.mkPen(None))
        self.overdue_panel.plot.addItem(self.overdue)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.addWidget(self.flow, 3)
        lay.addWidget(self.overdue_panel, 2)

    def update_from(self, pages, snap) -> None:
        if pages is None:
            return
        d = pages.daily
        x = np.arange(len(d.days), dtype=float)
        # a date every 5 days: at 1366 px ten-character labels every day would overlap
        ticks = [[(i, day.strftime("%m-%d")) for i, day in enumerate(d.days) if (len(d.days) - 1 - i) % 5 == 0]]
        series = (
            (self.consulted, d.consulted or (0,) * len(d.days)),
            (self.received, d.received),
            (self.accepted, d.accepted),
            (self.completed, d.completed),
        )
        for curve, values in series:
            curve.setData(x, np.array(values, dtype=float))
        self.overdue.setOpts(x=x, height=np.array(d.overdue, dtype=float), width=0.7)
        for panel in (self.flow, self.overdue_panel):
            panel.plot.getAxis("bottom").setTicks(ticks)
            panel.plot.setXRange(-0.6, max(len(d.days), 1) - 0.4, padding=0)
        top = max([1, *d.consulted, *d.received, *d.accepted, *d.completed])
        self.flow.plot.setYRange(0, top * 1.2, padding=0)
        self.overdue_panel.plot.setYRange(0, max([1, *d.overdue]) * 1.2, padding=0)
        if d.days:
            self.flow.subtitle.setText(
                _tr("{f} 至 {l}：咨询 {q} 件，收件 {r} 件，受理 {a} 件，办结 {c} 件").format(
                    q=sum(d.consulted),
                    f=d.days[0].strftime("%m-%d"),
                    l=d.days[-1].strftime("%m-%d"),
                    r=sum(d.received),
                    a=sum(d.accepted),
                    c=sum(d.completed),
                )
            )
            self.overdue_panel.subtitle.setText(_tr("当前超期未办结 {n} 件").format(n=d.overdue[-1]))


def all_pages(parent: QWidget | None = None) -> list[StatsPage]:
    return [
        TodayPage(parent),
        MonthPage(parent),
        RatingsPage(parent),
        ComplaintsPage(parent),
        FollowupPage(parent),
        DailyPage(parent),
    ]
