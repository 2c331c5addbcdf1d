"""Role-gated supervision actions where the operator meets an alarm or a case, and the logged-in identity.

``SupervisionActions(controller, session, client)`` owns the three actions of issue 4 that start from an alarm
or a case: 下达整改 (``order_rectification``), 撤销告警 (``cancel_alarm``), 记录问责 (``record_sanction``).  Each
opens a form dialog; the write runs on the controller's worker pool, the back end checks the role again and
audits it, and ``sig_changed(kind)`` tells the windows to reload.

It attaches them, without those modules knowing, to the existing windows:

* ``attach_alarm_queue(view)``: a button row under the alarm queue and a context menu on its table
  (``AlarmQueueBar``);
* alarm modals (``AlarmDialog``): an application event filter adds the same row to every alarm dialog
  when it is shown, acting on the alarm it currently shows;
* ``attach_drilldown(view)``: a ``DrilldownSupervisionPanel`` under the drill-down: on a unit page its
  问责记录 (decisions against the unit and its people), on a case page the case's rectifications, the sanctions
  linked to it and its handler's own record, with the three actions.

The same filter puts the logged-in operator's name, read-only, into every acknowledgement field
(``AlarmDialog``/``FloodDialog``/``AckDialog``): acknowledgements are made by whoever is logged in.  With nobody
logged in (tests, snapshot mode) the typed name stays as it was.

Buttons a role may not use are disabled with a tooltip naming the role they need (``session.apply_gate``).
"""
from __future__ import annotations

import logging
from typing import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHBoxLayout,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.shell.session import apply_gate, role_text
from console.domain.errors import PermissionDenied
from console.widgets import style
from console.widgets.alarm_dialog import COLOURS, CONTROL_ROOM_QSS, AckDialog, AlarmDialog, FloodDialog
from console.widgets.supervision_dialogs import (
    RectificationDialog,
    SanctionDialog,
    TextDialog,
    submit_via,
)
from console.widgets.common import plain_label

log = logging.getLogger(__name__)

STATUS_TEXT = {"ordered": "整改中", "answered": "已答复待验证", "verified": "已验证", "overdue": "整改逾期",
               "cancelled": "已撤销"}


def rect_status_text(status: str) -> str:
    from PySide6.QtCore import QCoreApplication as C

    return C.translate("SupervisionActions", STATUS_TEXT.get(status, status))


_label = plain_label


