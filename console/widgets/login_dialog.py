"""The log-in dialog: at start and when the console locks after idle.

``LoginDialog(controller, client, demo_accounts=None)`` asks for a user name and password and checks them with
``client.login`` on the controller's worker pool (argon2 takes a moment: the GUI never waits on it).  Errors are
the back end's own words (wrong password; "账户锁定至 HH:MM" after too many failures).  Emits
``sig_logged_in(Actor)``; ``sig_quit(Actor | None)`` when the operator chooses to leave the console instead.

退出监察台 quits at once on the first log-in (nobody is on duty yet: ``sig_quit(None)``).  On a *locked*
console it needs a log-in first: a control room must not lose its console to whoever walks by, and the
journal names who closed it (``sig_quit(actor)`` after the password was checked).

In demo mode only, the demo accounts and their passwords are listed on the dialog.  The dialog cannot be
closed with Esc or the window's close button: logging in (or quitting) is the way out.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from console.domain.errors import AccountLocked
from console.domain.roles import Actor
from console.widgets.common import fit_to_content, plain_label
from console.widgets.gate import role_text

_label = functools.partial(plain_label, wrap=True)


class LoginDialog(QDialog):
    sig_logged_in = Signal(object)  # Actor
    sig_quit = Signal(object)  # Actor who quit a locked console, or None before any log-in

    def __init__(self, controller, client, demo_accounts=None, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.client = client
        self.setWindowTitle(self.tr("行政审批电子监察 — 登录"))
        self.setMinimumWidth(620)
        self._busy = False
        self.locked_until = None
        self.quit_needs_login = False

        lay = QVBoxLayout(self)
        lay.setSpacing(14)
        lay.setContentsMargins(28, 24, 28, 24)
        self.title = _label(self.tr("行政审批电子监察 · 控制室监察台"), "title")
        lay.addWidget(self.title)
        self.subtitle = _label(self.tr("请以值班员身份登录"), "big")
        lay.addWidget(self.subtitle)

        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(10)
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.username.setPlaceholderText(self.tr("用户名"))
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("密码"))
        form.addRow(_label(self.tr("用户名"), wrap=False), self.username)
        form.addRow(_label(self.tr("密码"), wrap=False), self.password)
        lay.addLayout(form)

        self.error = _label("", "error")
        self.error.setMinimumHeight(30)
        lay.addWidget(self.error)
        self.status = _label("", "dim")
        lay.addWidget(self.status)

        self.demo_box = QFrame()
        self.demo_box.setObjectName("demo_box")
        dl = QVBoxLayout(self.demo_box)
        self.demo_label = _label("", "demo")
        self.demo_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        dl.addWidget(self.demo_label)
        lay.addWidget(self.demo_box)
        self.set_demo_accounts(demo_accounts or [])

        buttons = QHBoxLayout()
        self.quit_button = QPushButton(self.tr("退出监察台"))
        self.quit_button.setAutoDefault(False)
        self.quit_button.clicked.connect(self.quit_clicked)
        self.login_button = QPushButton(self.tr("登录"))
        self.login_button.setObjectName("primary")
        self.login_button.setDefault(True)
        self.login_button.clicked.connect(self.submit)
        buttons.addWidget(self.quit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.login_button)
        lay.addLayout(buttons)
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.submit)

    # ---- size -------------------------------------------------------------------------------------------
    def showEvent(self, event) -> None:
        # as tall as its texts at every show: the lock message wraps into lines the first log-in did not have,
        # and a size kept from then cut the demo accounts' last line (operator / oper-demo-2025)
        fit_to_content(self)
        super().showEvent(event)

    def event(self, e: QEvent) -> bool:
        done = super().event(e)
        if e.type() == QEvent.Type.LayoutRequest and self.isVisible():
            fit_to_content(self)  # a text set while it shows (an error, the lock message) wrapped into more lines
        return done

    # ---- state ------------------------------------------------------------------------------------------
    def set_demo_accounts(self, accounts) -> None:
        if not accounts:
            self.demo_box.hide()
            return
        lines = [self.tr("演示模式账户（仅演示数据库）：")]
        for username, role, password, _name in accounts:
            lines.append(f"  {role_text(role)}：{username} / {password}")
        self.demo_label.setText("\n".join(lines))
        self.demo_box.show()

    def set_locked_by(self, actor: Actor | None, idle: bool = True) -> None:
        """``actor``: the operator whose session is locked (None: first log-in); ``idle``: locked for lack of
        input rather than by hand (锁定)."""
        self.quit_needs_login = actor is not None
        self.quit_button.setToolTip(self.tr("退出已锁定的监察台须先输入用户名和密码") if actor is not None else "")
        if actor is None:
            self.subtitle.setText(self.tr("请以值班员身份登录"))
        else:
            why = self.tr("长时间无操作") if idle else self.tr("手动锁定")
            self.subtitle.setText(
                self.tr(
                    "监察台已锁定（{name}，{why}）。大屏照常刷新，告警照常提示；请重新登录，或由其他值班员登录接班。"
                ).format(name=actor.display_name or actor.username, why=why)
            )
            if not self.username.text():
                self.username.setText(actor.username)

    def reset(self) -> None:
        self.password.clear()
        self.error.clear()
        self.status.clear()
        self._set_busy(False)
        (self.password if self.username.text() else self.username).setFocus()
        if self.client is not None:
            self.controller.run_request(self.client.operator_count, self._on_operator_count, lambda exc: None)

    def _on_operator_count(self, n: int) -> None:
        if n == 0:
            self.error.setText(
                self.tr("数据库中还没有操作员。请先在终端运行：python main.py user add 用户名 --role administrator")
            )

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.login_button.setEnabled(not busy)
        self.quit_button.setEnabled(not busy)
        self.username.setEnabled(not busy)
        self.password.setEnabled(not busy)
        self.status.setText(self.tr("正在验证…") if busy else "")

    # ---- log-in -----------------------------------------------------------------------------------------
    def submit(self) -> None:
        self._check(self.sig_logged_in.emit)

    def quit_clicked(self) -> None:
        """退出监察台: at once before any log-in; on a locked console after the password is checked."""
        if not self.quit_needs_login:
            self.sig_quit.emit(None)
            return
        self._check(self.sig_quit.emit, self.tr("退出已锁定的监察台须先登录：请输入用户名和密码"))

    def _check(self, then, missing_text: str | None = None) -> None:
        if self._busy:
            return
        user, password = self.username.text().strip(), self.password.text()
        if not user or not password:
            self.error.setText(missing_text or self.tr("请输入用户名和密码"))
            (self.username if not user else self.password).setFocus()
            return
        self.error.clear()
        self._set_busy(True)
        self.controller.run_request(
            lambda: self.client.login(user, password), lambda actor: self._ok(actor, then), self._failed
        )

    def _ok(self, actor: Actor, then=None) -> None:
        self._set_busy(False)
        self.password.clear()
        self.locked_until = None
        (then or self.sig_logged_in.emit)(actor)

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.locked_until = getattr(exc, "until", None) if isinstance(exc, AccountLocked) else None
        self.error.setText(self.controller.error_text(exc))
        self.password.clear()
        self.password.setFocus()

    def reject(self) -> None:  # Esc / close button: logging in (or 退出监察台) is the way out
        pass


__all__ = ["LoginDialog"]
