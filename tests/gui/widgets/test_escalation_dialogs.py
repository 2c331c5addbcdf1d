"""The 督办 and 申诉 forms: what they hand back, what they refuse, and their English catalogue (offscreen)."""

from PySide6.QtCore import QCoreApplication, QTranslator

from console.domain.escalation import Ladder
from console.widgets.escalation_dialogs import AppealDialog, EscalationDialog, LadderDialog
from tests.support import ROOT


def test_the_escalation_form_follows_the_ladders_days_and_refuses_empty_text(qtbot):
    d = EscalationDialog(Ladder(days=(4, 3, 1)), "rectification", 12)
    qtbot.addWidget(d)
    assert d.days.value() == 4
    d.level.setCurrentIndex(2)
    assert d.days.value() == 1
    d.submit()
    assert not d.error.isHidden() and d.error.text() == "请填写督办事由"
    d.finding.setPlainText("逾期未整改")
    d.requirement.setPlainText("三日内整改到位")
    assert d.values() == {
        "source_kind": "rectification",
        "source_id": 12,
        "level": "red",
        "deadline_days": 1,
        "finding": "逾期未整改",
        "requirement": "三日内整改到位",
    }


def test_the_appeal_form_keeps_one_reference_a_line(qtbot):
    d = AppealDialog(7)
    qtbot.addWidget(d)
    d.appellant.setText("规划局")
    d.reason.setPlainText("设置错误")
    d.evidence.setPlainText("附件1\n\n  附件2 ")
    assert d.values()["evidence"] == ["附件1", "附件2"] and d.values()["alarm_id"] == 7


def test_the_ladder_form_gives_a_ladder(qtbot):
    d = LadderDialog(Ladder())
    qtbot.addWidget(d)
    d.days[0].setValue(6)
    d.auto.setChecked(False)
    assert d.values()["ladder"] == Ladder(days=(6, 3, 2), auto=False)


def test_english_catalogue_translates_the_escalation_form(qtbot):
    tr = QTranslator()
    assert tr.load(str(ROOT / "resources" / "i18n" / "escalation_en.qm"))
    QCoreApplication.installTranslator(tr)
    try:
        d = EscalationDialog(Ladder())
        qtbot.addWidget(d)
        assert d.windowTitle() == "Open escalation" and d.ok_button.text() == "Issue"
    finally:
        QCoreApplication.removeTranslator(tr)
