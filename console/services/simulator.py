"""Live traffic simulator: realistic exchange records (docs/exchange-format.md) for Chengdu's units (Qt-free).

Every record goes through the same code path as a file import (``console.ingest.apply.ingest_records``).

- ``history_plans`` / ``seed_history``: N working days of deterministic history (seeded), arrivals in office
  hours only (09:00–12:00, 13:30–17:30 on Chinese working days), plus a small backlog aimed so that, today,
  open cases show every light (normal, blue, yellow, red, past statutory) and a few data-rule alarms.
- ``run_live``: continuous traffic stamped with the real clock: new cases, step progress, completions,
  evaluations, the rest of the seeded history as its time comes, and "red makers" (late-arriving overdue
  cases, overrun steps, irregular fees…) at a few per minute at speed 1.

Record ids are ``sim<seed>-<case_no>-<nn>``: stable per (seed, case, event), so re-sending is idempotent.
"""

from __future__ import annotations

import datetime as dt
import heapq
import json
import logging
import random
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from console.domain.calendar import WorkCalendar
from console.domain.catalogue import CITY_REGION, ItemSpec, UnitSpec
from console.domain.catalogue import items as catalogue_items
from console.domain.catalogue import units as catalogue_units
from console.ingest.apply import ingest_records
from console.models import repository as repo
from console.services.demo_followup import seed_followup

log = logging.getLogger(__name__)

DEFAULT_SEED = 2009
CASES_PER_DAY = 300
SOURCE = "simulator"
META_KEY = "simulator.history"
BATCH = 2000

# Office hours as minute ranges of the day; "office minutes" (0..420) run through both halves.
OFFICE = ((9 * 60, 12 * 60), (13 * 60 + 30, 17 * 60 + 30))
OFFICE_MINUTES = sum(b - a for a, b in OFFICE)  # 420
OFFICE_SECONDS = OFFICE_MINUTES * 60

# ---- realistic names ---------------------------------------------------------------------------

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = [
    "伟",
    "芳",
    "娜",
    "秀英",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀兰",
    "霞",
    "平",
    "刚",
    "桂英",
    "建华",
    "志强",
    "晓燕",
    "婷",
    "雪",
    "浩",
    "宇",
    "欣",
    "俊",
    "红",
    "梅",
    "玲",
    "琳",
    "丹",
    "斌",
    "鹏",
    "辉",
    "玉兰",
    "林",
    "春",
    "燕",
    "波",
    "健",
    "凯",
    "瑶",
    "倩",
    "颖",
    "佳",
    "蓉",
    "川",
    "锦",
    "成",
    "德明",
    "永康",
    "建国",
    "小红",
    "思远",
    "子涵",
    "雨桐",
    "一鸣",
    "家豪",
]
FIRMS = [
    "天府",
    "锦城",
    "蓉城",
    "西部",
    "金沙",
    "宽窄",
    "青城",
    "峨眉",
    "岷江",
    "华西",
    "蜀都",
    "芙蓉",
    "浣花",
    "龙泉",
    "新川",
    "天禧",
    "银杏",
    "熊猫",
]
TRADES = [
    "科技",
    "建设工程",
    "商贸",
    "餐饮管理",
    "物流",
    "医药",
    "房地产开发",
    "文化传媒",
    "环保科技",
    "食品",
    "旅游开发",
    "教育咨询",
    "机械制造",
    "信息技术",
    "农业开发",
]

# Busy units (relative daily weight); the rest get a seeded weight between 0.5 and 2.5.
BUSY = {
    "工商局": 12,
    "公安局": 10,
    "房管局": 9,
    "人社局": 9,
    "地税局": 8,
    "城乡建委": 7,
    "规划局": 6,
    "国土资源局": 6,
    "交委": 5,
    "卫生局": 5,
    "食品药品监管局": 5,
    "高新区": 8,
    "武侯区": 7,
    "锦江区": 6,
    "青羊区": 6,
    "金牛区": 6,
    "成华区": 5,
    "双流县": 5,
    "龙泉驿区": 4,
}

EVAL_LEVELS = ("非常不满意", "不满意", "基本满意", "满意", "非常满意")
EVAL_WEIGHTS = (1, 2, 7, 28, 62)
EVAL_COMMENTS = {
    5: ("一次办好，很方便", "窗口人员态度好", "办事效率高", "", ""),
    4: ("比较满意", "", ""),
    3: ("排队时间有点长", ""),
    2: ("材料要求没有一次讲清楚", "等待时间太长"),
    1: ("多次跑腿，办理超时", "工作人员态度差"),
}
REFUSE_REASONS = ("申请事项依法不需要取得行政许可", "申请事项不属于本机关职权范围", "申请材料不齐全且逾期未补正")
DENY_REASONS = ("现场核查不符合法定条件", "申请人不具备相应资质", "专家评审结论为不予通过")
MISSING = (
    "营业执照副本复印件",
    "法定代表人身份证明",
    "场地使用证明",
    "项目可行性研究报告",
    "专项检测报告",
    "委托书原件",
    "环境影响登记表",
)
RELIEF = ("困难群众减免", "小微企业减半收费", "公益项目免收")


