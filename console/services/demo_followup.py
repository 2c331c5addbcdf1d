"""A few 督办 and 申诉 on the demo's history (``simulator.seed_history``), so a newcomer sees the 督办 and 申诉 tabs,
the cards on the wall and the statistics' 督办与申诉 page filled: 红牌, 黄牌 and 预警提醒 on three units, and an
appeal waiting, one upheld and one rejected on three others.  Through the same workflows as a supervisor, signed
by a demo supervisor; once per database (nothing is added when any 督办 or appeal exists)."""

from __future__ import annotations

import datetime as dt

from console.domain.calendar import WorkCalendar
from console.models.supervision import SessionFactory, rectifications, targets
from console.supervision import appeals as ap
from console.supervision import escalation as esc
from console.supervision.auth import Actor
from console.supervision.errors import SupervisionError

DEMO = Actor("demo.jiancha", "supervisor", "simulator", "演示督查员")
RULES = ("promised_overdue", "statutory_overdue", "supplement_late", "acceptance_late", "step_overdue")
ESCALATIONS = (
    ("red", "办件超过法定时限未办结，经黄牌督办仍未答复", "两个工作日内办结并书面说明原因"),
    ("yellow", "办件超过承诺时限未办结", "三个工作日内办结并说明原因"),
    ("reminder", "办件即将超过承诺时限", "抓紧办理，按时办结"),
)
APPEALS = (
    (None, "补正告知已当面送达申请人，系统补录较晚", ("补正告知书送达回证",)),
    (True, "受理时间录入错误，实际受理日以受理回执为准", ("受理回执扫描件",)),
    (False, "系统时限设置有误", ()),
)


def _one_alarm_per_unit(s, n: int) -> list[int]:
    seen: set[int] = set()
    out: list[int] = []
    for rule in RULES:
        for alarm_id in rectifications.alarms_without_rectification(s, rule):
            alarm = targets.alarm(s, alarm_id)
            case = targets.case(s, alarm.case_id) if alarm is not None else None
            if case is None or case.unit_id in seen:
                continue
            seen.add(case.unit_id)
            out.append(alarm_id)
            if len(out) == n:
                return out
    return out


def seed_followup(Session: SessionFactory, cal: WorkCalendar, now: dt.datetime) -> int:
    """Open the demo's 督办 and appeals; returns how many were added (0 when the database already has some)."""
    added = 0
    with Session.begin() as s:
        if esc.escalation_rows(s, cal, now.date()) or ap.appeal_rows(s, cal, now.date()):
            return 0
        alarms = _one_alarm_per_unit(s, len(ESCALATIONS) + len(APPEALS))
        for alarm_id, (level, finding, requirement) in zip(alarms, ESCALATIONS, strict=False):
            try:
                esc.open_escalation(
                    s, DEMO, cal, source_kind="alarm", source_id=alarm_id, level=level, finding=finding,
                    requirement=requirement, at=now,
                )  # fmt: skip
                added += 1
            except SupervisionError:
                continue
        for alarm_id, (decision, reason, evidence) in zip(alarms[len(ESCALATIONS) :], APPEALS, strict=False):
            try:
                a = ap.register_paper_appeal(
                    s, DEMO, cal, alarm_id=alarm_id, appellant="单位办公室", reason=reason, evidence=evidence,
                    filed_at=now,
                )  # fmt: skip
                if decision is not None:
                    ap.decide_appeal(s, DEMO, a.id, decision, "经核实" if decision else "与系统记录一致", at=now)
                added += 1
            except SupervisionError:
                continue
    return added