def action_button(text: str, name: str) -> QPushButton:
    b = QPushButton(text)
    b.setObjectName(name)
    b.setAutoDefault(False)
    b.setStyleSheet("padding: 6px 16px; font-size: 18px;")
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
        self._installed = False
        #: the console's own top-level windows (set by ControlRoom): dialogs of another console in the same
        #: process (tests, a second room) are left alone; None = every dialog is ours
        self.windows: Callable[[], object] | None = None
        session.sig_changed.connect(self._on_actor)
        if client is not None:
            self.load_units()

    # ---- plumbing ------------------------------------------------------------------------------------
    def install(self) -> None:
        """Watch every dialog shown in the application (alarm modals, acknowledgement dialogs)."""
        if not self._installed:
            QApplication.instance().installEventFilter(self)
            self._installed = True

    def uninstall(self) -> None:
        if self._installed:
            QApplication.instance().removeEventFilter(self)
            self._installed = False

    def load_units(self) -> None:
        self.controller.run_request(self.client.units, self._units_loaded, lambda exc: log.warning("units: %s", exc))

    def _units_loaded(self, units) -> None:
        self.units = units
        self.sig_units.emit(units)
        waiting, self._waiting_units = self._waiting_units, []
        for fn in waiting:
            fn()

    def _with_units(self, fn: Callable[[], object]):
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

    def _show(self, dialog):
        self.last_dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # ---- the three actions ------------------------------------------------------------------------------
    def order_rectification(self, parent: QWidget | None, *, alarm=None, case_id: int | None = None,
                            unit_id: int | None = None, case_no: str = "", handler: str | None = None,
                            alarm_id: int | None = None):
        """Open 下达整改 for an alarm (AlarmView) or a case; returns the dialog (None until units arrive)."""
        if alarm is not None:
            alarm_id, case_id, unit_id = alarm.alarm_id, alarm.case_id, alarm.unit_id
            case_no, handler = alarm.case_no, alarm.handler
            context = self.tr("告警：{rule} · {unit} · 办件 {case}").format(rule=alarm.rule_label, unit=alarm.unit_name,
                                                                       case=alarm.case_no)
        else:
            context = self.tr("办件 {case}").format(case=case_no or case_id)

        def make():
            d = RectificationDialog(self.units, context, unit_id, handler, parent)
            submit_via(self.controller, d, lambda v: lambda: self.client.order_rectification(
                self.actor(), alarm_id=alarm_id, case_id=case_id, **v), self._done("rectification"))
            return self._show(d)

        return self._with_units(make)

    def cancel_alarm(self, parent: QWidget | None, alarm_id: int, context: str = ""):
        """Open 撤销告警 (reason required); on success the alarm leaves the queue at the next poll (now)."""
        d = TextDialog(self.tr("撤销告警"), self.tr("撤销理由"), context or self.tr("告警 #{id}").format(id=alarm_id),
                       self.tr("撤销告警"), self.tr("例如：事项时限设置错误，告警不成立"),
                       self.tr("撤销告警须说明理由"), parent)
        submit_via(self.controller, d, lambda v: lambda: self.client.cancel_alarm(self.actor(), alarm_id, v["text"]),
                   self._done("alarm", poll=True))
        return self._show(d)

    def record_sanction(self, parent: QWidget | None, *, unit_id: int | None = None, person: str | None = None,
                        person_role: str | None = "承办人", case_ids=(), alarm_ids=(), context: str = ""):
        """Open 记录问责 (person and/or unit, from the sanctions ladder), linked to the given cases/alarms."""

        def make():
            d = SanctionDialog(self.units, context, unit_id, person, person_role, self.client.today(), parent)
            if person is None:
                d.against_person.setChecked(False)
            submit_via(self.controller, d, lambda v: lambda: self.client.record_sanction(
                self.actor(), case_ids=tuple(case_ids), alarm_ids=tuple(alarm_ids), **v), self._done("sanction"))
            return self._show(d)

        return self._with_units(make)

    # ---- gating --------------------------------------------------------------------------------------
    def gate(self, widget, action: str, ready: bool = True, why: str = "") -> bool:
        return apply_gate(widget, self.session.role, action, ready, why)

    def _on_actor(self, _actor) -> None:
        for bar in self.bars:
            bar.refresh()
        for p in self.panels:
            p.refresh_buttons()
        for w in QApplication.topLevelWidgets():
            if isinstance(w, (AckDialog, AlarmDialog, FloodDialog)) and self._mine(w):
                self._fill_identity(w)
                if isinstance(w, AlarmDialog):
                    self._refresh_alarm_dialog(w)

    # ---- attachments -----------------------------------------------------------------------------------
    def attach_alarm_queue(self, view) -> "AlarmQueueBar":
        bar = AlarmQueueBar(self, view)
        self.bars.append(bar)
        return bar

    def attach_drilldown(self, view) -> "DrilldownSupervisionPanel":
        panel = DrilldownSupervisionPanel(self, view)
        view.layout().addWidget(panel)
        self.panels.append(panel)
        return panel

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(obj, (AckDialog, AlarmDialog, FloodDialog)) \
                and self._mine(obj):
            self._fill_identity(obj)
            if isinstance(obj, AlarmDialog):
                self._attach_alarm_dialog(obj)
        return False

    def _mine(self, dialog) -> bool:
        if self.windows is None:
            return True
        parent = dialog.parentWidget()
        if parent is None:
            return True
        top = parent.window()
        return any(top is w for w in self.windows())

    def _fill_identity(self, dialog) -> None:
        field = dialog.fields.operator
        if self.session.actor is not None:
            field.setText(self.session.display_name)
            field.setReadOnly(True)
            field.setStyleSheet("background: transparent; border: none; font-weight: bold;")
            if field.hasFocus():
                dialog.fields.note.setFocus()
            field.setToolTip(self.tr("已登录：{name}（{role}）").format(name=self.session.display_name,
                                                                  role=role_text(self.session.role)))
        elif field.isReadOnly():
            field.setReadOnly(False)
            field.setStyleSheet("")
            field.setToolTip("")

    def _attach_alarm_dialog(self, dialog: AlarmDialog) -> None:
        if dialog.property("supervision_bar"):
            self._refresh_alarm_dialog(dialog)
            return
        dialog.setProperty("supervision_bar", True)
        row = QHBoxLayout()
        row.addWidget(_label(self.tr("监督处置："), "dim"))
        buttons = {
            "rectify": action_button(self.tr("下达整改…"), "rectify"),
            "cancel_alarm": action_button(self.tr("撤销告警…"), "cancel_alarm"),
            "sanction": action_button(self.tr("记录问责…"), "sanction"),
        }
        buttons["rectify"].clicked.connect(lambda: self.order_rectification(dialog, alarm=dialog.alarm))
        buttons["cancel_alarm"].clicked.connect(lambda: self.cancel_alarm(dialog, dialog.alarm.alarm_id,
                                                                          self._alarm_context(dialog.alarm)))
        buttons["sanction"].clicked.connect(lambda: self._sanction_for_alarm(dialog, dialog.alarm))
        for b in buttons.values():
            row.addWidget(b)
        row.addStretch(1)
        dialog._supervision_buttons = buttons
        lay = dialog.layout()
        lay.insertLayout(max(0, lay.count() - 1), row)
        self._refresh_alarm_dialog(dialog)

    def _refresh_alarm_dialog(self, dialog) -> None:
        for action, b in getattr(dialog, "_supervision_buttons", {}).items():
            self.gate(b, action)

    def _alarm_context(self, alarm) -> str:
        return self.tr("告警 #{id}：{rule} · {unit} · 办件 {case}").format(
            id=alarm.alarm_id, rule=alarm.rule_label, unit=alarm.unit_name, case=alarm.case_no)

    def _sanction_for_alarm(self, parent, alarm):
        return self.record_sanction(parent, unit_id=alarm.unit_id, person=alarm.handler or "", case_ids=(alarm.case_id,),
                                    alarm_ids=(alarm.alarm_id,), context=self._alarm_context(alarm))


