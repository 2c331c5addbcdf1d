"""监督工作: the supervision view (layout view name ``supervision``).

Tabs: 整改 (rectifications with their countdown light, answer, verify, cancel), 投诉 (register, acceptance,
investigation notes, extension, 四不放过 with evidence, reply, call-back, close), 时限清理 (the limits audit and
the administrator's limit change), 报表 (period + scope → figures and ranking on screen, XLSX/PDF export),
值班员 (operators: add, unlock, role, active; administrator).

Widgets never query: every load and write is a ``controller.run_request`` of a ``SupervisionClient`` method,
answered on the GUI thread.  Each tab has ``reload()`` and emits ``sig_loaded`` when its rows are drawn.
Buttons are gated by the logged-in role (``session.apply_gate``: disabled with a tooltip naming the role
needed) and the back end checks again.  Complaint deadlines show their own blue/yellow/red lights here; the
wall's Snapshot is not extended (see the issue-4 report for what the wall would need).
"""
from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.domain.vocabulary import ROLES
from console.shell.session import role_text
from console.views.supervision_actions import rect_status_text
from console.widgets import style
from console.widgets.alarm_dialog import COLOURS, CONTROL_ROOM_QSS
from console.widgets.supervision_dialogs import (
    AcceptanceDialog,
    ComplaintDialog,
    ConditionDialog,
    LimitChangeDialog,
    OperatorDialog,
    TextDialog,
    VerifyDialog,
    callback_dialog,
    submit_via,
)
from console.widgets.common import plain_label, read_only_table

log = logging.getLogger(__name__)

VIEW_QSS = CONTROL_ROOM_QSS + f"""
QTabWidget#supervision_tabs::pane {{ border: 1px solid {COLOURS['grid']}; }}
QTabWidget#supervision_tabs QTabBar::tab {{ background: {COLOURS['panel']}; color: {COLOURS['dim']};
    padding: 8px 22px; font-size: 19px; border: 1px solid {COLOURS['grid']}; }}
QTabWidget#supervision_tabs QTabBar::tab:selected {{ background: {COLOURS['grid']}; color: {COLOURS['text']}; }}
QPushButton {{ padding: 7px 16px; font-size: 18px; }}
QDateEdit {{ background: {COLOURS['panel2']}; border: 1px solid {COLOURS['grid']}; border-radius: 4px; padding: 5px 8px; }}
QProgressBar {{ border: 1px solid {COLOURS['grid']}; border-radius: 4px; background: {COLOURS['panel2']}; height: 14px; }}
QProgressBar::chunk {{ background: {COLOURS['accent']}; }}
QLabel#figure {{ font-size: 30px; font-weight: bold; color: {COLOURS['text']}; }}
QLabel#ok {{ color: {COLOURS['green']}; font-weight: bold; }}
"""

COMPLAINT_STATUS = {"registered": "待受理", "accepted": "已受理", "rejected": "不予受理", "replied": "已答复",
                    "closed": "已办结"}


_label = plain_label


def _table():
    return read_only_table(34, single_selection=True)


