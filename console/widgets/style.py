"""The one palette and the one stylesheet of the control-room console (dark theme, read across a room).

Every colour of the console is a constant of this module and every style rule is in :data:`STYLESHEET`, which
:func:`install` sets on the application once (``console.shell.app``); no other module calls ``setStyleSheet``
or writes a colour.  Painters, item models and charts that cannot be styled by a sheet take their colours from
the constants here (``TIMELINE``, ``LIGHT``, ``STATE_BG``...).

Why a Python module and not a ``.qss`` resource: the painters, the Qt item models and pyqtgraph need the same
colours as values, and the per-state rules are generated from the same dictionaries (one loop per state
table); a ``.qss`` file would need a template language for both and a second place to look.

Two looks share the sheet:

* **the walls** (LightGrid, Headline, charts, banners): rules by widget type, fonts set in code;
* **the desk** (the alarm queue, the drill-down, 监督工作, and every dialog): the dense control-room look
  with its own fonts.  Its rules are written once in ``_DESK`` and scoped to the desk's root widgets
  (:data:`DESK_ROOTS`) by :func:`_scoped`, so a bare ``QWidget { font-size: ... }`` there never reaches a wall
  cell whose fonts are computed from the screen size.

Widgets carry their meaning as **dynamic Qt properties** (PyDM-style) and the sheet colours them:

* ``UnitCell[state=...]``  -- ``normal | blue | yellow | red | red_handled | no_data`` (console.domain.rollup)
* ``UnitCell[flash="true"]`` -- the "on" phase of an unacknowledged red (toggled by one shared 1 Hz timer)
* ``UnitCell[stale="true"]`` -- the data behind the grid is old or the database is unreachable: every state
  gets a desaturated shade, **never green** (the grid also draws stripes and "数据中断")
* ``QLabel[light=...]``  -- ``blue | yellow | red | open | handled`` count pills inside a cell; on the desk the
  text colour of a light (``normal`` green, ``yellow``, ``red``...) and, on ``QLabel#case_light``, a pill
* ``QLabel[zero="true"]`` -- a count of zero, dimmed so the non-zero ones stand out
* ``HeadlineTile[tile=...]`` -- ``open | due | blue | yellow | red | handled | alarms | provisional | time``
* ``AuditBanner`` -- the audit trail failed verification: red with a white frame, on every wall
* ``EngineBanner``, ``QLabel#engine_down`` -- the supervision engine is not running (no alarms are being raised)
* ``ReplayBanner`` -- replay (回放) of a past moment: paper white with black text and an amber edge, on every
  screen window; ``ReplayControl`` -- the desk's date-time edit and buttons that start and end it
* ``StaleBanner[kind=...]`` -- ``down`` (database unreachable) | ``stale`` (data too old); ``CalendarNote``
* ``QFrame#alarm_header[flash="true"]`` -- the dark phase of an alarm dialog's flashing header
* ``QLabel[severity=...]`` -- ``info | error``: a message line (e.g. the foot of 监督工作)
* ``QPushButton[compact="true"]`` -- the smaller buttons of a row of actions

After changing a property call :func:`set_state` or :func:`repolish` (Qt does not re-evaluate property
selectors by itself).

Colour choices: the three lights keep their everyday meaning (blue, yellow, red); normal is green; a red that an
operator has acknowledged turns a calm maroon (still red family, never green; ISA-18.2 "acknowledged is not
fixed"); "no data" is grey with hatching; the stale/database banner is **fuchsia**, a colour no light uses, so
it can never be mistaken for a unit's state; provisional-calendar notes are amber text.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QWidget

# ---- palette ---------------------------------------------------------------------------------------------
BG = "#0a0f1a"  # window background
PANEL = "#111a2b"  # panels, chart backgrounds
PANEL_BORDER = "#26324a"
FIELD = "#16223a"  # input fields, buttons and table stripes on the desk
SELECTION = "#1f4e8c"
TEXT = "#e8eef8"
TEXT_DIM = "#8d9ab0"
WHITE = "#ffffff"
BLACK = "#000000"
FOCUS = WHITE

#: cell background per unit state (console.domain.rollup.UNIT_STATE_NAMES)
STATE_BG = {
    "normal": "#178a43",
    "blue": "#1f62d6",
    "yellow": "#f2b705",
    "red": "#8e1010",  # the "off" phase of a flashing red (and a red on a stale grid before desaturation)
    "red_handled": "#5e1a2b",  # maroon: acknowledged, calm, not green
    "no_data": "#2b313c",
    "feed_silent": "#6a1b6e",  # purple: its approval system has gone quiet (数据中断), never green
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
    "feed_silent": "#f3d9f5",
}
#: desaturated shades for a stale grid: a hint of the hue, no green anywhere
STALE_BG = {
    "normal": "#3a3f4a",
    "blue": "#36425a",
    "yellow": "#57513a",
    "red": "#5a3434",
    "red_handled": "#4a3139",
    "no_data": "#2b2f37",
    "feed_silent": "#45304a",
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
#: the 督办 card mark on a unit's tile: filled card, edged black and white so it reads on every cell colour
CARD = {"yellow": "#ffd400", "red": "#e0001b"}
CARD_TEXT = {"yellow": BLACK, "red": WHITE}  # text on a card's colour (the 督办 level cell): 4.5:1 at least
CARD_EDGE = (BLACK, WHITE)
BANNER_BG = "#b0179c"  # fuchsia: its own colour, never a light
BANNER_FG = WHITE
STALE_VEIL = QColor(10, 15, 26, 225)  # BG, nearly opaque: under the "数据中断" box drawn over a stale grid
AMBER = "#ffa000"
REPLAY_BG = "#f4f1e8"  # replay: paper white on a dark room, like no light and no live banner
REPLAY_FG = BLACK
# the supervision engine not running: black on safety orange with a black edge, unlike every light and banner
ENGINE_DOWN_BG = "#ff5f00"
ENGINE_DOWN_FG = BLACK
CALENDAR_NOTE_BG = "#241903"
PRIMARY = "#a8071a"  # the one button that acknowledges / submits: red family, darker than a red light
PRIMARY_DISABLED = "#3a1418"

#: satisfaction levels 1..5 (非常不满意 .. 非常满意), red to green
SATISFACTION = ("#e53935", "#fb8c00", "#fdd835", "#7cb342", "#2e9d4f")
ACCEPTED = "#4dc3ff"  # also the desk's accent: focus, links, information
COMPLETED = "#2fbf63"

#: the case timeline of the drill-down (console.views.drilldown.CaseTimeline), painted
TIMELINE = {
    "work": "#1d2b47",  # a working day
    "rest": "#080c14",  # weekend or holiday
    "unknown": "#3a4356",  # beyond the calendar's coverage (hatched)
    "gridline": "#26344f",
    "step": "#2f7de1",  # a finished step
    "step_running": "#36cfc9",
    "step_text": WHITE,
    "suspension": "#b37feb",  # stops the clock (hatched)
    "suspension_counted": "#8c8c8c",  # a suspension that does not stop the clock
    "suspension_bg": "#2a1f44",
    "today": "#00e5ff",
    "legend_bg": "#0d1424",
}

CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans SC",
    "SimHei",
)


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


# ---- the walls ------------------------------------------------------------------------------------------
# the statistics pages (console.widgets.stats_pages): 红榜 bars green like on time, 黑榜 and overdue red, the
# averages amber
STATS_GOOD = "#2fbf63"
STATS_BAD = "#e53935"
STATS_AVERAGE = "#ffa000"

_WALLS = f"""
QWidget#ConsoleRoot, ScreenWindow, WallView, ChartsView {{ background-color: {BG}; color: {TEXT}; }}
QTabWidget::pane {{ border: 0; }}
QTabBar::tab {{
    background: {PANEL}; color: {TEXT_DIM}; padding: 6px 18px; font-size: 20px; border: 1px solid {PANEL_BORDER};
}}
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
HeadlineTile[tile="blue"] QLabel[role="value"] {{ color: {LIGHT["blue"]}; }}
HeadlineTile[tile="yellow"] QLabel[role="value"] {{ color: {LIGHT["yellow"]}; }}
HeadlineTile[tile="red"] QLabel[role="value"] {{ color: {LIGHT["red"]}; }}
HeadlineTile[tile="handled"] QLabel[role="value"] {{ color: {LIGHT["handled"]}; }}
HeadlineTile[tile="alarms"] QLabel[role="value"] {{ color: {LIGHT["red"]}; }}
HeadlineTile[tile="alarms"][zero="true"] QLabel[role="value"] {{ color: {TEXT}; }}
HeadlineTile[tile="provisional"] QLabel[role="value"] {{ color: {AMBER}; }}
HeadlineTile[tile="complaints"] QLabel[role="value"] {{ color: {TEXT}; }}
HeadlineTile[tile="complaints"][light="blue"] QLabel[role="value"] {{ color: {LIGHT["blue"]}; }}
HeadlineTile[tile="complaints"][light="yellow"] QLabel[role="value"] {{ color: {LIGHT["yellow"]}; }}
HeadlineTile[tile="complaints"][light="red"] QLabel[role="value"] {{ color: {LIGHT["red"]}; }}
HeadlineTile[tile="time"] QLabel[role="value"] {{ color: {TEXT}; }}
HeadlineTile[tile="time"][stale="true"] QLabel[role="value"] {{ color: {BANNER_BG}; }}
QLabel#HeadlineTitle {{ color: {TEXT}; }}

