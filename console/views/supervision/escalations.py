"""督办: the 督办 on the ladder 预警提醒 → 黄牌督办 → 红牌督办 with their countdown light, card and history; open,
register the unit's answer, verify, escalate by hand, cancel, export the 督办通知书; the ladder's settings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog

from console.views.supervision.base import TableTab, fmt_time, light_cell
from console.widgets import style
from console.widgets.common import CappedLabel
from console.widgets.escalation_dialogs import EscalationDialog, LadderDialog
from console.widgets.supervision_dialogs import TextDialog, VerifyDialog

OPEN = ("open", "answered", "overdue")


class EscalationsTab(TableTab):
    #: a 督办通知书 was written (its path)
    sig_exported = Signal(str)

    def __init__(self, view):
        super().__init__(view)
        self.open_button = self.bar_button(self.tr("立案督办…"), self.open_escalation)
        self.answer_button = self.bar_button(self.tr("登记单位答复…"), self.answer)
        self.verify_button = self.bar_button(self.tr("核实…"), self.verify)
        self.escalate_button = self.bar_button(self.tr("升级…"), self.escalate)
        self.cancel_button = self.bar_button(self.tr("撤销…"), self.cancel)
        self.notice_button = self.bar_button(self.tr("督办通知书…"), self.export_dialog)
        self.ladder_button = self.bar_button(self.tr("督办阶梯…"), self.edit_ladder)
        self.refresh_button = self.bar_button(self.tr("刷新"), self.reload)
        lay = self.layout()
        lay.addWidget(self.table, 1)
        # each field at most three lines, "…" and the whole in the tooltip: a 3,010-character 督办事由 in a wrapped
        # label made the window 32767 px wide (CappedLabel)
        self.detail = CappedLabel(14, "dim", paragraph_lines=3)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.detail)

    def fetch(self):
        return self.client.escalations()

    def key(self, row) -> int:
        return row.escalation_id

    def draw(self, rows) -> None:
        cells, out = {}, []
        for r, x in enumerate(rows):
            text, colours = light_cell(x.light if x.status == "open" else "", x.remaining)
            if x.status == "overdue":
                text, colours = "● " + self.tr("逾期未答复"), (style.STATE_BG["red"], style.WHITE)
            cells[(r, 0)] = colours
            if x.level in style.CARD and x.status in OPEN:
                cells[(r, 1)] = (style.CARD[x.level], style.CARD_TEXT[x.level])
            out.append(
                [
                    text,
                    x.level_name,
                    x.notice_no,
                    x.unit_name,
                    x.source_text,
                    x.case_no or "—",
                    self.tr("{n} 个工作日").format(n=x.deadline_days),
                    x.due_date.isoformat(),
                    x.status_name,
                    self.tr("自动") if x.automatic else x.opened_by,
                ]
            )
        self.fill(
            [
                self.tr("倒计时"),
                self.tr("级别"),
                self.tr("通知书编号"),
                self.tr("被督办单位"),
                self.tr("督办对象"),
                self.tr("办件"),
                self.tr("期限"),
                self.tr("到期"),
                self.tr("状态"),
                self.tr("立案"),
            ],
            out,
            cells,
        )
        live = [x for x in rows if x.status in OPEN]
        self.summary.setText(
            self.tr("督办 {n} 件：在办 {o} 件（红牌 {r}，黄牌 {y}），逾期 {late} 件").format(
                n=len(rows),
                o=len(live),
                r=sum(1 for x in live if x.level == "red"),
                y=sum(1 for x in live if x.level == "yellow"),
                late=sum(1 for x in rows if x.status == "overdue"),
            )
        )

    def show_detail(self, x) -> None:
        if x is None:
            self.detail.setText(self.tr("选择一件督办查看事由与经过"))
            return
        lines = [
            self.tr("事由：{v}").format(v=x.finding),
            self.tr("要求：{v}").format(v=x.requirement),
        ]
        if x.answer_text:
            lines.append(self.tr("单位答复：{v}").format(v=x.answer_text))
        for h in x.history:
            due = self.tr("，期限 {d}").format(d=h.due_date.isoformat()) if h.due_date else ""
            lines.append(f"{fmt_time(h.at)}  {h.kind_name}（{h.actor}）{due}")
        self.detail.setText("\n".join(lines))

    def refresh_buttons(self) -> None:
        x = self.current()
        self.gate(self.open_button, "escalate")
        self.gate(
            self.answer_button,
            "escalate",
            x is not None and x.status in ("open", "overdue"),
            self.tr("选择一件待答复的督办"),
        )
        self.gate(
            self.verify_button,
            "escalate",
            x is not None and x.status == "answered",
            self.tr("选择一件已答复待核实的督办"),
        )
        self.gate(
            self.escalate_button,
            "escalate",
            x is not None and x.status in OPEN and x.level != "red",
            self.tr("选择一件未到红牌的在办督办"),
        )
        self.gate(self.cancel_button, "escalate", x is not None and x.status in OPEN, self.tr("选择一件在办督办"))
        self.gate(self.notice_button, "watch", x is not None, self.tr("选择一件督办"))
        self.gate(self.ladder_button, "configure_ladder")

    def _context(self, x) -> str:
        return self.tr("{no} · {level} · {unit} · 到期 {due}").format(
            no=x.notice_no, level=x.level_name, unit=x.unit_name, due=x.due_date.isoformat()
        )

    # ---- actions ------------------------------------------------------------------------------------------
    def open_escalation(self, source_kind: str = "alarm", source_id: int | None = None, ladder=None):
        """Open the 立案督办 form (the ladder is read first, on the worker pool, for the default deadlines)."""
        if ladder is None:
            self.request(self.client.ladder, lambda lad: self.open_escalation(source_kind, source_id, lad))
            return None
        d = EscalationDialog(ladder, source_kind, source_id, "", self)
        self.open_dialog = d
        return self.form(
            d,
            lambda v: self.client.open_escalation(self.actor(), **v),
            "escalation",
            self.tr("已立案督办"),
        )

    def answer(self):
        x = self.current()
        if x is None:
            return None
        d = TextDialog(
            self.tr("登记单位答复"), self.tr("办理情况"), self._context(x), self.tr("登记答复"), "", None, self
        )
        return self.form(
            d,
            lambda v: self.client.answer_escalation(self.actor(), x.escalation_id, v["text"]),
            "escalation",
            self.tr("已登记 {no} 的答复").format(no=x.notice_no),
        )

    def verify(self):
        x = self.current()
        if x is None:
            return None
        d = VerifyDialog(self._context(x), x.answer_text, self)
        d.setWindowTitle(self.tr("核实督办答复"))
        return self.form(
            d,
            lambda v: self.client.verify_escalation(self.actor(), x.escalation_id, v["text"], v["passed"]),
            "escalation",
            self.tr("{no} 已核实").format(no=x.notice_no),
        )

    def escalate(self):
        x = self.current()
        if x is None:
            return None
        d = TextDialog(self.tr("升级督办"), self.tr("升级理由"), self._context(x), self.tr("升级"), "", None, self)
        return self.form(
            d,
            lambda v: self.client.escalate_by_hand(self.actor(), x.escalation_id, v["text"]),
            "escalation",
            self.tr("{no} 已升级").format(no=x.notice_no),
        )

    def cancel(self):
        x = self.current()
        if x is None:
            return None
        d = TextDialog(self.tr("撤销督办"), self.tr("撤销理由"), self._context(x), self.tr("撤销督办"), "", None, self)
        return self.form(
            d,
            lambda v: self.client.cancel_escalation(self.actor(), x.escalation_id, v["text"]),
            "escalation",
            self.tr("{no} 已撤销").format(no=x.notice_no),
        )

    def edit_ladder(self, ladder=None):
        if ladder is None:
            self.request(self.client.ladder, self.edit_ladder)
            return None
        d = LadderDialog(ladder, self)
        return self.form(
            d, lambda v: self.client.set_ladder(self.actor(), v["ladder"]), "escalation", self.tr("督办阶梯已保存")
        )

    def export_dialog(self) -> None:
        x = self.current()
        if x is None:
            return
        name = f"督办通知书_{x.notice_no}.pdf".replace("〔", "").replace("〕", "-")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("导出督办通知书"), str(Path.home() / name), self.tr("PDF 文件 (*.pdf)")
        )
        if path:
            self.export_to(path if path.lower().endswith(".pdf") else path + ".pdf")

    def export_to(self, path: str | Path) -> None:
        x = self.current()
        if x is None:
            return

        def written(out) -> None:
            self.view.message(self.tr("督办通知书已导出：{p}").format(p=out))
            self.sig_exported.emit(str(out))

        self.request(lambda: self.client.export_notice(x.escalation_id, path), written)


__all__ = ["EscalationsTab"]
