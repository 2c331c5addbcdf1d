"""Form dialogs of 督办 and 申诉 (``FormDialog``s, see ``console.widgets.supervision_dialogs``): open a 督办, register
a paper appeal, decide an appeal, and the administrator's ladder settings."""

from __future__ import annotations

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from console.domain.corrections import ACCEPTED, COMPLETED, WAIT, CaseCorrection
from console.domain.escalation import LEVEL_NAMES, LEVELS, SOURCE_NAMES, SOURCES, Ladder
from console.widgets.supervision_dialogs import FormDialog, _area, _label, _text


def _days(value: int) -> QSpinBox:
    s = QSpinBox()
    s.setRange(1, 60)
    s.setValue(value)
    s.setSuffix(" 个工作日")
    return s


def _when() -> QDateTimeEdit:
    w = QDateTimeEdit(QDateTime.currentDateTime())
    w.setCalendarPopup(True)
    w.setDisplayFormat("yyyy-MM-dd HH:mm")
    return w


def _radio_pair(owner, yes: str, no: str) -> tuple[QWidget, QRadioButton, QRadioButton]:
    box = QWidget()
    hl = QHBoxLayout(box)
    hl.setContentsMargins(0, 0, 0, 0)
    a, b = QRadioButton(yes), QRadioButton(no)
    group = QButtonGroup(owner)
    for r in (a, b):
        group.addButton(r)
        hl.addWidget(r)
    hl.addStretch(1)
    return box, a, b


class EscalationDialog(FormDialog):
    """立案督办: what it is about (an alarm, a rectification or a complaint), the level, the deadline, the finding
    and the requirement.  The deadline follows the ladder's days for the chosen level unless changed."""

    def __init__(
        self, ladder: Ladder, source_kind: str = "alarm", source_id: int | None = None, context: str = "", parent=None
    ):
        super().__init__(self.tr("立案督办"), context, self.tr("下达督办"), parent)
        self.ladder = ladder
        self.source_kind = QComboBox()
        for k in SOURCES:
            self.source_kind.addItem(SOURCE_NAMES[k], k)
        self.source_kind.setCurrentIndex(SOURCES.index(source_kind))
        self.row(self.tr("督办对象"), self.source_kind)
        self.source_id = QSpinBox()
        self.source_id.setRange(1, 2_000_000_000)
        if source_id is not None:
            self.source_id.setValue(source_id)
        self.row(self.tr("对象编号"), self.source_id)
        self.level = QComboBox()
        for k in LEVELS:
            self.level.addItem(LEVEL_NAMES[k], k)
        self.row(self.tr("督办级别"), self.level)
        self.days = self.row(self.tr("办理期限"), _days(ladder.days_for("reminder")))
        self.level.currentIndexChanged.connect(lambda _i: self.days.setValue(ladder.days_for(self.level.currentData())))
        self.finding = self.row(self.tr("督办事由"), _area(self.tr("发现的问题"), 90))
        self.requirement = self.row(self.tr("督办要求"), _area(self.tr("单位须在期限内完成的事项"), 90))

    def values(self) -> dict:
        finding, requirement = _text(self.finding), _text(self.requirement)
        if not finding:
            raise ValueError(self.tr("请填写督办事由"))
        if not requirement:
            raise ValueError(self.tr("请填写督办要求"))
        return {
            "source_kind": self.source_kind.currentData(),
            "source_id": self.source_id.value(),
            "level": self.level.currentData(),
            "deadline_days": self.days.value(),
            "finding": finding,
            "requirement": requirement,
        }


class AppealDialog(FormDialog):
    """登记申诉: a paper appeal handed in at the desk against an alarm."""

    def __init__(self, alarm_id: int | None = None, context: str = "", parent=None):
        super().__init__(self.tr("登记申诉"), context, self.tr("登记申诉"), parent)
        self.alarm_id = QSpinBox()
        self.alarm_id.setRange(1, 2_000_000_000)
        if alarm_id is not None:
            self.alarm_id.setValue(alarm_id)
        self.row(self.tr("告警编号"), self.alarm_id)
        self.appellant = self.row(self.tr("申诉人"), QLineEdit())
        self.appellant.setPlaceholderText(self.tr("单位及签署人"))
        self.reason = self.row(self.tr("申诉理由"), _area(self.tr("为何认为告警有误"), 90))
        self.evidence = self.row(self.tr("证据材料"), _area(self.tr("每行一项：文号、附件名称…"), 70))

    def values(self) -> dict:
        appellant, reason = _text(self.appellant), _text(self.reason)
        if not appellant:
            raise ValueError(self.tr("请填写申诉人"))
        if not reason:
            raise ValueError(self.tr("请填写申诉理由"))
        refs = [x.strip() for x in _text(self.evidence).splitlines() if x.strip()]
        return {"alarm_id": self.alarm_id.value(), "appellant": appellant, "reason": reason, "evidence": refs}


