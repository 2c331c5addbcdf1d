"""Form dialogs of the supervision work: 下达整改, 撤销 (reasons), 记录问责, complaints, limit changes, operators.

Each is a ``FormDialog``: pressing OK checks the form (``values()``; a ``ValueError`` shows its message) and
emits ``sig_submitted(values: dict)`` with the dialog still open and busy.  The caller runs the write on the
controller's worker pool and calls ``finish()`` (closes) or ``fail(message)`` (shows the back end's refusal
and stays open for a correction).  ``submit_via(controller, dialog, work, on_done)`` wires exactly that.
Dialogs are opened with ``open()`` (window-modal), never ``exec()``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from console.domain.vocabulary import COMPLAINT_CHANNELS, PERSON_ROLES, ROLES, SANCTION_LADDER, SATISFACTION_LEVELS
from console.widgets.common import fit_to_content, plain_label
from console.widgets.gate import role_text

_label = functools.partial(plain_label, wrap=True)


def _text(w) -> str:
    return (w.toPlainText() if isinstance(w, QPlainTextEdit) else w.text()).strip()


def _qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


def _area(placeholder: str = "", height: int = 90) -> QPlainTextEdit:
    e = QPlainTextEdit()
    e.setPlaceholderText(placeholder)
    e.setFixedHeight(height)
    e.setTabChangesFocus(True)
    return e


class FormDialog(QDialog):
    """Title, an optional context line, a form, an error line and OK/Cancel."""

    sig_submitted = Signal(object)  # dict of values

    def __init__(self, title: str, context: str = "", ok_text: str | None = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(720)
        self.result_value = None
        lay = QVBoxLayout(self)
        lay.setSpacing(10)
        head = _label(title, "title")
        lay.addWidget(head)
        self.context = _label(context, "context")
        self.context.setVisible(bool(context))
        lay.addWidget(self.context)
        self.form = QFormLayout()
        self.form.setHorizontalSpacing(16)
        self.form.setVerticalSpacing(10)
        lay.addLayout(self.form)
        self.error = _label("", "error")
        self.error.hide()
        lay.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text or QCoreApplication.translate("FormDialog", "确定"))
        self.ok_button.setObjectName("primary")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            QCoreApplication.translate("FormDialog", "取消")
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)

    def row(self, label: str, widget: QWidget) -> QWidget:
        self.form.addRow(_label(label, "dim", wrap=False), widget)
        # an error names a field to fill ("须写明决定机关"): once the operator edits a field it is answered
        for signal_name in ("textChanged", "currentIndexChanged", "valueChanged", "dateChanged", "toggled"):
            sig = getattr(widget, signal_name, None)
            if sig is not None:
                sig.connect(self.clear_error)
                break
        return widget

    def clear_error(self, *_args) -> None:
        self.error.hide()
        self.error.clear()

    def values(self) -> dict:  # pragma: no cover - overridden
        return {}

    def submit(self) -> None:
        try:
            v = self.values()
        except ValueError as exc:
            self.fail(str(exc))
            return
        self.error.hide()
        self.ok_button.setEnabled(False)
        self.sig_submitted.emit(v)

    def fail(self, message: str) -> None:
        self.ok_button.setEnabled(True)
        self.error.setText(message)
        self.error.show()
        # the window kept the size of its first show: the refusal's lines were drawn under the text box above
        # (a long typed_text refusal, console/domain/text.py, wraps into two); grow to hold them, never shrink
        if self.isVisible():
            fit_to_content(self, grow_only=True)

    def finish(self, result=None) -> None:
        self.result_value = result
        self.accept()


def submit_via(
    controller,
    dialog: FormDialog,
    work: Callable[[dict], Callable[[], object]],
    on_done: Callable[[object], None] | None = None,
) -> FormDialog:
    """On OK run ``work(values)()`` on the worker pool; success closes the dialog then calls ``on_done``."""

    def submitted(values):
        def done(result):
            dialog.finish(result)
            if on_done is not None:
                on_done(result)

        controller.run_request(work(values), done, lambda exc: dialog.fail(controller.error_text(exc)))

    dialog.sig_submitted.connect(submitted)
    return dialog


def _unit_combo(units: Sequence, selected: int | None, none_text: str | None = None) -> QComboBox:
    box = QComboBox()
    box.setEditable(False)
    box.setMaxVisibleItems(20)
    if none_text is not None:
        box.addItem(none_text, None)
    for u in units:
        box.addItem(f"{u.name}（{u.code}）", u.unit_id)
    if selected is not None:
        i = box.findData(selected)
        if i >= 0:
            box.setCurrentIndex(i)
    return box


# ---- 下达整改 -------------------------------------------------------------------------------------------------


class RectificationDialog(FormDialog):
    """Order rectification: responsible unit (default: the case's), person, deadline in working days, text."""

    def __init__(self, units: Sequence, context: str, unit_id: int | None, person: str | None = None, parent=None):
        super().__init__(self.tr("下达整改通知"), context, self.tr("下达整改"), parent)
        self.unit = self.row(self.tr("责任单位"), _unit_combo(units, unit_id))
        self.person = self.row(self.tr("责任人"), QLineEdit(person or ""))
        self.person.setPlaceholderText(self.tr("可选：承办人或负责人姓名"))
        self.days = QSpinBox()
        self.days.setRange(1, 60)
        self.days.setValue(5)
        self.days.setSuffix(self.tr(" 个工作日"))
        self.row(self.tr("整改期限"), self.days)
        self.instructions = self.row(self.tr("整改要求"), _area(self.tr("例如：说明超时原因，立即办结并报送整改情况")))
        # the unit and person come filled from the alarm or case: the requirement is what is left to write
        self.instructions.setFocus()

    def values(self) -> dict:
        if self.unit.currentData() is None:
            raise ValueError(self.tr("请选择责任单位"))
        if not _text(self.instructions):  # a rectification notice says what to rectify (四不放过: 整改要落实)
            self.instructions.setFocus()
            raise ValueError(self.tr("请写明整改要求"))
        return {
            "unit_id": self.unit.currentData(),
            "responsible_person": _text(self.person) or None,
            "deadline_days": self.days.value(),
            "instructions": _text(self.instructions),
        }


# ---- a reason / a text ---------------------------------------------------------------------------------------


class TextDialog(FormDialog):
    """One required text (撤销理由, 整改答复, 调查记录, 延期理由, 答复…)."""

    def __init__(
        self,
        title: str,
        label: str,
        context: str = "",
        ok_text: str | None = None,
        placeholder: str = "",
        required_message: str | None = None,
        parent=None,
    ):
        super().__init__(title, context, ok_text, parent)
        self.text = self.row(label, _area(placeholder, 120))
        self._required = required_message or self.tr("请填写{label}").format(label=label)

    def values(self) -> dict:
        t = _text(self.text)
        if not t:
            raise ValueError(self._required)
        return {"text": t}


class VerifyDialog(FormDialog):
    """A supervisor checks a rectification answer: 通过 (closes it) or 退回 (back to the unit)."""

    def __init__(self, context: str, answer: str | None, parent=None):
        super().__init__(self.tr("验证整改"), context, self.tr("提交验证"), parent)
        ans = _label(answer or "—", "big")
        ans.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.row(self.tr("单位答复"), ans)
        box = QWidget()
        hl = QHBoxLayout(box)
        hl.setContentsMargins(0, 0, 0, 0)
        self.passed = QRadioButton(self.tr("通过，整改完成"))
        self.returned = QRadioButton(self.tr("不通过，退回重新整改"))
        self.passed.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.passed)
        group.addButton(self.returned)
        hl.addWidget(self.passed)
        hl.addWidget(self.returned)
        hl.addStretch(1)
        self.row(self.tr("验证结论"), box)
        self.text = self.row(self.tr("验证意见"), _area(self.tr("核实情况"), 100))

    def values(self) -> dict:
        t = _text(self.text)
        if not t:
            raise ValueError(self.tr("请填写验证意见"))
        return {"passed": self.passed.isChecked(), "text": t}


