"""时限清理 over real rows: each kind of wrong or suspicious setting is found; a correction re-dates open cases."""

import argparse
import datetime as dt

import pytest
from sqlalchemy import select

from console.domain import catalogue
from console.models import repository as repo
from console.models.recompute import recompute_open_due_dates
from console.models.schema import Case, Item, Suspension
from console.supervision import limits_audit as la
from console.supervision.auth import Actor
from console.supervision.cli import add_supervision_parsers
from console.supervision.errors import PermissionDenied, SupervisionError
from tests.integration.supervision.test_supervision_workflows import add_case

ADMIN = Actor("admin", "administrator", "desk-0")
T = dt.datetime
TODAY = dt.date(2025, 10, 20)


def set_item(s, code, promised, statutory=20, steps=None, stop_clock=()):
    """Give an item definite limits (the demo catalogue's are random); ``steps`` = {code: limit}."""
    item = s.execute(select(Item).where(Item.code == code)).scalar_one()
    item.promised_days, item.statutory_days, item.stop_clock_kinds = promised, statutory, list(stop_clock)
    for st in item.steps:
        st.limit_days = (steps or {}).get(st.code)
    return item


@pytest.fixture
def catalogue_db(Session):
    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), catalogue.items())
    return Session


def test_the_demo_catalogue_has_no_findings(catalogue_db):
    with catalogue_db() as s:
        assert la.audit_limits(s) == []


def test_each_suspicious_setting_is_found(catalogue_db, cal):
    Session = catalogue_db
    with Session.begin() as s:
        set_item(s, "D01-001", promised=25)  # promised above statutory
        set_item(s, "D02-001", promised=10, steps={"SL": 1, "CB": 8, "SH": 3})  # 12 > 10
        set_item(s, "D03-001", promised=10)
        for n in range(6):  # entered after the fact: completed in the acceptance second
            add_case(
                s,
                f"SS{n}",
                "D03",
                T(2025, 9, 1 + n, 10, 0, 0, 100000),
                promised=10,
                cal=cal,
                completed=T(2025, 9, 1 + n, 10, 0, 0, 900000),
            )
        set_item(s, "D04-001", promised=10)
        for n in range(5):
            late = n < 3  # 3 of 5 completed after the promised date: systematic
            add_case(
                s,
                f"L{n}",
                "D04",
                T(2025, 9, 1, 9),
                promised=10,
                cal=cal,
                completed=T(2025, 10, 9 if late else 5, 9) if late else T(2025, 9, 5, 9),
            )
        set_item(s, "D05-001", promised=10)
        cid = add_case(s, "SP1", "D05", T(2025, 9, 1, 9), promised=10, cal=cal, completed=T(2025, 9, 10, 17))
        s.add(
            Suspension(
                case_id=cid,
                kind="专家评审",
                started_at=T(2025, 9, 2, 9),
                ended_at=T(2025, 9, 5, 9),
                applied_days=5,
                reported_at=T(2025, 9, 12, 9),
                stops_clock=True,
            )
        )
        set_item(s, "D06-001", promised=0, stop_clock=("专家评审",))  # 即办件 with a special procedure
        set_item(s, "D07-001", promised=0, statutory=0)
    with Session() as s:
        found = [(f.item_code, f.check) for f in la.audit_limits(s)]
        details = {(f.item_code, f.check): f.detail for f in la.audit_limits(s)}
    assert found == [
        ("D01-001", "promised_above_statutory"),
        ("D02-001", "steps_over_case"),
        ("D03-001", "same_second_completion"),
        ("D04-001", "systematically_late"),
        ("D05-001", "special_after_completion"),
        ("D06-001", "zero_not_immediate"),
        ("D07-001", "limit_missing"),
    ]
    assert details[("D01-001", "promised_above_statutory")] == "承诺 25 个工作日 > 法定 20 个工作日"
    assert details[("D02-001", "steps_over_case")] == "环节时限合计 12 个工作日 > 承诺时限 10 个工作日"
    assert details[("D03-001", "same_second_completion")] == "办结 6 件，其中 6 件办结时间与受理时间在同一秒"
    assert details[("D04-001", "systematically_late")] == "办结 5 件，超过承诺时限 3 件（60%）"


