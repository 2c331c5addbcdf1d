"""Errors the supervision workflows raise (defined in ``console.domain.errors``; re-exported here)."""

from __future__ import annotations

from console.domain.errors import AccountLocked, LoginFailed, NotFound, PermissionDenied, SupervisionError

__all__ = ["AccountLocked", "LoginFailed", "NotFound", "PermissionDenied", "SupervisionError"]
