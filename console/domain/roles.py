"""Who may do what (Qt-free, SQL-free): the three roles, the least role of each action, and the ``Actor``.

Roles are cumulative: an operator watches and acknowledges; a supervisor also rectifies, cancels alarms,
records sanctions and complaints and mutes; an administrator also manages operators, items and their limits,
calendar overrides and thresholds.  ``require(role, action)`` is the one check every workflow calls; the
windows use ``allowed`` to enable their buttons.
"""

from __future__ import annotations

from dataclasses import dataclass

from console.domain.errors import PermissionDenied
from console.domain.vocabulary import ROLES

OPERATOR, SUPERVISOR, ADMINISTRATOR = ROLES
RANK = {role: i for i, role in enumerate(ROLES)}

# The least role allowed to do each action (roles are cumulative).
ACTIONS: dict[str, str] = {
    "watch": OPERATOR,
    "acknowledge": OPERATOR,
    "rectify": SUPERVISOR,
    "cancel_alarm": SUPERVISOR,
    "sanction": SUPERVISOR,
    "complaint": SUPERVISOR,
    "mute": SUPERVISOR,
    "report": SUPERVISOR,
    "audit_limits": SUPERVISOR,
    "escalate": SUPERVISOR,  # open, answer, verify, escalate and close a 督办
    "appeal": SUPERVISOR,  # register a paper 申诉 and decide appeals
    "configure_ladder": ADMINISTRATOR,  # 督办 deadlines per level, automatic escalation, appeal deadline
    "manage_operators": ADMINISTRATOR,
    "edit_items": ADMINISTRATOR,
    "edit_calendar": ADMINISTRATOR,
    "edit_thresholds": ADMINISTRATOR,
}


def allowed(role: str | None, action: str) -> bool:
    """True if ``role`` may do ``action`` (for enabling buttons); unknown actions are refused."""
    need = ACTIONS.get(action)
    return need is not None and role in RANK and RANK[role] >= RANK[need]


def require(role: str | None, action: str) -> None:
    """Raise ``PermissionDenied`` unless ``role`` may do ``action``."""
    if not allowed(role, action):
        raise PermissionDenied(str(role), action)


@dataclass(frozen=True)
class Actor:
    """Who does something, from which console: what every write function takes and audits."""

    username: str
    role: str
    console: str
    display_name: str = ""

    def require(self, action: str) -> None:
        require(self.role, action)