def test_a_wrong_limit_is_found_and_its_correction_moves_open_due_dates(catalogue_db, cal):
    Session = catalogue_db
    with Session.begin() as s:
        set_item(s, "D01-001", promised=25)  # the county bureau's "system setting error"
        open_a = add_case(s, "W1", "D01", T(2025, 10, 9, 9), promised=25)
        open_b = add_case(s, "W2", "D01", T(2025, 10, 13, 9), promised=25)
        done = add_case(s, "W3", "D01", T(2025, 9, 1, 9), promised=25, cal=cal, completed=T(2025, 9, 20, 9))
        recompute_open_due_dates(s, cal, TODAY)
    with Session() as s:
        assert s.get(Case, open_a).promised_due == cal.add(dt.date(2025, 10, 9), 25) == dt.date(2025, 11, 12)
        seq_before = s.get(Case, open_a).change_seq
        assert [(f.item_code, f.check) for f in la.audit_limits(s)] == [("D01-001", "promised_above_statutory")]
    with Session.begin() as s:
        with pytest.raises(PermissionDenied):
            la.change_item_limits(s, Actor("li", "supervisor", "desk-1"), cal, "D01-001", promised_days=10, reason="x")
        with pytest.raises(SupervisionError, match="不能超过法定时限"):
            la.change_item_limits(s, ADMIN, cal, "D01-001", promised_days=21, reason="x")
        change = la.change_item_limits(
            s,
            ADMIN,
            cal,
            "D01-001",
            promised_days=10,
            reason="承诺时限设置错误，按办事指南更正为10个工作日",
            today=TODAY,
        )
        assert (change.open_cases, change.redated) == (2, 2)
        assert change.before["promised_days"] == 25 and change.after["promised_days"] == 10
        # the same session sees the new dates (the Core update expired its loaded cases)
        assert s.get(Case, open_a).promised_due == dt.date(2025, 10, 22)
    with Session() as s:
        a, b, c = s.get(Case, open_a), s.get(Case, open_b), s.get(Case, done)
        # 10-09 + 10 working days: 10, 11 (调休 Saturday), 13..17, 20..22 → 10-22
        assert a.promised_due == cal.add(dt.date(2025, 10, 9), 10) == dt.date(2025, 10, 22)
        assert b.promised_due == cal.add(dt.date(2025, 10, 13), 10) == dt.date(2025, 10, 27)
        assert (a.promised_days, b.promised_days) == (10, 10) and a.change_seq > seq_before
        assert (c.promised_days, c.promised_due) == (25, cal.add(dt.date(2025, 9, 1), 25))  # handled under 25
        assert la.audit_limits(s) == []
        history = la.limit_history(s, "D01-001")
        assert len(history) == 1
        h = history[0]
        assert (h.actor, h.role, h.console) == ("admin", "administrator", "desk-0")
        assert (h.before["promised_days"], h.after["promised_days"], h.after["open_cases"]) == (25, 10, 2)
        assert h.after["reason"].startswith("承诺时限设置错误")


def _cli(db_url, *argv):
    p = argparse.ArgumentParser()
    p.add_argument("--db")
    add_supervision_parsers(p.add_subparsers(dest="command"))
    args = p.parse_args(["--db", db_url, *argv])
    return args.func(args)


def test_audit_limits_command_prints_findings_and_exits_1(db_url, catalogue_db, capsys):
    assert _cli(db_url, "audit-limits") == 0
    assert capsys.readouterr().out.strip() == "no findings"
    with catalogue_db.begin() as s:
        set_item(s, "D01-001", promised=25)
    assert _cli(db_url, "audit-limits") == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].split("\t")[0:2] == ["发改委", "D01-001"] and "承诺时限超过法定时限" in lines[0]
    assert lines[-1] == "1 findings in 1 items"


def test_an_item_put_in_natural_days_re_dates_its_open_cases_in_calendar_days(catalogue_db, cal):
    """时限清理 sets an item's limits to 自然日: its open cases take them (Mon 2026-09-28 + 10 calendar days = Thu
    10-08; + 20 = Sun 10-18 -> Mon 10-19, over National Day) and the findings speak in 自然日."""
    Session = catalogue_db
    with Session.begin() as s:
        set_item(s, "D01-001", promised=10)
        open_a = add_case(s, "NA", "D01", T(2026, 9, 28, 10), promised=10, cal=cal)
        with pytest.raises(SupervisionError, match="时限单位"):
            la.change_item_limits(s, ADMIN, cal, "D01-001", limit_unit="日历日", reason="x")
        change = la.change_item_limits(
            s,
            ADMIN,
            cal,
            "D01-001",
            promised_days=10,
            statutory_days=20,
            limit_unit="自然日",
            step_units={"CB": "自然日"},
            reason="法律规定的期限为自然日",
            today=dt.date(2026, 9, 29),
        )
        assert change.before["limit_unit"] == "工作日" and change.after["limit_unit"] == "自然日"
        assert change.after["step_units"]["CB"] == "自然日"
    with Session() as s:
        a = s.get(Case, open_a)
        assert (a.promised_due, a.statutory_due) == (dt.date(2026, 10, 8), dt.date(2026, 10, 19))
        assert (a.promised_natural_days, a.statutory_natural_days) == (10, 20)
    with Session.begin() as s:
        s.execute(select(Item).where(Item.code == "D01-001")).scalar_one().promised_days = 25
    with Session() as s:
        (f,) = [f for f in la.audit_limits(s) if f.item_code == "D01-001"]
        assert f.detail == "承诺 25 个自然日 > 法定 20 个自然日"
