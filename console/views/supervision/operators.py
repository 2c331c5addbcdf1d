"""值班员: the console's operators (administrator): add, unlock after failed log-ins, role, active."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from console.domain.vocabulary import ROLES
from console.views.supervision.base import TableTab, fmt_time
from console.widgets import style
from console.widgets.gate import role_text
from console.widgets.supervision_dialogs import OperatorDialog


class OperatorsTab(TableTab):
    def __init__(self, view):
        super().__init__(view)
        self.add_button = self.bar_button(self.tr("添加操作员…"), self.add)
        self.unlock_button = self.bar_button(self.tr("解锁"), self.unlock)
        self.role_box = QComboBox()
        for r in ROLES:
            self.role_box.addItem(f"{role_text(r)}（{r}）", r)
        self.bar.addWidget(self.role_box)
        self.role_button = self.bar_button(self.tr("设为此角色"), self.set_role)
        self.active_button = self.bar_button(self.tr("停用"), self.toggle_active)
        self.refresh_button = self.bar_button(self.tr("刷新"), self.reload)
        self.layout().addWidget(self.table, 1)

    def fetch(self):
        return self.client.operators()

    def key(self, row) -> str:
        return row.username

    def draw(self, ops) -> None:
        now = self.client.now()
        cells, rows = {}, []
        for r, o in enumerate(ops):
            locked = o.locked_until is not None and o.locked_until > now
            state = (
                self.tr("锁定至 {t}").format(t=o.locked_until.strftime("%H:%M"))
                if locked
                else (self.tr("正常") if o.active else self.tr("已停用"))
            )
            if locked:
                cells[(r, 3)] = (None, style.LIGHT["red"])
            elif not o.active:
                cells[(r, 3)] = (None, style.TEXT_DIM)
            rows.append(
                [
                    o.username,
                    o.display_name,
                    f"{role_text(o.role)}（{o.role}）",
                    state,
                    o.failed_count,
                    fmt_time(o.last_login_at),
                ]
            )
        self.fill(
            [
                self.tr("用户名"),
                self.tr("姓名"),
                self.tr("角色"),
                self.tr("状态"),
                self.tr("连续失败"),
                self.tr("最近登录"),
            ],
            rows,
            cells,
        )
        self.summary.setText(self.tr("操作员 {n} 名").format(n=len(ops)))

    def show_detail(self, o) -> None:
        if o is not None:
            self.role_box.setCurrentIndex(max(0, self.role_box.findData(o.role)))

    def refresh_buttons(self) -> None:
        o = self.current()
        why = self.tr("先选择一名操作员")
        self.gate(self.add_button, "manage_operators")
        self.gate(
            self.unlock_button,
            "manage_operators",
            o is not None and (o.failed_count > 0 or o.locked_until),
            self.tr("该操作员未被锁定") if o is not None else why,
        )
        self.gate(self.role_box, "manage_operators", o is not None, why)
        self.gate(self.role_button, "manage_operators", o is not None, why)
        self.active_button.setText(self.tr("启用") if o is not None and not o.active else self.tr("停用"))
        self.gate(self.active_button, "manage_operators", o is not None, why)

    def _write(self, fn, text: str) -> None:
        self.request(fn, self.written("operators", text))

    def add(self):
        d = OperatorDialog(self)
        return self.form(
            d,
            lambda v: self.client.add_operator(
                self.actor(), v["username"], v["role"], v["password"], v["display_name"]
            ),
            "operators",
            self.tr("已添加操作员"),
        )

    def unlock(self) -> None:
        o = self.current()
        if o is not None:
            self._write(
                lambda: self.client.unlock(self.actor(), o.username), self.tr("操作员 {u} 已解锁").format(u=o.username)
            )

    def set_role(self) -> None:
        o = self.current()
        role = self.role_box.currentData()
        if o is not None:
            self._write(
                lambda: self.client.set_role(self.actor(), o.username, role),
                self.tr("操作员 {u} 的角色已设为 {r}").format(u=o.username, r=role_text(role)),
            )

    def toggle_active(self) -> None:
        o = self.current()
        if o is not None:
            what = self.tr("启用") if not o.active else self.tr("停用")
            self._write(
                lambda: self.client.set_active(self.actor(), o.username, not o.active),
                self.tr("操作员 {u} 已{what}").format(u=o.username, what=what),
            )


__all__ = ["OperatorsTab"]