class AlarmQueueBar(QObject):
    """The supervision row under the alarm queue and the context menu of its table."""

    def __init__(self, actions: SupervisionActions, view):
        super().__init__(view)
        self.actions = actions
        self.view = view
        row = QHBoxLayout()
        row.addWidget(_label(self.tr("监督处置："), "dim"))
        self.rectify_button = action_button(self.tr("下达整改…"), "rectify")
        self.cancel_button = action_button(self.tr("撤销告警…"), "cancel_alarm")
        self.sanction_button = action_button(self.tr("记录问责…"), "sanction")
        self.rectify_button.clicked.connect(self.rectify)
        self.cancel_button.clicked.connect(self.cancel)
        self.sanction_button.clicked.connect(self.sanction)
        for b in (self.rectify_button, self.cancel_button, self.sanction_button):
            row.addWidget(b)
        row.addStretch(1)
        self.who = _label("", "dim")
        row.addWidget(self.who)
        lay = view.layout()
        lay.insertLayout(max(0, lay.count() - 1), row)  # above the feedback line
        view.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.table.customContextMenuRequested.connect(self._popup)
        view.table.selectionModel().currentChanged.connect(lambda *_: self.refresh())
        view.proxy.layoutChanged.connect(self.refresh)
        view.proxy.modelReset.connect(self.refresh)
        view.controller.sig_snapshot.connect(lambda _s: self.refresh())
        self.refresh()

    def current_alarm(self):
        idx = self.view.table.currentIndex()
        if not idx.isValid():
            return None
        return self.view.model.alarm(self.view.proxy.mapToSource(idx).row())

    def refresh(self) -> None:
        a = self.current_alarm()
        why = self.tr("请先在队列中选择一条告警")
        for b, action in ((self.rectify_button, "rectify"), (self.cancel_button, "cancel_alarm"),
                          (self.sanction_button, "sanction")):
            self.actions.gate(b, action, a is not None, why)
        s = self.actions.session
        self.who.setText(self.tr("当前值班：{name}（{role}）").format(name=s.display_name, role=role_text(s.role))
                         if s.actor is not None else "")

    def rectify(self):
        a = self.current_alarm()
        return self.actions.order_rectification(self.view, alarm=a) if a is not None else None

    def cancel(self):
        a = self.current_alarm()
        return self.actions.cancel_alarm(self.view, a.alarm_id, self.actions._alarm_context(a)) if a else None

    def sanction(self):
        a = self.current_alarm()
        return self.actions._sanction_for_alarm(self.view, a) if a is not None else None

    def menu(self) -> QMenu:
        """The context menu for the current alarm (built fresh, gated)."""
        m = QMenu(self.view.table)
        m.setToolTipsVisible(True)
        m.setStyleSheet(CONTROL_ROOM_QSS + "QMenu::item { padding: 6px 24px; } QMenu::item:selected "
                        f"{{ background: {COLOURS['selection']}; }} QMenu::item:disabled {{ color: {COLOURS['dim']}; }}")
        a = self.current_alarm()
        drill = QAction(self.tr("查看办件"), m)
        drill.setEnabled(a is not None)
        drill.triggered.connect(lambda: self.view.sig_drilldown_case.emit(a.case_id))
        m.addAction(drill)
        m.addSeparator()
        for text, action, fn in ((self.tr("下达整改…"), "rectify", self.rectify),
                                 (self.tr("撤销告警…"), "cancel_alarm", self.cancel),
                                 (self.tr("记录问责…"), "sanction", self.sanction)):
            act = QAction(text, m)
            act.setObjectName(action)
            self.actions.gate(act, action, a is not None, self.tr("请先选择一条告警"))
            act.triggered.connect(fn)
            m.addAction(act)
        return m

    def _popup(self, pos) -> None:
        m = self.menu()
        m.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        m.popup(self.view.table.viewport().mapToGlobal(pos))


