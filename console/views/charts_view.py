"""The statistics screen: stale banner, headline, and its pages turning every ``rotate_s`` seconds (a
control-room wall "不停跳转"): the four live charts, then today, this month (红榜/黑榜), 好差评, complaints and
the last 30 days (console/widgets/stats_pages.py).

The pages' figures come from ``statistics()`` — a callable the shell hands over (it reads the database on the
controller's worker pool, console/services/statistics_source.py); this view only draws what it returns.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Slot
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from console.domain.snapshot import Snapshot
from console.domain.statistics import StatisticsPages
from console.widgets import style
from console.widgets.banner import DEFAULT_MAX_AGE_S, BannerStack
from console.widgets.charts import ChartsPanel, Throttle
from console.widgets.headline import Headline
from console.widgets.stats_pages import StatsPage, all_pages

log = logging.getLogger(__name__)
ROTATE_S = 20.0
REFRESH_S = 120.0  # the pages' figures (month, 30 days…) move slowly: a read every two minutes


class ChartsView(QWidget):
    """Constructed with the controller; draws each Snapshot from ``controller.sig_snapshot`` (≈1 Hz redraw)."""

    PAGE_SLUGS = ("today", "month", "ratings", "complaints", "days30")  # file names of the pages' pictures

    def __init__(
        self,
        controller,
        max_age_s: float = DEFAULT_MAX_AGE_S,
        redraw_ms: int = 1000,
        parent: QWidget | None = None,
        statistics=None,
        rotate_s: float = ROTATE_S,
        refresh_s: float = REFRESH_S,
    ):
        super().__init__(parent)
        self.controller = controller
        self.statistics = statistics
        self.setObjectName("charts")
        self.title = QCoreApplication.translate("ChartsView", "统计图表")
        self.banners = BannerStack(max_age_s, self)
        self.headline = Headline(QCoreApplication.translate("ChartsView", "全市统计"), self)
        self.charts = ChartsPanel(self, redraw_ms=redraw_ms)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.charts)
        self.pages: list[StatsPage] = all_pages(self) if statistics is not None else []
        for page in self.pages:
            self.stack.addWidget(page)
        self.page_title = QLabel(self)
        self.page_title.setTextFormat(Qt.TextFormat.PlainText)
        self.page_title.setFont(style.cjk_font(22, bold=True))
        self.page_title.setProperty("role", "page-title")
        # the names are a way to a page too: a visitor need not wait for the rotation (eventFilter)
        self.page_title.installEventFilter(self)
        self.page_title.setCursor(Qt.CursorShape.PointingHandCursor)
        bar = QHBoxLayout()
        bar.setContentsMargins(16, 4, 16, 0)
        bar.addWidget(self.page_title)
        bar.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.banners)
        lay.addWidget(self.headline)
        lay.addLayout(bar)
        lay.addWidget(self.stack, 1)
        self.page_title.setVisible(bool(self.pages))
        self.banners.watch.sig_changed.connect(lambda stale, kind, msg: self.headline.set_stale(stale))
        self.snapshot: Snapshot | None = None
        self.stats: StatisticsPages | None = None
        self.stats_error: str | None = None
        self._page_throttle = Throttle(self._draw_page, redraw_ms, self)
        self.rotation = QTimer(self)
        self.rotation.timeout.connect(self.next_page)
        self.refresh = QTimer(self)
        self.refresh.timeout.connect(self.request_statistics)
        self.stack.currentChanged.connect(lambda _i: self._on_page_changed())
        self._on_page_changed()
        if self.pages:
            self.rotation.start(int(rotate_s * 1000))
            self.refresh.start(int(refresh_s * 1000))
            self.request_statistics()
        if controller is not None:
            controller.sig_snapshot.connect(self.on_snapshot)
            if getattr(controller, "last_snapshot", None) is not None:
                self.on_snapshot(controller.last_snapshot)

    # ---- pages -------------------------------------------------------------------------------------------
    def page_names(self) -> list[str]:
        return [QCoreApplication.translate("ChartsView", "实时"), *(p.title for p in self.pages)]

    def show_page(self, index: int) -> None:
        self.stack.setCurrentIndex(index % self.stack.count())

    def _marks(self, current: int) -> list[str]:
        return [("● " if n == current else "○ ") + name for n, name in enumerate(self.page_names())]

    def page_at(self, x: int) -> int | None:
        """The page whose name is drawn at ``x`` in the names line (left-aligned, two spaces between)."""
        fm = QFontMetrics(self.page_title.font())
        left, gap = 0, fm.horizontalAdvance("  ")
        for n, mark in enumerate(self._marks(self.stack.currentIndex())):
            width = fm.horizontalAdvance(mark)
            if left <= x < left + width + gap:
                return n
            left += width + gap
        return None

    def eventFilter(self, obj, event) -> bool:
        if obj is self.page_title and event.type() == QEvent.Type.MouseButtonPress:
            n = self.page_at(int(event.position().x()))
            if n is not None:
                self.show_page(n)
                if self.rotation.isActive():
                    self.rotation.start()  # the page chosen stays its whole turn
                return True
        return super().eventFilter(obj, event)

    def next_page(self) -> None:
        if self.stack.count() > 1:
            self.show_page(self.stack.currentIndex() + 1)

    def _on_page_changed(self) -> None:
        self.page_title.setText("  ".join(self._marks(self.stack.currentIndex())))
        self._draw_page()

    def _draw_page(self) -> None:
        page = self.stack.currentWidget()
        if isinstance(page, StatsPage):
            page.update_from(self.stats, self.snapshot)

    def flush(self) -> None:
        self.charts.flush()
        self._page_throttle.flush()

    # ---- data --------------------------------------------------------------------------------------------
    def request_statistics(self) -> None:
        if self.statistics is None or self.controller is None:
            return
        self.controller.run_request(self.statistics, self.on_statistics, self._statistics_failed)

    @Slot(object)
    def on_statistics(self, pages: StatisticsPages) -> None:
        self.stats, self.stats_error = pages, None
        for page in self.pages:  # every page at once: a page turned to shows its figures without waiting
            page.update_from(pages, self.snapshot)

    def _statistics_failed(self, exc: BaseException) -> None:
        # the pages keep their last figures; the banner already says when the database is gone
        self.stats_error = str(exc)
        log.warning("statistics pages not refreshed: %s", exc)

    @Slot(object)
    def on_snapshot(self, snapshot: Snapshot) -> None:
        moved = self.snapshot is not None and self.snapshot.replay_at != snapshot.replay_at
        self.snapshot = snapshot
        if moved:  # into a replay, to another moment or back to live: the pages' periods follow at once
            self.request_statistics()
        self.headline.set_snapshot(snapshot)
        self.banners.set_snapshot(snapshot)
        self.charts.set_snapshot(snapshot)
        if self.stack.currentIndex() > 0:
            self._page_throttle()


def charts_view(controller) -> ChartsView:
    return ChartsView(controller)
