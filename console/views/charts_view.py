"""The statistics screen: stale banner, headline and the four live charts."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import QVBoxLayout, QWidget

from console.domain.snapshot import Snapshot
from console.widgets.banner import DEFAULT_MAX_AGE_S, BannerStack
from console.widgets.charts import ChartsPanel
from console.widgets.headline import Headline


class ChartsView(QWidget):
    """Constructed with the controller; draws each Snapshot from ``controller.sig_snapshot`` (≈1 Hz redraw)."""

    def __init__(
        self, controller, max_age_s: float = DEFAULT_MAX_AGE_S, redraw_ms: int = 1000, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.controller = controller
        self.setObjectName("charts")
        self.title = QCoreApplication.translate("ChartsView", "统计图表")
        self.banners = BannerStack(max_age_s, self)
        self.headline = Headline(QCoreApplication.translate("ChartsView", "全市统计"), self)
        self.charts = ChartsPanel(self, redraw_ms=redraw_ms)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.banners)
        lay.addWidget(self.headline)
        lay.addWidget(self.charts, 1)
        self.banners.watch.sig_changed.connect(lambda stale, kind, msg: self.headline.set_stale(stale))
        self.snapshot: Snapshot | None = None
        if controller is not None:
            controller.sig_snapshot.connect(self.on_snapshot)
            if getattr(controller, "last_snapshot", None) is not None:
                self.on_snapshot(controller.last_snapshot)

    @Slot(object)
    def on_snapshot(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self.headline.set_snapshot(snapshot)
        self.banners.set_snapshot(snapshot)
        self.charts.set_snapshot(snapshot)


def charts_view(controller) -> ChartsView:
    return ChartsView(controller)
