"""The statistics screen's 督办与申诉 page draws the period report's figures: 督办 by level and outcome and 申诉 by
outcome, per unit, counted by the same query (console.supervision.reports.followup) for the same month."""

import datetime as dt

from sqlalchemy import select

from console.models.schema import Alarm, Case
from console.supervision import appeals as ap
from console.supervision import escalation as esc
from console.supervision.reports import build_report
from console.supervision.statistics import build_pages
from console.widgets.stats_pages import BigTable, FollowupPage
from tests.gui.views.test_statistics_pages import NOW, _view
from tests.integration.supervision.test_supervision_report import SUP, build_seed_period

T = dt.datetime
D = dt.date


def _alarm(s, case_no: str) -> int:
    return s.scalars(select(Alarm.id).join(Case, Case.id == Alarm.case_id).where(Case.case_no == case_no)).first()


def seed_followup(Session, cal) -> None:
    """October: 黄牌 on D01 (answered), 红牌 on D02, 预警提醒 on D03; appeals upheld (D01), rejected (D02), pending
    (D03).  November (outside the month): one more 督办 on D06."""
    build_seed_period(Session, cal)
    with Session.begin() as s:

        def open_(case_no, level, day):
            return esc.open_escalation(
                s, SUP, cal, source_kind="alarm", source_id=_alarm(s, case_no), level=level, finding="超时",
                requirement="说明原因", at=day,
            )  # fmt: skip

        yellow = open_("OT01", "yellow", T(2025, 10, 20, 9))
        esc.answer_escalation(s, SUP, yellow.id, "已说明", at=T(2025, 10, 21, 9))
        open_("OT05", "red", T(2025, 10, 21, 9))
        open_("OT09", "reminder", T(2025, 10, 22, 9))
        open_("OP0", "yellow", T(2025, 11, 12, 9))
        for case_no, decision in (("OT02", True), ("OT06", False), ("OT10", None)):
            a = ap.register_paper_appeal(
                s, SUP, cal, alarm_id=_alarm(s, case_no), appellant="办公室", reason="数据错误",
                filed_at=T(2025, 10, 23, 9),
            )  # fmt: skip
            if decision is not None:
                ap.decide_appeal(s, SUP, a.id, decision, "核实", at=T(2025, 10, 24, 9))


def test_the_followup_page_equals_the_period_report(qtbot, engine, Session, cal):
    seed_followup(Session, cal)
    with Session() as s:
        report = build_report(s, cal, D(2025, 10, 1), D(2025, 10, 31)).followup
        page = build_pages(s, NOW).followup
    assert page is not None and (page.first, page.last) == (D(2025, 10, 1), D(2025, 10, 31))
    assert dict(page.by_level) == report["escalations"]["by_level"] == {"预警提醒": 1, "黄牌督办": 1, "红牌督办": 1}
    assert dict(page.by_outcome) == report["escalations"]["by_outcome"] == {"在办": 3, "逾期": 0, "办结": 0, "撤销": 0}
    assert dict(page.appeals) == {"申诉待审查": 1, "申诉成立": 1, "申诉驳回": 1}
    assert report["appeals"] == {"filed": 1, "upheld": 1, "rejected": 1}
    assert {u.unit_name: dict(zip(page.columns, u.counts, strict=True)) for u in page.units} == {
        r["unit_name"]: {c: r[c] for c in page.columns} for r in report["per_unit"]
    }
    assert len(page.units) == 3  # D06's 督办 was opened in November

    controller, view = _view(qtbot, engine, Session)
    try:
        i = next(i for i in range(view.stack.count()) if isinstance(view.stack.widget(i), FollowupPage))
        view.show_page(i)
        view.flush()
        shown: FollowupPage = view.stack.currentWidget()
        assert [shown.tiles[k].value.text() for k in ("预警提醒", "黄牌督办", "红牌督办")] == ["1", "1", "1"]
        assert [shown.tiles[k].value.text() for k in ("申诉待审查", "申诉成立", "申诉驳回")] == ["1", "1", "1"]
        (table,) = shown.findChildren(BigTable)
        drawn = {
            table.item(r, 0).text(): [table.item(r, c).text() for c in range(1, table.columnCount())]
            for r in range(table.rowCount())
        }
        assert drawn == {u.unit_name: [str(n) for n in u.counts] for u in page.units}
    finally:
        controller.stop()
