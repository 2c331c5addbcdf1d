"""Errors whose message is meant for the person at the console, as it is (Qt-free, SQL-free)."""

from __future__ import annotations

import datetime as dt


class UserError(ValueError):
    """An action refused for a reason the user can act on (bad input, a state that does not allow it)."""


class SupervisionError(UserError):
    """A supervision workflow refused an action (bad input or a state that does not allow it)."""


class NotFound(SupervisionError):
    pass


class PermissionDenied(SupervisionError):
    def __init__(self, role: str, action: str):
        super().__init__(f"角色 {role} 无权执行 {action}（permission denied: {role} may not {action}）")
        self.role = role
        self.action = action


class LoginFailed(SupervisionError):
    def __init__(self, message: str = "用户名或密码错误（wrong user name or password）"):
        super().__init__(message)


class AccountLocked(LoginFailed):
    def __init__(self, until: dt.datetime):
        super().__init__(f"登录失败次数过多，账户锁定至 {until:%Y-%m-%d %H:%M}（account locked until {until:%H:%M}）")
        self.until = until


class NotSaved(UserError):
    """The database went away in the middle of an action: nothing of it was stored, and the person is told so
    in words (never the driver's message), with what to do."""
