"""The supervision forms as an operator meets them: required fields, errors that go once answered, visible
radio buttons on the dark theme."""

from __future__ import annotations

from PySide6.QtGui import QColor

from console.domain.supervision_rows import UnitRef
from console.widgets import style
from console.widgets.supervision_dialogs import AcceptanceDialog, RectificationDialog

UNITS = [UnitRef(1, "D11", "环保局", "department")]


def test_rectification_needs_its_requirements(qtbot):
    d = RectificationDialog(UNITS, "办件 510100-1", 1)
    qtbot.addWidget(d)
    with qtbot.assertNotEmitted(d.sig_submitted):
        d.submit()
    assert d.error.text() == "请写明整改要求" and not d.error.isHidden()
    d.instructions.setPlainText("说明超时原因，立即办结")
    assert d.error.isHidden()  # answered: the error goes as soon as the field is filled
    with qtbot.waitSignal(d.sig_submitted) as sig:
        d.submit()
    assert sig.args[0]["instructions"] == "说明超时原因，立即办结"


def test_an_error_naming_a_field_goes_when_the_field_is_edited(qtbot):
    d = RectificationDialog(UNITS, "办件 510100-1", 1)
    qtbot.addWidget(d)
    d.fail("须写明决定机关")  # the back end's words, shown on the form
    assert not d.error.isHidden()
    d.person.setText("张伟")
    assert d.error.isHidden() and d.error.text() == ""


def test_radio_buttons_are_visible_on_the_dark_theme(qtbot, qapp):
    style.install(qapp)
    try:
        d = AcceptanceDialog("投诉 #1")
        qtbot.addWidget(d)
        d.show()
        qtbot.waitExposed(d)
        img = d.accept_radio.grab().toImage()
        amber = QColor(style.AMBER)
        hits = sum(
            1
            for x in range(min(img.width(), 40))
            for y in range(img.height())
            if abs(img.pixelColor(x, y).red() - amber.red()) < 30
            and abs(img.pixelColor(x, y).green() - amber.green()) < 30
            and abs(img.pixelColor(x, y).blue() - amber.blue()) < 30
        )
        assert d.accept_radio.isChecked() and hits > 20  # the checked dot is drawn in the theme's amber
    finally:
        qapp.setStyleSheet("")
