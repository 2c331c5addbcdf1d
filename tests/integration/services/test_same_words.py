"""The same words everywhere: 0 or fewer working days left is 超期 N 个工作日 in the case list, the detail and the
alarm; every deadline crossing a year whose holidays are not published is marked 临时 (complaints too)."""

import datetime as dt

from console.domain.roles import Actor
from console.domain.timelimits import days_over
from console.services.poller import Backend
from console.supervision.complaints import complaint_clocks, decide_acceptance, register_complaint
from tests.support.poller_world import clock


def test_days_over_counts_working_days_and_is_at_least_one_past_the_due_date(cal):
    fri = dt.date(2025, 10, 17)
    assert days_over(cal, fri, fri) == 0
    assert days_over(cal, fri, dt.date(2025, 10, 18)) == 1  # Saturday: already late
    assert days_over(cal, fri, dt.date(2025, 10, 20)) == 1
    assert days_over(cal, fri, dt.date(2025, 10, 21)) == 2


def test_an_overdue_case_says_the_alarms_words_in_the_list_and_the_detail(world, engine, qtbot):
    from console.widgets.alarm_dialog import how_late
    from console.widgets.case_table import CaseTableModel, remaining_text

    _Session, ids, units = world
    be = Backend(engine, "wall-1", clock=clock)
    (alarm,) = be.poll().alarms
    (row,) = be.unit_cases(units["D01"])
    assert row.remaining <= 0 and row.days_over == alarm.days_late == 4
    assert remaining_text(row) == how_late(alarm) == "超期 4 个工作日"
    model = CaseTableModel()
    model.set_rows([row])
    assert model.index(0, CaseTableModel.COL_REMAINING).data() == "超期 4 个工作日"
    assert be.case_detail(ids["red"]).row.days_over == 4
    (yellow,) = be.unit_cases(units["D02"])  # due today: its last working day
    assert yellow.due_today and remaining_text(yellow) == "1（今日到期）"


def test_a_complaint_deadline_in_an_unpublished_year_is_marked_provisional(world, cal, qtbot):
    from console.views.supervision.base import light_cell

    Session, _ids, units = world
    sup = Actor("sup", "supervisor", "desk-1", "监察员")
    with Session.begin() as s:
        c = register_complaint(
            s,
            sup,
            cal,
            channel="电话",
            complainant="刘女士",
            summary="窗口多次往返",
            against_unit_id=units["D08"],
            registered_at=dt.datetime(2026, 12, 14, 10),
        )
        decide_acceptance(s, sup, cal, c.id, True, at=dt.datetime(2026, 12, 15, 10))
        (clk,) = complaint_clocks(s, cal, dt.date(2026, 12, 16))
    assert clk.stage == "reply" and clk.due.year == 2027 and clk.provisional  # 30 working days into 2027
    text, _ = light_cell(clk.light, clk.remaining, clk.days_over, clk.provisional)
    assert "临时" in text
    text, _ = light_cell("red", 0, 2)
    assert text == "● 超期 2 个工作日"
