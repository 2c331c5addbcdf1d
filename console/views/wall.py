"""The wall views: departments (46 units) and districts (20 units).  Banner + headline + traffic-light grid.

Each view draws the Snapshots the controller sends (``controller.sig_snapshot``, queued from the poll thread)
and never queries.  A click/Enter on a cell is re-emitted as :attr:`WallView.sig_unit_activated`; the app wires
it to the drill-down (``controller.request_unit_cases``).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtWidgets import QVBoxLayout, QWidget

from console.domain.snapshot import Snapshot
from console.widgets.banner import DEFAULT_MAX_AGE_S, BannerStack
from console.widgets.headline import Headline
from console.widgets.lightgrid import LightGrid


class WallView(QWidget):
    """``kind``: "department" or "district" (UnitStatus.kind).  ``max_age_s``: data older than this is stale."""

    #: a unit was chosen on the grid (unit_id)
    sig_unit_activated = Signal(int)

    def __init__(
        self, controller, kind: str = "department", max_age_s: float = DEFAULT_MAX_AGE_S, parent: QWidget | None = None
    ):
        super().__init__(parent)
        if kind not in ("department", "district"):
            raise ValueError(f"unknown wall kind {kind!r}")
        self.controller = controller
        self.kind = kind
        self.setObjectName(f"wall-{kind}")
        self.title = (
            QCoreApplication.translate("WallView", "市级部门")
            if kind == "department"
            else QCoreApplication.translate("WallView", "区（市）县")
        )
        self.banners = BannerStack(max_age_s, self)
        self.headline = Headline(self.title, self)
        self.grid = LightGrid(parent=self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.banners)
        lay.addWidget(self.headline)
        lay.addWidget(self.grid, 1)
        self.grid.sig_unit_activated.connect(self.sig_unit_activated)
        self.setFocusProxy(self.grid)  # the keyboard given to the wall goes to a unit (LightGrid.focusInEvent)
        self.banners.watch.sig_changed.connect(self._on_stale)
        self.snapshot: Snapshot | None = None
        if controller is not None:
            controller.sig_snapshot.connect(self.on_snapshot)
            if getattr(controller, "last_snapshot", None) is not None:
                self.on_snapshot(controller.last_snapshot)

    @Slot(object)
    def on_snapshot(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        units = [u for u in snapshot.units if u.kind == self.kind]
        self.grid.set_units(units, ok=snapshot.ok)
        self.headline.set_snapshot(snapshot, units)
        self.banners.set_snapshot(snapshot)

    def _on_stale(self, stale: bool, kind: str, message: str) -> None:
        self.grid.set_stale(stale, QCoreApplication.translate("WallView", "数据中断") if stale else None)
        self.headline.set_stale(stale)


def departments_wall(controller) -> WallView:
    return WallView(controller, "department")


def districts_wall(controller) -> WallView:
    return WallView(controller, "district")
