"""投诉: complaints from registration to closing — acceptance, investigation notes, one extension, the reply,
the call-back, and 四不放过 (four conditions, each with its evidence) before a complaint may close."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from console.domain.vocabulary import FOUR_CONDITIONS
from console.views.supervision.base import TableTab, as_of_marked, fmt_time, light_cell
from console.widgets import style
from console.widgets.common import CappedLabel, plain_label
from console.widgets.supervision_dialogs import (
    AcceptanceDialog,
    ComplaintDialog,
    ConditionDialog,
    TextDialog,
    callback_dialog,
)

COMPLAINT_STATUS = {
    "registered": "待受理",
    "accepted": "已受理",
    "rejected": "不予受理",
    "replied": "已答复",
    "closed": "已办结",
}


class ComplaintsTab(TableTab):
    def __init__(self, view):
        super().__init__(view)
        self.register_button = self.bar_button(self.tr("登记投诉…"), self.register)
        self.refresh_button = self.bar_button(self.tr("刷新"), self.reload)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)

        side = QWidget()
        sl = QVBoxLayout(side)
        sl.setContentsMargins(8, 0, 0, 0)
        self.head = plain_label("", "big", wrap=True)
        sl.addWidget(self.head)
        # each field at most three lines (CappedLabel): a long 投诉内容 or answer neither widens the window nor
        # pushes the steps below out of sight
        self.info = CappedLabel(16, "dim", paragraph_lines=3)
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
        for i, (b, slot) in enumerate(
            (
                (self.accept_button, self.decide),
                (self.note_button, self.note),
                (self.extend_button, self.extend),
                (self.reply_button, self.reply),
                (self.callback_button, self.callback),
                (self.close_button, self.close_complaint),
            )
        ):
            b.clicked.connect(lambda _=False, slot=slot: slot())
            steps.addWidget(b, i // 3, i % 3)
        sl.addLayout(steps)
        self.close_error = plain_label("", "error", wrap=True)
        sl.addWidget(self.close_error)
        box = QGroupBox(self.tr("四不放过"))
        self.cond_grid = QGridLayout(box)
        self.cond_labels, self.cond_buttons = {}, {}
        for i, (code, text) in enumerate(FOUR_CONDITIONS):
            name = plain_label(text)
            state = CappedLabel(3)  # coloured by its light: met or missing
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
        self.notes = CappedLabel(12, "dim", paragraph_lines=2)
        sl.addWidget(self.notes)
        sl.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(side)
        split.addWidget(scroll)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        self.layout().addWidget(split, 1)

    def fetch(self):
        return self.client.complaints()

    def key(self, row) -> int:
        return row.complaint_id

    def draw(self, rows) -> None:
        cells, out = {}, []
        for r, c in enumerate(rows):
            text, colours = light_cell(c.light, c.remaining, c.days_over, c.provisional)
            if c.stage:
                text += self.tr("（受理）") if c.stage == "acceptance" else self.tr("（答复）")
            cells[(r, 0)] = colours
            due = c.acceptance_due if c.status == "registered" else c.reply_due
            out.append(
                [
                    text,
                    f"#{c.complaint_id}",
                    c.channel,
                    c.complainant,
                    c.unit_name or "—",
                    c.against_person or "—",
                    fmt_time(c.registered_at),
                    self.status_text(c.status),
                    as_of_marked(due.isoformat(), c.as_of_note),
                    f"{4 - len(c.missing)}/4",
                    c.satisfaction or "—",
                    c.summary.replace("\n", " "),
                ]
            )
        self.fill(
            [
                self.tr("倒计时"),
                self.tr("编号"),
                self.tr("渠道"),
                self.tr("投诉人"),
                self.tr("被投诉单位"),
                self.tr("被投诉人"),
                self.tr("登记时间"),
                self.tr("状态"),
                self.tr("期限"),
                self.tr("四不放过"),
                self.tr("满意度"),
                self.tr("投诉内容"),
            ],
            out,
            cells,
        )
        open_ = [c for c in rows if c.status in ("registered", "accepted", "replied")]
        self.summary.setText(
            self.tr("投诉 {n} 起：在办 {o} 起（红灯 {r}），已办结 {c} 起").format(
                n=len(rows),
                o=len(open_),
                r=sum(1 for c in open_ if c.light == "red"),
                c=sum(1 for c in rows if c.status == "closed"),
            )
        )

    @staticmethod
    def status_text(status: str) -> str:
        return QCoreApplication.translate("ComplaintsTab", COMPLAINT_STATUS.get(status, status))

    def show_detail(self, c) -> None:
        self.close_error.clear()
        if c is None:
            self.head.setText(self.tr("选择一起投诉"))
            self.info.clear()
            self.notes.clear()
            for lab in self.cond_labels.values():
                lab.clear()
            return
        self.head.setText(
            self.tr("投诉 #{id}（{channel}）· {status}").format(
                id=c.complaint_id, channel=c.channel, status=self.status_text(c.status)
            )
        )
        lines = [
            self.tr("投诉人：{v}  {contact}").format(v=c.complainant, contact=c.complainant_contact or ""),
            self.tr("被投诉：{unit} {person}  办件：{case}").format(
                unit=c.unit_name or "—", person=c.against_person or "", case=c.case_no or "—"
            ),
            self.tr("内容：{v}").format(v=c.summary),
            self.tr("受理期限 {a}；答复期限 {r}（{n} 个工作日）").format(
                a=c.acceptance_due.isoformat(), r=c.reply_due.isoformat(), n=c.reply_limit_days
            ),
        ]
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
                lab.setText(
                    self.tr("✔ {who} {when}：{evidence}").format(
                        who=cond.met_by, when=fmt_time(cond.met_at), evidence=cond.evidence
                    )
                )
            else:
                lab.setText(self.tr("✘ 未落实"))
            style.set_state(lab, light="normal" if cond.met else "yellow")  # met: green; missing: yellow
        self.notes.setText(
            "\n".join(
                self.tr("调查记录 {when} {who}：{text}").format(when=fmt_time(at), who=who, text=text)
                for who, at, text in c.notes
            )
        )

    def refresh_buttons(self) -> None:
        c = self.current()
        st = c.status if c is not None else None
        live = st in ("registered", "accepted", "replied")
        self.gate(self.register_button, "complaint")
        self.gate(self.accept_button, "complaint", st == "registered", self.tr("只有待受理的投诉需要受理决定"))
        self.gate(self.note_button, "complaint", live, self.tr("选择一起在办的投诉"))
        self.gate(
            self.extend_button,
            "complaint",
            st in ("registered", "accepted") and c.reply_limit_days < 60,
            self.tr("只能在答复前延期一次"),
        )
        self.gate(self.reply_button, "complaint", st == "accepted", self.tr("受理后才能答复"))
        self.gate(self.callback_button, "complaint", st in ("replied", "closed"), self.tr("答复后才能回访"))
        for b in self.cond_buttons.values():
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
        return self.tr("投诉 #{id} · {who} · {unit}").format(
            id=c.complaint_id, who=c.complainant, unit=c.unit_name or c.against_person or "—"
        )

    def register(self, unit_id: int | None = None, case_id: int | None = None):
        def make():
            d = ComplaintDialog(self.supervision.units, unit_id, case_id, "", self)
            return self.form(
                d, lambda v: self.client.register_complaint(self.actor(), **v), "complaint", self.tr("投诉已登记")
            )

        return self.supervision.with_units(make)

    def decide(self):
        c = self.current()
        if c is None:
            return None
        d = AcceptanceDialog(self._context(c), self)
        return self.form(
            d,
            lambda v: self.client.decide_acceptance(self.actor(), c.complaint_id, v["accept"], v["reason"]),
            "complaint",
            self.tr("投诉 #{id} 已作出受理决定").format(id=c.complaint_id),
        )

    def note(self):
        c = self.current()
        if c is None:
            return None
        d = TextDialog(
            self.tr("调查记录"),
            self.tr("记录"),
            self._context(c),
            self.tr("保存"),
            self.tr("调查、转办或约谈情况"),
            None,
            self,
        )
        return self.form(
            d,
            lambda v: self.client.add_note(self.actor(), c.complaint_id, v["text"]),
            "complaint",
            self.tr("已保存调查记录"),
        )

    def extend(self):
        c = self.current()
        if c is None:
            return None
        d = TextDialog(
            self.tr("延长答复期限（30 → 60 个工作日）"),
            self.tr("延期理由"),
            self._context(c),
            self.tr("延期"),
            self.tr("案情复杂的具体理由"),
            None,
            self,
        )
        return self.form(
            d,
            lambda v: self.client.extend_reply(self.actor(), c.complaint_id, v["text"]),
            "complaint",
            self.tr("投诉 #{id} 答复期限已延长").format(id=c.complaint_id),
        )

    def reply(self):
        c = self.current()
        if c is None:
            return None
        d = TextDialog(self.tr("答复投诉人"), self.tr("答复内容"), self._context(c), self.tr("答复"), "", None, self)
        return self.form(
            d,
            lambda v: self.client.record_reply(self.actor(), c.complaint_id, v["text"]),
            "complaint",
            self.tr("已答复投诉 #{id}").format(id=c.complaint_id),
        )

    def callback(self):
        c = self.current()
        if c is None:
            return None
        d = callback_dialog(self._context(c), self)
        return self.form(
            d,
            lambda v: self.client.record_callback(self.actor(), c.complaint_id, v["choice"]),
            "complaint",
            self.tr("已记录回访满意度"),
        )

    def record_condition(self, code: str, text: str):
        c = self.current()
        if c is None:
            return None
        d = ConditionDialog(text, self._context(c), self.supervision.session.display_name, self)
        return self.form(
            d,
            lambda v: self.client.record_condition(self.actor(), c.complaint_id, code, v["evidence"], v["met_by"]),
            "complaint",
            self.tr("已记录：{c}").format(c=text),
        )

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

        self.request(
            lambda: self.client.close_complaint(self.actor(), cid),
            self.written("complaint", self.tr("投诉 #{id} 已办结").format(id=cid)),
            failed,
        )


__all__ = ["COMPLAINT_STATUS", "ComplaintsTab"]
