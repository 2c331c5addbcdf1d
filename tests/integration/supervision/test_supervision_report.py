"""A city's period report from real rows, with figures as a supervision bureau reports them: 16 overtime cases
corrected; 8 people held accountable (3 书面检讨, 5 口头警告); 2 units 通报批评; 14 complaints — and the report
says exactly that in JSON, XLSX and PDF."""

import argparse
import datetime as dt
import json
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from console.domain import catalogue
from console.models import repository as repo
from console.supervision import complaints as cp
from console.supervision import rectification as rx
from console.supervision import sanctions as sx
from console.supervision.auth import Actor
from console.supervision.cli import add_supervision_parsers
from console.supervision.reports import build_report
from tests.integration.supervision.test_supervision_workflows import add_alarm, add_case, unit_id

SUP = Actor("li.jianchao", "supervisor", "desk-1")
T = dt.datetime
D = dt.date
FROM, TO = D(2025, 10, 1), D(2025, 12, 31)
FOUR = [code for code, _ in cp.FOUR_CONDITIONS]


def build_seed_period(Session, cal):
    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), catalogue.items())
        # 16 overtime cases (4 in each of D01..D04), promised 5 → due 10-16; two also past the statutory date
        late = []
        for n in range(16):
            unit = f"D0{n // 4 + 1}"
            done = T(2025, 11, 20, 16) if n in (0, 5) else T(2025, 10, 20, 16)
            cid = add_case(
                s,
                f"OT{n:02d}",
                unit,
                T(2025, 10, 9, 9),
                promised=5,
                statutory=20,
                completed=done,
                cal=cal,
                handler=f"承办{n}",
            )
            late.append((cid, add_alarm(s, cid, raised_at=T(2025, 10, 17, 8))))
        on_time = [
            add_case(s, f"OK{n}", "D05", T(2025, 10, 9, 9), promised=5, completed=T(2025, 10, 14, 11), cal=cal)
            for n in range(4)
        ]
        fee_alarm = add_alarm(s, on_time[0], rule="fee_irregular", raised_at=T(2025, 10, 15, 9))
        false_alarm = add_alarm(s, on_time[1], rule="step_overdue", raised_at=T(2025, 10, 13, 9))
        still_open = [add_case(s, f"OP{n}", "D06", T(2025, 11, 3, 9), promised=5, cal=cal) for n in range(2)]
        open_alarms = [add_alarm(s, cid, raised_at=T(2025, 11, 11, 8)) for cid in still_open]

        # 纠正超时案件: every overtime alarm's rectification ordered, answered and verified in the period
        for _cid, alarm_id in late:
            r = rx.order_rectification(s, SUP, cal, alarm_id=alarm_id, deadline_days=5, at=T(2025, 10, 17, 10))
            rx.answer_rectification(s, SUP, r.id, "已整改", at=T(2025, 10, 22, 10))
            rx.verify_rectification(s, SUP, r.id, "整改到位", at=T(2025, 10, 24, 10))
        # not overtime corrections: a fee rectification (verified), an overtime one only answered
        r = rx.order_rectification(s, SUP, cal, alarm_id=fee_alarm, deadline_days=5, at=T(2025, 10, 15, 10))
        rx.answer_rectification(s, SUP, r.id, "已退费", at=T(2025, 10, 16, 10))
        rx.verify_rectification(s, SUP, r.id, "核实", at=T(2025, 10, 17, 10))
        r = rx.order_rectification(s, SUP, cal, alarm_id=open_alarms[0], deadline_days=5, at=T(2025, 11, 11, 10))
        rx.answer_rectification(s, SUP, r.id, "正在办理", at=T(2025, 11, 12, 10))
        rx.cancel_alarm(s, SUP, false_alarm, "环节时限设置错误，误报")

        # 责任追究: 3 书面检讨 + 5 口头警告 = 8 people; one of them warned twice; one decision before the period
        people = [
            ("书面检讨", "承办0", "承办人", "D01"),
            ("书面检讨", "审核甲", "审核人", "D02"),
            ("书面检讨", "批准乙", "批准人", "D03"),
            ("口头警告", "承办4", "承办人", "D02"),
            ("口头警告", "承办8", "承办人", "D03"),
            ("口头警告", "承办12", "承办人", "D04"),
            ("口头警告", "审核丙", "审核人", "D04"),
            ("口头警告", "承办1", "承办人", "D01"),
            ("口头警告", "承办1", "承办人", "D01"),
        ]
        for i, (kind, name, role, unit) in enumerate(people):
            sx.record_sanction(
                s,
                SUP,
                kind=kind,
                decided_on=D(2025, 11, 1 + i),
                deciding_body="市监察局",
                person_name=name,
                person_role=role,
                unit_id=unit_id(s, unit),
                case_ids=(late[i][0],),
                alarm_ids=(late[i][1],),
            )
        sx.record_sanction(
            s,
            SUP,
            kind="记过",
            decided_on=D(2025, 9, 15),
            deciding_body="市监察局",
            person_name="旧案",
            person_role="承办人",
            unit_id=unit_id(s, "D01"),
        )
        # 2 districts criticise a responsible unit in their area (and one older notice)
        for unit, body in (("D03", "郫县人民政府"), ("D04", "金堂县人民政府")):
            sx.record_sanction(
                s,
                SUP,
                kind="通报批评",
                decided_on=D(2025, 12, 1),
                deciding_body=body,
                unit_id=unit_id(s, unit),
                case_ids=tuple(c for c, _ in late[8:16]),
            )
        sx.record_sanction(
            s, SUP, kind="通报批评", decided_on=D(2025, 9, 1), deciding_body="双流县人民政府", unit_id=unit_id(s, "D05")
        )

        # 14 complaints in the period (10 closed under 四不放过, 8 of those satisfied), one before it
        channels = ("窗口", "电话", "网络", "信件")
        for n in range(14):
            c = cp.register_complaint(
                s,
                SUP,
                cal,
                channel=channels[n % 4],
                complainant=f"投诉人{n}",
                summary="办事效率低",
                against_unit_id=unit_id(s, f"D0{n % 4 + 1}"),
                registered_at=T(2025, 10, 10 + n, 9),
            )
            if n >= 10:
                continue
            cp.decide_acceptance(s, SUP, cal, c.id, True, at=T(2025, 10, 10 + n, 15))
            for code in FOUR:
                cp.record_condition(s, SUP, c.id, code, "材料附后")
            cp.record_reply(s, SUP, c.id, "已答复", at=T(2025, 11, 3, 9))
            cp.record_callback(s, SUP, c.id, ("满意", "基本满意", "不满意")[0 if n < 6 else 1 if n < 8 else 2])
            cp.close_complaint(s, SUP, c.id, at=T(2025, 11, 5, 9))
        cp.register_complaint(
            s,
            SUP,
            cal,
            channel="电话",
            complainant="早先",
            summary="x",
            against_unit_id=unit_id(s, "D01"),
            registered_at=T(2025, 9, 20, 9),
        )


