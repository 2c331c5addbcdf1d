"""A period report as JSON, XLSX (openpyxl) and PDF (reportlab).

The PDF carries its font: a CJK TrueType font found on the machine (``EMBED_FONTS``; ``make fonts`` installs
one) is embedded as a subset, so any reader draws it.  Without one it falls back to reportlab's built-in CID font
STSong-Light (Adobe-GB1), only referenced: readers without Adobe's Asian font pack substitute it (ghostscript drew
it without digits or Latin letters).  Either way the text extracts back.

Data is never code: names come from the approval systems' records, so a unit called ``<img src=…>`` is
escaped before reportlab's paragraph markup sees it (it would embed a local file, and a bare ``<`` broke the
export), and a cell starting with ``=``, ``+``, ``-``, ``@`` (or a tab/CR) is stored as text with Excel's
quote prefix, never as a formula (OWASP "CSV injection").  The file is written next to its target and renamed
into place, so a reader never sees half a report; an existing file is replaced only when asked (``force``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from xml.sax.saxutils import escape

from console.domain import rules
from console.domain.supervision_rows import PeriodReport

FORMATS = ("json", "xlsx", "pdf")
CJK_FONT = "STSong-Light"  # the fallback, referenced only
# (path, index in a collection): TrueType outlines (reportlab embeds no CFF/OpenType outlines)
EMBED_FONTS = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
    ("C:/Windows/Fonts/simsun.ttc", 0),
)
EMBED_NAME = "ConsoleCJK"

_ITEM_HEAD = ("事项编码", "事项名称", "单位", "办结件数", "平均用时（工作日）", "承诺时限", "法定时限")
_ITEM_KEYS = (
    "item_code",
    "item_name",
    "unit_name",
    "cases",
    "avg_working_days_used",
    "promised_days",
    "statutory_days",
)
_RANK_HEAD = ("名次", "单位", "办结", "按时办结", "超时", "按时率", "红色告警", "投诉", "被追责人数")
_RANK_KEYS = (
    "rank",
    "unit_name",
    "completed",
    "on_time",
    "overtime",
    "on_time_rate",
    "red_alarms",
    "complaints",
    "people_held_accountable",
)


def _followup_table(report: PeriodReport) -> tuple[list[str], list[list]]:
    """督办 by level and outcome and 申诉 by outcome, per unit: (header, rows); no rows when there were none."""
    rows = report.followup.get("per_unit", [])
    if not rows:
        return [], []
    keys = [k for k in rows[0] if k not in ("unit_code", "unit_name")]
    return ["单位", *keys], [[r["unit_name"], *(r[k] for k in keys)] for r in rows]


def to_json(report: PeriodReport) -> str:
    return json.dumps(report.as_json(), ensure_ascii=False, indent=2)


class OutputExists(ValueError):
    """The target exists and overwriting was not asked for."""


def write(report: PeriodReport, fmt: str, path: str | Path, force: bool = False) -> Path:
    """Write the report in ``fmt`` (json | xlsx | pdf) to ``path``: complete or not at all; an existing file
    only with ``force`` (raises ``OutputExists`` otherwise, also when it appears while writing)."""
    path = Path(path)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    if path.exists() and not force:
        raise OutputExists(f"{path} 已存在：加 --force 才覆盖（exists; --force to overwrite）")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        if fmt == "json":
            tmp.write_text(to_json(report) + "\n", encoding="utf-8")
        elif fmt == "xlsx":
            write_xlsx(report, tmp)
        else:
            write_pdf(report, tmp)
        if force:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # no-clobber: fails if someone created the file meanwhile
            except FileExistsError:
                raise OutputExists(f"{path} 已存在：加 --force 才覆盖（exists; --force to overwrite）") from None
            except OSError:  # no hard links on this file system (FAT, some shares): checked just above
                os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text_cell(cell) -> None:
    """A string that a spreadsheet would evaluate is stored as text with the quote prefix (openpyxl types a
    string starting with ``=`` as a formula, ``data_type`` 'f')."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True


def _as_text_if_formula(ws) -> None:
    """The last row appended, cell by cell (``_text_cell``)."""
    for cell in ws[ws.max_row]:
        _text_cell(cell)


def _no_formulas(wb) -> None:
    """Every cell of every sheet, once more before saving: a sheet filled with ``ws.append`` instead of
    ``_append`` (the 督办与申诉 sheet once was) still writes no formula.  The report writes none of its own."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                _text_cell(cell)


def _append(ws, row) -> None:
    ws.append(row)
    _as_text_if_formula(ws)


def _rate(v):
    return "" if v is None else f"{v:.1%}"


def _rule_name(report: PeriodReport, rule_id: str) -> str:
    """The rule's Chinese name: the report's own (逾期 per day, …), else the rule table's (an id it does not
    know, a newer console's rule, as it is)."""
    return report.alarms.get("rule_labels", {}).get(rule_id) or rules.label(rule_id)


def _title(report: PeriodReport) -> str:
    return f"行政审批电子监察 期间报表（{report.scope_name}，{report.period_from} 至 {report.period_to}）"


# ---- XLSX --------------------------------------------------------------------------------------


