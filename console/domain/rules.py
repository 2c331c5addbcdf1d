"""Monitoring rules (监察点): ids, levels and the Chinese texts the alarms carry (Qt-free, SQL-free).

Ingest (``console.ingest.fold``) raises the data rules when a case's records show them; the console's poller
raises the time rules for open cases.  Both take ids, levels and messages from here so an alarm reads the same
whoever raised it.  Messages follow the wording of real systems (Hunan's engine: "已经超过承诺时限",
"已超过法定时限"; 行政许可法 32: 补正告知 within 5 days).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

RED = "red"
YELLOW = "yellow"

SUPPLEMENT_NOTICE_DAYS = 5  # 补正告知 at once or within 5 working days of receipt (行政许可法 32)
BAD_RATING_LEVELS = (1, 2)  # 非常不满意, 不满意
BAD_RATING_RECTIFY_DAYS = 15  # working days to rectify and answer a bad rating (default; configurable)
WARNING_MESSAGE = "即将超过承诺时限，请速办理"  # the yellow light's prompt (not an alarm row)
# the step an application (申办) waits in for its acceptance decision: its own code, so that its overrun is
# 受理超时 (行政许可法 32) and not 环节超时 of a processing step
RECEIPT_STEP = ("SJ", "受理")


@dataclass(frozen=True)
class Rule:
    id: str
    level: str
    label: str  # short name for lists and legends
    template: str  # full message; ``{name}`` placeholders filled by ``message``
    time_rule: bool = False  # raised by the poller for open cases (ingest only for completed ones)


RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        Rule("promised_overdue", RED, "超过承诺时限", "已超过承诺时限（承诺办结日 {due}）", True),
        Rule("statutory_overdue", RED, "超过法定时限", "已超过法定时限（法定办结日 {due}）", True),
        Rule("step_overdue", RED, "环节超时", "环节 {step} 超过环节时限（应于 {due} 前办完）", True),
        Rule(
            "supplement_late",
            RED,
            "补正告知超时",
            "补正告知超过5个工作日（收件 {received}，告知 {notified}，相隔 {days} 个工作日）",
        ),
        Rule(
            "acceptance_overdue",
            RED,
            "受理超时",
            "收件后 5 个工作日内（至 {due}）既未受理也未一次性告知补正，依法自收件之日起即为受理",
            True,
        ),
        Rule(
            "acceptance_late",
            RED,
            "逾期受理",
            "收件 {received} 后 5 个工作日内既未受理也未一次性告知补正（{accepted} 方受理，相隔 {days} 个工作日），"
            "依法自收件之日起即为受理",
        ),
        Rule("fee_irregular", RED, "收费不规范", "收费不规范：{detail}"),
        # one rule for both refusals that must state their reasons: 不予受理 (行政许可法 第三十二条) and 不予许可
        # (第三十八条); the text names which (console.ingest.fold), the name covers both
        Rule("refusal_no_reason", RED, "不予受理/不予许可未说明理由", "{decision}未说明理由"),
        Rule(
            "special_after_completion",
            RED,
            "办结后报特别程序",
            "特别程序（{kind}）在办结（{completed}）之后报送（{reported}）",
        ),
        Rule("rectification_overdue", RED, "整改逾期", "限期整改未按期完成（整改期限 {due}）"),
        Rule("escalation_overdue", RED, "督办逾期", "{notice} {level}未按期答复（期限 {due}）{after}"),
        Rule(
            "special_backdated", RED, "特别程序倒签", "特别程序（{kind}）开始日 {started} 早于报送日 {reported}（倒签）"
        ),
        # 效能投诉: the acceptance decision within 5 working days, the reply within 30 (60 when extended)
        Rule(
            "complaint_acceptance_overdue",
            RED,
            "投诉受理超时",
            "投诉 #{no} 未在 5 个工作日内作出受理决定（受理期限 {due}）",
        ),
        Rule(
            "complaint_reply_overdue",
            RED,
            "投诉答复超时",
            "投诉 #{no} 未在 {days} 个工作日内答复（答复期限 {due}）",
        ),
        # 好差评 (国务院办公厅 2019 关于建立政务服务“好差评”制度的意见): a bad rating is rectified and answered
        Rule("bad_rating", YELLOW, "差评", "办事群众评价“{level}”（{at}）：{comment}，须限期整改并回复"),
    )
}


STEP_RULES = ("step_overdue", "acceptance_overdue")  # the time rules of a case's open step


def step_rule(step_code: str) -> str:
    """The rule an overrun of this step raises: 受理超时 for the wait for acceptance, else 环节超时."""
    return "acceptance_overdue" if step_code == RECEIPT_STEP[0] else "step_overdue"


def rule(rule_id: str) -> Rule:
    return RULES[rule_id]


def label(rule_id: str) -> str:
    """Short Chinese name of a rule; an unknown id (a newer console's rule) is shown as it is."""
    r = RULES.get(rule_id)
    return r.label if r else rule_id


def level(rule_id: str) -> str:
    return RULES[rule_id].level


def message(rule_id: str, **values: object) -> str:
    """The alarm text with its details; missing details fall back to the bare label, never an error."""
    r = RULES.get(rule_id)
    if r is None:
        return rule_id
    try:
        return r.template.format(**{k: _text(v) for k, v in values.items()})
    except (KeyError, IndexError, ValueError):
        return r.label


def _text(v: object) -> str:
    if isinstance(v, dt.datetime):
        return v.isoformat(sep=" ", timespec="minutes")
    if isinstance(v, dt.date | dt.time):
        return v.isoformat()
    return str(v)
