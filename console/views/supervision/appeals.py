"""申诉: appeals against alarms with their review deadline's light; register a paper appeal at the desk, decide
(申诉成立: the alarm is cancelled and leaves the unit's figures, with the case's time corrected where the appeal
showed the data were wrong; 驳回: it stands)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from console.views.supervision.base import TableTab, fmt_time, light_cell
from console.widgets import style
from console.widgets.common import CappedLabel
from console.widgets.escalation_dialogs import AppealDialog, DecideAppealDialog


class AppealsTab(TableTab):
    def __init__(self, view):
        super().__init__(view)
        self.register_button = self.bar_button(self.tr("登记纸质申诉…"), self.register)
        self.decide_button = self.bar_button(self.tr("审查…"), self.decide)
        self.refresh_button = self.bar_button(self.tr("刷新"), self.reload)
        lay = self.layout()
        lay.addWidget(self.table, 1)
        self.detail = CappedLabel(10, "dim", paragraph_lines=3)  # a long 申诉理由: see EscalationsTab.detail
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.detail)

    def fetch(self):
        return self.client.appeals()

    def key(self, row) -> int:
        return row.appeal_id

    def draw(self, rows) -> None:
        cells, out = {}, []
        for r, x in enumerate(rows):
            text, colours = light_cell(x.light if x.status == "filed" else "", x.remaining)
            cells[(r, 0)] = colours
            if x.status == "upheld":
                cells[(r, 7)] = (None, style.LIGHT["normal"])
            elif x.status == "rejected":
                cells[(r, 7)] = (None, style.LIGHT["red"])
            out.append(
                [
                    text,
                    f"#{x.appeal_id}",
                    f"#{x.alarm_id} {x.alarm_message}",
                    x.case_no,
                    x.unit_name,
                    x.channel_name,
                    fmt_time(x.filed_at),
                    x.status_name,
                    x.due_date.isoformat(),
                ]
            )
        self.fill(
            [
                self.tr("审查期限"),
                self.tr("编号"),
                self.tr("被申诉告警"),
                self.tr("办件"),
                self.tr("申诉单位"),
                self.tr("来源"),
                self.tr("申诉时间"),
                self.tr("结论"),
                self.tr("到期"),
            ],
            out,
            cells,
        )
        self.summary.setText(
            self.tr("申诉 {n} 件：待审查 {f} 件（红灯 {r}），成立 {u} 件，驳回 {j} 件").format(
                n=len(rows),
                f=sum(1 for x in rows if x.status == "filed"),
                r=sum(1 for x in rows if x.status == "filed" and x.light == "red"),
                u=sum(1 for x in rows if x.status == "upheld"),
                j=sum(1 for x in rows if x.status == "rejected"),
            )
        )

    def show_detail(self, x) -> None:
        if x is None:
            self.detail.setText(self.tr("选择一件申诉查看理由与证据"))
            return
        lines = [
            self.tr("申诉人：{v}（{ch}，登记 {who}）").format(v=x.appellant, ch=x.channel_name, who=x.registered_by),
            self.tr("理由：{v}").format(v=x.reason),
            self.tr("证据：{v}").format(v="；".join(x.evidence) or "—"),
        ]
        if x.decided_by:
            lines.append(
                self.tr("审查：{s}（{who}，{at}）{v}").format(
                    s=x.status_name, who=x.decided_by, at=fmt_time(x.decided_at), v=x.decision_reason or ""
                )
            )
        if x.corrections:
            lines.append(self.tr("更正办件时间：{v}").format(v="；".join(x.corrections)))
        self.detail.setText("\n".join(lines))

    def refresh_buttons(self) -> None:
        x = self.current()
        self.gate(self.register_button, "appeal")
        self.gate(self.decide_button, "appeal", x is not None and x.status == "filed", self.tr("选择一件待审查的申诉"))

    def register(self, alarm_id: int | None = None):
        d = AppealDialog(alarm_id, "", self)
        return self.form(
            d, lambda v: self.client.register_paper_appeal(self.actor(), **v), "appeal", self.tr("已登记申诉")
        )

    def decide(self):
        x = self.current()
        if x is None:
            return None
        context = self.tr("申诉 #{id} · {unit} · 告警 #{alarm} {msg}").format(
            id=x.appeal_id, unit=x.unit_name, alarm=x.alarm_id, msg=x.alarm_message
        )
        d = DecideAppealDialog(context, x.reason, x.evidence, self)
        return self.form(
            d,
            lambda v: self.client.decide_appeal(
                self.actor(), x.appeal_id, v["upheld"], v["text"], v.get("corrections", ())
            ),
            "appeal",
            self.tr("申诉 #{id} 已审查").format(id=x.appeal_id),
        )


__all__ = ["AppealsTab"]
