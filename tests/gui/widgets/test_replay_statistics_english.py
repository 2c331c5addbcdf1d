"""--lang en: every string of the statistics pages and of replay (回放) has its English translation."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from console.shell.i18n import install_translator
from console.widgets.banner import ReplayBanner

ROOT = Path(__file__).resolve().parents[3]


def _page_strings() -> list[str]:
    """The literal texts the statistics pages pass to ``_tr`` (context StatsPages)."""
    tree = ast.parse((ROOT / "console" / "widgets" / "stats_pages.py").read_text(encoding="utf-8"))
    out = []
    for n in ast.walk(tree):
        if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "_tr" and isinstance(n.args[0], ast.Constant):
            out.append(n.args[0].value)
        if isinstance(n, ast.For) and isinstance(n.iter, ast.Tuple):  # the complaint tiles' captions
            out += [e.value for e in n.iter.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return out


def test_statistics_pages_and_replay_speak_english(qapp, qtbot):
    texts = _page_strings()
    assert len(texts) > 30
    try:
        install_translator(qapp, "en")
        missing = [t for t in texts if QCoreApplication.translate("StatsPages", t) == t]
        assert missing == []
        banner = ReplayBanner()
        qtbot.addWidget(banner)
        banner.set_replay(dt.datetime(2026, 11, 20, 10, 0))
        assert banner.label.text() == "REPLAY 2026-11-20 10:00"
        assert QCoreApplication.translate("ChartsView", "实时") == "Live"
    finally:
        install_translator(qapp, "zh")
    assert QCoreApplication.translate("StatsPages", "红榜（前十）") == "红榜（前十）"


def test_replay_desk_and_same_day_words_speak_english(qapp):
    """The words added for replay's disabled queue and for a 即办件 due today have their English."""
    try:
        install_translator(qapp, "en")
        for context, text, english in (
            ("AlarmQueueView", "回放中只能查看：请先回到实时", "A replay is for looking only: go back to live first"),
            ("CaseTableModel", "今日到期", "Due today"),
            ("CaseDetailView", "今日到期", "Due today"),
            ("DataTexts", "不予受理/不予许可未说明理由", "Refusal without reasons"),
        ):
            assert QCoreApplication.translate(context, text) == english, (context, text)
    finally:
        install_translator(qapp, "zh")


CJK = re.compile(r"[\u4e00-\u9fff]")


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _helpers(tree: ast.Module) -> dict[str, str]:
    """Module functions ``def _t(text): return QCoreApplication.translate("Ctx", text)``: name -> context."""
    out = {}
    for fn in tree.body:
        if isinstance(fn, ast.FunctionDef) and len(fn.args.args) == 1 and isinstance(fn.body[-1], ast.Return):
            call = fn.body[-1].value
            if isinstance(call, ast.Call) and getattr(call.func, "attr", None) == "translate" and call.args:
                ctx = _literal(call.args[0])
                if ctx is not None:
                    out[fn.name] = ctx
    return out


def _translated(node: ast.AST, cls: str | None, rel: str, helpers: dict[str, str], out: list) -> None:
    for ch in ast.iter_child_nodes(node):
        inner = ch.name if isinstance(ch, ast.ClassDef) else cls
        if isinstance(ch, ast.Call) and ch.args:
            f, a = ch.func, ch.args
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", None)
            self_tr = isinstance(f, ast.Attribute) and getattr(f.value, "id", None) == "self"
            if name == "tr" and self_tr and cls and _literal(a[0]) is not None:
                out.append((rel, ch.lineno, cls, _literal(a[0]) or ""))
            elif name in ("translate", "tr") and len(a) >= 2 and _literal(a[0]) and _literal(a[1]):
                out.append((rel, ch.lineno, _literal(a[0]) or "", _literal(a[1]) or ""))
            elif isinstance(f, ast.Name) and f.id in helpers and _literal(a[0]) is not None:
                out.append((rel, ch.lineno, helpers[f.id], _literal(a[0]) or ""))
        _translated(ch, inner, rel, helpers, out)


