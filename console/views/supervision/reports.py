"""报表: a period and a scope (the city or one unit) → the figures and the units' ranking on screen, exported
as XLSX or PDF.  Building and exporting run on the worker pool; the tab shows it is busy meanwhile."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
)

from console.views.supervision.base import SupervisionTab, fill_table, fmt_time, table
from console.widgets import style
from console.widgets.common import plain_label


class ReportsTab(SupervisionTab):
    sig_exported = Signal(object)  # ExportResult

    def __init__(self, view):
        super().__init__(view)
        self.report = None
        self._busy = 0
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        today = self.client.today() if self.client is not None else dt.date.today()
        first = today.replace(day=1)
        self.date_from = QDateEdit(QDate(first.year, first.month, first.day))
        self.date_to = QDateEdit(QDate(today.year, today.month, today.day))
        for w in (self.date_from, self.date_to):
            w.setCalendarPopup(True)
            w.setDisplayFormat("yyyy-MM-dd")
        self.scope = QComboBox()
        self.scope.addItem(self.tr("全市"), None)
        self.scope.setMinimumWidth(260)
        self.build_button = QPushButton(self.tr("生成报表"))
        self.build_button.setObjectName("primary")
        self.xlsx_button = QPushButton(self.tr("导出 XLSX…"))
        self.pdf_button = QPushButton(self.tr("导出 PDF…"))
        bar.addWidget(plain_label(self.tr("期间"), "dim"))
        bar.addWidget(self.date_from)
        bar.addWidget(plain_label("—", "dim"))
        bar.addWidget(self.date_to)
        bar.addSpacing(12)
        bar.addWidget(plain_label(self.tr("范围"), "dim"))
        bar.addWidget(self.scope)
        bar.addWidget(self.build_button)
        bar.addStretch(1)
        bar.addWidget(self.xlsx_button)
        bar.addWidget(self.pdf_button)
        lay.addLayout(bar)
        busy = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: no percentage to report
        self.progress.setTextVisible(False)
        self.progress.setFixedWidth(240)
        self.progress.hide()
        self.status = plain_label("", "dim")
        busy.addWidget(self.progress)
        busy.addWidget(self.status, 1)
        lay.addLayout(busy)
        self.headline = plain_label(self.tr("选择期间和范围后生成报表"), "big", wrap=True)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.headline)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.figures = table()
        self.ranking = table()
        left = QGroupBox(self.tr("主要指标"))
        QVBoxLayout(left).addWidget(self.figures)
        right = QGroupBox(self.tr("单位排名"))
        QVBoxLayout(right).addWidget(self.ranking)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 5)
        lay.addWidget(split, 1)
        self.build_button.clicked.connect(self.build)
        self.xlsx_button.clicked.connect(lambda: self.export_dialog("xlsx"))
        self.pdf_button.clicked.connect(lambda: self.export_dialog("pdf"))
        view.supervision.sig_units.connect(self._units)
        if view.supervision.units is not None:
            self._units(view.supervision.units)

    def _units(self, units) -> None:
        keep = self.scope.currentData()
        self.scope.blockSignals(True)
        while self.scope.count() > 1:
            self.scope.removeItem(1)
        for u in units:
            self.scope.addItem(f"{u.name}（{u.code}）", u.code)
        i = self.scope.findData(keep)
        self.scope.setCurrentIndex(max(0, i))
        self.scope.blockSignals(False)

    def set_period(self, first: dt.date, last: dt.date, unit_code: str | None = None) -> None:
        self.date_from.setDate(QDate(first.year, first.month, first.day))
        self.date_to.setDate(QDate(last.year, last.month, last.day))
        i = self.scope.findData(unit_code)
        self.scope.setCurrentIndex(max(0, i))

    def reload(self) -> None:
        if not self.loaded:
            self.refresh_buttons()

    def _set_busy(self, on: bool, text: str = "") -> None:
        self._busy = max(0, self._busy + (1 if on else -1))
        self.progress.setVisible(self._busy > 0)
        self.status.setText(text)
        self.refresh_buttons()

    @property
    def busy(self) -> bool:
        return self._busy > 0

    def build(self) -> None:
        first = self.date_from.date().toPython()
        last = self.date_to.date().toPython()
        unit = self.scope.currentData()
        self._set_busy(True, self.tr("正在统计…"))

        def done(report):
            self._set_busy(False, self.tr("已生成（{at}）").format(at=fmt_time(report.generated_at)))
            self.show_report(report)

        def failed(exc):
            self._set_busy(False, "")
            self.show_error(exc)

        self.request(lambda: self.client.build_report(self.actor(), first, last, unit), done, failed)

    def show_report(self, report) -> None:
        self.report = report
        self.loaded = True
        self.headline.setText(report.headline)
        rows = report.summary_rows()
        fill_table(self.figures, [self.tr("指标"), self.tr("数值")], [[k, v] for k, v in rows])
        rank_rows, cells = [], {}
        for r, x in enumerate(report.ranking):
            rate = "—" if x["on_time_rate"] is None else f"{x['on_time_rate']:.1%}"
            rank_rows.append(
                [
                    x["rank"],
                    x["unit_name"],
                    x["completed"],
                    x["on_time"],
                    x["overtime"],
                    rate,
                    x["red_alarms"],
                    x["complaints"],
                    x["people_held_accountable"],
                ]
            )
            if x["overtime"]:
                cells[(r, 4)] = (None, style.LIGHT["red"])
        fill_table(
            self.ranking,
            [
                self.tr("名次"),
                self.tr("单位"),
                self.tr("办结"),
                self.tr("按时"),
                self.tr("超时"),
                self.tr("按时率"),
                self.tr("红色告警"),
                self.tr("投诉"),
                self.tr("被追责人数"),
            ],
            rank_rows,
            None,
            cells,
        )
        self.refresh_buttons()
        self.sig_loaded.emit()

    def refresh_buttons(self) -> None:
        self.gate(self.build_button, "report", not self.busy, self.tr("正在处理…"))
        for b in (self.xlsx_button, self.pdf_button):
            self.gate(b, "report", self.report is not None and not self.busy, self.tr("先生成报表"))

    def export_dialog(self, fmt: str) -> None:
        if self.report is None:
            return
        r = self.report
        name = f"监察报表_{r.scope_name}_{r.period_from:%Y%m%d}-{r.period_to:%Y%m%d}.{fmt}"
        filt = self.tr("Excel 工作簿 (*.xlsx)") if fmt == "xlsx" else self.tr("PDF 文件 (*.pdf)")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出报表"), str(Path.home() / name), filt)
        if path:
            if not path.lower().endswith("." + fmt):
                path += "." + fmt
            self.export_to(path, fmt)

    def export_to(self, path: str | Path, fmt: str) -> int | None:
        """Write the shown report to ``path`` as ``fmt`` on the worker pool (busy meanwhile); emits sig_exported."""
        if self.report is None:
            return None
        report = self.report
        self._set_busy(True, self.tr("正在导出 {fmt}…").format(fmt=fmt.upper()))

        def done(result):
            self._set_busy(False, self.tr("已导出：{path}").format(path=result.path))
            self.view.message(self.tr("报表已导出：{path}").format(path=result.path))
            self.sig_exported.emit(result)

        def failed(exc):
            self._set_busy(False, "")
            self.show_error(exc)

        actor = self.actor()  # the export is audited in the name of who made it
        return self.request(lambda: self.client.export_report(report, fmt, path, actor), done, failed)


__all__ = ["ReportsTab"]