@pytest.fixture
def seed_period(Session, cal):
    build_seed_period(Session, cal)
    return Session


def test_the_report_figures_match_the_seed(seed_period, cal):
    with seed_period() as s:
        r = build_report(s, cal, FROM, TO)
    assert r.overtime_corrected == 16
    assert r.accountability == {"people": 8, "decisions": 9, "by_sanction": {"书面检讨": 3, "口头警告": 5}}
    assert r.units_criticised == {"count": 2, "units": ["教育局", "科技局"]}
    assert r.complaints == {
        "received": 14,
        "closed": 10,
        "satisfied": 8,
        "by_channel": {"窗口": 4, "电话": 4, "网络": 3, "信件": 3},
    }
    assert r.cases == {
        "accepted": 22,
        "completed": 20,
        "on_time": 4,
        "early": 4,  # D05's four, completed 10-14 before their promised date
        "overtime_promised": 16,
        "overtime_statutory": 2,
        "open_overdue_at_end": 2,
        "consultations": 0,  # the seed sends no 咨询 records
    }
    assert r.alarms["by_level"] == {"red": 19, "yellow": 0} and r.alarms["cancelled"] == 1
    assert r.alarms["by_rule"] == {"promised_overdue": 18, "fee_irregular": 1}
    d05 = next(i for i in r.items if i["item_code"] == "D05-001")
    # 10-09 → 10-14: 10-10, 10-11 (调休 Saturday), 10-13, 10-14
    assert (d05["cases"], d05["avg_working_days_used"]) == (4, cal.count(D(2025, 10, 9), D(2025, 10, 14))) == (4, 4)
    assert r.ranking[0]["unit_code"] == "D05" and r.ranking[0]["on_time_rate"] == 1.0
    # all late alike (4 overtime, 4 red alarms): D03 and D04 had 3 complaints, D01 and D02 had 4
    assert [u["unit_code"] for u in r.ranking[1:5]] == ["D03", "D04", "D01", "D02"]
    assert len(r.ranking) == 66 and r.ranking[-1]["completed"] == 0
    assert (
        "纠正查处、督促整改超时案件 16 件；责任追究 8 人（书面检讨 3 人，口头警告 5 人）；"
        "通报批评单位 2 个；收到效能投诉 14 起"
    ) in r.headline

    with seed_period() as s:
        d01 = build_report(s, cal, FROM, TO, unit_code="D01")
    assert (d01.scope_name, d01.overtime_corrected, d01.cases["completed"]) == ("发改委", 4, 4)
    assert d01.accountability == {"people": 2, "decisions": 3, "by_sanction": {"书面检讨": 1, "口头警告": 1}}
    assert (d01.units_criticised["count"], d01.complaints["received"], len(d01.ranking)) == (0, 4, 1)


def _report(db_url, fmt, out):
    p = argparse.ArgumentParser()
    p.add_argument("--db")
    add_supervision_parsers(p.add_subparsers(dest="command"))
    args = p.parse_args(
        [
            "--db",
            db_url,
            "report",
            "--from",
            FROM.isoformat(),
            "--to",
            TO.isoformat(),
            "--format",
            fmt,
            "--out",
            str(out),
        ]
    )
    return args.func(args)