def _interface_strings() -> list[tuple[str, int, str, str]]:
    """Every literal the interface translates: ``self.tr`` (its class's context), ``translate("Ctx", …)``,
    ``tr("Ctx", …)`` and a module's one-context helper (``_t``/``_tr``) — (file, line, context, text)."""
    out: list[tuple[str, int, str, str]] = []
    for path in sorted((ROOT / "console").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        _translated(tree, None, str(path.relative_to(ROOT)), _helpers(tree), out)
    return out


def test_every_interface_string_has_its_english(qapp):
    """--lang en showed 办结（承诺）, 按期办结, 超期办结 (a completed case's detail) and the appeal decision's
    corrections in Chinese: no catalogue held them.  Every literal handed to the translator must be in one."""
    strings = _interface_strings()
    assert len(strings) > 700
    try:
        install_translator(qapp, "en")
        missing = [
            f"{f}:{line} {ctx} {text!r}"
            for f, line, ctx, text in strings
            if CJK.search(text) and QCoreApplication.translate(ctx, text) == text
        ]
        assert missing == []
        for text, english in (("办结（承诺）", "Completed (promised)"), ("按期办结", "Completed on time")):
            assert QCoreApplication.translate("CaseDetailView", text) == english
        assert QCoreApplication.translate("CaseDetailView", "超期办结") == "Completed late"
    finally:
        install_translator(qapp, "zh")


def test_the_followup_pages_columns_and_summary_speak_english(qapp, qtbot):
    """The 督办与申诉 page names its columns and outcomes after the period report's (提醒 … 在办, 逾期, 撤销 … 驳回,
    passed to the translator as data): --lang en showed them in Chinese."""
    from types import SimpleNamespace

    from console.domain.statistics import FollowupPage as Figures
    from console.domain.statistics import UnitFollowup
    from console.supervision.reports import FOLLOWUP_COLUMNS
    from console.widgets.stats_pages import FollowupPage

    figures = Figures(
        dt.date(2025, 10, 1), dt.date(2025, 10, 31), (("预警提醒", 1), ("黄牌督办", 1), ("红牌督办", 1)),
        (("在办", 2), ("逾期", 1), ("办结", 0), ("撤销", 0)), (("申诉待审查", 1), ("申诉成立", 0), ("申诉驳回", 0)),
        FOLLOWUP_COLUMNS, (UnitFollowup("D01", tuple(range(len(FOLLOWUP_COLUMNS)))),),
    )  # fmt: skip
    try:
        install_translator(qapp, "en")
        page = FollowupPage()
        qtbot.addWidget(page)
        page.update_from(SimpleNamespace(followup=figures), None)
        assert page.table is not None
        headers = [page.table.horizontalHeaderItem(i).text() for i in range(page.table.columnCount())]
        shown = [*headers, page.summary.text(), *(t.caption.text() for t in page.tiles.values())]
        assert [t for t in shown if CJK.search(t)] == [], shown
        assert "Open 2, " in page.summary.text() and "，" not in page.summary.text() and "Lapsed" in headers
    finally:
        install_translator(qapp, "zh")


def test_the_followup_table_made_on_its_first_data_has_the_walls_header(qapp, qtbot):
    """The 督办与申诉 page makes its table on its first figures, after the page is on screen: its header came out
    white with tiny type (the stylesheet's BigTable header rule missed it) while every other page's was dark."""
    from types import SimpleNamespace

    from console.domain.statistics import FollowupPage as Figures
    from console.domain.statistics import UnitFollowup
    from console.supervision.reports import FOLLOWUP_COLUMNS
    from console.widgets import style
    from console.widgets.stats_pages import FollowupPage

    figures = Figures(
        dt.date(2025, 10, 1), dt.date(2025, 10, 31), (("红牌督办", 1),), (("在办", 1),), (("申诉待审查", 0),),
        FOLLOWUP_COLUMNS, (UnitFollowup("D01", tuple(range(len(FOLLOWUP_COLUMNS)))),),
    )  # fmt: skip
    page = FollowupPage()
    qtbot.addWidget(page)
    style.install(page)
    page.resize(1200, 500)
    page.show()
    qtbot.waitExposed(page)
    page.update_from(SimpleNamespace(followup=figures), None)
    qapp.processEvents()
    drawn = page.table.horizontalHeader().grab().toImage().pixelColor(3, 3)
    assert drawn.lightness() < 100, drawn.name()  # the walls' dark header (style.FIELD), not Qt's white