AuditBanner {{ background-color: #b00000; border: 3px solid #ffffff; }}
AuditBanner QLabel {{ color: #ffffff; background: transparent; }}
StaleBanner {{ background-color: {BANNER_BG}; }}
ReplayBanner {{ background-color: {REPLAY_BG}; border: 6px solid {AMBER}; }}
EngineBanner {{ background-color: {ENGINE_DOWN_BG}; border: 6px solid {ENGINE_DOWN_FG}; }}
EngineBanner QLabel {{ color: {ENGINE_DOWN_FG}; background: transparent; }}
ReplayBanner QLabel {{ color: {REPLAY_FG}; background: transparent; }}
ReplayControl[replay="true"] {{ border: 2px solid {AMBER}; }}
StaleBanner QLabel {{ color: {BANNER_FG}; background: transparent; }}
CalendarNote {{ background-color: {CALENDAR_NOTE_BG}; border: 2px solid {AMBER}; }}
CalendarNote QLabel {{ color: {AMBER}; background: transparent; }}

ChartsView QLabel[role="chart-title"] {{ color: {TEXT}; }}
ChartPanel QLabel[role="chart-subtitle"] {{ color: {TEXT_DIM}; background: transparent; }}
ChartPanel {{ background-color: {PANEL}; border: 1px solid {PANEL_BORDER}; border-radius: 6px; }}
ChartsView QLabel[role="page-title"] {{ color: {TEXT_DIM}; }}
StatsPage QLabel[role="summary"] {{ color: {TEXT}; }}
BigTable {{ background: {PANEL}; color: {TEXT}; gridline-color: {PANEL_BORDER};
  border: 1px solid {PANEL_BORDER}; font-size: 22px; }}
BigTable QHeaderView::section {{ background: {FIELD}; color: {TEXT_DIM}; font-size: 20px; font-weight: bold;
  padding: 4px; border: none; border-bottom: 1px solid {PANEL_BORDER}; }}
StatTile {{ background: {PANEL}; border: 1px solid {PANEL_BORDER}; }}
StatTile QLabel {{ color: {TEXT}; background: transparent; }}
"""

# ---- the desk --------------------------------------------------------------------------------------------
#: the widgets whose trees take the desk look (every dialog, wherever it opens)
DESK_ROOTS = ("QDialog", "AlarmQueueView", "DrilldownView", "SupervisionView", "RedNextView")

_BUTTON = "padding: 10px 24px; font-size: 20px;"
_BUTTON_COMPACT = "padding: 7px 16px; font-size: 18px;"
_FAMILIES = ", ".join(f'"{f}"' for f in CJK_FAMILIES)


def _light_rules() -> str:
    """On the desk: the text colour of each light, and the case's light as a pill (yellow and green take dark
    text)."""
    out = []
    for light, colour in LIGHT.items():
        ink = BLACK if light in ("yellow", "normal") else WHITE
        out.append(f'QLabel[light="{light}"] {{ color: {colour}; }}')
        out.append(f'QLabel#case_light[light="{light}"] {{ background: {colour}; color: {ink}; }}')
    return "\n".join(out)


#: the desk's rules; ``&`` is the root itself (see _scoped)
_DESK = f"""
&, QWidget {{ background: {BG}; color: {TEXT}; font-size: 18px; font-family: {_FAMILIES}; }}
QLabel#dim {{ color: {TEXT_DIM}; }}
QLabel#title {{ font-size: 32px; font-weight: bold; }}
QLabel#big {{ font-size: 22px; }}
QLabel#value {{ font-size: 23px; font-weight: bold; }}
QLabel#action {{ font-size: 22px; color: {LIGHT["yellow"]}; font-weight: bold; }}
QLabel#warning {{ font-size: 20px; color: {LIGHT["yellow"]}; font-weight: bold; }}
QLabel#engine_down {{ font-size: 24px; font-weight: bold; padding: 8px; border: 4px solid {ENGINE_DOWN_FG};
    color: {ENGINE_DOWN_FG}; background: {ENGINE_DOWN_BG}; }}
QLabel#feeds_silent {{ font-size: 20px; font-weight: bold; padding: 6px;
    color: {STATE_FG["feed_silent"]}; background: {STATE_BG["feed_silent"]}; }}