# ---- working-day time arithmetic ---------------------------------------------------------------


def _office_time(day: dt.date, minute: float) -> dt.datetime:
    """The datetime ``minute`` office minutes (0..420) into ``day``."""
    minute = min(max(minute, 0.0), OFFICE_MINUTES - 1 / 60)
    for a, b in OFFICE:
        if minute < b - a:
            return dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=a + minute)
        minute -= b - a
    raise AssertionError("unreachable")


def _office_pos(t: dt.datetime) -> float:
    """Office minutes elapsed on ``t``'s day (lunch counts as 180, evening as 420)."""
    m = t.hour * 60 + t.minute + t.second / 60
    pos = 0.0
    for a, b in OFFICE:
        pos += min(max(m - a, 0), b - a)
    return pos


class CalendarClock:
    """Plans events in real office hours on Chinese working days (history, red makers)."""

    def __init__(self, cal: WorkCalendar):
        self.cal = cal
        self._cum = cal.cum.tolist()
        self._nth = cal.nth.tolist()

    def add(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day after ``day`` (0: day itself)."""
        if n <= 0:
            return day
        return self.cal.date(self._nth[self._cum[self.cal.index(day) + 1] + n - 1])

    def back(self, day: dt.date, n: int) -> dt.date:
        """The working day from which ``day`` is the n-th working day after (n ≥ 1)."""
        return self.cal.date(self._nth[self._cum[self.cal.index(day)] - n])

    def workdays(self, last: dt.date, n: int) -> list[dt.date]:
        """The ``n`` working days ending with ``last`` (or the last working day before it)."""
        k = self._cum[self.cal.index(last) + 1]
        return [self.cal.date(i) for i in self._nth[max(k - n, 0) : k]]

    def soon(self, t: dt.datetime, rng: random.Random, lo: float, hi: float) -> dt.datetime:
        """``lo``..``hi`` office minutes after ``t``, carried into the next working day if need be."""
        pos = _office_pos(t) + rng.uniform(lo, hi)
        day = t.date()
        while pos >= OFFICE_MINUTES or not self.cal.is_workday(day):
            if self.cal.is_workday(day):
                pos -= OFFICE_MINUTES
            day = self.add(day, 1)
        return max(_office_time(day, pos), t + dt.timedelta(seconds=1))

    def days_later(self, t: dt.datetime, n: int, rng: random.Random) -> dt.datetime:
        if n <= 0:
            return self.soon(t, rng, 10, 150)
        return _office_time(self.add(t.date(), n), rng.triangular(0, OFFICE_MINUTES, 60))


class FastClock:
    """Compressed time for live cases: a working day lasts ``OFFICE_SECONDS / speed`` real seconds."""

    def __init__(self, speed: float):
        self.day = OFFICE_SECONDS / max(speed, 1e-6)
        self.minute = 60 / max(speed, 1e-6)

    def soon(self, t: dt.datetime, rng: random.Random, lo: float, hi: float) -> dt.datetime:
        return t + dt.timedelta(seconds=max(rng.uniform(lo, hi) * self.minute, 0.05))

    def days_later(self, t: dt.datetime, n: int, rng: random.Random) -> dt.datetime:
        if n <= 0:
            return self.soon(t, rng, 10, 150)
        return t + dt.timedelta(seconds=(n - 1 + rng.uniform(0.2, 1.0)) * self.day)


def _iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S")


# ---- the units' staff and workload ----------------------------------------------------------------


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 1, 2))))[:2]


@dataclass(frozen=True)
class Staff:
    windows: tuple[tuple[str, str], ...]  # (clerk, window)
    officers: tuple[str, ...]  # 承办
    reviewers: tuple[str, ...]  # 审核
    approvers: tuple[str, ...]  # 批准


@dataclass(frozen=True)
class World:
    """Units, items, staff and weights: everything a seed fixes."""

    seed: int
    units: tuple[UnitSpec, ...]
    unit_weights: tuple[float, ...]
    items_by_unit: dict[str, tuple[ItemSpec, ...]]
    staff: dict[str, Staff]

    @classmethod
    def build(
        cls,
        seed: int = DEFAULT_SEED,
        unit_specs: Sequence[UnitSpec] | None = None,
        item_specs: Sequence[ItemSpec] | None = None,
    ) -> World:
        unit_specs = tuple(unit_specs or catalogue_units())
        item_specs = item_specs or catalogue_items()
        rng = random.Random(f"{seed}|world")
        weights = tuple(BUSY.get(u.name, round(rng.uniform(0.5, 2.5), 2)) for u in unit_specs)
        by_unit: dict[str, list[ItemSpec]] = {}
        for it in item_specs:
            by_unit.setdefault(it.unit_code, []).append(it)
        staff = {}
        for n, u in enumerate(unit_specs):
            zone = "ABCDEFGH"[n % 8] if u.kind == "department" else "W"
            windows = tuple((person_name(rng), f"{zone}{k + 1:02d}") for k in range(rng.randint(3, 8)))
            staff[u.code] = Staff(
                windows,
                tuple(person_name(rng) for _ in range(rng.randint(3, 6))),
                tuple(person_name(rng) for _ in range(rng.randint(1, 3))),
                tuple(person_name(rng) for _ in range(rng.randint(1, 2))),
            )
        units = tuple(u for u in unit_specs if by_unit.get(u.code))
        weights = tuple(w for u, w in zip(unit_specs, weights, strict=True) if by_unit.get(u.code))
        return cls(seed, units, weights, {k: tuple(v) for k, v in by_unit.items()}, staff)

    def pick(
        self, rng: random.Random, kind: str | None = None, ok: Callable[[ItemSpec], bool] = lambda it: True
    ) -> tuple[UnitSpec, ItemSpec]:
        """A unit by workload, then one of its items (the first ones busiest); ``ok`` filters items."""
        pool = [
            (u, w)
            for u, w in zip(self.units, self.unit_weights, strict=True)
            if (kind is None or u.kind == kind) and any(ok(i) for i in self.items_by_unit[u.code])
        ]
        unit = rng.choices([u for u, _ in pool], [w for _, w in pool])[0]
        its = [i for i in self.items_by_unit[unit.code] if ok(i)]
        return unit, rng.choices(its, [1 / (k + 1) for k in range(len(its))])[0]

    def region(self, unit: UnitSpec) -> str:
        return unit.code if unit.kind == "district" else CITY_REGION


# ---- one case's life as planned events -------------------------------------------------------------


@dataclass
class Plan:
    """A case's events in plan order; ``records`` carries the exchange records with their times."""

    case_no: str
    seed: int
    events: list[tuple[dt.datetime, str, dict]] = field(default_factory=list)

    def add(self, t: dt.datetime, rtype: str, **fields) -> None:
        self.events.append((t, rtype, fields))

    def records(self) -> list[tuple[dt.datetime, dict]]:
        out = []
        for k, (t, rtype, fields) in enumerate(self.events):
            rec = {
                "record_id": f"sim{self.seed}-{self.case_no}-{k:02d}",
                "type": rtype,
                "case_no": self.case_no,
                "occurred_at": _iso(t),
            }
            rec.update({key: _iso(v) if isinstance(v, dt.datetime) else v for key, v in fields.items()})
            out.append((t, rec))
        return out


def applicant(rng: random.Random) -> tuple[str, str]:
    """A person or a firm, with a fake 18-digit identity number (not a valid check digit)."""
    birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(50 * 365))
    ident = f"5101{rng.randint(4, 32):02d}{birth:%Y%m%d}{rng.randrange(1000):03d}{rng.randrange(10)}"
    if rng.random() < 0.4:
        return f"成都{rng.choice(FIRMS)}{rng.choice(TRADES)}有限公司", ident
    return person_name(rng), ident


