"""One stylesheet (console/widgets/style.py): no other module of the Qt rooms styles or colours a widget, the
desk's rules stay on the desk, and states are shown through dynamic properties."""

from __future__ import annotations

import re

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from console.widgets import style
from console.widgets.alarm_dialog import AlarmDialog
from tests.gui.widgets.test_alarm_models import make_alarm
from tests.support import ROOT

CONSOLE = ROOT / "console"
QT_ROOMS = ("shell", "views", "widgets")
HEX_COLOUR = re.compile(r"""["']#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})["']""")


def test_no_stylesheet_and_no_colour_outside_the_style_module():
    offenders = []
    for room in QT_ROOMS:
        for path in sorted((CONSOLE / room).rglob("*.py")):
            if path == CONSOLE / "widgets" / "style.py":
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if "setStyleSheet(" in line or HEX_COLOUR.search(line):
                    offenders.append(f"{path.relative_to(CONSOLE)}:{n}: {line.strip()}")
    assert offenders == []


def _label_in(parent: QWidget) -> QLabel:
    lab = QLabel("标题", parent)
    lab.setObjectName("title")
    QVBoxLayout(parent).addWidget(lab)
    return lab


def test_desk_rules_stay_on_the_desk(qtbot):
    room = QWidget()
    qtbot.addWidget(room)
    style.install(room)
    wall_label = _label_in(QWidget(room))
    dialog = QDialog(room)
    desk_label = _label_in(dialog)
    for lab in (wall_label, desk_label):
        lab.ensurePolished()
    assert desk_label.font().pixelSize() == 32  # QLabel#title on the desk
    assert wall_label.font().pixelSize() != 32  # a wall sets its fonts from the screen size, in code


def _colour(widget, x: int, y: int) -> QColor:
    return widget.grab().toImage().pixelColor(x, y)


def test_alarm_header_flashes_and_the_logged_in_name_is_no_field(qtbot, tmp_path):
    d = AlarmDialog(make_alarm(1), QSettings(str(tmp_path / "c.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(d)
    style.install(d)
    d.show()
    qtbot.waitExposed(d)
    header = d.header
    mid = header.width() // 2, 3
    assert _colour(header, *mid) == QColor(style.LIGHT["red"])
    d._toggle_flash()
    assert header.property("flash") is True and _colour(header, *mid) == QColor(style.STATE_BG["red"])
    d.stop_flashing()
    assert _colour(header, *mid) == QColor(style.LIGHT["red"])

    field = d.fields.operator
    assert _colour(field, field.width() - 4, field.height() // 2) == QColor(style.FIELD)
    d.set_identity("李监察", True)
    assert _colour(field, field.width() - 4, field.height() // 2).alpha() == 0  # read-only: text on the dialog
    d.set_identity(None, False)
    assert _colour(field, field.width() - 4, field.height() // 2) == QColor(style.FIELD)


def _luminance(hex_colour: str) -> float:
    def lin(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def test_a_cards_level_reads_on_its_colour():
    """WCAG 2 contrast of the 督办 level cell (the card's colour behind its text) at least 4.5:1; black on the red
    card was 4.2:1 (a tester: 红牌督办 hard to read)."""
    for level, bg in style.CARD.items():
        hi, lo = sorted((_luminance(bg), _luminance(style.CARD_TEXT[level])), reverse=True)
        assert (hi + 0.05) / (lo + 0.05) >= 4.5, level
