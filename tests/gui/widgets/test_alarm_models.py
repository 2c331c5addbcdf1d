"""Alarm and case table models: qtmodeltester, minimal updates keyed by id, filters, literal text.

Also holds the small in-memory backend and synthetic data the other alarm/drill-down tests import
(``from test_alarm_models import FakeBackend, ...``); the real backend over a real DB plugs into the same
ConsoleController in the integration tests.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import replace

import pytest
from PySide6.QtCore import QModelIndex, Qt

from console.domain.rollup import UnitState
from console.domain.snapshot import AlarmView, CaseDetail, CaseRow, Snapshot, StepRow, SuspensionRow, UnitStatus
from console.domain.timelimits import Light
from console.models.repository import AckOutcome
from console.widgets.alarm_table import (
    SEARCH_ROLE,
    AlarmFilterProxy,
    AlarmTableModel,
    format_duration,
)
from console.widgets.case_table import CaseTableModel

NOW = dt.datetime(2025, 6, 18, 10, 30, 0)
UNITS = [(1, "锦江区", "district"), (2, "青羊区", "district"), (3, "规划局", "department"), (4, "工商局", "department")]
ITEMS = ["建设工程规划许可证核发", "企业设立登记", "食品经营许可", "建筑工程施工许可证核发", "户外广告设置审批"]
HANDLERS = ["张伟", "李娜", "王强", "刘洋", None]


# ---- synthetic data ------------------------------------------------------------------------------------


def make_alarm(alarm_id: int, level: str = "red", minutes_ago: int = 5, **kw) -> AlarmView:
    uid, uname, _ = UNITS[alarm_id % len(UNITS)]
    rule, label = {"red": ("promised_overdue", "超过承诺时限"), "yellow": ("promised_warning", "即将超过承诺时限")}[
        level
    ]
    base = dict(
        alarm_id=alarm_id,
        case_id=1000 + alarm_id,
        case_no=f"510104-2025-{alarm_id:06d}",
        unit_id=uid,
        unit_name=uname,
        item_name=ITEMS[alarm_id % len(ITEMS)],
        handler=HANDLERS[alarm_id % len(HANDLERS)],
        rule=rule,
        rule_label=label,
        level=level,
        subject="",
        message="已经超过承诺时限" if level == "red" else "即将超过承诺时限，请速办理",
        raised_at=NOW - dt.timedelta(minutes=minutes_ago),
        status="open",
        days_late=2 if level == "red" else None,
    )
    base.update(kw)
    return AlarmView(**base)


def make_snapshot(alarms=(), new=(), ok=True, as_of=NOW) -> Snapshot:
    units = tuple(UnitStatus(uid, f"U{uid}", name, kind, UnitState.RED) for uid, name, kind in UNITS)
    return Snapshot(
        as_of=as_of,
        units=units,
        alarms=tuple(alarms),
        new_alarm_ids=tuple(new),
        ok=ok,
        error=None if ok else "数据库连接失败",
    )


def make_case_row(case_id: int, light: int = Light.RED, remaining: int = -2, **kw) -> CaseRow:
    base = dict(
        case_id=case_id,
        case_no=f"510104-2025-{case_id:06d}",
        item_name=ITEMS[case_id % len(ITEMS)],
        stage="审核",
        handler=HANDLERS[case_id % len(HANDLERS)],
        accepted_at=dt.datetime(2025, 5, 26, 9, 12),
        promised_due=dt.date(2025, 6, 13),
        statutory_due=dt.date(2025, 6, 24),
        remaining=remaining,
        light=light,
        statutory_breach=False,
        provisional=False,
        suspended=False,
        handled=False,
        days_over=max(1 - remaining, 0),  # as the backend counts it on a working day
    )
    base.update(kw)
    return CaseRow(**base)


def workdays(start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
    """Working days of 2025 (weekends + 端午 5-31..6-2 off) for the synthetic timeline."""
    off = {dt.date(2025, 5, 31), dt.date(2025, 6, 1), dt.date(2025, 6, 2)}
    out, d = [], start
    while d <= end:
        if d.weekday() < 5 and d not in off:
            out.append(d)
        d += dt.timedelta(days=1)
    return tuple(out)


def make_detail(case_id: int = 1001, **row_kw) -> CaseDetail:
    row = make_case_row(case_id, **row_kw)
    t = dt.datetime
    steps = (
        StepRow(
            "01",
            "受理",
            "陈静",
            t(2025, 5, 26, 9, 12),
            t(2025, 5, 26, 9, 40),
            1,
            dt.date(2025, 5, 27),
            "同意",
            "材料齐全，予以受理",
        ),
        StepRow(
            "02",
            "承办",
            "张伟",
            t(2025, 5, 26, 9, 40),
            t(2025, 6, 6, 17, 5),
            5,
            dt.date(2025, 6, 4),
            "同意",
            "<b>现场勘查</b>符合要求",
        ),
        StepRow("03", "审核", "李娜", t(2025, 6, 6, 17, 5), None, 3, dt.date(2025, 6, 11), None, None),
    )
    susp = (
        SuspensionRow("专家评审", t(2025, 6, 9, 9, 0), t(2025, 6, 11, 18, 0), 3, True, "行政许可法第45条"),
        SuspensionRow("补正材料", t(2025, 5, 27, 10, 0), t(2025, 5, 28, 15, 0), None, True, "一次性告知"),
    )
    alarms = (
        make_alarm(
            1,
            "yellow",
            status="acknowledged",
            case_id=case_id,
            raised_at=t(2025, 6, 12, 9, 0),
            acked_by="王敏",
            acked_console="大屏-1",
            acked_at=t(2025, 6, 12, 9, 3),
            ack_note="已电话督促",
        ),
        make_alarm(2, "red", case_id=case_id, raised_at=t(2025, 6, 16, 0, 5)),
    )
    return CaseDetail(
        row=row,
        unit_name="规划局",
        channel="窗口",
        applicant_name="成都某某置业有限公司",
        completed_at=None,
        result=None,
        steps=steps,
        suspensions=susp,
        fees=((1200.0, 1000.0, None),),
        evaluations=((2, t(2025, 6, 17, 11, 0), "<b>等太久</b>"),),
        alarms=alarms,
        workdays=workdays(dt.date(2025, 5, 26), max(row.promised_due, row.statutory_due)),
    )


class FakeBackend:
    """In-memory stand-in for console.services.poller.Backend: poll/unit_cases/case_detail/acknowledge."""

    def __init__(self, snapshots=(), cases=None, details=None):
        self.snapshots = list(snapshots)
        self.cases = cases or {}
        self.details = details or {}
        self.acks: list[tuple[list[int], str, str, str | None]] = []
        self.taken: dict[int, AckOutcome] = {}  # alarm_id -> the other console's earlier ack
        self.fail_ack = False
        self.ack_actors: list = []  # the logged-in account each acknowledgement was made under
        self.lock = threading.Lock()
        self.last = None

    def poll(self):
        with self.lock:
            if self.snapshots:
                self.last = self.snapshots.pop(0)
            return self.last

    def unit_cases(self, unit_id):
        return self.cases.get(unit_id, ())

    def case_detail(self, case_id):
        return self.details[case_id]

    def acknowledge(self, alarm_ids, operator, console, note=None, actor=None):
        if self.fail_ack:
            raise RuntimeError("connection refused")
        with self.lock:
            self.acks.append((list(alarm_ids), operator, console, note))
            self.ack_actors.append(actor)
        at = dt.datetime(2025, 6, 18, 10, 31, 5)
        return [self.taken.get(i) or AckOutcome(i, True, operator, console, at) for i in alarm_ids]


@pytest.fixture
def controller():
    from console.shell.controller import ConsoleController

    c = ConsoleController(FakeBackend(), "测试台")
    yield c
    c.stop()


# ---- tests ---------------------------------------------------------------------------------------------


def _spy(model):
    events = []
    model.modelAboutToBeReset.connect(lambda: events.append(("reset",)))
    model.rowsInserted.connect(lambda p, a, b: events.append(("insert", a, b)))
    model.rowsRemoved.connect(lambda p, a, b: events.append(("remove", a, b)))
    model.dataChanged.connect(lambda tl, br, roles=(): events.append(("changed", tl.row(), br.row())))
    return events


def test_alarm_model_passes_modeltester(qtmodeltester):
    m = AlarmTableModel(now=lambda: NOW)
    m.update_snapshot(make_snapshot([make_alarm(i, "red" if i % 2 else "yellow") for i in range(1, 8)]))
    qtmodeltester.check(m)
    m.update_snapshot(make_snapshot([make_alarm(i) for i in range(4, 12)]))
    qtmodeltester.check(m)


def test_alarm_proxy_passes_modeltester(qtmodeltester):
    m = AlarmTableModel(now=lambda: NOW)
    m.update_snapshot(make_snapshot([make_alarm(i, "red" if i % 2 else "yellow") for i in range(1, 8)]))
    p = AlarmFilterProxy()
    p.setSourceModel(m)
    p.sort(AlarmTableModel.COL_WAITING, Qt.SortOrder.DescendingOrder)
    p.set_level("red")
    qtmodeltester.check(p)


def test_case_model_passes_modeltester(qtmodeltester):
    m = CaseTableModel()
    m.set_rows([make_case_row(i, light=i % 4, remaining=3 - i) for i in range(1, 9)])
    qtmodeltester.check(m)


def test_alarm_model_updates_keep_row_identity():
    m = AlarmTableModel(now=lambda: NOW)
    m.update_snapshot(make_snapshot([make_alarm(i) for i in (1, 2, 3, 4, 5)]))
    before = {m.record(r).alarm_id: m.index(r, 0) for r in range(m.rowCount())}
    persistent = {
        k: __import__("PySide6.QtCore", fromlist=["QPersistentModelIndex"]).QPersistentModelIndex(v)
        for k, v in before.items()
    }
    events = _spy(m)

    # 2 and 4 acknowledged elsewhere, 3 changes handler, 6 and 7 new
    m.update_snapshot(
        make_snapshot([make_alarm(1), make_alarm(3, handler="赵磊"), make_alarm(5), make_alarm(6), make_alarm(7)])
    )
    assert ("reset",) not in events
    assert ("remove", 3, 3) in events and ("remove", 1, 1) in events
    assert ("insert", 3, 4) in events
    assert [e for e in events if e[0] == "changed"] == [("changed", 1, 1)]
    assert m.keys() == [1, 3, 5, 6, 7]
    assert persistent[1].row() == 0 and persistent[3].row() == 1 and persistent[5].row() == 2
    assert not persistent[2].isValid() and not persistent[4].isValid()
    assert m.data(m.index(1, AlarmTableModel.COL_HANDLER)) == "赵磊"

    events.clear()
    m.update_snapshot(
        make_snapshot([make_alarm(1), make_alarm(3, handler="赵磊"), make_alarm(5), make_alarm(6), make_alarm(7)])
    )
    assert events == []  # an identical poll emits nothing


def test_changed_rows_are_batched_into_ranges():
    m = AlarmTableModel(now=lambda: NOW)
    m.update_snapshot(make_snapshot([make_alarm(i) for i in range(1, 11)]))
    events = _spy(m)
    m.update_snapshot(
        make_snapshot(
            [
                make_alarm(i, handler="新" if i in (2, 3, 4, 8) else None) if i in (2, 3, 4, 8) else make_alarm(i)
                for i in range(1, 11)
            ]
        )
    )
    assert [e for e in events if e[0] == "changed"] == [("changed", 1, 3), ("changed", 7, 7)]


def test_waiting_time_ticks_without_resorting():
    t = [NOW]
    m = AlarmTableModel(now=lambda: t[0])
    m.update_snapshot(make_snapshot([make_alarm(1, minutes_ago=5), make_alarm(2, minutes_ago=65)]))
    idx = m.index(0, AlarmTableModel.COL_WAITING)
    assert m.data(idx) == "5分00秒"
    assert m.data(m.index(1, AlarmTableModel.COL_WAITING)) == "1小时05分"
    events = _spy(m)
    ticks = []
    m.ticked.connect(lambda: ticks.append(1))
    t[0] = NOW + dt.timedelta(seconds=7)
    m.tick()
    assert m.data(idx) == "5分07秒"
    assert events == [] and ticks == [1]  # a repaint, not a dataChanged the proxy would re-sort on

    class CountingProxy(AlarmFilterProxy):
        compares = 0

        def lessThan(self, a, b):
            CountingProxy.compares += 1
            return super().lessThan(a, b)

    p = CountingProxy()
    p.setSourceModel(m)
    p.sort(AlarmTableModel.COL_WAITING, Qt.SortOrder.DescendingOrder)
    assert p.data(p.index(0, AlarmTableModel.COL_CASE)) == make_alarm(2).case_no  # waited longest first
    CountingProxy.compares = 0
    for _ in range(5):
        m.tick()
    assert CountingProxy.compares == 0
    m.update_snapshot(make_snapshot([make_alarm(1, minutes_ago=5), make_alarm(2, minutes_ago=65)]))
    assert CountingProxy.compares == 0  # an unchanged poll costs no comparisons either


def test_format_duration():
    assert format_duration(59) == "0分59秒"
    assert format_duration(3 * 86400 + 4 * 3600) == "3天04小时"


def test_filter_by_level_rule_kind_and_text():
    m = AlarmTableModel(now=lambda: NOW)
    m.update_snapshot(make_snapshot([make_alarm(i, "red" if i % 2 else "yellow") for i in range(1, 9)]))
    p = AlarmFilterProxy()
    p.setSourceModel(m)
    p.set_level("red")
    assert p.rowCount() == 4
    p.set_unit_kind("department")  # units 3, 4 → alarm ids ≡ 2, 3 (mod 4) and red → 3, 7
    assert sorted(p.data(p.index(r, 0), SEARCH_ROLE) is not None for r in range(p.rowCount())) == [True, True]
    p.set_unit_kind(None)
    p.set_level(None)
    p.set_rule("promised_warning")
    assert p.rowCount() == 4
    p.set_rule(None)
    p.set_text("000003")
    assert p.rowCount() == 1
    p.set_text("青羊")
    assert {m.record(p.mapToSource(p.index(r, 0)).row()).unit_name for r in range(p.rowCount())} == {"青羊区"}


def test_case_model_updates_and_flags():
    m = CaseTableModel()
    m.set_rows([make_case_row(1), make_case_row(2, light=Light.BLUE, remaining=3), make_case_row(3)])
    events = _spy(m)
    m.set_rows(
        [
            make_case_row(1, statutory_breach=True, provisional=True, suspended=True, handled=True),
            make_case_row(3),
            make_case_row(4, light=Light.YELLOW, remaining=1),
        ]
    )
    assert ("reset",) not in events
    assert m.keys() == [1, 3, 4]
    assert m.data(m.index(0, CaseTableModel.COL_FLAGS)) == "法定超期 临时期限 暂停 已确认"
    assert m.data(m.index(0, CaseTableModel.COL_LIGHT)) == "红（已确认）"
    assert m.data(m.index(1, CaseTableModel.COL_REMAINING)) == "超期 3 个工作日"  # the alarm's words


def test_markup_is_literal():
    m = AlarmTableModel(now=lambda: NOW)
    m.update_snapshot(make_snapshot([make_alarm(1, item_name="<b>加粗</b>事项", handler="<i>x</i>")]))
    assert m.data(m.index(0, AlarmTableModel.COL_ITEM)) == "<b>加粗</b>事项"
    c = CaseTableModel()
    c.set_rows([make_case_row(1, item_name="<b>x</b>")])
    assert c.data(c.index(0, CaseTableModel.COL_ITEM)) == "<b>x</b>"


def test_invalid_indexes_are_safe():
    m = AlarmTableModel(now=lambda: NOW)
    assert m.rowCount(m.index(0, 0)) == 0
    assert m.data(QModelIndex()) is None
    assert replace(make_alarm(1), status="pending") != make_alarm(1)


def test_waiting_counts_from_when_the_centre_knew(qtbot):
    """A case whose records came days after its limit ran out has an alarm stamped with its red moment; the
    flood listed such alarms written a minute before as 已等待 17 天, as if the room had left them for weeks."""
    late = make_alarm(1, raised_at=NOW - dt.timedelta(days=17), recorded_at=NOW - dt.timedelta(minutes=1))
    on_time = make_alarm(2, minutes_ago=125)  # written when it happened
    m = AlarmTableModel(now=lambda: NOW)
    m.update_snapshot(make_snapshot([late, on_time]))
    waits = {m.alarm(r).alarm_id: m.index(r, AlarmTableModel.COL_WAITING).data() for r in range(m.rowCount())}
    assert waits == {1: "1分00秒", 2: "2小时05分"}, waits
    assert m.index(0, AlarmTableModel.COL_SINCE).data().startswith((NOW - dt.timedelta(days=17)).strftime("%m-%d"))