def _counted_days(rng: random.Random, item: ItemSpec, fate: str) -> int:
    """Working days the case's processing will count (before clock-stopping waits)."""
    p, s = item.promised_days, item.statutory_days
    if fate == "statutory":
        return s + rng.randint(1, 3)
    if fate == "late":
        return p + rng.randint(1, 4)
    return max(1, round(rng.triangular(0.3 * p, p, 0.6 * p)))


def _fate(rng: random.Random) -> str:
    # Overtime is rare in a supervised centre (a city's bureau reports overtime cases by the dozen a year, not
    # by the thousand); a wall that is red everywhere teaches operators to ignore it.
    r = rng.random()
    return "statutory" if r < 0.0005 else "late" if r < 0.003 else "ontime"


def plan_case(
    world: World,
    rng: random.Random,
    case_no: str,
    unit: UnitSpec,
    item: ItemSpec,
    arrival: dt.datetime,
    clock,
    fate: str | None = None,
    simple: bool = False,
    counted: int | None = None,
) -> Plan:
    """The whole life of one case from its arrival: SL→CB→SH→PZ→BJ with the occasional 补正, special
    procedure, extension, refusal, fee and evaluation.  ``simple``: no waits, no refusal (aimed backlog)."""
    plan = Plan(case_no, world.seed)
    staff = world.staff[unit.code]
    clerk, window = rng.choice(staff.windows)
    channel = rng.choices(("窗口", "网上", "自助", "邮寄"), (70, 24, 4, 2))[0]
    name, ident = applicant(rng)
    who = dict(channel=channel, applicant_name=name, applicant_id=ident)
    plan.add(arrival, "apply", item_code=item.code, **who)
    t = clock.soon(arrival, rng, 2, 40) if channel == "窗口" else clock.days_later(arrival, rng.choice((0, 1)), rng)
    accept = dict(
        item_code=item.code,
        unit_code=unit.code,
        region_code=world.region(unit),
        handler=clerk,
        window=window,
        promised_days=item.promised_days,
        statutory_days=item.statutory_days,
        limit_unit="工作日",
        **who,
    )
    if not simple and rng.random() < 0.02:  # 不予受理, rarely without the reason
        reason = {} if rng.random() < 0.08 else {"reason": rng.choice(REFUSE_REASONS)}
        plan.add(t, "accept", decision="不予受理", **accept, **reason)
        return plan
    plan.add(t, "accept", **accept)
    t_end = clock.soon(t, rng, 1, 8)
    plan.add(
        t_end,
        "step",
        step_code="SL",
        step_name="受理",
        handler=clerk,
        window=window,
        started_at=t,
        ended_at=t_end,
        result="同意",
        opinion="材料齐全，予以受理",
    )
    if item.promised_days == 0:  # 即办件: done on the spot
        return _finish(world, plan, rng, unit, item, clock, t_end, clerk, window, simple)
    fate = fate or ("ontime" if simple else _fate(rng))
    total = counted if counted is not None else _counted_days(rng, item, fate)
    cb = max(1, round(total * 0.55))
    sh = max(0, round(total * 0.25))
    pz = max(0, total - cb - sh)
    officer = rng.choice(staff.officers)
    start = clock.days_later(t_end, rng.choice((0, 1)) if total < item.promised_days else 0, rng)
    plan.add(start, "step", step_code="CB", step_name="承办", handler=officer, started_at=start)
    cur = start
    if not simple:
        cur = _waits(plan, rng, item, clock, cur, arrival, fate)
    cb_end = clock.days_later(cur, cb, rng)
    denied = not simple and rng.random() < 0.03
    plan.add(
        cb_end,
        "step",
        step_code="CB",
        step_name="承办",
        handler=officer,
        started_at=start,
        ended_at=cb_end,
        result="不同意" if denied else "同意",
        opinion="经核查不符合法定条件，拟不予许可" if denied else "材料齐全，符合法定条件，拟同意",
    )
    t = cb_end
    for code, sname, days, who_ in (("SH", "审核", sh, staff.reviewers), ("PZ", "批准", pz, staff.approvers)):
        person = rng.choice(who_)
        s_start = clock.soon(t, rng, 1, 30)
        plan.add(s_start, "step", step_code=code, step_name=sname, handler=person, started_at=s_start)
        t = clock.days_later(s_start, days, rng)
        plan.add(
            t,
            "step",
            step_code=code,
            step_name=sname,
            handler=person,
            started_at=s_start,
            ended_at=t,
            result="同意",
            opinion="同意" if code == "PZ" else "同意承办意见",
        )
    return _finish(world, plan, rng, unit, item, clock, t, clerk, window, simple, denied)