# ---- 记录问责 -------------------------------------------------------------------------------------------------


class SanctionDialog(FormDialog):
    """A decision against a person (承办人/审核人/批准人, their unit) and/or a unit as a whole (通报批评)."""

    def __init__(
        self,
        units: Sequence,
        context: str,
        unit_id: int | None,
        person: str | None = None,
        person_role: str | None = None,
        today: dt.date | None = None,
        parent=None,
    ):
        super().__init__(self.tr("记录问责（责任追究）"), context, self.tr("记录问责"), parent)
        self.kind = QComboBox()
        for k in SANCTION_LADDER:
            self.kind.addItem(k, k)
        self.row(self.tr("处理种类"), self.kind)
        self.against_person = QCheckBox(self.tr("追究个人责任"))
        self.against_person.setChecked(True)
        self.row(self.tr("对象"), self.against_person)
        self.person = self.row(self.tr("责任人"), QLineEdit(person or ""))
        self.person.setPlaceholderText(self.tr("姓名"))
        self.person_role = QComboBox()
        for r in PERSON_ROLES:
            self.person_role.addItem(r, r)
        if person_role in PERSON_ROLES:
            self.person_role.setCurrentIndex(PERSON_ROLES.index(person_role))
        self.row(self.tr("岗位"), self.person_role)
        self.unit = self.row(self.tr("所在/责任单位"), _unit_combo(units, unit_id, self.tr("（不指定单位）")))
        self.body = self.row(self.tr("决定机关"), QLineEdit())
        self.body.setPlaceholderText(self.tr("例如：市监察局"))
        self.decided = QDateEdit(_qdate(today or dt.date.today()))
        self.decided.setCalendarPopup(True)
        self.decided.setDisplayFormat("yyyy-MM-dd")
        self.row(self.tr("决定日期"), self.decided)
        self.text = self.row(self.tr("决定内容"), _area(self.tr("事实、依据与处理决定"), 100))
        self.against_person.toggled.connect(self._person_toggled)

    def _person_toggled(self, on: bool) -> None:
        self.person.setEnabled(on)
        self.person_role.setEnabled(on)

    def values(self) -> dict:
        person = _text(self.person) if self.against_person.isChecked() else ""
        if self.against_person.isChecked() and not person:
            raise ValueError(self.tr("请填写责任人姓名，或取消“追究个人责任”以追究单位责任"))
        if not person and self.unit.currentData() is None:
            raise ValueError(self.tr("责任追究须指明责任人或责任单位"))
        return {
            "kind": self.kind.currentData(),
            "person_name": person or None,
            "person_role": self.person_role.currentData() if person else None,
            "unit_id": self.unit.currentData(),
            "deciding_body": _text(self.body),
            "decided_on": _pydate(self.decided.date()),
            "text": _text(self.text) or None,
        }