QLabel#error, QLabel[severity="error"] {{ color: {LIGHT["red"]}; font-weight: bold; }}
QLabel#info, QLabel[severity="info"] {{ font-size: 20px; color: {ACCEPTED}; font-weight: bold; }}
QLabel#context {{ font-size: 19px; color: {ACCEPTED}; }}
{_light_rules()}
QLineEdit, QComboBox, QPlainTextEdit, QSpinBox, QDateEdit {{
    background: {FIELD}; border: 1px solid {PANEL_BORDER}; border-radius: 4px; padding: 5px 8px;
    selection-background-color: {SELECTION};
}}
QLineEdit:focus, QComboBox:focus {{ border: 1px solid {ACCEPTED}; }}
QComboBox QAbstractItemView {{ background: {FIELD}; selection-background-color: {SELECTION}; }}
QPushButton {{
    background: {FIELD}; border: 1px solid {PANEL_BORDER}; border-radius: 5px; {_BUTTON}
}}
QPushButton:hover {{ border-color: {ACCEPTED}; }}
QPushButton:focus {{ border: 2px solid {ACCEPTED}; }}
QPushButton:disabled {{ color: {TEXT_DIM}; }}
QCheckBox {{ spacing: 8px; }}
QCheckBox::indicator {{
    width: 20px; height: 20px; border: 2px solid {TEXT_DIM}; border-radius: 3px; background: {FIELD};
}}
QCheckBox::indicator:checked {{ background: {AMBER}; border-color: {AMBER}; }}
QRadioButton {{ spacing: 8px; }}
QRadioButton::indicator {{
    width: 18px; height: 18px; border: 2px solid {TEXT_DIM}; border-radius: 11px; background: {FIELD};
}}
QRadioButton::indicator:checked {{ border: 2px solid {AMBER}; background: qradialgradient(cx: 0.5, cy: 0.5,
    radius: 0.5, fx: 0.5, fy: 0.5, stop: 0 {AMBER}, stop: 0.55 {AMBER}, stop: 0.6 {FIELD}, stop: 1 {FIELD}); }}
