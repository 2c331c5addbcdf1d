"""Table model of a unit's open cases (``tuple[CaseRow, ...]`` from ``sig_unit_cases``), keyed by case_id.

Same minimal-update behaviour as the alarm table (``KeyedTableModel``): a refresh of the same unit keeps rows,
selection and scroll position.  Sort on ``SORT_ROLE`` through a plain QSortFilterProxyModel.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from console.domain.snapshot import CaseRow
from console.domain.timelimits import Light
from console.widgets.alarm_table import CASE_ID_ROLE, SEARCH_ROLE, SORT_ROLE, KeyedTableModel
from console.widgets.style import LIGHT

LIGHT_COLOURS = {
    Light.NORMAL: LIGHT["normal"],
    Light.BLUE: LIGHT["blue"],
    Light.YELLOW: LIGHT["yellow"],
    Light.RED: LIGHT["red"],
}
LIGHT_KEYS = {Light.NORMAL: "normal", Light.BLUE: "blue", Light.YELLOW: "yellow", Light.RED: "red"}
RED_HANDLED_COLOUR = LIGHT["handled"]  # a red whose alarms are acknowledged: calm maroon, never green


def light_text(light: int, handled: bool = False) -> str:
    if light == Light.RED:
        if handled:
            return QCoreApplication.translate("CaseTableModel", "红（已确认）")
        return QCoreApplication.translate("CaseTableModel", "红")
    if light == Light.YELLOW:
        return QCoreApplication.translate("CaseTableModel", "黄")
    if light == Light.BLUE:
        return QCoreApplication.translate("CaseTableModel", "蓝")
    return QCoreApplication.translate("CaseTableModel", "正常")


def light_colour(light: int, handled: bool = False) -> str:
    if light == Light.RED and handled:
        return RED_HANDLED_COLOUR
    return LIGHT_COLOURS[Light(light)]


_LEVEL_LIGHT = {"red": Light.RED, "yellow": Light.YELLOW}


def case_state(r: CaseRow) -> tuple[str, str]:
    """What a case's light cell says and the light it is coloured by: its time light, raised to its open
    alarms' level, with their rules' names, so a case is never 正常 (or calm 已确认) over an open alarm."""
    if not r.alarm_labels:
        name = "handled" if r.light == Light.RED and r.handled else LIGHT_KEYS[Light(r.light)]
        return light_text(r.light, r.handled), name
    worst = max(Light(r.light), _LEVEL_LIGHT.get(r.alarm_level or "", Light.NORMAL))
    word = light_text(worst) if worst != Light.NORMAL else QCoreApplication.translate("CaseTableModel", "告警")
    return f"{word}：{'、'.join(r.alarm_labels)}", LIGHT_KEYS[worst]


def case_flags(r: CaseRow) -> str:
    flags = []
    if r.statutory_breach:
        flags.append(QCoreApplication.translate("CaseTableModel", "法定超期"))
    if r.provisional:
        flags.append(QCoreApplication.translate("CaseTableModel", "临时期限"))
    if r.suspended:
        flags.append(QCoreApplication.translate("CaseTableModel", "暂停"))
    if r.completed:
        flags.append(QCoreApplication.translate("CaseTableModel", "已办结"))
    if r.handled:
        flags.append(QCoreApplication.translate("CaseTableModel", "已确认"))
    return " ".join(flags)


def remaining_text(r: CaseRow) -> str:
    """Working days left; 0 or fewer is 超期 N 个工作日, the alarm's words (N from the calendar, at least 1) —
    except on the due date itself: a 即办件 (0 working days) has 0 left on its acceptance day and is due, not late
    (red only from the next day, timelimits.days_over)."""
    if r.remaining > 0:
        if r.due_today:
            return QCoreApplication.translate("CaseTableModel", "{n}（今日到期）").format(n=r.remaining)
        return str(r.remaining)
    if r.due_today and r.days_over == 0:
        return QCoreApplication.translate("CaseTableModel", "今日到期")
    return overdue_text(r.days_over)


def overdue_text(days_over: int) -> str:
    return QCoreApplication.translate("CaseTableModel", "超期 {n} 个工作日").format(n=max(days_over, 1))


class CaseTableModel(KeyedTableModel):
    (
        COL_CASE,
        COL_ITEM,
        COL_STAGE,
        COL_HANDLER,
        COL_ACCEPTED,
        COL_PROMISED,
        COL_STATUTORY,
        COL_REMAINING,
        COL_LIGHT,
        COL_FLAGS,
    ) = range(10)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.columns = tuple(self.header_text(i) for i in range(10))

    def header_text(self, section: int) -> str:
        return (
            QCoreApplication.translate("CaseTableModel", "办件编号"),
            QCoreApplication.translate("CaseTableModel", "事项"),
            QCoreApplication.translate("CaseTableModel", "环节"),
            QCoreApplication.translate("CaseTableModel", "承办人"),
            QCoreApplication.translate("CaseTableModel", "受理时间"),
            QCoreApplication.translate("CaseTableModel", "承诺期限"),
            QCoreApplication.translate("CaseTableModel", "法定期限"),
            QCoreApplication.translate("CaseTableModel", "剩余工作日"),
            QCoreApplication.translate("CaseTableModel", "灯号"),
            QCoreApplication.translate("CaseTableModel", "标志"),
        )[section]

    def key(self, rec: CaseRow) -> int:
        return rec.case_id

    def render(self, r: CaseRow) -> tuple:
        return (
            r.case_no,
            r.item_name,
            r.stage,
            r.handler or "—",
            r.accepted_at.strftime("%Y-%m-%d %H:%M"),
            r.promised_due.isoformat(),
            r.statutory_due.isoformat(),
            remaining_text(r),
            case_state(r)[0],
            case_flags(r),
        )

    def set_rows(self, rows) -> None:
        self.set_records(tuple(rows))

    def case(self, row: int) -> CaseRow:
        return self._records[row]

    def sort_value(self, r: CaseRow, col: int, cells: tuple):
        if col == self.COL_ACCEPTED:
            return r.accepted_at.timestamp()
        if col == self.COL_PROMISED:
            return r.promised_due.toordinal()
        if col == self.COL_STATUTORY:
            return r.statutory_due.toordinal()
        if col == self.COL_REMAINING:
            return r.remaining
        if col == self.COL_LIGHT:
            worst = max(int(r.light), int(_LEVEL_LIGHT.get(r.alarm_level or "", Light.NORMAL)))
            return worst * 2 + (0 if r.handled else 1)
        return cells[col]

    def extra_data(self, r: CaseRow, row: int, col: int, role: int):
        if role == CASE_ID_ROLE:
            return r.case_id
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == self.COL_LIGHT:
                return QBrush(QColor(LIGHT[case_state(r)[1]]))
            if col == self.COL_REMAINING and r.remaining <= 0:
                return QBrush(QColor(LIGHT_COLOURS[Light.RED]))
            if col == self.COL_STATUTORY and r.statutory_breach:
                return QBrush(QColor(LIGHT_COLOURS[Light.RED]))
            if col == self.COL_FLAGS and (r.statutory_breach or r.provisional):
                return QBrush(QColor(LIGHT_COLOURS[Light.YELLOW]))
        if role == Qt.ItemDataRole.FontRole and col in (self.COL_LIGHT, self.COL_FLAGS):
            f = QFont()
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.COL_REMAINING, self.COL_LIGHT):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class CaseSortProxy(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterRole(SEARCH_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)


__all__ = ["CaseSortProxy", "CaseTableModel", "case_flags", "case_state", "dt", "light_colour", "light_text"]
