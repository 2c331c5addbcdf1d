"""Fault drill: bad input, the parts tests/integration/ingest/test_ingest_apply.py does not cover.

1. Hostile text from the data (markup, links, images, scripts, entities) goes through ingest into a real
   console (ControlRoom on SQLite) and is shown *literally* everywhere an operator sees it: the alarm dialog,
   the alarm queue and the flood summary (cells and tooltips), the drill-down case table (cells and
   tooltips), the case detail's labels and tables, and a database error text in the stale notices.  A label
   or tooltip counts as literal when Qt would not render it as rich text, or renders it back to the same
   characters (Qt.mightBeRichText decides for AutoText labels and for every tooltip).
2. Whole files delivered badly (truncated mid-line, shuffled, with duplicated lines, mixed with bad lines:
   wrong types, impossible dates, unknown units and items, huge and SQL-laden text), then re-sent, land each
   good record exactly once, reject each bad line with its reason once, and leave every case exactly as one
   clean in-order delivery does (hypothesis draws the delivery schedules).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import Qt as QtGui_Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QLabel, QTableWidget
from sqlalchemy import func, select

from console.ingest.apply import ingest_lines, ingest_records
from console.models.db import make_engine, session_factory, upgrade
from console.models.schema import Case, CaseEvent, Evaluation, ExchangeRecord, Fee, Quarantine, Suspension
from tests.support.drills.gen import case_records
from tests.support.drills.world import sync_catalogue

NOW = dt.datetime(2025, 10, 10, 9, 30)
H_HANDLER = '<b>张伟</b><img src="file:///etc/passwd">'
H_APPLICANT = '<a href="http://evil.example/">点此领奖</a>'
H_OPINION = "<font color=red size=7>同意</font><script>alert(1)</script>"
H_STEP_HANDLER = "<i>科员</i> &amp; <u>李四</u>"
H_BASIS = "<table><tr><td>依据</td></tr></table>'; DROP TABLE cases;--"
H_COMMENT = "<h1>差评</h1><br/>&lt;literal&gt;"
HOSTILE = (H_HANDLER, H_APPLICANT, H_OPINION, H_STEP_HANDLER, H_BASIS, H_COMMENT)


def rendered(text: str, fmt=Qt.TextFormat.AutoText) -> str:
    """The characters an operator sees for ``text`` shown in a label of format ``fmt`` (or as a tooltip)."""
    rich = fmt == Qt.TextFormat.RichText or (fmt == Qt.TextFormat.AutoText and QtGui_Qt.mightBeRichText(text))
    if not rich:
        return text
    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText()


def hostile_case() -> list[dict]:
    no = "HTML-1"
    r = lambda k, typ, at, **f: {"record_id": f"h{k}", "type": typ, "case_no": no, "occurred_at": at, **f}  # noqa
    return [
        r(1, "apply", "2025-09-25T09:00", item_code="D11-001", applicant_name=H_APPLICANT),
        r(
            2,
            "accept",
            "2025-09-26T10:00",
            item_code="D11-001",
            unit_code="D11",
            handler=H_HANDLER,
            applicant_name=H_APPLICANT,
            promised_days=1,
            statutory_days=20,
        ),
        r(
            3,
            "step",
            "2025-09-29T17:00",
            step_code="CB",
            started_at="2025-09-28T09:00",
            ended_at="2025-09-29T17:00",
            handler=H_STEP_HANDLER,
            opinion=H_OPINION,
            result="同意",
        ),
        r(4, "special_start", "2025-09-30T09:00", procedure_id="P1", kind="专家评审", applied_days=1, basis=H_BASIS),
        r(5, "special_end", "2025-10-09T09:00", procedure_id="P1"),
        r(6, "evaluate", "2025-10-09T10:00", level=1, comment=H_COMMENT),
    ]


def _labels_shown_as_markup(widgets) -> list[tuple[str, str]]:
    """Labels whose text contains markup-like characters and would not be shown literally."""
    bad = []
    for top in widgets:
        for lab in top.findChildren(QLabel):
            text = lab.text()
            if ("<" in text or "&" in text) and rendered(text, lab.textFormat()) != text:
                bad.append((lab.objectName() or type(lab.parent()).__name__, text))
    return bad


def _model_cells_not_literal(model) -> list[tuple[int, int, str, str]]:
    bad = []
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            idx = model.index(r, c)
            shown = model.data(idx, Qt.ItemDataRole.DisplayRole)
            tip = model.data(idx, Qt.ItemDataRole.ToolTipRole)
            # a tooltip repeats the cell's text: it must reach the screen as those characters, not as markup
            if isinstance(tip, str) and tip and rendered(tip) != shown:
                bad.append((r, c, shown, tip))
    return bad


def _cells(model) -> set[str]:
    return {
        model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole)
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    }


@pytest.mark.qt_log_ignore("does not support raise")  # the offscreen platform cannot raise a window
def test_hostile_text_is_shown_literally_everywhere(qtbot, tmp_path):
    from console.services.poller import Backend
    from console.services.supervision_client import SupervisionClient
    from console.shell.app import ControlRoom
    from console.shell.controller import ConsoleController
    from console.widgets.alarm_dialog import FloodDialog

    url = f"sqlite:///{tmp_path / 'console.db'}"
    eng = make_engine(url)
    upgrade(eng)
    Session = session_factory(eng)
    sync_catalogue(Session)
    rep = ingest_records(Session, hostile_case(), "hostile", today=NOW.date())
    assert rep.accepted == 6 and not rep.rejected, rep.summary()
    with Session() as s:
        case = s.scalars(select(Case)).one()
        # stored as sent (the case's handler is the latest step's: the fold's rule)
        assert (case.handler, case.applicant_name) == (H_STEP_HANDLER, H_APPLICANT)
        case_id, unit_id, handler = case.id, case.unit_id, case.handler

    ctl = ConsoleController(Backend(eng, "wall-1", clock=lambda: NOW), "wall-1")
    settings = QSettings(str(tmp_path / "c.ini"), QSettings.Format.IniFormat)
    settings.setValue("alarms/muted", True)
    room = ControlRoom(ctl, settings, "single", SupervisionClient(Session, "wall-1"))
    room.show()
    for w in room.screens.windows().values():
        qtbot.addWidget(w)
    try:
        with qtbot.waitSignal(ctl.sig_snapshot, timeout=20000) as got:
            ctl.poll_soon()
        snap = got.args[0]
        assert snap.ok and [a.handler for a in snap.alarms if a.case_id == case_id] != []

        # the modal alarm dialog
        dialog = room.notifier.dialog
        assert dialog is not None and dialog.isVisible()
        qtbot.addWidget(dialog)
        shows = [lab for lab in dialog.findChildren(QLabel) if lab.text() == handler]
        assert shows and all(lab.textFormat() == Qt.TextFormat.PlainText for lab in shows)
        assert _labels_shown_as_markup([dialog]) == []

        # the alarm queue and the flood summary: cells literal, tooltips literal
        queue = room.screens.views["alarms"]
        assert handler in _cells(queue.model)
        assert _model_cells_not_literal(queue.model) == []
        flood = FloodDialog(settings, muted=True)
        qtbot.addWidget(flood)
        flood.add_alarms(snap.alarms)
        assert handler in _cells(flood.model)
        assert _model_cells_not_literal(flood.model) == []

        # drill-down: the unit's case table, then the case detail
        with qtbot.waitSignal(room.drilldown.units.sig_loaded, timeout=20000):
            room.open_unit(unit_id)
        cases = room.drilldown.units.model
        assert handler in _cells(cases)
        assert _model_cells_not_literal(cases) == []
        with qtbot.waitSignal(room.drilldown.case.sig_loaded, timeout=20000):
            room.open_case(case_id)
        detail = room.drilldown.case
        info = detail.info.text()
        assert handler in info and H_APPLICANT in info
        tables = {
            t: {
                t.item(r, c).text()
                for r in range(t.rowCount())
                for c in range(t.columnCount())
                if t.item(r, c) is not None
            }
            for t in detail.findChildren(QTableWidget)
        }
        every_cell = set().union(*tables.values())
        for text in (H_OPINION, H_STEP_HANDLER, H_BASIS, H_COMMENT):
            assert text in every_cell, text
        for t in tables:  # table items are plain text; and none carries a tooltip that could be rich
            for r in range(t.rowCount()):
                for c in range(t.columnCount()):
                    it = t.item(r, c)
                    assert it is None or not it.toolTip() or rendered(it.toolTip()) == it.text()

        # a database error text with markup in it reaches the stale notices literally
        ctl.sig_snapshot.emit(snap.failed('invalid input value: "<b>x</b><img src=y>"'))
        wall = room.screens.views["departments"]  # behind the drill-down tab: visible to its wall, not on screen
        qtbot.waitUntil(lambda: wall.banners.banner.isVisibleTo(wall), timeout=5000)
        assert "<b>x</b>" in " ".join(lab.text() for lab in wall.findChildren(QLabel))
        assert "<b>x</b>" in room.screens.views["alarms"].stale.text()

        tops = [w for w in QApplication.topLevelWidgets() if w.isVisible()] + [flood]
        assert _labels_shown_as_markup(tops) == []
    finally:
        for t in room.notifier.findChildren(QTimer):  # no re-alert (raise) of the dialog into later tests
            t.stop()
        ctl.stop()
        eng.dispose()


# ---- whole files delivered badly -------------------------------------------------------------------------


def _case_states(Session, prefix: str) -> dict:
    """Every case with this prefix and its rows, with the prefix taken off (ids and stamps left out)."""
    out = {}
    with Session() as s:
        for c in s.scalars(select(Case).where(Case.case_no.like(f"{prefix}-%"))):
            skip = {"id", "case_no", "change_seq", "updated_at"}
            row = {col.key: getattr(c, col.key) for col in Case.__table__.columns if col.key not in skip}
            kids = {}
            for model in (CaseEvent, Suspension, Fee, Evaluation):
                cols = [col.key for col in model.__table__.columns if col.key not in ("id", "case_id")]
                kids[model.__tablename__] = sorted(
                    tuple(str(getattr(x, k)) for k in cols)
                    for x in s.scalars(select(model).where(model.case_id == c.id))
                )
            out[c.case_no.removeprefix(prefix)] = (row, kids)
    return out


def _bad_lines(tag: str) -> list[tuple[str, str]]:
    """(line, expected reason fragment): what the issue lists, each kind once."""
    base = {
        "record_id": f"{tag}-bad",
        "type": "accept",
        "case_no": f"{tag}-BAD",
        "occurred_at": "2025-09-26T10:00",
        "item_code": "D11-001",
        "unit_code": "D11",
    }
    j = lambda **ch: json.dumps({**base, **ch}, ensure_ascii=False)  # noqa: E731
    return [
        (j(record_id=f"{tag}-b1", occurred_at="2025-02-30T10:00"), "is not a valid datetime"),
        (j(record_id=f"{tag}-b2", occurred_at="2025-09-26T25:61"), "is not a valid datetime"),
        (j(record_id=f"{tag}-b3", item_code="NO-SUCH-ITEM"), "unknown item 'NO-SUCH-ITEM'"),
        (j(record_id=f"{tag}-b4", unit_code="Z99"), "unknown unit 'Z99'"),
        (j(record_id=f"{tag}-b5", promised_days="五"), "field promised_days: must be an integer"),
        (j(record_id=f"{tag}-b6", handler={"$gt": ""}), "field handler: must be a string"),
        (j(record_id=f"{tag}-b7", handler="'; DROP TABLE cases; --" * 400), "at most"),
        (j(record_id=f"{tag}-b8", type="审批通过"), "is not a known record type"),
        ("x" * 70_000, "at most 65536 allowed"),
        (j(record_id=f"{tag}-b9")[:-25], "not valid JSON"),
    ]


@st.composite
def deliveries(draw):
    """A schedule of bad deliveries of one good file: each a shuffled subset, maybe duplicated, maybe cut."""
    n = 18  # 3 cases x 6 records
    out = []
    for _ in range(draw(st.integers(1, 3))):
        idx = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n))  # duplicates and any order
        cut = draw(st.one_of(st.none(), st.floats(0.05, 0.95)))
        with_bad = draw(st.booleans())
        out.append((idx, cut, with_bad))
    return out


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(schedule=deliveries(), seed=st.integers(0, 2**16))
def test_bad_deliveries_then_resend_land_everything_exactly_once(db_url, schedule, seed):
    eng = make_engine(db_url)
    Session = session_factory(eng)
    try:
        sync_catalogue(Session)
        tag = uuid.uuid4().hex[:8]
        ref_recs = case_records(3, prefix=f"{tag}R", seed=seed)
        recs = [
            dict(
                r,
                record_id=r["record_id"].replace(f"{tag}R", f"{tag}X"),
                case_no=r["case_no"].replace(f"{tag}R", f"{tag}X"),
            )
            for r in ref_recs
        ]
        today = dt.date(2025, 10, 20)
        assert not ingest_records(Session, ref_recs, f"{tag}-ref", today=today).rejected  # the clean delivery

        good_lines = [json.dumps(r, ensure_ascii=False) for r in recs]
        bad = _bad_lines(tag)
        rejected_reasons = {}
        rnd = random.Random(seed)
        for n, (idx, cut, with_bad) in enumerate(schedule):
            lines = [good_lines[i] for i in idx]
            if with_bad:
                for line, _ in bad:
                    lines.insert(rnd.randrange(len(lines) + 1), line)
            text = "\n".join(lines) + "\n"
            if cut is not None:  # the transfer broke off: the rest of the file, from mid-line, is missing
                text = text[: int(len(text) * cut)]
            rep = ingest_lines(Session, text.splitlines(), f"{tag}-d{n}", today=today)
            for _, _line_no, reason in rep.rejected:
                rejected_reasons.setdefault(n, []).append(reason)
            assert rep.accepted + rep.duplicates + len(rep.rejected) == len(text.splitlines())
        # the sender re-sends the whole file (and again): everything lands, once
        for _ in range(2):
            rep = ingest_lines(Session, good_lines + [line for line, _ in bad], f"{tag}-full", today=today)
            reasons = {line_no: reason for _, line_no, reason in rep.rejected}
            assert sorted(reasons) == list(range(len(good_lines) + 1, len(good_lines) + len(bad) + 1))
            for i, (_, want) in enumerate(bad):
                assert want in reasons[len(good_lines) + 1 + i], (want, reasons[len(good_lines) + 1 + i])
            assert rep.accepted + rep.duplicates == len(good_lines)
        assert _case_states(Session, f"{tag}X") == _case_states(Session, f"{tag}R")
        with Session() as s:
            stored = s.scalars(select(ExchangeRecord.record_id).where(ExchangeRecord.record_id.like(f"{tag}X%"))).all()
            assert sorted(stored) == sorted(r["record_id"] for r in recs)  # each exactly once
            assert (
                s.execute(select(func.count()).select_from(Case).where(Case.case_no.like(f"{tag}-BAD%"))).scalar_one()
                == 0
            )
            # the re-sent file's rejections are stored once however often it comes
            q = s.execute(
                select(func.count()).select_from(Quarantine).where(Quarantine.source == f"{tag}-full")
            ).scalar_one()
            assert q == len(bad)
    finally:
        eng.dispose()