QScrollBar:vertical {{ background: {PANEL}; width: 14px; margin: 0; }}
QScrollBar:horizontal {{ background: {PANEL}; height: 14px; margin: 0; }}
QScrollBar::handle {{ background: {PANEL_BORDER}; border-radius: 6px; min-height: 30px; min-width: 30px; }}
QScrollBar::handle:hover {{ background: {TEXT_DIM}; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}
QTableView {{
    background: {PANEL}; alternate-background-color: {FIELD}; gridline-color: {PANEL_BORDER};
    selection-background-color: {SELECTION}; selection-color: {TEXT}; border: 1px solid {PANEL_BORDER};
}}
QHeaderView::section {{
    background: {FIELD}; color: {TEXT_DIM}; border: none; border-right: 1px solid {PANEL_BORDER};
    border-bottom: 1px solid {PANEL_BORDER}; padding: 6px; font-weight: bold;
}}
QTableCornerButton::section {{ background: {FIELD}; border: none; }}
QGroupBox {{ border: 1px solid {PANEL_BORDER}; border-radius: 6px; margin-top: 16px; padding-top: 8px; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 10px; color: {TEXT_DIM}; }}
QProgressBar {{ border: 1px solid {PANEL_BORDER}; border-radius: 4px; background: {FIELD}; height: 14px; }}
QProgressBar::chunk {{ background: {ACCEPTED}; }}
QMenu::item {{ padding: 6px 24px; }}
QMenu::item:selected {{ background: {SELECTION}; }}
QMenu::item:disabled {{ color: {TEXT_DIM}; }}
"""

#: rules precise enough (an object name, a property, a root type) to need no scope; after the desk's, so that
#: on equal precision they win
_DESK_SPECIFIC = f"""
QPushButton#primary {{
    background: {PRIMARY}; border-color: {LIGHT["red"]}; font-weight: bold; min-width: 120px;
}}
QPushButton#primary:disabled {{ background: {PRIMARY_DISABLED}; }}
QPushButton#crumb {{ background: transparent; border: none; color: {ACCEPTED}; padding: 4px 6px; }}
SupervisionView QPushButton, QPushButton[compact="true"] {{ {_BUTTON_COMPACT} }}
SupervisionView QDialog QPushButton {{ {_BUTTON} }}
QLineEdit#operator:read-only {{ background: transparent; border: none; font-weight: bold; }}

