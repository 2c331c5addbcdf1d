"""--lang en: the rule names and the provisional-calendar note come with the data in Chinese; the screens show
them in the interface's language.  Chinese: Qt's own dialogs speak Chinese too (qtbase_zh_CN)."""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from console.domain.rules import RULES
from console.shell.i18n import install_translator
from console.widgets.data_texts import calendar_note_text, rule_text

NOTE = "2027年起的节假日安排尚未发布：691件办件的期限暂按周末计算，标注为“临时”"


def test_rule_names_and_calendar_note_follow_the_language(qapp):
    try:
        install_translator(qapp, "en")
        assert rule_text("step_overdue", "环节超时") == "Step overdue"
        for r in RULES.values():  # every rule the engine knows has an English name
            assert rule_text(r.id, r.label).isascii(), r.id
        assert calendar_note_text(NOTE).startswith("The holidays from 2027 on are not published yet")
        assert "691" in calendar_note_text(NOTE)
        assert calendar_note_text("别的说法") == "别的说法"  # an unknown wording is shown as it came
        assert rule_text("new_rule", "新规则") == "新规则"
        install_translator(qapp, "zh")
        assert rule_text("step_overdue", "环节超时") == "环节超时" and calendar_note_text(NOTE) == NOTE
        # Qt's own dialogs (file chooser buttons) in Chinese
        assert QCoreApplication.translate("QFileDialog", "Open") == "打开"
    finally:
        install_translator(qapp, "zh")


def test_refusal_rule_name_covers_both_refusals_the_text_can_name(qapp):
    """The alarm dialog shows the rule's name over its text (不予受理未说明理由 or 不予许可未说明理由): the name must
    not say 不予许可 over a 不予受理 (行政许可法 第三十二条 and 第三十八条 both require the reasons)."""
    install_translator(qapp, "zh")
    name = rule_text("refusal_no_reason", RULES["refusal_no_reason"].label)
    assert "不予受理" in name and "不予许可" in name, name
    assert name == RULES["refusal_no_reason"].label


def test_the_file_chooser_speaks_chinese_in_every_label(qapp):
    """The save dialog of 报表 showed "Look in:" and "Files of type:" in English: Qt's zh_CN catalogue lacks the
    spelling with shortcut letters its file dialog uses (resources/i18n/qtdialogs_zh.ts)."""
    from PySide6.QtWidgets import QFileDialog, QLabel

    install_translator(qapp, "zh")
    d = QFileDialog(None, "导出报表")
    d.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    labels = [lab.text() for lab in d.findChildren(QLabel) if lab.text()]
    # Latin letters only as the shortcut letter in brackets, 查找范围(&L)：
    english = [t for t in labels if any("a" <= c.lower() <= "z" for c in re.sub(r"\(&\w\)", "", t))]
    assert labels and english == [], labels
    d.deleteLater()
