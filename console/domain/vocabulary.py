"""The shared words of supervision (Qt-free, SQL-free): stages, channels, procedure kinds, roles, statuses,
the sanctions ladder and 四不放过.  The database room, the workflows, the ingest and the windows all take them
from here, so a word is spelled once.
"""

from __future__ import annotations

# ---- cases ---------------------------------------------------------------------------------------------------
# Stages of a case, in order; 申办 = received but not yet accepted.
STAGES = ("咨询", "申办", "受理", "承办", "审核", "批准", "办结", "评价")
CHANNELS = ("窗口", "网上", "自助", "邮寄")
UNIT_KINDS = ("department", "district")
# Special procedures (行政许可法 45) that may stop the clock, plus the supplement wait and the extension.
SPECIAL_KINDS = ("听证", "招标", "拍卖", "检验", "检测", "检疫", "鉴定", "专家评审", "挂起")
SUPPLEMENT = "补正"
EXTENSION = "延长审批"
EVALUATION_LEVELS = {1: "非常不满意", 2: "不满意", 3: "基本满意", 4: "满意", 5: "非常满意"}

# ---- people and supervision work -----------------------------------------------------------------------------
ROLES = ("operator", "supervisor", "administrator")
# The actor of a failed log-in with a name no account has: the text typed is never recorded (people type their
# password into the name field); migration 0020 writes the same on PostgreSQL.
UNKNOWN_ACCOUNT = "（未知账号）"
RECTIFICATION_STATUSES = ("ordered", "answered", "verified", "overdue", "cancelled")
# The sanctions ladder (行政过错责任追究 / 政务处分), lightest first.
SANCTION_LADDER = (
    "口头警告",
    "书面检讨",
    "通报批评",
    "诫勉谈话",
    "扣发绩效",
    "取消评优",
    "调离岗位",
    "警告",
    "记过",
    "记大过",
    "降级",
    "撤职",
    "开除",
)
PERSON_ROLES = ("承办人", "审核人", "批准人")
COMPLAINT_CHANNELS = ("窗口", "电话", "网络", "信件")
COMPLAINT_STATUSES = ("registered", "accepted", "rejected", "replied", "closed")
# 四不放过, in the order the standing rule states them: (code, text).
FOUR_CONDITIONS = (
    ("facts_established", "问题不查清不放过"),
    ("problem_solved", "问题不解决不放过"),
    ("rectification_done", "整改不落实不放过"),
    ("responsibility_pursued", "责任不追究不放过"),
)
SATISFACTION_LEVELS = ("满意", "基本满意", "不满意")
# the unit of a time limit (an accept's, an item's, a step's): 工作日, or 自然日 where the law gives calendar days
# (run as the working days that end on the same day: console.domain.timelimits.calendar_limit_as_working)
WORKING_DAYS = "工作日"
CALENDAR_DAYS = "自然日"
LIMIT_UNITS = (WORKING_DAYS, CALENDAR_DAYS)
