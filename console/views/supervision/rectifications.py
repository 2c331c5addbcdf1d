"""整改: rectification notices with their countdown light; the unit's answer, verification, cancellation."""

from __future__ import annotations

from PySide6.QtCore import Qt

from console.views.supervision.base import (
    TableTab,
    as_of_marked,
    fmt_time,
    light_cell,
    rect_status_text,
)
from console.widgets import style
from console.widgets.common import CappedLabel
from console.widgets.supervision_dialogs import TextDialog, VerifyDialog


class RectificationsTab(TableTab):
    def __init__(self, view):
        super().__init__(view)
        self.answer_button = self.bar_button(self.tr("登记单位答复…"), self.answer)
        self.verify_button = self.bar_button(self.tr("验证…"), self.verify)
        self.cancel_button = self.bar_button(self.tr("撤销整改…"), self.cancel)
        self.refresh_button = self.bar_button(self.tr("刷新"), self.reload)
        lay = self.layout()
        lay.addWidget(self.table, 1)
        self.detail = CappedLabel(4, "dim")  # a long 整改要求 or answer: see EscalationsTab.detail
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.detail)

    def fetch(self):
        return self.client.rectifications()

    def key(self, row) -> int:
        return row.rect_id

    def draw(self, rows) -> None:
        cells, out = {}, []
        for r, x in enumerate(rows):
            text, colours = light_cell(x.light, x.remaining, x.days_over, x.provisional)
            cells[(r, 0)] = colours
            if x.status == "overdue":
                cells[(r, 8)] = (None, style.LIGHT["red"])
            out.append(
                [
                    text,
                    f"#{x.rect_id}",
                    x.case_no,
                    x.unit_name,
                    x.responsible_person or "—",
                    fmt_time(x.ordered_at),
                    self.tr("{n} 个工作日").format(n=x.deadline_days),
                    x.due_date.isoformat(),
                    as_of_marked(rect_status_text(x.status), x.as_of_note),
                    (x.answer_text or "").replace("\n", " "),
                ]
            )
        self.fill(
            [
                self.tr("倒计时"),
                self.tr("编号"),
                self.tr("办件"),
                self.tr("责任单位"),
                self.tr("责任人"),
                self.tr("下达时间"),
                self.tr("期限"),
                self.tr("到期"),
                self.tr("状态"),
                self.tr("单位答复"),
            ],
            out,
            cells,
        )
        running = [x for x in rows if x.status in ("ordered", "overdue")]
        self.summary.setText(
            self.tr("整改通知 {n} 件：整改中 {o} 件（红灯 {r}），待验证 {a} 件").format(
                n=len(rows),
                o=len(running),
                r=sum(1 for x in running if x.light == "red"),
                a=sum(1 for x in rows if x.status == "answered"),
            )
        )

    def show_detail(self, x) -> None:
        if x is None:
            self.detail.setText(self.tr("选择一条整改通知查看详情"))
            return
        parts = [
            self.tr("下达人：{v}").format(v=x.ordered_by),
            self.tr("整改要求：{v}").format(v=x.instructions or "—"),
        ]
        if x.answer_text:
            parts.append(self.tr("单位答复（{who}）：{v}").format(who=x.answered_by or "—", v=x.answer_text))
        if x.verified_by:
            parts.append(self.tr("验证（{who}）：{v}").format(who=x.verified_by, v=x.verification_text or ""))
        self.detail.setText("    ".join(parts))

    def refresh_buttons(self) -> None:
        x = self.current()
        self.gate(
            self.answer_button,
            "rectify",
            x is not None and x.status in ("ordered", "overdue"),
            self.tr("选择一条整改中的通知"),
        )
        self.gate(
            self.verify_button,
            "rectify",
            x is not None and x.status == "answered",
            self.tr("选择一条已答复待验证的通知"),
        )
        self.gate(
            self.cancel_button,
            "rectify",
            x is not None and x.status not in ("verified", "cancelled"),
            self.tr("选择一条未结的通知"),
        )

    def _context(self, x) -> str:
        return self.tr("整改通知 #{id} · {unit} · 办件 {case} · 到期 {due}").format(
            id=x.rect_id, unit=x.unit_name, case=x.case_no, due=x.due_date.isoformat()
        )

    def answer(self):
        x = self.current()
        if x is None:
            return None
        d = TextDialog(
            self.tr("登记单位答复"),
            self.tr("整改情况"),
            self._context(x),
            self.tr("登记答复"),
            self.tr("责任单位报送的整改情况"),
            None,
            self,
        )
        return self.form(
            d,
            lambda v: self.client.answer_rectification(self.actor(), x.rect_id, v["text"]),
            "rectification",
            self.tr("已登记整改通知 #{id} 的答复").format(id=x.rect_id),
        )

    def verify(self):
        x = self.current()
        if x is None:
            return None
        d = VerifyDialog(self._context(x), x.answer_text, self)
        return self.form(
            d,
            lambda v: self.client.verify_rectification(self.actor(), x.rect_id, v["text"], v["passed"]),
            "rectification",
            self.tr("整改通知 #{id} 已验证").format(id=x.rect_id),
        )

    def cancel(self):
        x = self.current()
        if x is None:
            return None
        d = TextDialog(self.tr("撤销整改"), self.tr("撤销理由"), self._context(x), self.tr("撤销整改"), "", None, self)
        return self.form(
            d,
            lambda v: self.client.cancel_rectification(self.actor(), x.rect_id, v["text"]),
            "rectification",
            self.tr("整改通知 #{id} 已撤销").format(id=x.rect_id),
        )


__all__ = ["RectificationsTab"]