class DecideAppealDialog(FormDialog):
    """审查申诉: 申诉成立 (the alarm is cancelled) or 驳回 (it stands), with the reason."""

    def __init__(self, context: str, reason: str, evidence: tuple[str, ...], parent=None):
        super().__init__(self.tr("审查申诉"), context, self.tr("提交审查结论"), parent)
        self.row(self.tr("申诉理由"), _label(reason, "big"))
        self.row(self.tr("证据材料"), _label("\n".join(evidence) or "—", None))
        # not "rejected": that name is QDialog's signal
        box, self.upheld, self.dismissed = _radio_pair(self, self.tr("申诉成立，撤销告警"), self.tr("驳回，告警成立"))
        self.dismissed.setChecked(True)
        self.row(self.tr("审查结论"), box)
        self.text = self.row(self.tr("审查意见"), _area(self.tr("核实情况与理由"), 90))
        # where the appeal showed the data were wrong: the case's time corrected with the decision
        self.fix = self.row(self.tr("更正办件时间"), QComboBox())
        for text, kind in (
            (self.tr("不更正"), ""),
            (self.tr("补正期间（补录或更正起止）"), WAIT),
            (self.tr("受理时间"), ACCEPTED),
            (self.tr("办结时间"), COMPLETED),
        ):
            self.fix.addItem(text, kind)
        self.fix_start = self.row(self.tr("更正为 / 起"), _when())
        self.fix_end = self.row(self.tr("止"), _when())
        self.keep_end = self.row("", QCheckBox(self.tr("止沿用原记录（补正告知补录较晚时）")))
        for w in (self.upheld, self.dismissed, self.keep_end):
            w.toggled.connect(self._enable)
        self.fix.currentIndexChanged.connect(self._enable)
        self._enable()

    def _enable(self) -> None:
        kind = self.fix.currentData() if self.upheld.isChecked() else ""
        self.fix.setEnabled(self.upheld.isChecked())
        self.fix_start.setEnabled(bool(kind))
        self.keep_end.setEnabled(kind == WAIT)
        self.fix_end.setEnabled(kind == WAIT and not self.keep_end.isChecked())

    def values(self) -> dict:
        t = _text(self.text)
        if not t:
            raise ValueError(self.tr("请填写审查意见"))
        upheld = self.upheld.isChecked()
        kind = self.fix.currentData() if upheld else ""
        start = self.fix_start.dateTime().toPython()
        fixes: tuple[CaseCorrection, ...] = ()
        if kind == WAIT:
            end = None if self.keep_end.isChecked() else self.fix_end.dateTime().toPython()
            if end is not None and end < start:
                raise ValueError(self.tr("补正期间的止早于起"))
            fixes = (CaseCorrection(WAIT, started_at=start, ended_at=end),)
        elif kind:
            fixes = (CaseCorrection(kind, at=start),)
        return {"upheld": upheld, "text": t, "corrections": fixes}


class LadderDialog(FormDialog):
    """督办阶梯 (administrators): days per level, automatic climbing, appeal deadline."""

    def __init__(self, ladder: Ladder, parent=None):
        super().__init__(self.tr("督办阶梯设置"), "", self.tr("保存"), parent)
        self.days = [self.row(LEVEL_NAMES[k], _days(ladder.days_for(k))) for k in LEVELS]
        self.auto = self.row(self.tr("逾期自动升级"), QCheckBox(self.tr("期限届满未答复的督办自动升一级")))
        self.auto.setChecked(ladder.auto)
        self.from_rect = self.row(self.tr("整改逾期"), QCheckBox(self.tr("整改逾期自动立案预警提醒")))
        self.from_rect.setChecked(ladder.from_rectification)
        self.appeal_days = self.row(self.tr("申诉审查期限"), _days(ladder.appeal_days))

    def values(self) -> dict:
        return {
            "ladder": Ladder(
                days=tuple(d.value() for d in self.days),
                auto=self.auto.isChecked(),
                from_rectification=self.from_rect.isChecked(),
                appeal_days=self.appeal_days.value(),
            )
        }


__all__ = ["AppealDialog", "DecideAppealDialog", "EscalationDialog", "LadderDialog"]