# ---- the drill-down panel ---------------------------------------------------------------------------------------

def sanction_rows(views, relation: str = "") -> list[list[str]]:
    return [[v.decided_on.isoformat(), v.kind, v.person_name or "（单位）", v.person_role or "—", v.unit_name or "—",
             v.deciding_body, relation, (v.text or "").replace("\n", " ")] for v in views]


class DrilldownSupervisionPanel(QFrame):
    """Under the drill-down: a unit's 问责记录, or a case's rectifications and sanctions, with the actions."""

    sig_loaded = Signal(str, int)  # ("unit" | "case", id) when its rows arrived

    def __init__(self, actions: SupervisionActions, drilldown):
        super().__init__()
        self.setObjectName("panel")
        self.setStyleSheet(CONTROL_ROOM_QSS + f"QFrame#panel {{ border-top: 2px solid {COLOURS['grid']}; }}")
        self.actions = actions
        self.drilldown = drilldown
        self.kind: str | None = None
        self.ident: int | None = None
        self.data = None  # CaseSupervision | list[SanctionView]
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 6)
        head = QHBoxLayout()
        self.title = _label(self.tr("问责记录"), "big")
        head.addWidget(self.title)
        head.addSpacing(16)
        self.rects = _label("", "dim", wrap=True)
        head.addWidget(self.rects, 1)
        self.rectify_button = action_button(self.tr("下达整改…"), "rectify")
        self.cancel_button = action_button(self.tr("撤销告警…"), "cancel_alarm")
        self.sanction_button = action_button(self.tr("记录问责…"), "sanction")
        for b in (self.rectify_button, self.cancel_button, self.sanction_button):
            head.addWidget(b)
        lay.addLayout(head)
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.table)
        self.empty = _label("", "dim")
        lay.addWidget(self.empty)

        self.rectify_button.clicked.connect(self.rectify)
        self.cancel_button.clicked.connect(self.cancel)
        self.sanction_button.clicked.connect(self.sanction)
        drilldown.units.sig_loaded.connect(lambda unit_id, _n: self.show_unit(unit_id))
        drilldown.case.sig_loaded.connect(self.show_case)
        drilldown.stack.currentChanged.connect(lambda _i: self._follow())
        actions.sig_changed.connect(lambda _k: self.reload())
        self.hide()

    # ---- which page ----------------------------------------------------------------------------------
    def _follow(self) -> None:
        if not self.drilldown.history:
            return
        kind, ident = self.drilldown.history[-1]
        if (kind, ident) != (self.kind, self.ident):
            self.show_case(ident) if kind == "case" else self.show_unit(ident)

    def show_unit(self, unit_id: int) -> None:
        self.kind, self.ident, self.data = "unit", unit_id, None
        self.title.setText(self.tr("问责记录 — {unit}").format(unit=self.drilldown.units.unit_name))
        self.rects.setText("")
        self.show()
        self.refresh_buttons()
        self.reload()

    def show_case(self, case_id: int) -> None:
        if (self.kind, self.ident) == ("case", case_id) and self.data is not None:
            self.refresh_buttons()
            self.reload()
            return
        self.kind, self.ident, self.data = "case", case_id, None
        self.title.setText(self.tr("本案监督"))
        self.rects.setText(self.tr("正在加载…"))
        self.show()
        self.refresh_buttons()
        self.reload()

    def reload(self) -> None:
        if self.kind is None or self.actions.client is None:
            return
        kind, ident = self.kind, self.ident
        c = self.actions.client
        fn = (lambda: c.unit_record(ident)) if kind == "unit" else (lambda: c.case_supervision(ident))
        self.actions.controller.run_request(fn, lambda data: self._loaded(kind, ident, data),
                                            lambda exc: self.rects.setText(self.actions.controller.error_text(exc)))

    def _loaded(self, kind: str, ident: int, data) -> None:
        if (kind, ident) != (self.kind, self.ident):
            return
        self.data = data
        headers = [self.tr("决定日期"), self.tr("处理"), self.tr("责任人"), self.tr("岗位"), self.tr("单位"),
                   self.tr("决定机关"), self.tr("关联"), self.tr("内容")]
        if kind == "unit":
            rows = [r for v in data for r in sanction_rows([v], self.tr("本单位人员") if v.person_name
                                                            else self.tr("单位"))]
            self.empty.setText(self.tr("该单位没有问责记录") if not rows else "")
        else:
            self.title.setText(self.tr("本案监督 — {case}").format(case=data.case_no))
            linked = {v.sanction_id for v in data.sanctions}
            rows = sanction_rows(data.sanctions, self.tr("本案"))
            rows += sanction_rows([v for v in data.handler_record if v.sanction_id not in linked],
                                  self.tr("承办人记录"))
            texts = [self.tr("整改 #{id} {status} 到期 {due}").format(id=r.rect_id, status=rect_status_text(r.status),
                                                                 due=r.due_date.isoformat())
                     for r in data.rectifications]
            self.rects.setText("；".join(texts) if texts else self.tr("未下达整改"))
            who = data.handler or self.tr("承办人")
            self.empty.setText(self.tr("本案及承办人 {who} 没有问责记录").format(who=who) if not rows else "")
        self._fill(headers, rows)
        self.refresh_buttons()
        self.sig_loaded.emit(kind, ident)

    def _fill(self, headers, rows) -> None:
        t = self.table
        t.clear()
        t.setColumnCount(len(headers))
        t.setHorizontalHeaderLabels(headers)
        t.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                it = QTableWidgetItem(text)
                if c == 1:
                    it.setForeground(QBrush(QColor(style.AMBER)))
                t.setItem(r, c, it)
        t.resizeColumnsToContents()
        h = t.horizontalHeader().height() + 2 * t.frameWidth() + sum(t.rowHeight(r) for r in range(t.rowCount()))
        t.setFixedHeight(min(max(h, 60), 210))  # as tall as its rows (a few), never eating the page above
        t.setVisible(bool(rows))

    def rows(self) -> list[list[str]]:
        """The table as text (tests)."""
        return [[self.table.item(r, c).text() for c in range(self.table.columnCount())]
                for r in range(self.table.rowCount())]

    # ---- actions -------------------------------------------------------------------------------------
    def _case_alarm(self):
        """The alarm selected in the case's alarm table, else its latest one not cancelled."""
        d = self.drilldown.case.detail
        if d is None or self.kind != "case" or d.row.case_id != self.ident:
            return None
        rows = self.drilldown.case.alarms.selectionModel().selectedRows()
        if rows and rows[0].row() < len(d.alarms):
            return d.alarms[rows[0].row()]
        live = [a for a in d.alarms if a.status != "cancelled"]
        return live[-1] if live else None

    def refresh_buttons(self) -> None:
        on_case = self.kind == "case"
        self.rectify_button.setVisible(on_case)
        self.cancel_button.setVisible(on_case)
        self.actions.gate(self.rectify_button, "rectify", on_case)
        alarm = self._case_alarm() if on_case else None
        self.actions.gate(self.cancel_button, "cancel_alarm", alarm is not None, self.tr("本案没有可撤销的告警"))
        self.actions.gate(self.sanction_button, "sanction", self.kind is not None)

    def rectify(self):
        d = self.drilldown.case.detail
        if d is None:
            return None
        alarm = self._case_alarm()
        if alarm is not None and alarm.status != "cancelled":
            return self.actions.order_rectification(self, alarm=alarm)
        return self.actions.order_rectification(self, case_id=d.row.case_id, unit_id=self._unit_of_case(),
                                                case_no=d.row.case_no, handler=d.row.handler)

    def _unit_of_case(self):
        return self.data.unit_id if self.data is not None and hasattr(self.data, "unit_id") else None

    def cancel(self):
        a = self._case_alarm()
        return self.actions.cancel_alarm(self, a.alarm_id, self.actions._alarm_context(a)) if a else None

    def sanction(self):
        if self.kind == "unit":
            return self.actions.record_sanction(self, unit_id=self.ident, person=None,
                                                context=self.drilldown.units.unit_name)
        d = self.drilldown.case.detail
        if d is None:
            return None
        alarm = self._case_alarm()
        return self.actions.record_sanction(
            self, unit_id=self._unit_of_case(), person=d.row.handler or "", case_ids=(d.row.case_id,),
            alarm_ids=(alarm.alarm_id,) if alarm is not None else (),
            context=self.tr("办件 {case} · {item}").format(case=d.row.case_no, item=d.row.item_name))


__all__ = ["AlarmQueueBar", "DrilldownSupervisionPanel", "SupervisionActions", "rect_status_text"]
