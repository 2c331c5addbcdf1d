"""The supervision row under the alarm queue and the context menu of its table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QMenu

from console.widgets.common import plain_label
from console.widgets.gate import role_text

if TYPE_CHECKING:
    from console.views.supervision.actions import SupervisionActions


class AlarmQueueBar(QObject):
    """下达整改 / 撤销告警 / 记录问责 on the alarm selected in the queue (row and context menu)."""

    def __init__(self, actions: SupervisionActions, view):
        super().__init__(view)
        self.supervision = actions
        self.view = view
        row = QHBoxLayout()
        row.addWidget(plain_label(actions.row_label(), "dim"))
        buttons = actions.buttons()
        self.rectify_button = buttons["rectify"]
        self.cancel_button = buttons["cancel_alarm"]
        self.sanction_button = buttons["sanction"]
        self.rectify_button.clicked.connect(self.rectify)
        self.cancel_button.clicked.connect(self.cancel)
        self.sanction_button.clicked.connect(self.sanction)
        for b in buttons.values():
            row.addWidget(b)
        row.addStretch(1)
        self.who = plain_label("", "dim")
        row.addWidget(self.who)
        lay = view.layout()
        lay.insertLayout(max(0, lay.count() - 1), row)  # above the feedback line
        view.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.table.customContextMenuRequested.connect(self._popup)
        view.table.selectionModel().currentChanged.connect(lambda *_: self.refresh())
        view.proxy.layoutChanged.connect(self.refresh)
        view.proxy.modelReset.connect(self.refresh)
        view.controller.sig_snapshot.connect(lambda _s: self.refresh())
        if hasattr(view, "sig_acting_changed"):
            view.sig_acting_changed.connect(lambda _ok: self.refresh())
        self.refresh()

    def _replay(self) -> bool:
        """A replayed queue (shown or asked for) is looked at, never acted on."""
        back = getattr(self.view, "looking_back", None)
        return bool(back()) if back is not None else getattr(self.view, "replay_at", None) is not None

    def current_alarm(self):
        idx = self.view.table.currentIndex()
        if not idx.isValid():
            return None
        return self.view.model.alarm(self.view.proxy.mapToSource(idx).row())

    def refresh(self) -> None:
        a = self.current_alarm()
        replay = self._replay()
        why = self.tr("回放中只能查看：请先回到实时") if replay else self.tr("请先在队列中选择一条告警")
        for b, action in (
            (self.rectify_button, "rectify"),
            (self.cancel_button, "cancel_alarm"),
            (self.sanction_button, "sanction"),
        ):
            self.supervision.gate(b, action, a is not None and not replay, why)
        s = self.supervision.session
        self.who.setText(
            self.tr("当前值班：{name}（{role}）").format(name=s.display_name, role=role_text(s.role))
            if s.actor is not None
            else ""
        )

    def rectify(self):
        a = self.current_alarm()
        return self.supervision.order_rectification(self.view, alarm=a) if a is not None else None

    def cancel(self):
        a = self.current_alarm()
        return self.supervision.cancel_alarm(self.view, a.alarm_id, self.supervision.alarm_context(a)) if a else None

    def sanction(self):
        a = self.current_alarm()
        return self.supervision.sanction_for_alarm(self.view, a) if a is not None else None

    def menu(self) -> QMenu:
        """The context menu for the current alarm (built fresh, gated)."""
        m = QMenu(self.view.table)
        m.setToolTipsVisible(True)
        a = self.current_alarm()
        drill = QAction(self.tr("查看办件"), m)
        drill.setEnabled(a is not None)
        drill.triggered.connect(lambda: self.view.sig_drilldown_case.emit(a.case_id))
        m.addAction(drill)
        m.addSeparator()
        replay = self._replay()
        why = self.tr("回放中只能查看：请先回到实时") if replay else self.tr("请先选择一条告警")
        for text, action, fn in (
            (self.tr("下达整改…"), "rectify", self.rectify),
            (self.tr("撤销告警…"), "cancel_alarm", self.cancel),
            (self.tr("记录问责…"), "sanction", self.sanction),
        ):
            act = QAction(text, m)
            act.setObjectName(action)
            self.supervision.gate(act, action, a is not None and not replay, why)
            act.triggered.connect(fn)
            m.addAction(act)
        return m

    def _popup(self, pos) -> None:
        m = self.menu()
        m.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        m.popup(self.view.table.viewport().mapToGlobal(pos))


__all__ = ["AlarmQueueBar"]