def _waits(
    plan: Plan, rng: random.Random, item: ItemSpec, clock, cur: dt.datetime, arrival: dt.datetime, fate: str
) -> dt.datetime:
    """补正 wait, special procedure and extension inside 承办; returns when 承办 resumes."""
    if rng.random() < 0.08:  # 补正告知, rarely later than 5 working days after receipt
        late = rng.random() < 0.04
        notice = clock.days_later(arrival, rng.randint(6, 7), rng) if late else clock.soon(cur, rng, 20, 200)
        notice = max(notice, cur + dt.timedelta(minutes=1))
        plan.add(
            notice,
            "supplement_notice",
            missing_materials="、".join(rng.sample(MISSING, rng.randint(1, 3))),
            limit_days=5,
        )
        cur = clock.days_later(notice, rng.randint(1, 5), rng)
        plan.add(cur, "supplement_received")
    if item.stop_clock_kinds and rng.random() < 0.2:
        cur = _special(plan, rng, item, clock, cur)
    if (fate == "late" and rng.random() < 0.3) or (item.promised_days >= 15 and rng.random() < 0.01):
        at = clock.days_later(cur, 1, rng)
        plan.add(
            at,
            "special_start",
            procedure_id="EXT",
            kind="延长审批",
            started_at=at,
            applied_days=10 if item.statutory_days >= 20 else 5,
            approver="分管局长",
            basis="情况复杂，经本机关负责人批准延长期限并告知申请人",
        )
    return cur


