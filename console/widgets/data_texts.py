"""Words that come with the data but belong to the interface's language (``--lang en``).

The rule names (console.domain.rules) and the provisional-calendar note (the poller's) are written in Chinese
where they are made, away from Qt; the screens show them through these functions, which translate the known
ones (context ``DataTexts`` in resources/i18n/console_en.ts) and show anything else as it came.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication


def _t(text: str) -> str:
    return QCoreApplication.translate("DataTexts", text)


def rule_text(rule_id: str, label: str) -> str:
    """A monitoring rule's short name in the interface's language (``label``: the domain's, the fallback)."""
    names = {
        "promised_overdue": _t("超过承诺时限"),
        "statutory_overdue": _t("超过法定时限"),
        "step_overdue": _t("环节超时"),
        "supplement_late": _t("补正告知超时"),
        "fee_irregular": _t("收费不规范"),
        "refusal_no_reason": _t("不予受理/不予许可未说明理由"),
        "special_after_completion": _t("办结后报特别程序"),
        "rectification_overdue": _t("整改逾期"),
        "escalation_overdue": _t("督办逾期"),
        "special_backdated": _t("特别程序倒签"),
        "acceptance_overdue": _t("受理超时"),
        "acceptance_late": _t("逾期受理"),
        "bad_rating": _t("差评"),
        "complaint_acceptance_overdue": _t("投诉受理超时"),
        "complaint_reply_overdue": _t("投诉答复超时"),
    }
    return names.get(rule_id, label)


# console/services/poller.py writes the note as
# f"{year}年起的节假日安排尚未发布：{n}件办件的期限暂按周末计算，标注为“临时”"
_NOTE = re.compile(r"^(\d{4})年起的节假日安排尚未发布：(\d+)件办件的期限暂按周末计算，标注为“临时”$")


def calendar_note_text(note: str) -> str:
    """The provisional-calendar note in the interface's language (an unknown wording is shown as it is)."""
    m = _NOTE.match(note)
    if m is None:
        return note
    return _t("{year}年起的节假日安排尚未发布：{n}件办件的期限暂按周末计算，标注为“临时”").format(
        year=m.group(1), n=m.group(2)
    )


def engine_down_text(engine) -> str | None:
    """The words for a supervision engine that is not running (``Snapshot.engine``), None while it runs or is not
    watched: a reader's screens would otherwise look calm while no alarm is raised."""
    if engine is None or engine.ok:
        return None
    if engine.last_pass is None:
        return _t("监察引擎未运行（从未运行）")
    return _t("监察引擎未运行（最后一次 {t}）").format(t=engine.last_pass.strftime("%H:%M:%S"))