def _fill(t: QTableWidget, headers: list[str], rows: list[list[str]], keys: list | None = None,
          cells: dict | None = None) -> None:
    """Fill a table; ``keys[r]`` is kept in the first column's UserRole; ``cells[(r, c)] = (bg, fg)``."""
    current = t.currentRow()
    key = t.item(current, 0).data(Qt.ItemDataRole.UserRole) if current >= 0 and t.item(current, 0) else None
    t.blockSignals(True)
    t.clear()
    t.setColumnCount(len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            it = QTableWidgetItem("" if text is None else str(text))
            if c == 0 and keys is not None:
                it.setData(Qt.ItemDataRole.UserRole, keys[r])
            if cells and (r, c) in cells:
                bg, fg = cells[(r, c)]
                if bg:
                    it.setBackground(QBrush(QColor(bg)))
                if fg:
                    it.setForeground(QBrush(QColor(fg)))
                it.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            t.setItem(r, c, it)
    t.resizeColumnsToContents()
    for c in range(t.columnCount()):
        t.setColumnWidth(c, min(t.columnWidth(c) + 12, 420))
    t.blockSignals(False)
    if key is not None and keys is not None and key in keys:
        t.selectRow(keys.index(key))


def light_cell(light: str, remaining: int | None) -> tuple[str, tuple[str, str]]:
    """Countdown text and (background, foreground) for a deadline's light."""
    from PySide6.QtCore import QCoreApplication as C

    if not light or remaining is None:
        return "—", (None, COLOURS["dim"])
    if remaining > 0:
        text = C.translate("SupervisionView", "剩 {n} 个工作日").format(n=remaining)
    elif remaining == 0:
        text = C.translate("SupervisionView", "今日到期")
    else:
        text = C.translate("SupervisionView", "逾期 {n} 个工作日").format(n=-remaining)
    return "● " + text, (style.STATE_BG.get(light, style.STATE_BG["normal"]), style.STATE_FG.get(light, "#ffffff"))


def _fmt(t) -> str:
    if t is None:
        return "—"
    if isinstance(t, dt.datetime):
        return t.strftime("%Y-%m-%d %H:%M")
    return t.isoformat()


class _Tab(QWidget):
    sig_loaded = Signal()

    def __init__(self, view: "SupervisionView"):
        super().__init__()
        self.view = view
        self.actions = view.actions
        self.controller = view.controller
        self.client = view.client
        self.loaded = False

    def request(self, fn, done, error=None):
        return self.controller.run_request(fn, done, error or self.show_error)

    def show_error(self, exc) -> None:
        self.view.message(self.controller.error_text(exc) if isinstance(exc, BaseException) else str(exc), error=True)

    def actor(self):
        return self.actions.actor()

    def gate(self, widget, action, ready=True, why=""):
        return self.actions.gate(widget, action, ready, why)

    def written(self, kind: str, text: str):
        def done(_result=None):
            self.view.message(text)
            self.actions.sig_changed.emit(kind)
        return done

    def form(self, dialog, work, kind: str, text: str):
        """Open a form dialog whose OK runs ``work(values)`` on the worker pool."""
        submit_via(self.controller, dialog, lambda v: lambda: work(v), self.written(kind, text))
        return self.actions._show(dialog)

    def reload(self) -> None:  # pragma: no cover - overridden
        pass

    def refresh_buttons(self) -> None:  # pragma: no cover - overridden
        pass


# ---- 整改 ----------------------------------------------------------------------------------------------------

class RectificationsTab(_Tab):
    def __init__(self, view):
        super().__init__(view)
        self.rows = []
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.summary = _label("", "big")
        bar.addWidget(self.summary)
        bar.addStretch(1)
        self.answer_button = QPushButton(self.tr("登记单位答复…"))
        self.verify_button = QPushButton(self.tr("验证…"))
        self.cancel_button = QPushButton(self.tr("撤销整改…"))
        self.refresh_button = QPushButton(self.tr("刷新"))
        for b in (self.answer_button, self.verify_button, self.cancel_button, self.refresh_button):
            bar.addWidget(b)
        lay.addLayout(bar)
        self.table = _table()
        lay.addWidget(self.table, 1)
        self.detail = _label("", "dim", wrap=True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.detail)
        self.answer_button.clicked.connect(self.answer)
        self.verify_button.clicked.connect(self.verify)
        self.cancel_button.clicked.connect(self.cancel)
        self.refresh_button.clicked.connect(self.reload)
        self.table.itemSelectionChanged.connect(self._selected)

    def reload(self) -> None:
        self.request(self.client.rectifications, self._loaded)

    def _loaded(self, rows) -> None:
        self.rows = rows
        self.loaded = True
        cells, out = {}, []
        for r, x in enumerate(rows):
            text, colours = light_cell(x.light, x.remaining)
            cells[(r, 0)] = colours
            if x.status == "overdue":
                cells[(r, 8)] = (None, COLOURS["red"])
            out.append([text, f"#{x.rect_id}", x.case_no, x.unit_name, x.responsible_person or "—", _fmt(x.ordered_at),
                        self.tr("{n} 个工作日").format(n=x.deadline_days), x.due_date.isoformat(),
                        rect_status_text(x.status), (x.answer_text or "").replace("\n", " ")])
        _fill(self.table, [self.tr("倒计时"), self.tr("编号"), self.tr("办件"), self.tr("责任单位"), self.tr("责任人"),
                           self.tr("下达时间"), self.tr("期限"), self.tr("到期"), self.tr("状态"), self.tr("单位答复")],
              out, [x.rect_id for x in rows], cells)
        running = [x for x in rows if x.status in ("ordered", "overdue")]
        self.summary.setText(self.tr("整改通知 {n} 件：整改中 {o} 件（红灯 {r}），待验证 {a} 件").format(
            n=len(rows), o=len(running), r=sum(1 for x in running if x.light == "red"),
            a=sum(1 for x in rows if x.status == "answered")))
        self._selected()
        self.sig_loaded.emit()

    def current(self):
        r = self.table.currentRow()
        if r < 0 or self.table.item(r, 0) is None:
            return None
        rid = self.table.item(r, 0).data(Qt.ItemDataRole.UserRole)
        return next((x for x in self.rows if x.rect_id == rid), None)

    def select(self, rect_id: int) -> None:
        for r in range(self.table.rowCount()):
            if self.table.item(r, 0).data(Qt.ItemDataRole.UserRole) == rect_id:
                self.table.selectRow(r)
                return

    def _selected(self) -> None:
        x = self.current()
        if x is None:
            self.detail.setText(self.tr("选择一条整改通知查看详情"))
        else:
            parts = [self.tr("下达人：{v}").format(v=x.ordered_by),
                     self.tr("整改要求：{v}").format(v=x.instructions or "—")]
            if x.answer_text:
                parts.append(self.tr("单位答复（{who}）：{v}").format(who=x.answered_by or "—", v=x.answer_text))
            if x.verified_by:
                parts.append(self.tr("验证（{who}）：{v}").format(who=x.verified_by, v=x.verification_text or ""))
            self.detail.setText("    ".join(parts))
        self.refresh_buttons()

    def refresh_buttons(self) -> None:
        x = self.current()
        self.gate(self.answer_button, "rectify", x is not None and x.status in ("ordered", "overdue"),
                  self.tr("选择一条整改中的通知"))
        self.gate(self.verify_button, "rectify", x is not None and x.status == "answered",
                  self.tr("选择一条已答复待验证的通知"))
        self.gate(self.cancel_button, "rectify", x is not None and x.status not in ("verified", "cancelled"),
                  self.tr("选择一条未结的通知"))

    def _context(self, x) -> str:
        return self.tr("整改通知 #{id} · {unit} · 办件 {case} · 到期 {due}").format(
            id=x.rect_id, unit=x.unit_name, case=x.case_no, due=x.due_date.isoformat())

    def answer(self):
        x = self.current()
        if x is None:
            return None
        d = TextDialog(self.tr("登记单位答复"), self.tr("整改情况"), self._context(x), self.tr("登记答复"),
                       self.tr("责任单位报送的整改情况"), None, self)
        return self.form(d, lambda v: self.client.answer_rectification(self.actor(), x.rect_id, v["text"]),
                         "rectification", self.tr("已登记整改通知 #{id} 的答复").format(id=x.rect_id))

    def verify(self):
        x = self.current()
        if x is None:
            return None
        d = VerifyDialog(self._context(x), x.answer_text, self)
        return self.form(d, lambda v: self.client.verify_rectification(self.actor(), x.rect_id, v["text"], v["passed"]),
                         "rectification", self.tr("整改通知 #{id} 已验证").format(id=x.rect_id))

    def cancel(self):
        x = self.current()
        if x is None:
            return None
        d = TextDialog(self.tr("撤销整改"), self.tr("撤销理由"), self._context(x), self.tr("撤销整改"), "", None, self)
        return self.form(d, lambda v: self.client.cancel_rectification(self.actor(), x.rect_id, v["text"]),
                         "rectification", self.tr("整改通知 #{id} 已撤销").format(id=x.rect_id))


# ---- 投诉 ----------------------------------------------------------------------------------------------------

class ComplaintsTab(_Tab):
    def __init__(self, view):
        super().__init__(view)
        self.rows = []
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.summary = _label("", "big")
        bar.addWidget(self.summary)
        bar.addStretch(1)
        self.register_button = QPushButton(self.tr("登记投诉…"))
        self.refresh_button = QPushButton(self.tr("刷新"))
        bar.addWidget(self.register_button)
        bar.addWidget(self.refresh_button)
        lay.addLayout(bar)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.table = _table()
        split.addWidget(self.table)

        side = QWidget()
        sl = QVBoxLayout(side)
        sl.setContentsMargins(8, 0, 0, 0)
        self.head = _label("", "big", wrap=True)
        sl.addWidget(self.head)
        self.info = _label("", "dim", wrap=True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        sl.addWidget(self.info)
        steps = QGridLayout()
        self.accept_button = QPushButton(self.tr("受理决定…"))
        self.note_button = QPushButton(self.tr("调查记录…"))
        self.extend_button = QPushButton(self.tr("延期…"))
        self.reply_button = QPushButton(self.tr("答复投诉人…"))
        self.callback_button = QPushButton(self.tr("回访…"))
        self.close_button = QPushButton(self.tr("办结"))
        self.close_button.setObjectName("primary")
        for i, b in enumerate((self.accept_button, self.note_button, self.extend_button, self.reply_button,
                               self.callback_button, self.close_button)):
            steps.addWidget(b, i // 3, i % 3)
        sl.addLayout(steps)
        self.close_error = _label("", "error", wrap=True)
        sl.addWidget(self.close_error)
        box = QGroupBox(self.tr("四不放过"))
        self.cond_grid = QGridLayout(box)
        self.cond_labels, self.cond_buttons = {}, {}
        from console.domain.vocabulary import FOUR_CONDITIONS

        for i, (code, text) in enumerate(FOUR_CONDITIONS):
            name = _label(text, None)
            state = _label("", "dim", wrap=True)
            state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            b = QPushButton(self.tr("记录…"))
            b.setObjectName(f"condition_{code}")
            b.clicked.connect(lambda _=False, code=code, text=text: self.record_condition(code, text))
            self.cond_grid.addWidget(name, 2 * i, 0)
            self.cond_grid.addWidget(b, 2 * i, 1)
            self.cond_grid.addWidget(state, 2 * i + 1, 0, 1, 2)
            self.cond_labels[code] = state
            self.cond_buttons[code] = b
        self.cond_grid.setColumnStretch(0, 1)
        sl.addWidget(box)
        self.notes = _label("", "dim", wrap=True)
        sl.addWidget(self.notes)
        sl.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(side)
        split.addWidget(scroll)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        lay.addWidget(split, 1)

        self.register_button.clicked.connect(self.register)
        self.refresh_button.clicked.connect(self.reload)
        self.accept_button.clicked.connect(self.decide)
        self.note_button.clicked.connect(self.note)
        self.extend_button.clicked.connect(self.extend)
        self.reply_button.clicked.connect(self.reply)
        self.callback_button.clicked.connect(self.callback)
        self.close_button.clicked.connect(self.close_complaint)
        self.table.itemSelectionChanged.connect(self._selected)

    def reload(self) -> None:
        self.request(self.client.complaints, self._loaded)

    def _loaded(self, rows) -> None:
        self.rows = rows
        self.loaded = True
        cells, out = {}, []
        for r, c in enumerate(rows):
            text, colours = light_cell(c.light, c.remaining)
            if c.stage:
                text += self.tr("（受理）") if c.stage == "acceptance" else self.tr("（答复）")
            cells[(r, 0)] = colours
            due = c.acceptance_due if c.status == "registered" else c.reply_due
            out.append([text, f"#{c.complaint_id}", c.channel, c.complainant, c.unit_name or "—",
                        c.against_person or "—", _fmt(c.registered_at), self.status_text(c.status), due.isoformat(),
                        f"{4 - len(c.missing)}/4", c.satisfaction or "—", c.summary.replace("\n", " ")])
        _fill(self.table, [self.tr("倒计时"), self.tr("编号"), self.tr("渠道"), self.tr("投诉人"), self.tr("被投诉单位"),
                           self.tr("被投诉人"), self.tr("登记时间"), self.tr("状态"), self.tr("期限"),
                           self.tr("四不放过"), self.tr("满意度"), self.tr("投诉内容")],
              out, [c.complaint_id for c in rows], cells)
        open_ = [c for c in rows if c.status in ("registered", "accepted", "replied")]
        self.summary.setText(self.tr("投诉 {n} 起：在办 {o} 起（红灯 {r}），已办结 {c} 起").format(
            n=len(rows), o=len(open_), r=sum(1 for c in open_ if c.light == "red"),
            c=sum(1 for c in rows if c.status == "closed")))
        self._selected()
        self.sig_loaded.emit()

    def status_text(self, status: str) -> str:
        from PySide6.QtCore import QCoreApplication as C

        return C.translate("ComplaintsTab", COMPLAINT_STATUS.get(status, status))

    def current(self):
        r = self.table.currentRow()
        if r < 0 or self.table.item(r, 0) is None:
            return None
        cid = self.table.item(r, 0).data(Qt.ItemDataRole.UserRole)
        return next((c for c in self.rows if c.complaint_id == cid), None)

    def select(self, complaint_id: int) -> None:
        for r in range(self.table.rowCount()):
            if self.table.item(r, 0).data(Qt.ItemDataRole.UserRole) == complaint_id:
                self.table.selectRow(r)
                return

    def _selected(self) -> None:
        c = self.current()
        self.close_error.clear()
        if c is None:
            self.head.setText(self.tr("选择一起投诉"))
            self.info.clear()
            self.notes.clear()
            for lab in self.cond_labels.values():
                lab.clear()
        else:
            self.head.setText(self.tr("投诉 #{id}（{channel}）· {status}").format(
                id=c.complaint_id, channel=c.channel, status=self.status_text(c.status)))
            lines = [self.tr("投诉人：{v}  {contact}").format(v=c.complainant, contact=c.complainant_contact or ""),
                     self.tr("被投诉：{unit} {person}  办件：{case}").format(unit=c.unit_name or "—",
                                                                       person=c.against_person or "",
                                                                       case=c.case_no or "—"),
                     self.tr("内容：{v}").format(v=c.summary),
                     self.tr("受理期限 {a}；答复期限 {r}（{n} 个工作日）").format(
                         a=c.acceptance_due.isoformat(), r=c.reply_due.isoformat(), n=c.reply_limit_days)]
            if c.extension_reason:
                lines.append(self.tr("延期理由：{v}").format(v=c.extension_reason))
            if c.rejection_reason:
                lines.append(self.tr("不予受理理由：{v}").format(v=c.rejection_reason))
            if c.reply_text:
                lines.append(self.tr("答复：{v}").format(v=c.reply_text))
            if c.satisfaction:
                lines.append(self.tr("回访满意度：{v}").format(v=c.satisfaction))
            self.info.setText("\n".join(lines))
            for cond in c.conditions:
                lab = self.cond_labels[cond.code]
                if cond.met:
                    lab.setText(self.tr("✔ {who} {when}：{evidence}").format(who=cond.met_by, when=_fmt(cond.met_at),
                                                                           evidence=cond.evidence))
                    lab.setStyleSheet(f"color: {COLOURS['green']};")
                else:
                    lab.setText(self.tr("✘ 未落实"))
                    lab.setStyleSheet(f"color: {COLOURS['yellow']};")
            self.notes.setText("\n".join(self.tr("调查记录 {when} {who}：{text}").format(when=_fmt(at), who=who, text=text)
                                         for who, at, text in c.notes))
        self.refresh_buttons()

    def refresh_buttons(self) -> None:
        c = self.current()
        st = c.status if c is not None else None
        live = st in ("registered", "accepted", "replied")
        self.gate(self.register_button, "complaint")
        self.gate(self.accept_button, "complaint", st == "registered", self.tr("只有待受理的投诉需要受理决定"))
        self.gate(self.note_button, "complaint", live, self.tr("选择一起在办的投诉"))
        self.gate(self.extend_button, "complaint", st in ("registered", "accepted") and c.reply_limit_days < 60,
                  self.tr("只能在答复前延期一次"))
        self.gate(self.reply_button, "complaint", st == "accepted", self.tr("受理后才能答复"))
        self.gate(self.callback_button, "complaint", st in ("replied", "closed"), self.tr("答复后才能回访"))
        for code, b in self.cond_buttons.items():
            self.gate(b, "complaint", live, self.tr("选择一起在办的投诉"))
        missing = c.missing if c is not None else ()
        if c is not None and live and missing:
            self.close_button.setText(self.tr("办结（四不放过缺 {n} 项）").format(n=len(missing)))
            why = self.tr("尚未落实：{v}").format(v="、".join(m.text for m in missing))
        else:
            self.close_button.setText(self.tr("办结"))
            why = ""
        if self.gate(self.close_button, "complaint", live, self.tr("选择一起在办的投诉")) and why:
            self.close_button.setToolTip(why)

    def _context(self, c) -> str:
        return self.tr("投诉 #{id} · {who} · {unit}").format(id=c.complaint_id, who=c.complainant,
                                                            unit=c.unit_name or c.against_person or "—")

    def register(self, unit_id: int | None = None, case_id: int | None = None):
        def make():
            d = ComplaintDialog(self.actions.units, unit_id, case_id, "", self)
            return self.form(d, lambda v: self.client.register_complaint(self.actor(), **v), "complaint",
                             self.tr("投诉已登记"))
        return self.actions._with_units(make)

    def decide(self):
        c = self.current()
        if c is None:
            return None
        d = AcceptanceDialog(self._context(c), self)
        return self.form(d, lambda v: self.client.decide_acceptance(self.actor(), c.complaint_id, v["accept"],
                                                                     v["reason"]),
                         "complaint", self.tr("投诉 #{id} 已作出受理决定").format(id=c.complaint_id))

    def note(self):
        c = self.current()
        if c is None:
            return None
        d = TextDialog(self.tr("调查记录"), self.tr("记录"), self._context(c), self.tr("保存"),
                       self.tr("调查、转办或约谈情况"), None, self)
        return self.form(d, lambda v: self.client.add_note(self.actor(), c.complaint_id, v["text"]), "complaint",
                         self.tr("已保存调查记录"))

    def extend(self):
        c = self.current()
        if c is None:
            return None
        d = TextDialog(self.tr("延长答复期限（30 → 60 个工作日）"), self.tr("延期理由"), self._context(c),
                       self.tr("延期"), self.tr("案情复杂的具体理由"), None, self)
        return self.form(d, lambda v: self.client.extend_reply(self.actor(), c.complaint_id, v["text"]), "complaint",
                         self.tr("投诉 #{id} 答复期限已延长").format(id=c.complaint_id))

    def reply(self):
        c = self.current()
        if c is None:
            return None
        d = TextDialog(self.tr("答复投诉人"), self.tr("答复内容"), self._context(c), self.tr("答复"), "", None, self)
        return self.form(d, lambda v: self.client.record_reply(self.actor(), c.complaint_id, v["text"]), "complaint",
                         self.tr("已答复投诉 #{id}").format(id=c.complaint_id))

    def callback(self):
        c = self.current()
        if c is None:
            return None
        d = callback_dialog(self._context(c), self)
        return self.form(d, lambda v: self.client.record_callback(self.actor(), c.complaint_id, v["choice"]),
                         "complaint", self.tr("已记录回访满意度"))

    def record_condition(self, code: str, text: str):
        c = self.current()
        if c is None:
            return None
        d = ConditionDialog(text, self._context(c), self.actions.session.display_name, self)
        return self.form(d, lambda v: self.client.record_condition(self.actor(), c.complaint_id, code, v["evidence"],
                                                                    v["met_by"]),
                         "complaint", self.tr("已记录：{c}").format(c=text))

    def close_complaint(self) -> None:
        c = self.current()
        if c is None:
            return
        self.close_error.clear()
        self.close_button.setEnabled(False)
        cid = c.complaint_id

        def failed(exc):
            self.refresh_buttons()
            self.close_error.setText(self.controller.error_text(exc))

        self.controller.run_request(lambda: self.client.close_complaint(self.actor(), cid),
                                    self.written("complaint", self.tr("投诉 #{id} 已办结").format(id=cid)), failed)


# ---- 时限清理 ---------------------------------------------------------------------------------------------------

class LimitsTab(_Tab):
    def __init__(self, view):
        super().__init__(view)
        self.findings = []
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.summary = _label("", "big")
        bar.addWidget(self.summary)
        bar.addStretch(1)
        self.change_button = QPushButton(self.tr("修改时限…"))
        self.refresh_button = QPushButton(self.tr("重新检查"))
        bar.addWidget(self.change_button)
        bar.addWidget(self.refresh_button)
        lay.addLayout(bar)
        self.table = _table()
        lay.addWidget(self.table, 1)
        self.result = _label("", "info", wrap=True)
        lay.addWidget(self.result)
        self.change_button.clicked.connect(self.change)
        self.refresh_button.clicked.connect(self.reload)
        self.table.itemSelectionChanged.connect(self.refresh_buttons)

    def reload(self) -> None:
        self.summary.setText(self.tr("正在检查…"))
        self.request(self.client.audit_findings, self._loaded)

    def _loaded(self, findings) -> None:
        self.findings = findings
        self.loaded = True
        cells = {}
        for r, f in enumerate(findings):
            if f.check in ("promised_above_statutory", "limit_missing", "zero_not_immediate"):
                cells[(r, 3)] = (None, COLOURS["red"])
            else:
                cells[(r, 3)] = (None, COLOURS["yellow"])
        _fill(self.table, [self.tr("单位"), self.tr("事项编码"), self.tr("事项名称"), self.tr("问题"), self.tr("说明")],
              [[f.unit_name, f.item_code, f.item_name, f.label, f.detail] for f in findings],
              [f"{f.item_code}:{f.check}" for f in findings], cells)
        items = len({f.item_code for f in findings})
        self.summary.setText(self.tr("发现 {n} 处问题，涉及 {i} 个事项").format(n=len(findings), i=items)
                             if findings else self.tr("未发现时限设置问题"))
        self.refresh_buttons()
        self.sig_loaded.emit()

    def current(self):
        r = self.table.currentRow()
        return self.findings[r] if 0 <= r < len(self.findings) else None

    def select_item(self, item_code: str) -> bool:
        for r, f in enumerate(self.findings):
            if f.item_code == item_code:
                self.table.selectRow(r)
                return True
        return False

    def refresh_buttons(self) -> None:
        self.gate(self.change_button, "edit_items", self.current() is not None, self.tr("先在表中选择一个事项"))

    def change(self):
        f = self.current()
        if f is None:
            return None
        self.result.clear()
        box = {}

        def opened(limits):
            d = LimitChangeDialog(limits, self)
            submit_via(self.controller, d, lambda v: lambda: self.client.change_limits(
                self.actor(), v["item_code"], reason=v["reason"], promised_days=v["promised_days"],
                statutory_days=v["statutory_days"]), self._changed)
            box["dialog"] = self.actions._show(d)

        self.request(lambda: self.client.item_limits(f.item_code), opened)
        return box

    def _changed(self, change) -> None:
        self.result.setText(self.tr("事项 {code} 时限已修改：承诺 {p0} → {p1}，法定 {s0} → {s1}；在办 {n} 件，其中 {m} 件期限已重新计算")
                            .format(code=change.item_code, p0=change.before["promised_days"],
                                    p1=change.after["promised_days"], s0=change.before["statutory_days"],
                                    s1=change.after["statutory_days"], n=change.open_cases, m=change.redated))
        self.controller.poll_soon()
        self.actions.sig_changed.emit("limits")


# ---- 报表 ------------------------------------------------------------------------------------------------------

class ReportsTab(_Tab):
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
        bar.addWidget(_label(self.tr("期间"), "dim"))
        bar.addWidget(self.date_from)
        bar.addWidget(_label("—", "dim"))
        bar.addWidget(self.date_to)
        bar.addSpacing(12)
        bar.addWidget(_label(self.tr("范围"), "dim"))
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
        self.status = _label("", "dim")
        busy.addWidget(self.progress)
        busy.addWidget(self.status, 1)
        lay.addLayout(busy)
        self.headline = _label(self.tr("选择期间和范围后生成报表"), "big", wrap=True)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.headline)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.figures = _table()
        self.ranking = _table()
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
        view.actions.sig_units.connect(self._units)
        if view.actions.units is not None:
            self._units(view.actions.units)

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
            self._set_busy(False, self.tr("已生成（{at}）").format(at=_fmt(report.generated_at)))
            self.show_report(report)

        def failed(exc):
            self._set_busy(False, "")
            self.show_error(exc)

        self.controller.run_request(lambda: self.client.build_report(self.actor(), first, last, unit), done, failed)

    def show_report(self, report) -> None:
        self.report = report
        self.loaded = True
        self.headline.setText(report.headline)
        rows = report.summary_rows()
        _fill(self.figures, [self.tr("指标"), self.tr("数值")], [[k, v] for k, v in rows])
        rank_rows, cells = [], {}
        for r, x in enumerate(report.ranking):
            rate = "—" if x["on_time_rate"] is None else f"{x['on_time_rate']:.1%}"
            rank_rows.append([x["rank"], x["unit_name"], x["completed"], x["on_time"], x["overtime"], rate,
                              x["red_alarms"], x["complaints"], x["people_held_accountable"]])
            if x["overtime"]:
                cells[(r, 4)] = (None, COLOURS["red"])
        _fill(self.ranking, [self.tr("名次"), self.tr("单位"), self.tr("办结"), self.tr("按时"), self.tr("超时"),
                             self.tr("按时率"), self.tr("红色告警"), self.tr("投诉"), self.tr("被追责人数")],
              rank_rows, None, cells)
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

        return self.controller.run_request(lambda: self.client.export_report(report, fmt, path), done, failed)


# ---- 值班员 -----------------------------------------------------------------------------------------------------

class OperatorsTab(_Tab):
    def __init__(self, view):
        super().__init__(view)
        self.operators = []
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.summary = _label("", "big")
        bar.addWidget(self.summary)
        bar.addStretch(1)
        self.add_button = QPushButton(self.tr("添加操作员…"))
        self.unlock_button = QPushButton(self.tr("解锁"))
        self.role_box = QComboBox()
        for r in ROLES:
            self.role_box.addItem(f"{role_text(r)}（{r}）", r)
        self.role_button = QPushButton(self.tr("设为此角色"))
        self.active_button = QPushButton(self.tr("停用"))
        self.refresh_button = QPushButton(self.tr("刷新"))
        for w in (self.add_button, self.unlock_button, self.role_box, self.role_button, self.active_button,
                  self.refresh_button):
            bar.addWidget(w)
        lay.addLayout(bar)
        self.table = _table()
        lay.addWidget(self.table, 1)
        self.add_button.clicked.connect(self.add)
        self.unlock_button.clicked.connect(self.unlock)
        self.role_button.clicked.connect(self.set_role)
        self.active_button.clicked.connect(self.toggle_active)
        self.refresh_button.clicked.connect(self.reload)
        self.table.itemSelectionChanged.connect(self._selected)

    def reload(self) -> None:
        self.request(self.client.operators, self._loaded)

    def _loaded(self, ops) -> None:
        self.operators = ops
        self.loaded = True
        now = self.client.now()
        cells, rows = {}, []
        for r, o in enumerate(ops):
            locked = o.locked_until is not None and o.locked_until > now
            state = self.tr("锁定至 {t}").format(t=o.locked_until.strftime("%H:%M")) if locked else (
                self.tr("正常") if o.active else self.tr("已停用"))
            if locked:
                cells[(r, 3)] = (None, COLOURS["red"])
            elif not o.active:
                cells[(r, 3)] = (None, COLOURS["dim"])
            rows.append([o.username, o.display_name, f"{role_text(o.role)}（{o.role}）", state, o.failed_count,
                         _fmt(o.last_login_at)])
        _fill(self.table, [self.tr("用户名"), self.tr("姓名"), self.tr("角色"), self.tr("状态"), self.tr("连续失败"),
                           self.tr("最近登录")], rows, [o.username for o in ops], cells)
        self.summary.setText(self.tr("操作员 {n} 名").format(n=len(ops)))
        self._selected()
        self.sig_loaded.emit()

    def current(self):
        r = self.table.currentRow()
        return self.operators[r] if 0 <= r < len(self.operators) else None

    def select(self, username: str) -> None:
        for r, o in enumerate(self.operators):
            if o.username == username:
                self.table.selectRow(r)
                return

    def _selected(self) -> None:
        o = self.current()
        if o is not None:
            self.role_box.setCurrentIndex(max(0, self.role_box.findData(o.role)))
        self.refresh_buttons()

    def refresh_buttons(self) -> None:
        o = self.current()
        why = self.tr("先选择一名操作员")
        self.gate(self.add_button, "manage_operators")
        self.gate(self.unlock_button, "manage_operators", o is not None and (o.failed_count > 0 or o.locked_until),
                  self.tr("该操作员未被锁定") if o is not None else why)
        self.gate(self.role_box, "manage_operators", o is not None, why)
        self.gate(self.role_button, "manage_operators", o is not None, why)
        self.active_button.setText(self.tr("启用") if o is not None and not o.active else self.tr("停用"))
        self.gate(self.active_button, "manage_operators", o is not None, why)

    def _do(self, fn, text):
        self.controller.run_request(fn, self.written("operators", text), self.show_error)

    def add(self):
        d = OperatorDialog(self)
        return self.form(d, lambda v: self.client.add_operator(self.actor(), v["username"], v["role"], v["password"],
                                                                v["display_name"]),
                         "operators", self.tr("已添加操作员"))

    def unlock(self) -> None:
        o = self.current()
        if o is not None:
            self._do(lambda: self.client.unlock(self.actor(), o.username),
                     self.tr("操作员 {u} 已解锁").format(u=o.username))

    def set_role(self) -> None:
        o = self.current()
        role = self.role_box.currentData()
        if o is not None:
            self._do(lambda: self.client.set_role(self.actor(), o.username, role),
                     self.tr("操作员 {u} 的角色已设为 {r}").format(u=o.username, r=role_text(role)))

    def toggle_active(self) -> None:
        o = self.current()
        if o is not None:
            self._do(lambda: self.client.set_active(self.actor(), o.username, not o.active),
                     self.tr("操作员 {u} 已{what}").format(u=o.username, what=self.tr("启用") if not o.active
                                                         else self.tr("停用")))


# ---- the view ----------------------------------------------------------------------------------------------------

class SupervisionView(QWidget):
    """``SupervisionView(controller, actions)``: 监督工作 with its five tabs (``rectifications``, ``complaints``,
    ``limits``, ``reports``, ``operators``).  ``message(text, error=False)`` shows a line at the bottom."""

    REFRESH_MS = 60_000  # countdowns move with the day; reload the visible tab every minute

    def __init__(self, controller, actions, parent=None):
        super().__init__(parent)
        self.setObjectName("SupervisionView")
        self.setStyleSheet(VIEW_QSS)
        self.controller = controller
        self.actions = actions
        self.client = actions.client
        self.session = actions.session
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(_label(self.tr("监督工作"), "title"))
        top.addStretch(1)
        self.who = _label("", "big")
        top.addWidget(self.who)
        self.lock_button = QPushButton(self.tr("锁定"))
        self.lock_button.setToolTip(self.tr("离开时锁定监察台（大屏照常刷新）"))
        self.lock_button.clicked.connect(self.session.lock)
        top.addWidget(self.lock_button)
        lay.addLayout(top)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("supervision_tabs")
        self.rectifications = RectificationsTab(self)
        self.complaints = ComplaintsTab(self)
        self.limits = LimitsTab(self)
        self.reports = ReportsTab(self)
        self.operators = OperatorsTab(self)
        for tab, title in ((self.rectifications, self.tr("整改")), (self.complaints, self.tr("投诉")),
                           (self.limits, self.tr("时限清理")), (self.reports, self.tr("报表")),
                           (self.operators, self.tr("值班员"))):
            self.tabs.addTab(tab, title)
        lay.addWidget(self.tabs, 1)
        self.footer = _label("", "info", wrap=True)
        lay.addWidget(self.footer)

        self.tabs.currentChanged.connect(lambda _i: self.reload_current())
        actions.sig_changed.connect(self._changed)
        self.session.sig_changed.connect(self._actor_changed)
        self._timer = QTimer(self)
        self._timer.setInterval(self.REFRESH_MS)
        self._timer.timeout.connect(lambda: self.isVisible() and self.reload_current())
        self._timer.start()
        self._actor_changed(self.session.actor)

    def all_tabs(self) -> list[_Tab]:
        return [self.rectifications, self.complaints, self.limits, self.reports, self.operators]

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self.tabs.currentWidget().loaded:
            self.reload_current()

    def reload_current(self) -> None:
        if self.client is not None:
            self.tabs.currentWidget().reload()

    def reload_all(self) -> None:
        for t in self.all_tabs():
            t.reload()

    def message(self, text: str, error: bool = False) -> None:
        self.footer.setObjectName("error" if error else "info")
        self.footer.setStyleSheet(f"color: {COLOURS['red'] if error else COLOURS['accent']}; font-weight: bold;")
        self.footer.setText(text)

    def _changed(self, kind: str) -> None:
        tab = {"rectification": self.rectifications, "complaint": self.complaints, "limits": self.limits,
               "operators": self.operators}.get(kind)
        if tab is not None and tab.loaded:
            tab.reload()

    def _actor_changed(self, actor) -> None:
        if actor is None:
            self.who.setText(self.tr("未登录"))
        else:
            self.who.setText(self.tr("{name}（{role}）").format(name=actor.display_name or actor.username,
                                                             role=role_text(actor.role)))
        self.lock_button.setEnabled(actor is not None)
        for t in self.all_tabs():
            t.refresh_buttons()


def supervision_view(controller, actions) -> SupervisionView:
    return SupervisionView(controller, actions)


__all__ = ["ComplaintsTab", "LimitsTab", "OperatorsTab", "RectificationsTab", "ReportsTab", "SupervisionView",
           "light_cell", "supervision_view"]
