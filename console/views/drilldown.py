"""Drill-down for supervisors: a unit's open cases, one case in detail, and the view combining both.

Widgets never query: ``UnitCasesView.show_unit`` calls ``controller.request_unit_cases`` and draws what
``sig_unit_cases`` brings back (answers for another unit than the one asked last are ignored);
``CaseDetailView.show_case`` does the same with ``request_case_detail`` / ``sig_case_detail``.

The case timeline (``CaseTimeline``) paints one column per day from acceptance to the later of the due dates
(and today): working days vs weekends/holidays are shaded differently, days the calendar does not cover
(``CaseDetail.workdays`` ends at the later due date) are marked "unknown" rather than guessed; steps are bars
with their due day, suspensions hatched, due dates vertical lines (promised/statutory, "临时" when provisional),
and a today marker.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QPainter, QPen, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.domain import clock
from console.domain.snapshot import AlarmView, CaseDetail, CaseRow, StepRow
from console.domain.timelimits import Light
from console.widgets import style
from console.widgets.alarm_table import level_text, status_text
from console.widgets.case_table import CaseSortProxy, CaseTableModel, case_flags, case_state, overdue_text
from console.widgets.common import CappedLabel, read_only_table
from console.widgets.data_texts import rule_text

EVALUATION_TEXT = {1: "非常不满意", 2: "不满意", 3: "基本满意", 4: "满意", 5: "非常满意"}


def _plain(text: str = "", name: str | None = None, wrap: bool = False) -> QLabel:
    lab = QLabel(text)
    lab.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        lab.setObjectName(name)
    lab.setWordWrap(wrap)
    return lab


def _fill_table(
    table: QTableWidget, headers: list[str], rows: list[list[str]], colours: dict[tuple[int, int], str] | None = None
) -> None:
    table.clear()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            it = QTableWidgetItem(text)
            it.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            if colours and (r, c) in colours:
                it.setForeground(QBrush(QColor(colours[(r, c)])))
            table.setItem(r, c, it)
    table.resizeColumnsToContents()
    h = table.horizontalHeader().height() + 2 * table.frameWidth()
    for r in range(table.rowCount()):
        h += table.rowHeight(r)
    table.setFixedHeight(max(h, table.horizontalHeader().height() + 34))


def _static_table():
    return read_only_table(32, scroll=False)


def _fmt(t: dt.datetime | None) -> str:
    return t.strftime("%Y-%m-%d %H:%M") if t else "—"


# ---- the unit's cases -----------------------------------------------------------------------------------


class UnitCasesView(QWidget):
    """``UnitCasesView(controller, parent=None)``.  ``show_unit(unit_id)``; emits ``sig_case_activated(case_id)``
    on double-click / Enter, ``sig_loaded(unit_id, n)`` when rows arrive."""

    sig_case_activated = Signal(int)
    sig_loaded = Signal(int, int)

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.unit_id: int | None = None
        self.unit_name = ""
        self.model = CaseTableModel(self)
        self.proxy = CaseSortProxy(self)
        self.proxy.setSourceModel(self.model)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.title = _plain("", "title")
        self.summary = _plain("", "big")
        top.addWidget(self.title)
        top.addSpacing(20)
        top.addWidget(self.summary)
        top.addStretch(1)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("筛选办件编号、事项、承办人…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(360)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        top.addWidget(self.search)
        lay.addLayout(top)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(CaseTableModel.COL_REMAINING, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(36)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, w in ((0, 200), (1, 280), (2, 80), (3, 90), (4, 170), (5, 120), (6, 120), (7, 130), (8, 120)):
            self.table.setColumnWidth(col, w)
        self.table.doubleClicked.connect(self._activate)
        self.table.activated.connect(self._activate)
        lay.addWidget(self.table, 1)
        # before any unit is chosen the tab (Alt+5) was an empty table saying nothing: say how to fill it
        self.hint = _plain(
            self.tr(
                "尚未选择单位。\n在“市级部门”(Alt+1) 或“区（市）县”(Alt+3) 墙上单击一个单位"
                "（或用方向键选中后按回车），即可在此查看其办件明细；告警中的“查看办件”也在此打开办件。"
            ),
            "big",
            wrap=True,
        )
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.hint, 1)
        self._show_hint(True)
        controller.sig_unit_cases.connect(self.on_unit_cases)

    def _show_hint(self, empty: bool) -> None:
        self.hint.setVisible(empty)
        for w in (self.table, self.search):
            w.setVisible(not empty)

    def show_unit(self, unit_id: int, unit_name: str | None = None) -> None:
        if unit_id != self.unit_id:
            self.model.set_rows(())
        self.unit_id = unit_id
        self._show_hint(False)
        snap = getattr(self.controller, "last_snapshot", None)
        u = snap.unit(unit_id) if snap is not None else None
        self.unit_name = unit_name or (u.name if u else self.tr("单位 {id}").format(id=unit_id))
        self.title.setText(self.unit_name)
        self.summary.setText(self.tr("正在加载…"))
        self.controller.request_unit_cases(unit_id)

    @Slot(int, object)
    def on_unit_cases(self, unit_id: int, rows) -> None:
        if unit_id != self.unit_id:
            return
        self.model.set_rows(rows)
        live = [r for r in rows if not r.completed]
        red = sum(1 for r in live if r.light == Light.RED)
        breach = sum(1 for r in live if r.statutory_breach)
        alarmed = sum(1 for r in rows if r.alarm_labels)
        self.summary.setText(
            self.tr("在办 {n} 件，红灯 {r} 件，法定超期 {b} 件，有未确认告警 {a} 件").format(
                n=len(live), r=red, b=breach, a=alarmed
            )
        )
        self.sig_loaded.emit(unit_id, len(rows))

    def _activate(self, idx) -> None:
        if idx.isValid():
            self.sig_case_activated.emit(self.model.case(self.proxy.mapToSource(idx).row()).case_id)


# ---- the timeline ------------------------------------------------------------------------------------------


class CaseTimeline(QWidget):
    """Paints a case against the working-day calendar, one column per day."""

    LEFT = 170
    TOP = 54
    LANE = 34
    MIN_DAY = 14

    def __init__(self, parent=None, today: Callable[[], dt.date] = clock.today):
        super().__init__(parent)
        self._today = today
        self.detail: CaseDetail | None = None
        self.days: list[dt.date] = []
        self.kinds: list[str] = []  # work | rest | unknown
        self.lanes: list[tuple[str, str]] = []  # (kind, label)
        self.setMinimumHeight(160)

    def set_detail(self, d: CaseDetail | None) -> None:
        self.detail = d
        self.days, self.kinds, self.lanes = [], [], []
        if d is not None:
            today = self._today()
            start = d.row.accepted_at.date()
            end = max(d.row.promised_due, d.row.statutory_due, today)
            for s in d.steps:
                end = max(end, (s.ended_at or s.started_at).date(), s.due or start)
            for s in d.suspensions:
                end = max(end, (s.ended_at or s.started_at).date())
            if d.completed_at:
                end = max(end, d.completed_at.date())
            end = min(end, start + dt.timedelta(days=730))
            work = set(d.workdays)
            covered_to = max(work) if work else None
            n = (end - start).days + 1
            self.days = [start + dt.timedelta(days=i) for i in range(n)]
            for day in self.days:
                if covered_to is None or day > covered_to:
                    self.kinds.append("unknown")
                else:
                    self.kinds.append("work" if day in work else "rest")
            self.lanes = [("step", s.step_name) for s in d.steps] + [("susp", self.tr("暂停/特别程序"))]
        self.updateGeometry()
        self.setMinimumWidth(self.LEFT + len(self.days) * self.MIN_DAY + 20)
        self.setMinimumHeight(self.TOP + max(1, len(self.lanes)) * self.LANE + 90)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(self.LEFT + max(30, len(self.days)) * 24 + 20, self.TOP + max(1, len(self.lanes)) * self.LANE + 90)

    # -- geometry helpers --
    def _col_w(self) -> float:
        return max(self.MIN_DAY, (self.width() - self.LEFT - 20) / max(1, len(self.days)))

    def _x(self, day: dt.date) -> float:
        return self.LEFT + (day - self.days[0]).days * self._col_w()

    def paintEvent(self, _ev) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        colours = style.TIMELINE
        p.fillRect(self.rect(), QColor(style.BG))
        if not self.days or self.detail is None:
            p.setPen(QColor(style.TEXT_DIM))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("无时间轴数据"))
            return
        d = self.detail
        cw = self._col_w()
        lanes_h = max(1, len(self.lanes)) * self.LANE
        top, bottom = self.TOP, self.TOP + lanes_h
        small = QFont(self.font())
        small.setPixelSize(13)
        normal = QFont(self.font())
        normal.setPixelSize(15)

        # day columns
        work_c, rest_c = QColor(colours["work"]), QColor(colours["rest"])
        for i, (_day, kind) in enumerate(zip(self.days, self.kinds, strict=True)):
            r = QRectF(self.LEFT + i * cw, top, cw, lanes_h)
            if kind == "work":
                p.fillRect(r, work_c)
            elif kind == "rest":
                p.fillRect(r, rest_c)
            else:
                p.fillRect(r, rest_c)
                p.fillRect(r, QBrush(QColor(colours["unknown"]), Qt.BrushStyle.Dense6Pattern))
        p.setPen(QPen(QColor(colours["gridline"]), 1))
        for i in range(len(self.days) + 1):
            x = self.LEFT + i * cw
            p.drawLine(int(x), top, int(x), bottom)
        for li in range(len(self.lanes) + 1):
            y = top + li * self.LANE
            p.drawLine(self.LEFT, y, int(self.LEFT + len(self.days) * cw), y)

        # date labels: every day if there is room, else Mondays and month starts
        p.setFont(small)
        p.setPen(QColor(style.TEXT_DIM))
        step = 1 if cw >= 34 else (7 if cw < 18 else 2)
        for i, day in enumerate(self.days):
            if i % step == 0 or day.day == 1:
                x = self.LEFT + i * cw
                p.drawText(QRectF(x - 2, top - 36, 60, 16), Qt.AlignmentFlag.AlignLeft, day.strftime("%m-%d"))
                if cw >= 22:
                    wd = (self.tr("一二三四五六日") + "       ")[day.weekday()]
                    p.drawText(QRectF(x, top - 18, cw, 16), Qt.AlignmentFlag.AlignHCenter, wd)

        # lane labels
        p.setFont(normal)
        for li, (_kind, label) in enumerate(self.lanes):
            p.setPen(QColor(style.TEXT))
            p.drawText(
                QRectF(6, top + li * self.LANE, self.LEFT - 12, self.LANE),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                label,
            )

        today = self._today()
        last = self.days[-1]

        def span(a: dt.date, b: dt.date) -> tuple[float, float]:
            a, b = max(a, self.days[0]), min(b, last)
            return self._x(a), self._x(b) + cw

        # steps
        for li, s in enumerate(d.steps):
            y = top + li * self.LANE + 6
            h = self.LANE - 12
            a = s.started_at.date()
            b = s.ended_at.date() if s.ended_at else today
            if b < a:
                b = a
            x0, x1 = span(a, b)
            running = s.ended_at is None
            ok_c = QColor(colours["step_running" if running else "step"])
            p.fillRect(QRectF(x0, y, x1 - x0, h), ok_c)
            if s.due is not None and b > s.due:
                ox0, ox1 = span(s.due + dt.timedelta(days=1), b)
                p.fillRect(QRectF(ox0, y, ox1 - ox0, h), QColor(style.LIGHT["red"]))
            if s.due is not None and self.days[0] <= s.due <= last:
                xd = self._x(s.due) + cw
                p.setPen(QPen(QColor(style.LIGHT["yellow"]), 3))
                p.drawLine(int(xd), y - 4, int(xd), y + h + 4)
            p.setPen(QColor(colours["step_text"]))
            p.setFont(small)
            txt = s.handler or ""
            if s.natural_days is not None:
                txt += self.tr("  限{n}自然日").format(n=s.natural_days)
            elif s.limit_days is not None:
                txt += self.tr("  限{n}日").format(n=s.limit_days)
            p.drawText(
                QRectF(x0 + 4, y, max(0.0, x1 - x0 - 6) + 200, h),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                txt.strip(),
            )

        # suspensions, hatched
        li = len(d.steps)
        y = top + li * self.LANE + 6
        h = self.LANE - 12
        for s in d.suspensions:
            a = s.started_at.date()
            b = s.ended_at.date() if s.ended_at else today
            x0, x1 = span(a, max(a, b))
            colour = QColor(colours["suspension" if s.stops_clock else "suspension_counted"])
            p.fillRect(QRectF(x0, y, x1 - x0, h), QColor(colours["suspension_bg"]))
            p.fillRect(QRectF(x0, y, x1 - x0, h), QBrush(colour, Qt.BrushStyle.BDiagPattern))
            p.setPen(QPen(colour, 2))
            p.drawRect(QRectF(x0, y, x1 - x0, h))
            p.setFont(small)
            p.setPen(QColor(colours["step_text"]))
            txt = s.kind + (self.tr(" 申请{n}日").format(n=s.applied_days) if s.applied_days is not None else "")
            p.drawText(
                QRectF(x0 + 4, y, max(0.0, x1 - x0) + 200, h),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                txt,
            )

        # due lines (the end of the due day: overdue from the next day) and today
        p.setFont(normal)
        prov = d.row.provisional
        marks = [
            (d.row.promised_due, style.LIGHT["yellow"], self.tr("承诺"), Qt.PenStyle.DashLine, True),
            (d.row.statutory_due, style.LIGHT["red"], self.tr("法定"), Qt.PenStyle.SolidLine, True),
            (today, colours["today"], self.tr("今天"), Qt.PenStyle.SolidLine, False),
        ]
        placed: list[list[tuple[float, float]]] = [[], [], []]  # label rows below the lanes, no overlaps
        fm = p.fontMetrics()
        for day, colour, label, pen_style, end_of_day in marks:
            if not (self.days[0] <= day <= last):
                continue
            x = self._x(day) + (cw if end_of_day else cw / 2)
            p.setPen(QPen(QColor(colour), 3, pen_style))
            p.drawLine(int(x), top - 4, int(x), bottom + 2)
            if prov and end_of_day:
                label += self.tr("（临时）")
            w = fm.horizontalAdvance(label) + 8
            lx = min(max(x - w / 2, float(self.LEFT)), self.width() - w - 4)
            row = next((i for i, used in enumerate(placed) if all(lx + w < a or lx > b for a, b in used)), 2)
            placed[row].append((lx, lx + w))
            p.setPen(QColor(colour))
            p.drawText(QRectF(lx, bottom + 4 + row * 20, w, 20), Qt.AlignmentFlag.AlignHCenter, label)

        # legend
        p.setFont(small)
        lx, ly = self.LEFT, self.height() - 18
        for colour, text, brush in (
            (colours["work"], self.tr("工作日"), None),
            (colours["rest"], self.tr("休息日/节假日"), None),
            (colours["unknown"], self.tr("日历未覆盖"), Qt.BrushStyle.Dense6Pattern),
            (colours["suspension"], self.tr("暂停（不计时）"), Qt.BrushStyle.BDiagPattern),
            (style.LIGHT["red"], self.tr("环节超时"), None),
        ):
            r = QRectF(lx, ly, 14, 14)
            p.fillRect(r, QColor(colours["legend_bg"]))
            p.fillRect(r, QBrush(QColor(colour), brush) if brush else QColor(colour))
            p.setPen(QColor(style.PANEL_BORDER))
            p.drawRect(r)
            p.setPen(QColor(style.TEXT_DIM))
            p.drawText(QRectF(lx + 20, ly - 2, 160, 18), Qt.AlignmentFlag.AlignLeft, text)
            lx += 40 + p.fontMetrics().horizontalAdvance(text)
        p.end()


# ---- one case ----------------------------------------------------------------------------------------------


class CaseDetailView(QWidget):
    """``CaseDetailView(controller, parent=None, today=date.today)``.  ``show_case(case_id)``; emits
    ``sig_loaded(case_id)`` when the detail is drawn.  ``detail`` holds the CaseDetail shown."""

    sig_loaded = Signal(int)

    def __init__(self, controller, parent=None, today: Callable[[], dt.date] = clock.today):
        super().__init__(parent)
        self.controller = controller
        self.case_id: int | None = None
        self.detail: CaseDetail | None = None
        self._today = today
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        lay = QVBoxLayout(body)
        lay.setSpacing(10)

        head = QHBoxLayout()
        self.light = _plain("", "case_light")  # a pill in the colour of the case's light
        self.light.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.light.setMinimumWidth(130)
        # an item name or an applicant of 4,000 characters (what the ingest accepts) is cut with "…" and a
        # tooltip, never laid out wider than the pane (CappedLabel)
        self.title = CappedLabel(2, "title")
        self.title.setText(self.tr("正在加载…"))
        head.addWidget(self.light)
        head.addWidget(self.title, 1)
        lay.addLayout(head)
        self.info = CappedLabel(3, "big")
        lay.addWidget(self.info)

        dues = QGridLayout()
        dues.setHorizontalSpacing(30)
        self.promised = _plain("", "value")
        self.statutory = _plain("", "value")
        self.remaining = _plain("", "value")
        self.remaining_label = _plain(self.tr("剩余（承诺）"), "dim")  # 办结（承诺） once the case is completed
        for i, (label, w) in enumerate(
            (
                (_plain(self.tr("承诺期限"), "dim"), self.promised),
                (_plain(self.tr("法定期限"), "dim"), self.statutory),
                (self.remaining_label, self.remaining),
            )
        ):
            dues.addWidget(label, 0, i)
            dues.addWidget(w, 1, i)
        dues.setColumnStretch(3, 1)
        lay.addLayout(dues)
        self.provisional = _plain(
            self.tr("临时期限：期限跨越尚未公布节假日安排的年份，按周末临时计算，节假日公布后将重算"),
            "provisional",
            True,
        )
        self.provisional.hide()
        lay.addWidget(self.provisional)
        self.flags = _plain("", "warning", True)
        lay.addWidget(self.flags)

        tl_box = QGroupBox(self.tr("时间轴（工作日历）"))
        tl_lay = QVBoxLayout(tl_box)
        self.timeline = CaseTimeline(today=today)
        tl_scroll = QScrollArea()
        tl_scroll.setWidgetResizable(True)
        tl_scroll.setFrameShape(QFrame.Shape.NoFrame)
        tl_scroll.setWidget(self.timeline)
        tl_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._tl_scroll = tl_scroll
        tl_lay.addWidget(tl_scroll)
        lay.addWidget(tl_box)

        self.steps = _static_table()
        self.suspensions = _static_table()
        self.fees = _static_table()
        self.evaluations = _static_table()
        self.alarms = _static_table()
        for title, table in ((self.tr("办理环节"), self.steps), (self.tr("暂停与特别程序"), self.suspensions)):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(table)
            lay.addWidget(box)
        row = QHBoxLayout()
        for title, table in ((self.tr("收费"), self.fees), (self.tr("评价"), self.evaluations)):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(table)
            row.addWidget(box)
        lay.addLayout(row)
        box = QGroupBox(self.tr("告警与确认记录"))
        QVBoxLayout(box).addWidget(self.alarms)
        lay.addWidget(box)
        lay.addStretch(1)
        controller.sig_case_detail.connect(self.on_case_detail)

    def show_case(self, case_id: int) -> None:
        self.case_id = case_id
        if self.detail is None or self.detail.row.case_id != case_id:
            self.title.setText(self.tr("正在加载…"))
        self.controller.request_case_detail(case_id)

    @Slot(object)
    def on_case_detail(self, d: CaseDetail) -> None:
        if d is None or d.row.case_id != self.case_id:
            return
        self.detail = d
        r = d.row
        text, light = case_state(r)  # never 正常 over an open alarm of any rule
        self.light.setText(text)
        style.set_state(self.light, light=light)
        self.title.setText(f"{r.case_no}  {r.item_name}")
        parts = [
            self.tr("单位：{v}").format(v=d.unit_name),
            self.tr("申请人：{v}").format(v=d.applicant_name or "—"),
            self.tr("渠道：{v}").format(v=d.channel or "—"),
            self.tr("当前环节：{v}").format(v=r.stage),
            self.tr("承办人：{v}").format(v=r.handler or "—"),
            self.tr("受理：{v}").format(v=_fmt(r.accepted_at)),
        ]
        if d.completed_at:
            parts.append(self.tr("办结：{v}（{res}）").format(v=_fmt(d.completed_at), res=d.result or "—"))
        self.info.setText("    ".join(parts))
        prov = self.tr("（临时）") if r.provisional else ""
        # a limit accepted in calendar days says so (the remaining days are still counted in working days)
        natural = [self.tr("（{n} 自然日）").format(n=n) if n is not None else "" for n in d.natural_limits]
        self.promised.setText(r.promised_due.isoformat() + prov + natural[0])
        self.statutory.setText(r.statutory_due.isoformat() + prov + natural[1])
        style.set_state(self.statutory, light="red" if r.statutory_breach else "")
        self.remaining_label.setText(self.tr("办结（承诺）") if d.completed_at else self.tr("剩余（承诺）"))
        if d.completed_at:
            # a completed case counts down no more: on time when completed by the promised due date (as the period
            # reports count it, console/supervision/reports.py), else late by the working days the backend counted
            # on its completion day (行政许可法 第四十二条、第八十二条: limits in working days)
            if d.completed_at.date() <= r.promised_due:
                self.remaining.setText(self.tr("按期办结"))
                style.set_state(self.remaining, light="")
            else:
                late = self.tr("（超期 {n} 个工作日）").format(n=r.days_over) if r.days_over > 0 else ""
                self.remaining.setText(self.tr("超期办结") + late)
                style.set_state(self.remaining, light="red")
        elif r.remaining > 0 and r.due_today:
            self.remaining.setText(self.tr("{n} 个工作日（今日到期）").format(n=r.remaining))
            style.set_state(self.remaining, light="yellow")
        elif r.remaining > 0:
            self.remaining.setText(self.tr("{n} 个工作日").format(n=r.remaining))
            style.set_state(self.remaining, light="")
        elif r.due_today and r.days_over == 0:  # a 即办件 on its day: 0 left, due today, not late
            self.remaining.setText(self.tr("今日到期"))
            style.set_state(self.remaining, light="yellow")
        else:  # the alarm's words: 超期 N 个工作日
            self.remaining.setText(overdue_text(r.days_over))
            style.set_state(self.remaining, light="red")
        self.provisional.setVisible(r.provisional)
        self.flags.setText(case_flags(replace(r, provisional=False)))  # provisional has its own banner

        self.timeline.set_detail(d)
        self._tl_scroll.setFixedHeight(self.timeline.minimumHeight() + 20)

        colours = {}
        step_rows = []
        for i, s in enumerate(d.steps):
            end_day = s.ended_at.date() if s.ended_at else self._today()
            late = s.due is not None and end_day > s.due
            if late:
                colours[(i, 5)] = style.LIGHT["red"]
            step_rows.append(
                [
                    s.step_name,
                    s.handler or "—",
                    _fmt(s.started_at),
                    _fmt(s.ended_at) if s.ended_at else self.tr("办理中"),
                    _step_limit_words(self.tr, s),
                    (s.due.isoformat() + (self.tr(" 超时") if late else "")) if s.due else "—",
                    s.result or "—",
                    s.opinion or "",
                ]
            )
        _fill_table(
            self.steps,
            [
                self.tr("环节"),
                self.tr("承办人"),
                self.tr("开始"),
                self.tr("结束"),
                self.tr("时限"),
                self.tr("到期"),
                self.tr("结果"),
                self.tr("意见"),
            ],
            step_rows,
            colours,
        )
        _fill_table(
            self.suspensions,
            [
                self.tr("类型"),
                self.tr("开始"),
                self.tr("结束"),
                self.tr("申请时限"),
                self.tr("停止计时"),
                self.tr("依据"),
            ],
            [
                [
                    s.kind,
                    _fmt(s.started_at),
                    _fmt(s.ended_at) if s.ended_at else self.tr("进行中"),
                    self.tr("{n} 工作日").format(n=s.applied_days) if s.applied_days is not None else "—",
                    self.tr("是") if s.stops_clock else self.tr("否"),
                    s.basis or "",
                ]
                for s in d.suspensions
            ],
        )
        fee_colours = {}
        fee_rows = []
        for i, (receivable, paid, relief) in enumerate(d.fees):
            if abs(receivable - paid) > 0.005 and not relief:
                fee_colours[(i, 1)] = style.LIGHT["red"]
            fee_rows.append([f"{receivable:,.2f}", f"{paid:,.2f}", relief or ""])
        _fill_table(
            self.fees, [self.tr("应收（元）"), self.tr("实收（元）"), self.tr("减免理由")], fee_rows, fee_colours
        )
        _fill_table(
            self.evaluations,
            [self.tr("评价"), self.tr("时间"), self.tr("意见")],
            [[self._evaluation_text(level), _fmt(at), comment or ""] for level, at, comment in d.evaluations],
        )
        al_colours = {}
        al_rows = []
        for i, a in enumerate(d.alarms):
            al_colours[(i, 1)] = style.LIGHT["red"] if a.level == "red" else style.LIGHT["yellow"]
            al_rows.append(
                [
                    rule_text(a.rule, a.rule_label),
                    level_text(a.level),
                    _fmt(a.raised_at),
                    status_text(a),
                    a.acked_by or "—",
                    a.acked_console or "—",
                    _fmt(a.acked_at) if a.acked_at else "—",
                    a.ack_note or "",
                ]
            )
        _fill_table(
            self.alarms,
            [
                self.tr("规则"),
                self.tr("级别"),
                self.tr("发生时间"),
                self.tr("状态"),
                self.tr("确认人"),
                self.tr("控制台"),
                self.tr("确认时间"),
                self.tr("备注"),
            ],
            al_rows,
            al_colours,
        )
        self.sig_loaded.emit(r.case_id)

    def _evaluation_text(self, level: int) -> str:
        return {
            1: self.tr("非常不满意"),
            2: self.tr("不满意"),
            3: self.tr("基本满意"),
            4: self.tr("满意"),
            5: self.tr("非常满意"),
        }.get(level, str(level))


# ---- both, with a breadcrumb -----------------------------------------------------------------------------


class DrilldownView(QWidget):
    """``DrilldownView(controller, parent=None, today=date.today)``: ``show_unit(unit_id)``, ``show_case(case_id)``,
    ``back()`` (Backspace / Esc / the ← button).  Emits ``sig_back_out()`` when backing out of the first page."""

    sig_back_out = Signal()

    def __init__(self, controller, parent=None, today: Callable[[], dt.date] = clock.today):
        super().__init__(parent)
        self.controller = controller
        self.history: list[tuple[str, int]] = []
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.back_button = QPushButton(self.tr("← 返回 (Esc)"))
        self.back_button.clicked.connect(self.back)
        bar.addWidget(self.back_button)
        self.crumbs = QHBoxLayout()
        bar.addLayout(self.crumbs)
        bar.addStretch(1)
        lay.addLayout(bar)
        self.stack = QStackedWidget()
        self.units = UnitCasesView(controller)
        self.case = CaseDetailView(controller, today=today)
        self.stack.addWidget(self.units)
        self.stack.addWidget(self.case)
        lay.addWidget(self.stack, 1)
        self.units.sig_case_activated.connect(self.show_case)
        self.case.sig_loaded.connect(lambda _cid: self._render_crumbs())
        for key in ("Backspace", "Esc"):
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(self.back)

    @Slot(int)
    def show_unit(self, unit_id: int, new_visit: bool = False) -> None:
        self._visit(("unit", unit_id), new_visit)

    @Slot(int)
    def show_case(self, case_id: int, new_visit: bool = False) -> None:
        self._visit(("case", case_id), new_visit)

    def _visit(self, page: tuple[str, int], new_visit: bool) -> None:
        """``new_visit``: coming from outside (a wall tile, an alarm) starts a fresh history, so that ← goes
        back through this visit only; the same page asked for twice in a row is one entry."""
        if new_visit:
            self.history.clear()
        if not self.history or self.history[-1] != page:
            self.history.append(page)
        self._go()

    @Slot()
    def back(self) -> None:
        if len(self.history) <= 1:
            self.sig_back_out.emit()
            return
        self.history.pop()
        self._go()

    def _go(self) -> None:
        kind, ident = self.history[-1]
        if kind == "unit":
            self.stack.setCurrentWidget(self.units)
            self.units.show_unit(ident)
            self.units.table.setFocus()
        else:
            self.stack.setCurrentWidget(self.case)
            self.case.show_case(ident)
            self.case.setFocus()
        self._render_crumbs()

    def _render_crumbs(self) -> None:
        while self.crumbs.count():
            w = self.crumbs.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        parts = []
        for i, (kind, ident) in enumerate(self.history[-4:]):
            pos = len(self.history) - len(self.history[-4:]) + i
            if kind == "unit":
                text = self.units.unit_name if self.units.unit_id == ident else str(ident)
            else:
                d = self.case.detail
                text = d.row.case_no if d is not None and d.row.case_id == ident else self.tr("办件")
            parts.append((pos, text))
        for n, (pos, text) in enumerate(parts):
            if n:
                self.crumbs.addWidget(_plain("›", "dim"))
            b = QPushButton(text)
            b.setObjectName("crumb")
            b.setFlat(True)
            b.setEnabled(pos != len(self.history) - 1)
            b.clicked.connect(lambda _=False, pos=pos: self._jump(pos))
            self.crumbs.addWidget(b)

    def _jump(self, pos: int) -> None:
        del self.history[pos + 1 :]
        self._go()


__all__ = [
    "EVALUATION_TEXT",
    "AlarmView",
    "CaseDetailView",
    "CaseRow",
    "CaseTimeline",
    "DrilldownView",
    "UnitCasesView",
]


def _step_limit_words(tr: Callable[[str], str], s: StepRow) -> str:
    """A step's limit in the unit it was given: 自然日 as given, else 工作日."""
    if s.natural_days is not None:
        return tr("{n} 自然日").format(n=s.natural_days)
    return tr("{n} 工作日").format(n=s.limit_days) if s.limit_days is not None else "—"