def test_the_report_says_so_in_json_xlsx_and_pdf(seed_period, db_url, tmp_path, capsys):
    for fmt in ("json", "xlsx", "pdf"):
        assert _report(db_url, fmt, tmp_path / f"report.{fmt}") == 0
    assert "纠正查处、督促整改超时案件 16 件" in capsys.readouterr().out

    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert (data["period_from"], data["period_to"], data["scope"]) == ("2025-10-01", "2025-12-31", "city")
    assert data["overtime_corrected"] == 16
    assert data["accountability"]["people"] == 8
    assert data["accountability"]["by_sanction"] == {"书面检讨": 3, "口头警告": 5}
    assert data["units_criticised"]["count"] == 2
    assert data["complaints"]["received"] == 14

    wb = load_workbook(tmp_path / "report.xlsx", read_only=True)
    summary = {row[0]: row[1] for row in wb["概要"].iter_rows(min_row=5, values_only=True) if row[0]}
    assert summary["纠正超时案件"] == 16
    assert summary["责任追究人数"] == 8
    assert (summary["其中书面检讨"], summary["其中口头警告"]) == (3, 5)
    assert summary["通报批评单位"] == 2
    assert summary["收到效能投诉"] == 14
    assert list(wb["责任追究"].iter_rows(min_row=2, max_row=3, values_only=True)) == [
        ("书面检讨", 3),
        ("口头警告", 5),
    ]
    assert wb["单位排名"]["B2"].value == "公安局"  # D05, the only unit with every case on time
    rate = next(c for c in wb["单位排名"][2] if c.number_format == "0.0%")  # a number shown as a percentage
    assert rate.value == 1.0

    pages = PdfReader(tmp_path / "report.pdf").pages
    pdf = re.sub(r"\s+", "", "".join(p.extract_text() for p in pages))
    assert "纠正查处、督促整改超时案件16件" in pdf
    assert "责任追究8人（书面检讨3人，口头警告5人）" in pdf
    assert "通报批评单位2个" in pdf
    assert "收到效能投诉14起" in pdf
    for label, value in (
        ("纠正超时案件", 16),
        ("责任追究人数", 8),
        ("其中书面检讨", 3),
        ("其中口头警告", 5),
        ("通报批评单位", 2),
        ("收到效能投诉", 14),
    ):
        assert f"{label}{value}" in pdf  # the key-figures table, cell by cell
    assert "通报批评单位：教育局、科技局" in pdf


def test_the_xlsx_names_rules_in_chinese_and_leaves_no_empty_row(seed_period, cal, tmp_path):
    """The 告警 sheet shows the rules by the names the console shows (超过承诺时限, not ``promised_overdue``);
    the 责任追究 sheet has no blank ``(None, None)`` row and says 通报批评单位 0 when none was criticised."""
    from console.supervision.report_export import write

    with seed_period() as s:
        city = build_report(s, cal, FROM, TO)
        d01 = build_report(s, cal, FROM, TO, unit_code="D01")
    wb = load_workbook(write(city, "xlsx", tmp_path / "city.xlsx"))
    assert list(wb["告警"].iter_rows(values_only=True)) == [("规则", "条数"), ("超过承诺时限", 18), ("收费不规范", 1)]
    assert list(wb["责任追究"].iter_rows(values_only=True)) == [
        ("处分种类", "人数"),
        ("书面检讨", 3),
        ("口头警告", 5),
        ("责任追究人数", 8),
        ("通报批评单位", 2),
        ("被通报批评单位", "教育局"),
        ("被通报批评单位", "科技局"),
    ]
    wb = load_workbook(write(d01, "xlsx", tmp_path / "d01.xlsx"))
    rows = list(wb["责任追究"].iter_rows(values_only=True))
    assert ("通报批评单位", 0) in rows and all(any(v is not None for v in r) for r in rows)


def _fonts_embedded(pdf_path) -> list[tuple[str, bool]]:
    """(font name, its glyphs are in the file) for every font the pages use."""
    out = []
    for page in PdfReader(pdf_path).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            desc = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            fd = desc.get("/FontDescriptor")
            fd = fd.get_object() if fd is not None else {}
            out.append((str(font["/BaseFont"]), any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3"))))
    return out


def test_the_report_pdf_carries_its_font(seed_period, db_url, tmp_path):
    """A report leaves the building: a reader without Adobe's Asian font pack (ghostscript for one) drew the
    referenced-only STSong-Light without its digits and Latin letters.  ``make fonts`` installs a CJK TrueType
    font, so here every font of the report must be embedded."""
    assert _report(db_url, "pdf", tmp_path / "report.pdf") == 0
    # Helvetica is reportlab's page default, one of the 14 fonts every PDF reader has (never embedded)
    fonts = [f for f in _fonts_embedded(tmp_path / "report.pdf") if f[0] != "/Helvetica"]
    assert fonts and all(embedded for _name, embedded in fonts), fonts
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "report.pdf").pages)
    assert "2025-10-01" in text  # the digits are text (ToUnicode), not only shapes
