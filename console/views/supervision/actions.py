"""Role-gated supervision actions where the operator meets an alarm or a case, and the logged-in identity.

``SupervisionActions(controller, session, client)`` owns the three actions that start from an alarm or a case:
下达整改 (``order_rectification``), 撤销告警 (``cancel_alarm``), 记录问责 (``record_sanction``).  Each opens a form
dialog; the write runs on the controller's worker pool, the back end checks the role again and audits it, and
``sig_changed(kind)`` tells the windows to reload.

``ControlRoom`` hands it the windows that offer them, explicitly:

* ``attach_dialog(dialog)`` for every alarm, flood and acknowledgement dialog about to open
  (``AlarmNotifier.sig_dialog_opened``, ``AlarmQueueView.sig_ack_dialog_opened``): the logged-in operator's
  name goes, read-only, into its acknowledgement field (``set_identity``: acknowledgements are made by whoever
  is logged in; with nobody logged in the typed name stays), and an ``AlarmDialog`` gets the row of the three
  actions on the alarm it shows (``add_action_row``).  Both follow later log-ins while the dialog is open.
* ``attach_alarm_queue(view)``: a button row under the alarm queue and a context menu on its table
  (``AlarmQueueBar``);
* ``attach_drilldown(view)``: a ``DrilldownSupervisionPanel`` under the drill-down.

Buttons a role may not use are disabled with a tooltip naming the role they need (``console.widgets.gate``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from console.domain.errors import PermissionDenied
from console.views.supervision.drilldown_panel import DrilldownSupervisionPanel
from console.views.supervision.queue_bar import AlarmQueueBar
from console.widgets.alarm_dialog import AckDialog, AlarmDialog, FloodDialog
from console.widgets.escalation_dialogs import AppealDialog, EscalationDialog
from console.widgets.gate import apply_gate, role_text
from console.widgets.supervision_dialogs import (
    RectificationDialog,
    SanctionDialog,
    TextDialog,
    submit_via,
)

#: role actions that write nothing to the database: still possible in a replay (look, export, mute the sound)
LOOK_ONLY = frozenset({"watch", "report", "mute"})

log = logging.getLogger(__name__)


def action_button(text: str, name: str) -> QPushButton:
    """A compact button named for its action (``compact`` in console/widgets/style.py)."""
    b = QPushButton(text)
    b.setObjectName(name)
    b.setAutoDefault(False)
    b.setProperty("compact", True)
    return b


class SupervisionActions(QObject):
    #: a write succeeded: "rectification" | "alarm" | "sanction" | "complaint" | "limits" | "operators"
    sig_changed = Signal(str)
    #: the unit list arrived (dialogs need it)
    sig_units = Signal(object)

    def __init__(self, controller, session, client, parent: QObject | None = None):
        super().__init__(parent)
        self.controller = controller
        self.session = session
        self.client = client
        self.units = None  # list[UnitRef] once loaded
        self._waiting_units: list[Callable] = []
        self.last_dialog = None
        self.bars: list[AlarmQueueBar] = []
        self.panels: list[DrilldownSupervisionPanel] = []
        self.dialogs: list[AckDialog | AlarmDialog | FloodDialog] = []  # attached, not yet deleted
        session.sig_changed.connect(self._on_actor)
        if client is not None:
            self.load_units()

    # ---- plumbing ------------------------------------------------------------------------------------
    def load_units(self) -> None:
        self.controller.run_request(self.client.units, self._units_loaded, lambda exc: log.warning("units: %s", exc))

    def _units_loaded(self, units) -> None:
        self.units = units
        self.sig_units.emit(units)
        waiting, self._waiting_units = self._waiting_units, []
        for fn in waiting:
            fn()

    def with_units(self, fn: Callable[[], object]):
        """``fn()`` now if the unit list is here, else once it arrives (then None now)."""
        if self.units is not None:
            return fn()
        self._waiting_units.append(fn)
        return None

    def actor(self):
        """The logged-in Actor (refused if nobody is logged in)."""
        a = self.session.actor
        if a is None:
            raise PermissionDenied(role_text(None), "login")
        return a

    def unit_name(self, unit_id: int | None) -> str:
        for u in self.units or ():
            if u.unit_id == unit_id:
                return u.name
        return ""

    def _done(self, kind: str, poll: bool = False) -> Callable:
        def done(_result=None):
            if poll:
                self.controller.poll_soon()
            self.sig_changed.emit(kind)

        return done

    def show(self, dialog):
        """Open a form dialog window-modal (deleted when closed); ``last_dialog`` remembers it."""
        self.last_dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # ---- the three actions ------------------------------------------------------------------------------
    def order_rectification(
        self,
        parent: QWidget | None,
        *,
        alarm=None,
        case_id: int | None = None,
        unit_id: int | None = None,
        case_no: str = "",
        handler: str | None = None,
        alarm_id: int | None = None,
    ):
        """Open 下达整改 for an alarm (AlarmView) or a case; returns the dialog (None until units arrive)."""
        if alarm is not None:
            alarm_id, case_id, unit_id = alarm.alarm_id, alarm.case_id, alarm.unit_id
            case_no, handler = alarm.case_no, alarm.handler
            context = self.tr("告警：{rule} · {unit} · 办件 {case}").format(
                rule=alarm.rule_label, unit=alarm.unit_name, case=alarm.case_no
            )
        else:
            context = self.tr("办件 {case}").format(case=case_no or case_id)

        def make():
            d = RectificationDialog(self.units, context, unit_id, handler, parent)
            submit_via(
                self.controller,
                d,
                lambda v: (
                    lambda: self.client.order_rectification(self.actor(), alarm_id=alarm_id, case_id=case_id, **v)
                ),
                self._done("rectification"),
            )
            return self.show(d)

        return self.with_units(make)

    def cancel_alarm(self, parent: QWidget | None, alarm_id: int, context: str = ""):
        """Open 撤销告警 (reason required); on success the alarm leaves the queue at the next poll (now)."""
        d = TextDialog(
            self.tr("撤销告警"),
            self.tr("撤销理由"),
            context or self.tr("告警 #{id}").format(id=alarm_id),
            self.tr("撤销告警"),
            self.tr("例如：事项时限设置错误，告警不成立"),
            self.tr("撤销告警须说明理由"),
            parent,
        )
        submit_via(
            self.controller,
            d,
            lambda v: lambda: self.client.cancel_alarm(self.actor(), alarm_id, v["text"]),
            self._done("alarm", poll=True),
        )
        return self.show(d)

    def record_sanction(
        self,
        parent: QWidget | None,
        *,
        unit_id: int | None = None,
        person: str | None = None,
        person_role: str | None = "承办人",
        case_ids=(),
        alarm_ids=(),
        context: str = "",
    ):
        """Open 记录问责 (person and/or unit, from the sanctions ladder), linked to the given cases/alarms."""

        def make():
            d = SanctionDialog(self.units, context, unit_id, person, person_role, self.client.today(), parent)
            if person is None:
                d.against_person.setChecked(False)
            submit_via(
                self.controller,
                d,
                lambda v: (
                    lambda: self.client.record_sanction(
                        self.actor(), case_ids=tuple(case_ids), alarm_ids=tuple(alarm_ids), **v
                    )
                ),
                self._done("sanction"),
            )
            return self.show(d)

        return self.with_units(make)

    def alarm_context(self, alarm) -> str:
        return self.tr("告警 #{id}：{rule} · {unit} · 办件 {case}").format(
            id=alarm.alarm_id, rule=alarm.rule_label, unit=alarm.unit_name, case=alarm.case_no
        )

    def sanction_for_alarm(self, parent, alarm):
        return self.record_sanction(
            parent,
            unit_id=alarm.unit_id,
            person=alarm.handler or "",
            case_ids=(alarm.case_id,),
            alarm_ids=(alarm.alarm_id,),
            context=self.alarm_context(alarm),
        )

    def open_escalation(self, parent: QWidget | None, alarm):
        """Open 立案督办 on an alarm (the dialog's alarm message says 必要时启动督办); the ladder is read first."""

        def make(ladder):
            d = EscalationDialog(ladder, "alarm", alarm.alarm_id, self.alarm_context(alarm), parent)
            d.source_kind.setEnabled(False)
            d.source_id.setEnabled(False)
            submit_via(
                self.controller,
                d,
                lambda v: lambda: self.client.open_escalation(self.actor(), **v),
                self._done("escalation", poll=True),
            )
            self.show(d)

        self.controller.run_request(self.client.ladder, make, lambda exc: log.warning("ladder: %s", exc))

    def register_appeal(self, parent: QWidget | None, alarm):
        """Open 登记申诉 (a paper appeal handed in at the desk) against an alarm."""
        d = AppealDialog(alarm.alarm_id, self.alarm_context(alarm), parent)
        d.alarm_id.setEnabled(False)
        submit_via(
            self.controller,
            d,
            lambda v: lambda: self.client.register_paper_appeal(self.actor(), **v),
            self._done("appeal"),
        )
        return self.show(d)

    def buttons(self) -> dict[str, QPushButton]:
        """下达整改 / 撤销告警 / 记录问责 as compact buttons, keyed (and named) by their action."""
        return {
            "rectify": action_button(self.tr("下达整改…"), "rectify"),
            "cancel_alarm": action_button(self.tr("撤销告警…"), "cancel_alarm"),
            "sanction": action_button(self.tr("记录问责…"), "sanction"),
        }

    def row_label(self) -> str:
        return self.tr("监督处置：")

    # ---- gating --------------------------------------------------------------------------------------
    def gate(self, widget, action: str, ready: bool = True, why: str = "") -> bool:
        if getattr(self.client, "replay_at", None) is not None and action not in LOOK_ONLY:
            # a replay (回放) shows the past: the client refuses every write (EscalationRequests._work), and the
            # button says so at once instead of looking ready
            ready, why = False, self.tr("回放中只能查看：请先回到实时")
        return apply_gate(widget, self.session.role, action, ready, why)

    def _on_actor(self, _actor) -> None:
        for bar in self.bars:
            bar.refresh()
        for p in self.panels:
            p.refresh_buttons()
        for d in self._live_dialogs():
            self._fill_identity(d)
            if isinstance(d, AlarmDialog):
                self._gate_alarm_actions(d)

    # ---- attachments -----------------------------------------------------------------------------------
    def attach_dialog(self, dialog: AckDialog | AlarmDialog | FloodDialog) -> None:
        """An alarm, flood or acknowledgement dialog about to open: the logged-in operator as the one who
        acknowledges, and on an AlarmDialog the three actions on the alarm it shows."""
        if isinstance(dialog, AlarmDialog):
            # the forms belong to the alarm dialog's window, not to the dialog: the notifier closes and deletes
            # an alarm dialog at will (a flood folds it, another console acknowledges), and a form that was its
            # child went with it, half filled, leaving a stale picture whose 下达整改 did nothing
            def host():
                return dialog.parentWidget()

            buttons = self.buttons()
            buttons["rectify"].clicked.connect(lambda: self.order_rectification(host(), alarm=dialog.alarm))
            buttons["cancel_alarm"].clicked.connect(
                lambda: self.cancel_alarm(host(), dialog.alarm.alarm_id, self.alarm_context(dialog.alarm))
            )
            buttons["sanction"].clicked.connect(lambda: self.sanction_for_alarm(host(), dialog.alarm))
            # 督办 and 申诉 start from the alarm too (keys are their role actions, gated like the others)
            buttons["escalate"] = action_button(self.tr("启动督办…"), "escalate")
            buttons["escalate"].clicked.connect(lambda: self.open_escalation(host(), dialog.alarm))
            buttons["appeal"] = action_button(self.tr("登记申诉…"), "appeal")
            buttons["appeal"].clicked.connect(lambda: self.register_appeal(host(), dialog.alarm))
            dialog.add_action_row(self.row_label(), list(buttons.values()))
            self._gate_alarm_actions(dialog)
        self._fill_identity(dialog)
        self._live_dialogs().append(dialog)

    def attach_alarm_queue(self, view) -> AlarmQueueBar:
        bar = AlarmQueueBar(self, view)
        self.bars.append(bar)
        return bar

    def attach_drilldown(self, view) -> DrilldownSupervisionPanel:
        panel = DrilldownSupervisionPanel(self, view)
        view.layout().addWidget(panel)
        self.panels.append(panel)
        return panel

    def _live_dialogs(self) -> list:
        self.dialogs = [d for d in self.dialogs if shiboken6.isValid(d)]
        return self.dialogs

    def _fill_identity(self, dialog) -> None:
        s = self.session
        if s.actor is None and s.started:
            # nobody logged in yet: never put the previous shift's name (remembered in QSettings) forward
            dialog.set_identity("", False)
        elif s.actor is None:
            dialog.set_identity(None, False)
        else:
            dialog.set_identity(
                s.display_name,
                True,
                self.tr("已登录：{name}（{role}）").format(name=s.display_name, role=role_text(s.role)),
            )

    def _gate_alarm_actions(self, dialog: AlarmDialog) -> None:
        for action, b in dialog.action_buttons.items():
            self.gate(b, action)


__all__ = ["SupervisionActions", "action_button"]