# ---- complaints ------------------------------------------------------------------------------------------------


class ComplaintDialog(FormDialog):
    """登记投诉 from any channel against a unit, a person and/or a case."""

    def __init__(
        self, units: Sequence, unit_id: int | None = None, case_id: int | None = None, context: str = "", parent=None
    ):
        super().__init__(self.tr("登记效能投诉"), context, self.tr("登记"), parent)
        self.case_id = case_id
        self.channel = QComboBox()
        for c in COMPLAINT_CHANNELS:
            self.channel.addItem(c, c)
        self.row(self.tr("投诉渠道"), self.channel)
        self.complainant = self.row(self.tr("投诉人"), QLineEdit())
        self.contact = self.row(self.tr("联系方式"), QLineEdit())
        self.unit = self.row(self.tr("被投诉单位"), _unit_combo(units, unit_id, self.tr("（不指定）")))
        self.person = self.row(self.tr("被投诉人"), QLineEdit())
        self.person.setPlaceholderText(self.tr("可选"))
        self.summary = self.row(self.tr("投诉内容"), _area(self.tr("投诉事项与诉求"), 110))

    def values(self) -> dict:
        if not _text(self.complainant):
            raise ValueError(self.tr("请填写投诉人"))
        if not _text(self.summary):
            raise ValueError(self.tr("请填写投诉内容"))
        return {
            "channel": self.channel.currentData(),
            "complainant": _text(self.complainant),
            "complainant_contact": _text(self.contact) or None,
            "against_unit_id": self.unit.currentData(),
            "against_person": _text(self.person) or None,
            "case_id": self.case_id,
            "summary": _text(self.summary),
        }


class AcceptanceDialog(FormDialog):
    """受理 or 不予受理 (with a reason)."""

    def __init__(self, context: str, parent=None):
        super().__init__(self.tr("受理决定"), context, self.tr("提交决定"), parent)
        box = QWidget()
        hl = QHBoxLayout(box)
        hl.setContentsMargins(0, 0, 0, 0)
        self.accept_radio = QRadioButton(self.tr("受理"))
        self.reject_radio = QRadioButton(self.tr("不予受理"))
        self.accept_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.accept_radio)
        group.addButton(self.reject_radio)
        hl.addWidget(self.accept_radio)
        hl.addWidget(self.reject_radio)
        hl.addStretch(1)
        self.row(self.tr("决定"), box)
        self.reason = self.row(self.tr("不予受理理由"), _area("", 90))

    def values(self) -> dict:
        accept = self.accept_radio.isChecked()
        if not accept and not _text(self.reason):
            raise ValueError(self.tr("不予受理须说明理由"))
        return {"accept": accept, "reason": _text(self.reason) or None}


