"""The level of each monitoring rule, read from and written to the ``rule_levels`` table.

The table is the one place an administrator changes whether a rule's alarms are red or yellow; a rule the table
does not name yet (added to ``console.domain.rules`` after the database was created) keeps its level in code.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.domain import rules
from console.domain.errors import UserError
from console.domain.roles import Actor
from console.models.repository import audit, now
from console.models.schema import RuleLevel

LEVELS = (rules.RED, rules.YELLOW)


def effective_levels(session: Session) -> dict[str, str]:
    """rule id -> red | yellow: the table's level, else the code's."""
    levels = {r.id: r.level for r in rules.RULES.values()}
    levels.update({r.rule: r.level for r in session.scalars(select(RuleLevel))})
    return levels


def set_level(session: Session, actor: Actor, rule_id: str, level: str) -> tuple[str, str]:
    """Change a rule's level (administrators only, audited); returns (before, after)."""
    actor.require("edit_thresholds")  # rule levels are thresholds of the wall
    if rule_id not in rules.RULES:
        raise UserError(f"没有这条监察规则：{rule_id}（可选：{'、'.join(sorted(rules.RULES))}）")
    if level not in LEVELS:
        raise UserError(f"规则级别只能是 red（红）或 yellow（黄），不是 {level!r}")
    row = session.get(RuleLevel, rule_id)
    before = row.level if row is not None else rules.level(rule_id)
    if row is None:
        row = RuleLevel(rule=rule_id, level=level)
        session.add(row)
    row.level, row.updated_at, row.updated_by = level, now(), actor.username
    audit(
        session,
        actor.username,
        "rules.set_level",
        f"rule:{rule_id}",
        {"level": before},
        {"level": level},
        role=actor.role,
        console=actor.console,
    )
    return before, level
