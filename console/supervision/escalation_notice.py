"""督办通知书: a numbered notice for one 督办, as PDF, from the template ``resources/templates/escalation_notice.txt``.

Reuses the period report's PDF machinery (reportlab, its font embedded: ``report_export.pdf_font``).  Every
value from the database is escaped before it meets the template: reportlab paragraphs are markup, and a unit's
answer or a finding typed as "<b>" or "&" must print as typed, never change the page or break the build.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from string import Template
from xml.sax.saxutils import escape

from console.domain.escalation import EscalationRow
from console.resources import resource
from console.supervision.report_export import pdf_font

TEMPLATE = ("templates", "escalation_notice.txt")
STYLES = ("title", "number", "to", "body", "right")
DEFAULT_ISSUER = "行政审批电子监察室"


def _markup(text: str) -> str:
    """Data as paragraph text: escaped, line breaks kept."""
    return escape(text).replace("\n", "<br/>")


def blocks(template_text: str) -> list[tuple[str, str]]:
    """(style, markup) of each paragraph of a template (comments dropped)."""
    lines = [ln for ln in template_text.splitlines() if not ln.lstrip().startswith("#")]
    out = []
    for para in "\n".join(lines).split("\n\n"):
        para = para.strip()
        if not para:
            continue
        style, sep, rest = para.partition(":")
        if sep and style.strip() in STYLES:
            out.append((style.strip(), rest.strip()))
        else:
            out.append(("body", para))
    return out


SYSTEM_NAME = "电子监察系统"  # who wrote a step no person did (the engine's climbs, its reminders)


def fields(
    row: EscalationRow, issued_on: dt.date, issuer: str = DEFAULT_ISSUER, names: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The template's fields for ``row``, escaped.  ``names``: the officers' names by log-in name (a notice leaves
    the building with people's names, not accounts); a writer not among them is the system.  Without ``names``
    the log-in names are printed as stored."""

    def who(username: str) -> str:
        return username if names is None else names.get(username) or SYSTEM_NAME

    def step(h) -> str:
        return f"{h.at:%Y-%m-%d %H:%M} {h.kind_name}（{who(h.actor)}）" + (f"，期限 {h.due_date}" if h.due_date else "")

    history = "<br/>".join(_markup(step(h)) for h in row.history)
    plain = {
        "notice_no": row.notice_no,
        "level_name": row.level_name,
        "unit_name": row.unit_name,
        "case_no": row.case_no or "—",
        "source_text": row.source_text,
        "finding": row.finding,
        "requirement": row.requirement,
        "deadline_days": str(row.deadline_days),
        "due_date": f"{row.due_date:%Y年%m月%d日}",
        "opened_on": f"{row.opened_at:%Y年%m月%d日}",
        "opened_by": who(row.opened_by),
        "issuer": issuer,
        "issued_on": f"{issued_on:%Y年%m月%d日}",
    }
    out = {k: _markup(v) for k, v in plain.items()}
    out["history"] = history or "—"
    return out


def write_notice(
    row: EscalationRow,
    path: str | Path,
    issued_on: dt.date,
    issuer: str = DEFAULT_ISSUER,
    template: str | None = None,
    names: Mapping[str, str] | None = None,
) -> Path:
    """Write the notice of ``row`` to ``path`` (PDF, A4); ``template`` overrides the resource (tests); ``names``
    as ``fields``."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    font = pdf_font()  # a notice leaves the building: its CJK font embedded
    text = template if template is not None else resource(*TEMPLATE).read_text(encoding="utf-8")
    body = ParagraphStyle(
        "body", fontName=font, fontSize=12, leading=21, wordWrap="CJK", spaceAfter=3 * mm, firstLineIndent=0
    )
    card = {"yellow": colors.HexColor("#b38600"), "red": colors.HexColor("#c00018")}.get(row.level, colors.black)
    styles = {
        "title": ParagraphStyle(
            "title", parent=body, fontSize=22, leading=30, alignment=TA_CENTER, textColor=card, spaceAfter=4 * mm
        ),
        "number": ParagraphStyle("number", parent=body, alignment=TA_CENTER, spaceAfter=8 * mm),
        "to": ParagraphStyle("to", parent=body, spaceAfter=4 * mm),
        "body": body,
        "right": ParagraphStyle("right", parent=body, alignment=TA_RIGHT, spaceBefore=10 * mm, spaceAfter=8 * mm),
    }
    values = fields(row, issued_on, issuer, names)
    story = [Paragraph(Template(markup).safe_substitute(values), styles[style]) for style, markup in blocks(text)]
    path = Path(path)
    SimpleDocTemplate(
        str(path),
        pagesize=A4,
        title=f"{row.level_name}通知书 {row.notice_no}",
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=25 * mm,
        bottomMargin=20 * mm,
    ).build(story)
    return path