class ConditionDialog(FormDialog):
    """One 四不放过 condition met: who, and the evidence."""

    def __init__(self, condition_text: str, context: str, met_by: str = "", parent=None):
        super().__init__(self.tr("四不放过：{c}").format(c=condition_text), context, self.tr("记录已落实"), parent)
        self.met_by = self.row(self.tr("落实人"), QLineEdit(met_by))
        self.evidence = self.row(self.tr("证明材料"), _area(self.tr("文号、记录或材料说明"), 110))

    def values(self) -> dict:
        if not _text(self.evidence):
            raise ValueError(self.tr("请填写证明材料"))
        return {"met_by": _text(self.met_by) or None, "evidence": _text(self.evidence)}


class ChoiceDialog(FormDialog):
    def __init__(self, title: str, label: str, choices: Sequence[str], context: str = "", parent=None):
        super().__init__(title, context, None, parent)
        self.choice = QComboBox()
        for c in choices:
            self.choice.addItem(c, c)
        self.row(label, self.choice)

    def values(self) -> dict:
        return {"choice": self.choice.currentData()}


def callback_dialog(context: str, parent=None) -> ChoiceDialog:
    return ChoiceDialog(
        QCoreApplication.translate("ChoiceDialog", "回访满意度"),
        QCoreApplication.translate("ChoiceDialog", "投诉人评价"),
        SATISFACTION_LEVELS,
        context,
        parent,
    )


# ---- limits ----------------------------------------------------------------------------------------------------


class LimitChangeDialog(FormDialog):
    """An administrator corrects an item's limits, with the reason (audited; open cases re-dated)."""

    def __init__(self, limits, parent=None):
        context = QCoreApplication.translate(
            "LimitChangeDialog", "{unit} · {code} {name}；在办 {n} 件，修改后立即按新时限重算期限"
        ).format(unit=limits.unit_name, code=limits.code, name=limits.name, n=limits.open_cases)
        super().__init__(self.tr("修改事项时限"), context, self.tr("保存修改"), parent)
        self.item_code = limits.code
        self.promised = QSpinBox()
        self.promised.setRange(0, 999)
        self.promised.setValue(limits.promised_days or 0)
        self.promised.setSuffix(self.tr(" 个工作日"))
        self.row(self.tr("承诺时限"), self.promised)
        self.statutory = QSpinBox()
        self.statutory.setRange(1, 999)
        self.statutory.setValue(limits.statutory_days or 1)
        self.statutory.setSuffix(self.tr(" 个工作日"))
        self.row(self.tr("法定时限"), self.statutory)
        self.row(
            self.tr("原设置"),
            _label(
                self.tr("承诺 {p}，法定 {s}").format(
                    p=limits.promised_days if limits.promised_days is not None else "—",
                    s=limits.statutory_days if limits.statutory_days is not None else "—",
                ),
                "dim",
            ),
        )
        self.reason = self.row(
            self.tr("修改理由"), _area(self.tr("例如：系统设置错误，承诺时限误设为超过法定时限"), 90)
        )

    def values(self) -> dict:
        if not _text(self.reason):
            raise ValueError(self.tr("修改时限须说明理由"))
        return {
            "item_code": self.item_code,
            "promised_days": self.promised.value(),
            "statutory_days": self.statutory.value(),
            "reason": _text(self.reason),
        }


# ---- operators -------------------------------------------------------------------------------------------------


class OperatorDialog(FormDialog):
    """Add an operator (administrator)."""

    def __init__(self, parent=None):
        super().__init__(self.tr("添加操作员"), "", self.tr("添加"), parent)
        self.username = self.row(self.tr("用户名"), QLineEdit())
        self.display = self.row(self.tr("姓名"), QLineEdit())
        self.role = QComboBox()
        for r in ROLES:
            self.role.addItem(f"{role_text(r)}（{r}）", r)
        self.row(self.tr("角色"), self.role)
        self.password = self.row(self.tr("初始密码"), QLineEdit())
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = self.row(self.tr("再次输入"), QLineEdit())
        self.again.setEchoMode(QLineEdit.EchoMode.Password)

    def values(self) -> dict:
        if not _text(self.username):
            raise ValueError(self.tr("请填写用户名"))
        if self.password.text() != self.again.text():
            raise ValueError(self.tr("两次输入的密码不一致"))
        return {
            "username": _text(self.username),
            "display_name": _text(self.display) or None,
            "role": self.role.currentData(),
            "password": self.password.text(),
        }


__all__ = [
    "AcceptanceDialog",
    "ChoiceDialog",
    "ComplaintDialog",
    "ConditionDialog",
    "FormDialog",
    "LimitChangeDialog",
    "OperatorDialog",
    "RectificationDialog",
    "SanctionDialog",
    "TextDialog",
    "VerifyDialog",
    "callback_dialog",
    "submit_via",
]
