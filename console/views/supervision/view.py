"""监督工作: the supervision view (layout view name ``supervision``) with its tabs and a message line."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTabWidget, QVBoxLayout, QWidget

from console.views.supervision.appeals import AppealsTab
from console.views.supervision.base import SupervisionTab
from console.views.supervision.complaints import ComplaintsTab
from console.views.supervision.escalations import EscalationsTab
from console.views.supervision.limits import LimitsTab
from console.views.supervision.operators import OperatorsTab
from console.views.supervision.rectifications import RectificationsTab
from console.views.supervision.reports import ReportsTab
from console.widgets import style
from console.widgets.common import plain_label
from console.widgets.gate import role_text


class SupervisionView(QWidget):
    """``SupervisionView(controller, actions)``: 监督工作 with its tabs (``rectifications``, ``complaints``,
    ``escalations`` 督办, ``appeals`` 申诉, ``limits``, ``reports``, ``operators``).  ``message(text, error=False)``
    shows a line at the bottom."""

    REFRESH_MS = 60_000  # countdowns move with the day; reload the visible tab every minute

    def __init__(self, controller, actions, parent=None):
        super().__init__(parent)
        self.setObjectName("SupervisionView")
        self.controller = controller
        self.supervision = actions
        self.client = actions.client
        self.session = actions.session
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(plain_label(self.tr("监督工作"), "title"))
        top.addStretch(1)
        self.who = plain_label("", "big")
        top.addWidget(self.who)
        self.lock_button = QPushButton(self.tr("锁定"))
        self.lock_button.setToolTip(self.tr("离开时锁定监察台（大屏照常刷新）"))
        self.lock_button.clicked.connect(lambda: self.session.lock(by_hand=True))
        top.addWidget(self.lock_button)
        lay.addLayout(top)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("supervision_tabs")
        self.rectifications = RectificationsTab(self)
        self.complaints = ComplaintsTab(self)
        self.escalations = EscalationsTab(self)
        self.appeals = AppealsTab(self)
        self.limits = LimitsTab(self)
        self.reports = ReportsTab(self)
        self.operators = OperatorsTab(self)
        for tab, title in (
            (self.rectifications, self.tr("整改")),
            (self.complaints, self.tr("投诉")),
            (self.escalations, self.tr("督办")),
            (self.appeals, self.tr("申诉")),
            (self.limits, self.tr("时限清理")),
            (self.reports, self.tr("报表")),
            (self.operators, self.tr("值班员")),
        ):
            self.tabs.addTab(tab, title)
        lay.addWidget(self.tabs, 1)
        self.footer = plain_label("", None, wrap=True)
        self.footer.setProperty("severity", "info")
        lay.addWidget(self.footer)

        self.tabs.currentChanged.connect(lambda _i: self.reload_current())
        actions.sig_changed.connect(self._changed)
        self.session.sig_changed.connect(self._actor_changed)
        self._timer = QTimer(self)
        self._timer.setInterval(self.REFRESH_MS)
        self._timer.timeout.connect(lambda: self.isVisible() and self.reload_current())
        self._timer.start()
        # replay (回放) or back to live: the countdowns count from another day (SupervisionClient.today)
        self._replay_at = None
        sig = getattr(controller, "sig_snapshot", None)
        if sig is not None:
            sig.connect(self._on_snapshot)
        listeners = getattr(controller, "replay_listeners", None)
        if (
            listeners is not None
        ):  # the buttons say 回放中只能查看 from the click on (after the client knows: next turn)
            listeners.append(lambda _at: QTimer.singleShot(0, self, self._regate))
        self._actor_changed(self.session.actor)

    def all_tabs(self) -> list[SupervisionTab]:
        return [
            self.rectifications,
            self.complaints,
            self.escalations,
            self.appeals,
            self.limits,
            self.reports,
            self.operators,
        ]

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self.tabs.currentWidget().loaded:
            self.reload_current()

    def _on_snapshot(self, snap) -> None:
        at = getattr(snap, "replay_at", None)
        if at != self._replay_at:
            self._replay_at = at
            self._regate()
            if self.tabs.currentWidget().loaded:
                self.reload_current()

    def _regate(self) -> None:
        for t in self.all_tabs():
            t.refresh_buttons()

    def reload_current(self) -> None:
        if self.client is not None:
            self.tabs.currentWidget().reload()

    def message(self, text: str, error: bool = False) -> None:
        style.set_state(self.footer, severity="error" if error else "info")
        self.footer.setText(text)

    def _changed(self, kind: str) -> None:
        tab = {
            "rectification": self.rectifications,
            "complaint": self.complaints,
            "escalation": self.escalations,
            "appeal": self.appeals,
            "limits": self.limits,
            "operators": self.operators,
        }.get(kind)
        if tab is not None and tab.loaded:
            tab.reload()

    def _actor_changed(self, actor) -> None:
        if actor is None:
            self.who.setText(self.tr("未登录"))
        else:
            self.who.setText(
                self.tr("{name}（{role}）").format(
                    name=actor.display_name or actor.username, role=role_text(actor.role)
                )
            )
        self.lock_button.setEnabled(actor is not None)
        for t in self.all_tabs():
            t.refresh_buttons()


__all__ = ["SupervisionView"]