def write_xlsx(report: PeriodReport, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "概要"
    _append(ws, [_title(report)])
    ws["A1"].font = Font(bold=True)
    _append(ws, [report.headline])
    _append(ws, [])
    _append(ws, ["指标", "数值"])
    for label, value in report.summary_rows():
        _append(ws, [label, value])
    ws.column_dimensions["A"].width = 24

    # rules by the Chinese name the console shows (rules.label), never the internal id: a reader of the
    # workbook does not know ``step_overdue``
    alarms = wb.create_sheet("告警")
    _append(alarms, ["规则", "条数"])
    for rule_id, n in report.alarms["by_rule"].items():
        _append(alarms, [_rule_name(report, rule_id), n])

    # every row a (label, figure) pair: no blank separator row, and 通报批评单位 says 0 when there were none
    acc = wb.create_sheet("责任追究")
    _append(acc, ["处分种类", "人数"])
    for kind, n in report.accountability["by_sanction"].items():
        _append(acc, [kind, n])
    _append(acc, ["责任追究人数", report.accountability["people"]])
    _append(acc, ["通报批评单位", report.units_criticised["count"]])
    for name in report.units_criticised["units"]:
        _append(acc, ["被通报批评单位", name])

    comp = wb.create_sheet("投诉")
    _append(comp, ["渠道", "收到"])
    for channel, n in report.complaints["by_channel"].items():
        _append(comp, [channel, n])

    items = wb.create_sheet("事项用时")
    _append(items, list(_ITEM_HEAD))
    for row in report.items:
        _append(items, [row[k] for k in _ITEM_KEYS])

    head, rows = _followup_table(report)
    if rows:
        fu = wb.create_sheet("督办与申诉")
        _append(fu, head)
        for r in rows:
            _append(fu, r)

    # the on-time rate as a number shown as a percentage: a reader sorts, averages and charts it (it was text)
    rank = wb.create_sheet("单位排名")
    _append(rank, list(_RANK_HEAD))
    rate_col = _RANK_KEYS.index("on_time_rate") + 1
    for row in report.ranking:
        _append(rank, [row[k] for k in _RANK_KEYS])
        rank.cell(row=rank.max_row, column=rate_col).number_format = "0.0%"
    _no_formulas(wb)
    wb.save(path)


# ---- PDF ---------------------------------------------------------------------------------------


def pdf_font() -> str:
    """The font to set a PDF in (the reports, the 督办通知书): the first CJK TrueType font of ``EMBED_FONTS``
    found, embedded; else the CID font."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    registered = pdfmetrics.getRegisteredFontNames()
    for name in (EMBED_NAME, CJK_FONT):
        if name in registered:
            return name
    for path, index in EMBED_FONTS:
        if Path(path).is_file():
            try:
                pdfmetrics.registerFont(TTFont(EMBED_NAME, path, subfontIndex=index))
                return EMBED_NAME
            except Exception:  # a font reportlab cannot read (CFF outlines, damaged): the next one
                continue
    pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    return CJK_FONT


def write_pdf(report: PeriodReport, path: Path, max_rows: int = 80) -> None:
    """Title, headline, key figures, alarms by rule, items and the unit ranking (tables cut at ``max_rows``)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = pdf_font()
    body = ParagraphStyle("body", fontName=font, fontSize=10, leading=15, wordWrap="CJK")
    head = ParagraphStyle("head", parent=body, fontSize=15, leading=21, spaceAfter=4 * mm)
    sub = ParagraphStyle("sub", parent=body, fontSize=12, leading=18, spaceBefore=4 * mm, spaceAfter=2 * mm)
    grid = TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), font),
            ("FONTSIZE", (0, 0), (-1, -1), 9),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef7")),
        ]
    )

    def para(text: str, style) -> Paragraph:
        return Paragraph(escape(str(text)), style)  # reportlab reads markup: data must not be markup

    def table(head_row, rows):
        shown = [list(map(str, r)) for r in rows[:max_rows]]
        t = Table([list(head_row)] + shown, repeatRows=1, hAlign="LEFT")
        t.setStyle(grid)
        return t

    story = [para(_title(report), head), para(report.headline, body)]
    story += [para("主要指标", sub), table(("指标", "数值"), report.summary_rows())]
    if report.alarms["by_rule"]:
        story += [
            para("告警（按规则）", sub),
            table(
                ("规则", "条数"),
                [(_rule_name(report, r), n) for r, n in report.alarms["by_rule"].items()],
            ),
        ]
    if report.units_criticised["units"]:
        story += [para("通报批评单位：" + "、".join(report.units_criticised["units"]), body)]
    if report.items:
        story += [
            para("事项平均用时", sub),
            table(_ITEM_HEAD[1:5], [[r[k] for k in _ITEM_KEYS[1:5]] for r in report.items]),
        ]
    head, rows = _followup_table(report)
    if rows:
        story += [Paragraph("督办与申诉（按单位）", sub), table(head, rows)]
    if report.ranking:
        story += [
            para("单位排名", sub),
            table(
                _RANK_HEAD, [[_rate(r[k]) if k == "on_time_rate" else r[k] for k in _RANK_KEYS] for r in report.ranking]
            ),
        ]
    story.append(Spacer(1, 4 * mm))
    if report.generated_at:
        story.append(para(f"生成时间：{report.generated_at:%Y-%m-%d %H:%M}", body))
    SimpleDocTemplate(
        str(path),
        pagesize=A4,
        title=_title(report),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
    ).build(story)
