"""The one palette and stylesheet of the control-room console (dark theme, read across a room).

Widgets carry their meaning as **dynamic Qt properties** (PyDM-style) and this module's stylesheet colours
them; nobody hard-codes a colour elsewhere.  Properties in use:

* ``UnitCell[state=...]``  -- ``normal | blue | yellow | red | red_handled | no_data`` (console.domain.rollup)
* ``UnitCell[flash="true"]`` -- the "on" phase of an unacknowledged red (toggled by one shared 1 Hz timer)
* ``UnitCell[stale="true"]`` -- the data behind the grid is old or the database is unreachable: every state
  gets a desaturated shade, **never green** (the grid also draws stripes and "数据中断")
* ``QLabel[light=...]``  -- ``blue | yellow | red | open | handled`` count pills inside a cell
* ``QLabel[zero="true"]`` -- a count of zero, dimmed so the non-zero ones stand out
* ``HeadlineTile[tile=...]`` -- ``open | due | blue | yellow | red | handled | alarms | provisional | time``
* ``StaleBanner[kind=...]`` -- ``down`` (database unreachable) | ``stale`` (data too old); ``CalendarNote``

After changing a property call :func:`repolish` (Qt does not re-evaluate property selectors by itself).

Colour choices: the three lights keep their everyday meaning (blue, yellow, red); normal is green; a red that an
operator has acknowledged turns a calm maroon (still red family, never green; ISA-18.2 "acknowledged is not
fixed"); "no data" is grey with hatching; the stale/database banner is **fuchsia**, a colour no light uses, so
it can never be mistaken for a unit's state; provisional-calendar notes are amber text.
"""
from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QWidget

# ---- palette ---------------------------------------------------------------------------------------------
BG = "#0a0f1a"  # window background
PANEL = "#111a2b"  # panels, chart backgrounds
PANEL_BORDER = "#26324a"
TEXT = "#e8eef8"
TEXT_DIM = "#8d9ab0"
FOCUS = "#ffffff"

#: cell background per unit state (console.domain.rollup.UNIT_STATE_NAMES)
STATE_BG = {
    "normal": "#178a43",
    "blue": "#1f62d6",
    "yellow": "#f2b705",
    "red": "#8e1010",  # the "off" phase of a flashing red (and a red on a stale grid before desaturation)
    "red_handled": "#5e1a2b",  # maroon: acknowledged, calm, not green
    "no_data": "#2b313c",
}
RED_FLASH = "#ff2b2b"  # the "on" phase
#: text colour per state (yellow needs dark text)
STATE_FG = {
    "normal": "#ffffff",
    "blue": "#ffffff",
    "yellow": "#141414",
    "red": "#ffffff",
    "red_handled": "#f6cfd8",
    "no_data": "#a3acbb",
}
#: desaturated shades for a stale grid: a hint of the hue, no green anywhere
STALE_BG = {
    "normal": "#3a3f4a",
    "blue": "#36425a",
    "yellow": "#57513a",
    "red": "#5a3434",
    "red_handled": "#4a3139",
    "no_data": "#2b2f37",
}
STALE_FG = "#b8bfcc"
STALE_STRIPE = QColor(255, 255, 255, 28)
NO_DATA_HATCH = QColor(255, 255, 255, 30)

#: light colours used on a dark background (count pills, headline, charts)
LIGHT = {
    "normal": "#2fbf63",
    "blue": "#4d8dff",
    "yellow": "#ffc61a",
    "red": "#ff4040",
    "handled": "#c0506d",
    "open": "#e8eef8",
}
BANNER_BG = "#b0179c"  # fuchsia: its own colour, never a light
BANNER_FG = "#ffffff"
AMBER = "#ffa000"

#: satisfaction levels 1..5 (非常不满意 .. 非常满意), red to green
SATISFACTION = ("#e53935", "#fb8c00", "#fdd835", "#7cb342", "#2e9d4f")
ACCEPTED = "#4dc3ff"
COMPLETED = "#2fbf63"

CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei",
                "PingFang SC", "Noto Sans SC", "SimHei")


def cjk_family() -> str:
    """The first installed Chinese-capable family (falls back to the application font)."""
    families = set(QFontDatabase.families())
    for fam in CJK_FAMILIES:
        if fam in families:
            return fam
    for fam in families:  # anything that claims Simplified Chinese
        if QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(fam):
            return fam
    return QApplication.font().family()


def cjk_font(pixel_size: int = 16, bold: bool = False) -> QFont:
    f = QFont(cjk_family())
    f.setPixelSize(max(6, int(pixel_size)))
    f.setBold(bold)
    return f