QFrame#alarm_header {{ background: {LIGHT["red"]}; border-radius: 6px; }}
QFrame#alarm_header[flash="true"] {{ background: {STATE_BG["red"]}; }}
QFrame#alarm_header QLabel {{ background: transparent; color: {WHITE}; }}
QFrame#next_action {{ border: 2px solid {LIGHT["yellow"]}; border-radius: 6px; }}
QFrame#next_action QLabel {{ border: none; }}

QFrame#demo_box {{ border: 1px dashed {AMBER}; border-radius: 6px; }}
QLabel#demo {{ color: {AMBER}; font-size: 17px; }}

QLabel#provisional {{
    background: {LIGHT["yellow"]}; color: {BLACK}; font-size: 20px; font-weight: bold; padding: 8px;
    border-radius: 4px;
}}
QLabel#case_light {{ border-radius: 6px; padding: 6px 12px; font-size: 22px; font-weight: bold; }}
QFrame#panel {{ border-top: 2px solid {PANEL_BORDER}; }}

QTabWidget#supervision_tabs::pane {{ border: 1px solid {PANEL_BORDER}; }}
QTabWidget#supervision_tabs QTabBar::tab {{
    background: {PANEL}; color: {TEXT_DIM}; padding: 8px 22px; font-size: 19px; border: 1px solid {PANEL_BORDER};
}}
QTabWidget#supervision_tabs QTabBar::tab:selected {{ background: {PANEL_BORDER}; color: {TEXT}; }}
"""


def _scoped(rules: str, roots: tuple[str, ...]) -> str:
    """``rules`` with every selector put under each of ``roots`` (``&`` stands for the root itself)."""
    out = []
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", rules):
        scoped = []
        for root in roots:
            for sel in selectors.split(","):
                sel = sel.strip()
                scoped.append(root if sel == "&" else f"{root} {sel}")
        out.append(", ".join(scoped) + " {" + body + "}")
    return "\n".join(out)


#: the console's one stylesheet (style.install)
STYLESHEET = _WALLS + _scoped(_DESK, DESK_ROOTS) + _DESK_SPECIFIC


def install(target: QApplication | QWidget) -> None:
    """Apply the console stylesheet to the application (or to one widget tree, e.g. in tests)."""
    target.setStyleSheet(STYLESHEET)


def set_state(w: QWidget, children: bool = False, **properties) -> bool:
    """Set dynamic properties on ``w`` and re-polish it if one changed; returns whether one did."""
    changed = False
    for name, value in properties.items():
        if w.property(name) != value:
            w.setProperty(name, value)
            changed = True
    if changed:
        repolish(w, children)
    return changed


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
