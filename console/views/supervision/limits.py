"""时限清理: the audit of the items' time limits (a promise above the statutory limit, a missing limit...) and
the administrator's change of an item's limits, which re-dates its open cases."""

from __future__ import annotations

from console.views.supervision.base import TableTab
from console.widgets import style
from console.widgets.common import plain_label
from console.widgets.supervision_dialogs import LimitChangeDialog, submit_via

#: findings that make a deadline wrong (red); the others are doubtful settings (yellow)
WRONG = ("promised_above_statutory", "limit_missing", "zero_not_immediate")


class LimitsTab(TableTab):
    def __init__(self, view):
        super().__init__(view)
        self.change_button = self.bar_button(self.tr("修改时限…"), self.change)
        self.refresh_button = self.bar_button(self.tr("重新检查"), self.reload)
        lay = self.layout()
        lay.addWidget(self.table, 1)
        self.result = plain_label("", "info", wrap=True)
        lay.addWidget(self.result)

    def reload(self) -> None:
        self.summary.setText(self.tr("正在检查…"))
        super().reload()

    def fetch(self):
        return self.client.audit_findings()

    def key(self, row) -> str:
        return f"{row.item_code}:{row.check}"

    def draw(self, findings) -> None:
        cells = {(r, 3): (None, style.LIGHT["red" if f.check in WRONG else "yellow"]) for r, f in enumerate(findings)}
        self.fill(
            [self.tr("单位"), self.tr("事项编码"), self.tr("事项名称"), self.tr("问题"), self.tr("说明")],
            [[f.unit_name, f.item_code, f.item_name, f.label, f.detail] for f in findings],
            cells,
        )
        items = len({f.item_code for f in findings})
        self.summary.setText(
            self.tr("发现 {n} 处问题，涉及 {i} 个事项").format(n=len(findings), i=items)
            if findings
            else self.tr("未发现时限设置问题")
        )

    def select_item(self, item_code: str) -> bool:
        """Select the first finding on the item ``item_code``."""
        f = next((f for f in self.rows if f.item_code == item_code), None)
        return f is not None and self.select(self.key(f))

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
            submit_via(
                self.controller,
                d,
                lambda v: (
                    lambda: self.client.change_limits(
                        self.actor(),
                        v["item_code"],
                        reason=v["reason"],
                        promised_days=v["promised_days"],
                        statutory_days=v["statutory_days"],
                    )
                ),
                self._changed,
            )
            box["dialog"] = self.supervision.show(d)

        self.request(lambda: self.client.item_limits(f.item_code), opened)
        return box

    def _changed(self, change) -> None:
        self.result.setText(
            self.tr(
                "事项 {code} 时限已修改：承诺 {p0} → {p1}，法定 {s0} → {s1}；在办 {n} 件，其中 {m} 件期限已重新计算"
            ).format(
                code=change.item_code,
                p0=change.before["promised_days"],
                p1=change.after["promised_days"],
                s0=change.before["statutory_days"],
                s1=change.after["statutory_days"],
                n=change.open_cases,
                m=change.redated,
            )
        )
        self.controller.poll_soon()
        self.supervision.sig_changed.emit("limits")


__all__ = ["LimitsTab"]
