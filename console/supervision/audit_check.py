"""Is the audit trail intact?  For ``python main.py audit verify`` and the console's red banner (no Qt).

The chain (console.domain.audit_chain) shows a row edited, inserted or removed; on SQLite, where whoever
holds the file can drop the append-only triggers, edit rows and recreate them, the triggers' absence is
reported too.
"""

from __future__ import annotations

from dataclasses import dataclass

from console.models.db import DB_ERRORS
from console.models.supervision import SessionFactory, journal


@dataclass(frozen=True)
class AuditVerdict:
    intact: bool
    message: str  # for the operator, in words
    broken_id: int | None = None


def verify(Session: SessionFactory) -> AuditVerdict:
    """Check the whole chain and the guarding triggers; raises the database's errors (callers report them)."""
    with Session() as s:
        missing = journal.missing_guards(s)
        broken = journal.chain_break(s)
    problems = []
    if broken is not None:
        problems.append(f"审计日志第 {broken[0]} 条起哈希链断裂：{broken[1]}")
    if missing:
        problems.append(f"审计日志的保护触发器缺失：{', '.join(missing)}")
    if problems:
        return AuditVerdict(False, "；".join(problems), broken[0] if broken else None)
    return AuditVerdict(True, "审计日志完整：哈希链连续，保护触发器齐全")


def banner_text(Session: SessionFactory) -> str | None:
    """What the console's red banner says, or None when the audit trail verifies (or cannot be read now:
    the outage has its own look)."""
    try:
        verdict = verify(Session)
    except DB_ERRORS:
        return None
    return None if verdict.intact else "审计日志校验失败，记录可能被篡改：" + verdict.message