def _special(plan: Plan, rng: random.Random, item: ItemSpec, clock, cur: dt.datetime) -> dt.datetime:
    """A clock-stopping special procedure: mostly within its applied days, sometimes overrunning them,
    rarely back-dated or reported only after completion (the latter is patched in by ``_finish``)."""
    kind = rng.choice(item.stop_clock_kinds)
    applied = rng.choice((3, 5, 5, 10, 15) if kind in ("专家评审", "听证") else (3, 5, 5, 7))
    actual = applied + rng.randint(1, 3) if rng.random() < 0.12 else rng.randint(max(1, applied // 2), applied)
    start = clock.days_later(cur, 1, rng)
    reported = clock.days_later(start, rng.randint(2, 3), rng) if rng.random() < 0.03 else start
    plan.add(
        reported,
        "special_start",
        procedure_id="P1",
        kind=kind,
        started_at=start,
        applied_days=applied,
        approver="分管局长",
        basis=f"依据行政许可法第四十五条组织{kind}",
    )
    end = clock.days_later(start, actual, rng)
    plan.add(max(end, reported + dt.timedelta(minutes=1)), "special_end", procedure_id="P1", ended_at=end)
    return max(end, reported + dt.timedelta(minutes=1))


def _finish(
    world: World,
    plan: Plan,
    rng: random.Random,
    unit: UnitSpec,
    item: ItemSpec,
    clock,
    t: dt.datetime,
    clerk: str,
    window: str,
    simple: bool,
    denied: bool = False,
) -> Plan:
    """办结 step and record, fee, evaluation."""
    done = clock.soon(t, rng, 2, 40)
    plan.add(
        done,
        "step",
        step_code="BJ",
        step_name="办结",
        handler=clerk,
        window=window,
        started_at=t,
        ended_at=done,
        result="同意",
    )
    r = rng.random()
    if denied:
        res = (
            {"result": "不予"}
            if not simple and rng.random() < 0.1
            else {"result": "不予", "reason": rng.choice(DENY_REASONS)}
        )
    elif r < 0.005 and not simple:
        res = {"result": "退回", "reason": "申请人撤回申请"}
    else:
        res = {"result": "准予", "certificate_no": f"{item.code}-{done:%Y}-{rng.randrange(10**6):06d}"}
    plan.add(done, "complete", **res)
    fee = _fee(rng, item, simple)
    if fee:
        plan.add(done, "fee", **fee)
    if not simple and rng.random() < 0.005:  # a special procedure reported after completion (alarm)
        late = clock.days_later(done, 1, rng)
        start = clock.days_later(plan.events[1][0], 1, rng)
        plan.add(
            late,
            "special_start",
            procedure_id="P9",
            kind="专家评审",
            started_at=start,
            applied_days=5,
            approver="分管局长",
            basis="补录",
        )
    if rng.random() < 0.65:
        _evaluate(plan, rng, clock, done)
    return plan


def _fee(rng: random.Random, item: ItemSpec, simple: bool) -> dict | None:
    if item.fee_free:
        if not simple and rng.random() < 0.002:  # a fee on a free item: irregular
            return {"receivable": 50.0, "paid": 50.0}
        return None
    r = rng.random()
    if r < 0.04 and not simple:  # paid ≠ receivable without a relief reason
        return {"receivable": item.fee, "paid": round(item.fee * rng.choice((0.5, 1.5, 2.0)), 2)}
    if r < 0.1:
        return {"receivable": item.fee, "paid": round(item.fee / 2, 2), "relief_reason": rng.choice(RELIEF)}
    return {"receivable": item.fee, "paid": item.fee}


def _evaluate(plan: Plan, rng: random.Random, clock, done: dt.datetime) -> None:
    level = rng.choices(range(1, 6), EVAL_WEIGHTS)[0]
    on_site = rng.random() < 0.7
    at = clock.soon(done, rng, 0.5, 10) if on_site else clock.days_later(done, rng.randint(1, 2), rng)
    plan.add(
        at,
        "evaluate",
        level=EVAL_LEVELS[level - 1],
        channel="窗口评价器" if on_site else "网上",
        comment=rng.choice(EVAL_COMMENTS[level]),
    )


# ---- red makers: self-contained cases whose last record arrives "now" and is already a problem -----

RED_MAKERS = (
    ("late_accept", 40),
    ("step_overrun", 20),
    ("fee_irregular", 15),
    ("refusal_no_reason", 10),
    ("supplement_late", 10),
    ("special_backdated", 5),
)


def _red_target(world: World, rng: random.Random, kind: str) -> tuple[UnitSpec, ItemSpec, int]:
    """Unit, item and how many working days ago the case was accepted."""
    if kind == "fee_irregular":
        unit, item = world.pick(rng, ok=lambda i: not i.fee_free)
        return unit, item, 1
    if kind in ("late_accept", "refusal_no_reason"):
        unit, item = world.pick(rng, ok=lambda i: i.promised_days > 0)
        limit = item.statutory_days if rng.random() < 0.2 else item.promised_days
        return unit, item, limit + rng.randint(1, 6) if kind == "late_accept" else 1
    if kind == "step_overrun":
        unit, item = world.pick(rng, ok=lambda i: i.promised_days >= 6)
        return unit, item, item.promised_days // 2 + 2
    special = kind == "special_backdated"
    unit, item = world.pick(rng, ok=lambda i: i.promised_days >= 8 and (bool(i.stop_clock_kinds) or not special))
    return unit, item, 7


def plan_red_maker(
    world: World,
    rng: random.Random,
    case_no_for: Callable[[UnitSpec, dt.date], str],
    now: dt.datetime,
    clock: CalendarClock,
    kind: str | None = None,
) -> Plan:
    """A case accepted working days ago whose last record, stamped ``now``, is already a violation."""
    kind = kind or rng.choices([k for k, _ in RED_MAKERS], [w for _, w in RED_MAKERS])[0]
    unit, item, days_back = _red_target(world, rng, kind)
    accepted = clock.back(now.date(), days_back)
    arrival = _office_time(accepted, rng.uniform(0, 200))  # apply, accept, SL, CB start: all that day
    plan = plan_case(world, rng, case_no_for(unit, accepted), unit, item, arrival, clock, simple=True, counted=200)
    head = plan.events[:4] if item.promised_days else plan.events[:3]
    if kind == "refusal_no_reason":  # 不予受理 now, no reason given
        apply_, (_, _, accept) = plan.events[0], plan.events[1]
        plan.events = [apply_, (now, "accept", {**accept, "decision": "不予受理"})]
    elif kind == "late_accept":  # the whole history arrives now: open and already overdue
        plan.events = head
    elif kind == "step_overrun":  # 承办 ends now, past its own limit; 审核 starts
        cb = head[3][2]
        reviewer = rng.choice(world.staff[unit.code].reviewers)
        plan.events = head + [
            (now, "step", {**cb, "ended_at": now, "result": "同意", "opinion": "同意"}),
            (now, "step", {"step_code": "SH", "step_name": "审核", "handler": reviewer, "started_at": now}),
        ]
    elif kind == "fee_irregular":  # remaining steps done in a hurry, paid ≠ receivable, no relief reason
        plan.events = (
            head
            + _rush_steps(world, rng, unit, head, now)
            + [
                (
                    now,
                    "complete",
                    {"result": "准予", "certificate_no": f"{item.code}-{now:%Y}-{rng.randrange(10**6):06d}"},
                ),
                (now, "fee", {"receivable": item.fee, "paid": round(item.fee * rng.choice((0.5, 2.0)), 2)}),
            ]
        )
    elif kind == "supplement_late":  # 补正告知 7 working days after receipt
        plan.events = head + [(now, "supplement_notice", {"missing_materials": rng.choice(MISSING), "limit_days": 5})]
    else:  # special_backdated: reported now, said to have started 3 working days ago
        started = _office_time(clock.back(now.date(), 3), rng.uniform(0, 120))
        plan.events = head + [
            (
                now,
                "special_start",
                {
                    "procedure_id": "P1",
                    "kind": rng.choice(item.stop_clock_kinds),
                    "started_at": started,
                    "applied_days": 5,
                    "approver": "分管局长",
                    "basis": "补报",
                },
            )
        ]
    return plan


def _rush_steps(world: World, rng: random.Random, unit: UnitSpec, head: list, now: dt.datetime) -> list:
    """Close 承办 and run 审核/批准/办结 in the minutes before ``now``."""
    out, t = [], now - dt.timedelta(minutes=20)
    staff = world.staff[unit.code]
    if len(head) > 3:  # 承办 open since the acceptance day
        out.append((t, "step", {**head[3][2], "ended_at": t, "result": "同意", "opinion": "同意"}))
        for code, name, people in (("SH", "审核", staff.reviewers), ("PZ", "批准", staff.approvers)):
            s, t = t, t + dt.timedelta(minutes=5)
            out.append(
                (
                    t,
                    "step",
                    {
                        "step_code": code,
                        "step_name": name,
                        "handler": rng.choice(people),
                        "started_at": s,
                        "ended_at": t,
                        "result": "同意",
                    },
                )
            )
    out.append(
        (now, "step", {"step_code": "BJ", "step_name": "办结", "started_at": t, "ended_at": now, "result": "同意"})
    )
    return out


# ---- history ---------------------------------------------------------------------------------------


def _arrivals(rng: random.Random, day: dt.date, n: int) -> list[dt.datetime]:
    """Arrival times over the office day with a morning peak."""
    minutes = [
        rng.triangular(0, 180, 70) if rng.random() < 0.55 else rng.triangular(180, OFFICE_MINUTES, 250)
        for _ in range(n)
    ]
    return [_office_time(day, m) for m in sorted(minutes)]


def _day_volume(rng: random.Random, day: dt.date, cases_per_day: int) -> int:
    factor = {0: 1.12, 4: 0.92}.get(day.weekday(), 1.0)
    return max(1, round(cases_per_day * factor * rng.uniform(0.85, 1.15)))


def _backlog(world: World, clock: CalendarClock, today: dt.date, cutoff: dt.datetime) -> list[Plan]:
    """Open cases aimed at every light today: working days remaining r (≤0: red), two past statutory,
    for a department and a district each (a real centre always has such a backlog)."""
    cal = clock.cal
    plans = []
    targets = [("p", r) for r in (8, 5, 4, 3, 2, 1, 1, 0, -2)] + [("s", -1)]
    for kind in ("department", "district"):
        for n, (base, r) in enumerate(targets):
            rng = random.Random(f"{world.seed}|backlog|{kind}|{n}")
            unit, item = world.pick(rng, kind, ok=lambda i, r=r: i.promised_days > max(r, 1))
            limit = item.promised_days if base == "p" else item.statutory_days
            # accepted on the working day after which (limit - r) days have been used by yesterday
            k = clock._cum[cal.index(today)] - (limit - r) - 1
            accepted = cal.date(clock._nth[k])
            arrival = _office_time(accepted, rng.uniform(0, 240))
            case_no = f"{world.region(unit)}{accepted:%Y%m%d}9{n:02d}{0 if kind == 'department' else 1}"
            plan = plan_case(
                world, rng, case_no, unit, item, arrival, clock, simple=True, counted=limit - r + rng.randint(3, 8)
            )
            plans.append(plan)
    return plans


def history_plans(
    world: World, cal: WorkCalendar, days: int, today: dt.date, cutoff: dt.datetime, cases_per_day: int = CASES_PER_DAY
) -> list[Plan]:
    """Every case of ``days`` working days ending ``today`` (arrivals up to ``cutoff``), red makers
    (about one every other day) and the aimed backlog.  Deterministic in (seed, days, today, cutoff, volume)."""
    clock = CalendarClock(cal)
    plans: list[Plan] = []
    for day in clock.workdays(today, days):
        rng = random.Random(f"{world.seed}|day|{day}")
        for n, arrival in enumerate(_arrivals(rng, day, _day_volume(rng, day, cases_per_day))):
            if arrival > cutoff:
                break
            crng = random.Random(f"{world.seed}|case|{day}|{n}")
            unit, item = world.pick(crng)
            case_no = f"{world.region(unit)}{day:%Y%m%d}{n + 1:05d}"
            plans.append(plan_case(world, crng, case_no, unit, item, arrival, clock))
        for n in range(rng.randint(0, 1)):
            at = _office_time(day, rng.uniform(30, OFFICE_MINUTES))
            if at > cutoff:
                continue
            tag = f"B{day:%m%d}{n}"
            plans.append(
                plan_red_maker(
                    world,
                    random.Random(f"{world.seed}|red|{day}|{n}"),
                    lambda u, d, tag=tag: f"{world.region(u)}{d:%Y%m%d}{tag}",
                    at,
                    clock,
                )
            )
    plans += _backlog(world, clock, today, cutoff)
    return plans


def split_records(plans: Iterable[Plan], cutoff: dt.datetime) -> tuple[list[dict], list[tuple[dt.datetime, dict]]]:
    """Records that happened by ``cutoff`` (sorted by time) and the pending rest (time, record)."""
    done, pending = [], []
    for plan in plans:
        for t, rec in plan.records():
            (done if t <= cutoff else pending).append((t, rec))
    done.sort(key=lambda x: (x[0], x[1]["record_id"]))
    return [r for _, r in done], pending


# ---- writing through ingest -------------------------------------------------------------------------


def _ingest(Session, records: list[dict], cal: WorkCalendar | None, today: dt.date | None):
    return ingest_records(Session, records, source=SOURCE, cal=cal, today=today)


def _count(x) -> int:
    return x if isinstance(x, int) else len(x or ())


@dataclass
class Tally:
    records: int = 0
    accepted: int = 0
    duplicates: int = 0
    rejected: int = 0
    alarms: int = 0
    cases: int = 0

    def add(self, n_records: int, report) -> None:
        self.records += n_records
        self.accepted += _count(getattr(report, "accepted", 0))
        self.duplicates += _count(getattr(report, "duplicates", 0))
        self.rejected += _count(getattr(report, "rejected", 0))
        self.alarms += _count(getattr(report, "alarms_raised", 0))


def _load_calendar(Session) -> WorkCalendar:
    with Session() as s:
        return repo.load_calendar(s)


def _cutoff_for(today: dt.date, now: dt.datetime) -> dt.datetime:
    return now if today == now.date() else dt.datetime.combine(today, dt.time(18, 0))


def seed_history(
    Session,
    days: int = 10,
    today: dt.date | None = None,
    seed: int = DEFAULT_SEED,
    cases_per_day: int = CASES_PER_DAY,
    cal: WorkCalendar | None = None,
    progress: Callable[[str], None] | None = None,
) -> Tally:
    """Write ``days`` working days of history ending today through ``ingest_records``, in batches."""
    cal = cal or _load_calendar(Session)
    now = repo.now()
    today = today or now.date()
    cutoff = _cutoff_for(today, now)
    plans = history_plans(World.build(seed), cal, days, today, cutoff, cases_per_day)
    records, _ = split_records(plans, cutoff)
    # grouped by case, each case is folded once instead of once per batch its records fall in
    records.sort(key=lambda r: r["case_no"])
    tally = Tally(cases=len(plans))

    def feed() -> Iterable[dict]:  # one ingest call (it batches itself); progress as it is consumed
        for i, rec in enumerate(records, 1):
            yield rec
            if progress and (i % BATCH == 0 or i == len(records)):
                progress(f"history: {i}/{len(records)} records")

    tally.add(len(records), _ingest(Session, feed(), cal, today))
    seed_followup(Session, cal, _cutoff_for(today, now))  # a few 督办 and appeals to look at (once)
    with Session.begin() as s:
        repo.set_meta(
            s,
            META_KEY,
            json.dumps(
                {
                    "seed": seed,
                    "days": days,
                    "today": today.isoformat(),
                    "cutoff": _iso(cutoff),
                    "cases_per_day": cases_per_day,
                }
            ),
        )
    return tally


# ---- live ----------------------------------------------------------------------------------------------


class _Poisson:
    """Next-event times of a Poisson process (``per_second`` may be 0)."""

    def __init__(self, rng: random.Random, per_second: float, start: dt.datetime):
        self.rng, self.rate = rng, per_second
        self.next = self._after(start)

    def _after(self, t: dt.datetime) -> dt.datetime:
        if self.rate <= 0:
            return dt.datetime.max
        return t + dt.timedelta(seconds=self.rng.expovariate(self.rate))

    def due(self, now: dt.datetime) -> int:
        """How many events fell due by ``now`` (a long stall is not replayed as a burst)."""
        if self.next < now - dt.timedelta(seconds=5):
            self.next = now
        n = 0
        while self.next <= now:
            n += 1
            self.next = self._after(self.next)
        return n


def _history_pending(Session, world: World, cal: WorkCalendar) -> list[tuple[dt.datetime, dict]]:
    """The seeded history's future records (its cases go on progressing at their planned times)."""
    with Session() as s:
        raw = repo.get_meta(s, META_KEY)
    if not raw:
        return []
    meta = json.loads(raw)
    if meta.get("seed") != world.seed:
        return []
    cutoff = dt.datetime.fromisoformat(meta["cutoff"])
    plans = history_plans(
        world, cal, meta["days"], dt.date.fromisoformat(meta["today"]), cutoff, meta.get("cases_per_day", CASES_PER_DAY)
    )
    return split_records(plans, cutoff)[1]


@dataclass
class LiveStats(Tally):
    new_cases: int = 0
    red_makers: int = 0
    errors: int = 0


def run_live(
    Session,
    speed: float = 1.0,
    stop_event: threading.Event | None = None,
    seed: int = DEFAULT_SEED,
    cases_per_day: int = CASES_PER_DAY,
    red_per_minute: float = 0.5,
    cal: WorkCalendar | None = None,
    flush_seconds: float = 0.5,
    progress: Callable[[LiveStats], None] | None = None,
) -> LiveStats:
    """Write live traffic stamped with the real clock until ``stop_event`` is set.

    New cases arrive at ``cases_per_day`` per office day × ``speed`` (all day long: a demo must not go quiet
    in the evening); their later steps run on a clock compressed by ``speed``.  Red makers come at
    ``red_per_minute`` × speed, capped at 30 a minute (or at ``red_per_minute`` if higher).  Database errors
    are logged and retried with back-off; the records are kept and re-sent (ingest is idempotent).
    """
    stop_event = stop_event or threading.Event()
    stats = LiveStats()
    world = World.build(seed)
    while cal is None and not stop_event.is_set():
        try:
            cal = _load_calendar(Session)
        except Exception:
            log.exception("simulator: cannot load the calendar; retrying")
            stats.errors += 1
            stop_event.wait(2.0)
    if cal is None:
        return stats
    clock, fast = CalendarClock(cal), FastClock(speed)
    start = repo.now()
    tag = f"{start:%H%M%S}"
    rng = random.Random(f"{seed}|live|{start.isoformat()}")
    arrivals = _Poisson(rng, cases_per_day / OFFICE_SECONDS * speed, start)
    reds = _Poisson(rng, min(red_per_minute * speed, max(red_per_minute, 30.0)) / 60, start)
    heap: list[tuple[dt.datetime, str, dict]] = []
    try:
        for t, rec in _history_pending(Session, world, cal):
            heapq.heappush(heap, (t, rec["record_id"], rec))
    except Exception:
        log.exception("simulator: cannot resume the seeded history; live traffic only")
    counter = 0
    buffer: list[dict] = []
    last_flush, backoff = time.monotonic(), 0.5

    def push(plan: Plan) -> None:
        for t, rec in plan.records():
            heapq.heappush(heap, (t, rec["record_id"], rec))

    while not stop_event.is_set():
        now = repo.now()
        try:
            for _ in range(arrivals.due(now)):
                counter += 1
                crng = random.Random(f"{seed}|live|{tag}|{counter}")
                unit, item = world.pick(crng)
                case_no = f"{world.region(unit)}{now:%Y%m%d}L{tag}{counter:05d}"
                push(plan_case(world, crng, case_no, unit, item, now, fast))
                stats.new_cases += 1
            for _ in range(reds.due(now)):
                counter += 1
                crng = random.Random(f"{seed}|live-red|{tag}|{counter}")
                push(
                    plan_red_maker(
                        world,
                        crng,
                        lambda u, d, counter=counter: f"{world.region(u)}{d:%Y%m%d}R{tag}{counter:05d}",
                        now,
                        clock,
                    )
                )
                stats.red_makers += 1
            while heap and heap[0][0] <= now and len(buffer) < BATCH:
                buffer.append(heapq.heappop(heap)[2])
        except Exception:
            log.exception("simulator: generating traffic failed")
            stats.errors += 1
        if buffer and (time.monotonic() - last_flush >= flush_seconds or len(buffer) >= BATCH):
            try:
                stats.add(len(buffer), _ingest(Session, buffer, cal, None))
                buffer, backoff = [], 0.5
                if progress:
                    progress(stats)
            except Exception:
                log.exception("simulator: writing %d records failed; retrying in %.1f s", len(buffer), backoff)
                stats.errors += 1
                stop_event.wait(backoff)
                backoff = min(backoff * 2, 30.0)
            last_flush = time.monotonic()
        next_due = min([arrivals.next, reds.next] + ([heap[0][0]] if heap else []))
        wait = (next_due - repo.now()).total_seconds()
        stop_event.wait(min(max(wait, 0.01), flush_seconds if buffer else 0.25))
    return stats


__all__ = [
    "DEFAULT_SEED",
    "LiveStats",
    "Plan",
    "Tally",
    "World",
    "history_plans",
    "plan_case",
    "plan_red_maker",
    "run_live",
    "seed_history",
    "split_records",
]
