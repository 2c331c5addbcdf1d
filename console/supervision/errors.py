"""Errors the supervision workflows raise; messages are meant to be shown to the user as they are."""
from __future__ import annotations

from console.domain.errors import UserError


class SupervisionError(UserError):
    """A workflow refused an action (bad input or a state that does not allow it)."""


class NotFound(SupervisionError):
    pass


class PermissionDenied(SupervisionError):
    def __init__(self, role: str, action: str):
        super().__init__(f"角色 {role} 无权执行 {action}（permission denied: {role} may not {action}）")
        self.role = role
        self.action = action