def _cell_rules() -> str:
    out = []
    for state, bg in STATE_BG.items():
        fg = STATE_FG[state]
        out.append(f'UnitCell[state="{state}"] {{ background-color: {bg}; }}')
        out.append(f'UnitCell[state="{state}"] QLabel {{ color: {fg}; }}')
    out.append(f'UnitCell[state="red"][flash="true"] {{ background-color: {RED_FLASH}; }}')
    for state, bg in STALE_BG.items():
        out.append(f'UnitCell[stale="true"][state="{state}"] {{ background-color: {bg}; }}')
        out.append(f'UnitCell[stale="true"][state="{state}"] QLabel {{ color: {STALE_FG}; }}')
    return "\n".join(out)


STYLESHEET = f"""
QWidget#ConsoleRoot, ScreenWindow, WallView, ChartsView {{ background-color: {BG}; color: {TEXT}; }}
QTabWidget::pane {{ border: 0; }}
QTabBar::tab {{ background: {PANEL}; color: {TEXT_DIM}; padding: 6px 18px; font-size: 20px; border: 1px solid {PANEL_BORDER}; }}
QTabBar::tab:selected {{ background: {PANEL_BORDER}; color: {TEXT}; }}

LightGrid {{ background-color: {BG}; }}
UnitCell {{ border: 2px solid {BG}; border-radius: 6px; }}
UnitCell:focus {{ border: 4px solid {FOCUS}; }}
UnitCell QLabel {{ background: transparent; }}
UnitCell QLabel[role="marker"] {{ background-color: rgba(255, 255, 255, 0.16); border: 1px solid rgba(255,255,255,0.5);
    border-radius: 4px; padding: 0px 6px; }}
{_cell_rules()}
UnitCell QLabel[light] {{ background-color: rgba(0, 0, 0, 0.55); border-radius: 4px; padding: 1px 6px; }}
UnitCell QLabel[light="blue"] {{ color: #b4d0ff; }}
UnitCell QLabel[light="yellow"] {{ color: #ffe27f; }}
UnitCell QLabel[light="red"] {{ color: #ffb0b0; }}
UnitCell QLabel[zero="true"] {{ color: rgba(255, 255, 255, 0.40); background-color: rgba(0, 0, 0, 0.28); }}
UnitCell[stale="true"] QLabel[light] {{ color: {STALE_FG}; }}

Headline {{ background-color: {PANEL}; border-bottom: 1px solid {PANEL_BORDER}; }}
HeadlineTile {{ background: transparent; }}
HeadlineTile QLabel[role="caption"] {{ color: {TEXT_DIM}; }}
HeadlineTile QLabel[role="value"] {{ color: {TEXT}; }}
HeadlineTile[tile="blue"] QLabel[role="value"] {{ color: {LIGHT['blue']}; }}
HeadlineTile[tile="yellow"] QLabel[role="value"] {{ color: {LIGHT['yellow']}; }}
HeadlineTile[tile="red"] QLabel[role="value"] {{ color: {LIGHT['red']}; }}
HeadlineTile[tile="handled"] QLabel[role="value"] {{ color: {LIGHT['handled']}; }}
HeadlineTile[tile="alarms"] QLabel[role="value"] {{ color: {LIGHT['red']}; }}
HeadlineTile[tile="alarms"][zero="true"] QLabel[role="value"] {{ color: {TEXT}; }}
HeadlineTile[tile="provisional"] QLabel[role="value"] {{ color: {AMBER}; }}
HeadlineTile[tile="complaints"] QLabel[role="value"] {{ color: {TEXT}; }}
HeadlineTile[tile="complaints"][light="blue"] QLabel[role="value"] {{ color: {LIGHT['blue']}; }}
HeadlineTile[tile="complaints"][light="yellow"] QLabel[role="value"] {{ color: {LIGHT['yellow']}; }}
HeadlineTile[tile="complaints"][light="red"] QLabel[role="value"] {{ color: {LIGHT['red']}; }}
HeadlineTile[tile="time"] QLabel[role="value"] {{ color: {TEXT}; }}
HeadlineTile[tile="time"][stale="true"] QLabel[role="value"] {{ color: {BANNER_BG}; }}
QLabel#HeadlineTitle {{ color: {TEXT}; }}

StaleBanner {{ background-color: {BANNER_BG}; }}
StaleBanner QLabel {{ color: {BANNER_FG}; background: transparent; }}
CalendarNote {{ background-color: #241903; border: 2px solid {AMBER}; }}
CalendarNote QLabel {{ color: {AMBER}; background: transparent; }}

ChartsView QLabel[role="chart-title"] {{ color: {TEXT}; }}
ChartPanel {{ background-color: {PANEL}; border: 1px solid {PANEL_BORDER}; border-radius: 6px; }}
"""


def install(target: QApplication | QWidget) -> None:
    """Apply the console stylesheet to the application (or to one widget tree, e.g. in tests)."""
    target.setStyleSheet(STYLESHEET)


def repolish(w: QWidget, children: bool = True) -> None:
    """Re-evaluate property selectors after ``setProperty`` (on the widget and, by default, its labels)."""
    st = w.style()
    st.unpolish(w)
    st.polish(w)
    if children:
        for c in w.findChildren(QWidget):
            st.unpolish(c)
            st.polish(c)
    w.update()
