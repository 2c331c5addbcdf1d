"""Role gating of buttons: a button the logged-in role may not use is disabled and says which role it needs.

Only ``console.domain.roles`` decides; the back end checks the role again on every write.  The texts keep the
translation context ``Session`` (the log-in session introduced them).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from console.domain import roles


def _t(text: str) -> str:
    return QCoreApplication.translate("Session", text)


def role_text(role: str | None) -> str:
    return {
        roles.OPERATOR: _t("值班员"),
        roles.SUPERVISOR: _t("监察员"),
        roles.ADMINISTRATOR: _t("管理员"),
    }.get(role or "", role or _t("未登录"))


def need_text(action: str) -> str:
    """Tooltip of a button the current role may not use: the role it needs."""
    need = roles.ACTIONS.get(action, roles.ADMINISTRATOR)
    return _t("需要“{role}”角色（{code}）").format(role=role_text(need), code=need)


def apply_gate(widget, role: str | None, action: str, ready: bool = True, why: str = "", tip: str = "") -> bool:
    """Enable ``widget`` (a QWidget or QAction) only if ``role`` may do ``action`` and ``ready``.

    Disabled for the role: the tooltip names the role needed; disabled for the state: ``why``; else ``tip``.
    Returns whether it ended enabled.
    """
    if not roles.allowed(role, action):
        widget.setEnabled(False)
        widget.setToolTip(need_text(action))
        return False
    widget.setEnabled(bool(ready))
    widget.setToolTip(tip if ready else why)
    return bool(ready)


__all__ = ["apply_gate", "need_text", "role_text"]
