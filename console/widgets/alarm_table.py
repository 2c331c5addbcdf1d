"""Table model of the open alarms in a Snapshot, updated in place per poll, plus its sort/filter proxy.

Rows are keyed by ``alarm_id``.  ``update_alarms`` turns one snapshot into the smallest set of model
signals: removed alarms are removed (contiguous ranges, bottom up), changed rows get one batched
``dataChanged`` per contiguous run, new alarms are inserted at the end.  Existing rows never move, so
selection and the persistent indexes of the view survive polls; the proxy does the ordering.

``data()`` is cheap: every display string is computed once when the row changes; only the waiting time is
formatted at paint time, from ``now`` set by ``tick`` (which emits ``ticked``, not dataChanged: the proxy would
re-filter and re-sort the whole table every second, the Phoebus freeze; views repaint their viewport).

Text is literal: models return plain strings and the views draw them with the default (plain text) delegate.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtGui import Qt as QtGuiNamespace  # mightBeRichText lives in QtGui's Qt

from console.domain import clock
from console.domain.snapshot import AlarmView

ALARM_ROLE = Qt.ItemDataRole.UserRole + 1  # the AlarmView / CaseRow of the row
KEY_ROLE = Qt.ItemDataRole.UserRole + 2  # alarm_id / case_id
SORT_ROLE = Qt.ItemDataRole.UserRole + 3  # a comparable value per column
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 4  # the row's text for the free-text filter
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 5
RULE_ROLE = Qt.ItemDataRole.UserRole + 6
UNIT_KIND_ROLE = Qt.ItemDataRole.UserRole + 7
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 8

from console.widgets.data_texts import rule_text  # noqa: E402
from console.widgets.style import LIGHT, STATE_FG, TEXT_DIM, WHITE  # noqa: E402  (the shared palette)

LEVEL_COLOURS = {"red": LIGHT["red"], "yellow": LIGHT["yellow"], "blue": LIGHT["blue"]}

_SD = Qt.ItemDataRole.DisplayRole


def tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def format_duration(seconds: float) -> str:
    """``2882 天`` / ``2天03小时`` / ``3小时12分`` / ``12分05秒`` (natural time, for "how long waiting").

    At most seven characters, so a fixed column holds every value: from ten days on, the hours say nothing
    (a flood of year-old alarms showed "2882天1…")."""
    s = max(0, int(seconds))
    d, s = divmod(s, 86400)
    h, s = divmod(s, 3600)
    m, s = divmod(s, 60)
    if d >= 10:
        return QCoreApplication.translate("AlarmTableModel", "{d} 天").format(d=d)
    if d:
        return QCoreApplication.translate("AlarmTableModel", "{d}天{h:02d}小时").format(d=d, h=h)
    if h:
        return QCoreApplication.translate("AlarmTableModel", "{h}小时{m:02d}分").format(h=h, m=m)
    return QCoreApplication.translate("AlarmTableModel", "{m}分{s:02d}秒").format(m=m, s=s)


def level_text(level: str) -> str:
    if level == "red":
        return QCoreApplication.translate("AlarmTableModel", "红")
    if level == "yellow":
        return QCoreApplication.translate("AlarmTableModel", "黄")
    return level


def status_text(a: AlarmView) -> str:
    text = _status_word(a)
    if a.cleared_at is not None and a.status in ("open", "acknowledged"):  # ISA-18.2: returned to normal
        text += QCoreApplication.translate("AlarmTableModel", " · 已恢复 {at}").format(at=f"{a.cleared_at:%m-%d %H:%M}")
    if a.occurrence > 1:
        text += QCoreApplication.translate("AlarmTableModel", " · 第 {n} 次").format(n=a.occurrence)
    return text


def _status_word(a: AlarmView) -> str:
    if a.status == "open":
        return QCoreApplication.translate("AlarmTableModel", "未确认")
    if a.status == "acknowledged":
        if a.acked_by:
            return QCoreApplication.translate("AlarmTableModel", "已确认（{who}）").format(who=a.acked_by)
        return QCoreApplication.translate("AlarmTableModel", "已确认")
    if a.status == "pending":
        return QCoreApplication.translate("AlarmTableModel", "确认中…")
    if a.status == "cancelled":
        return QCoreApplication.translate("AlarmTableModel", "已撤销")
    return a.status


def _ranges(rows: Iterable[int]) -> list[tuple[int, int]]:
    """Sorted contiguous (first, last) runs of row numbers."""
    out: list[tuple[int, int]] = []
    for r in sorted(rows):
        if out and r == out[-1][1] + 1:
            out[-1] = (out[-1][0], r)
        else:
            out.append((r, r))
    return out


def literal_tooltip(text):
    """Tooltip text that shows ``text`` literally: Qt renders any tooltip that *looks* like markup as rich text
    (Qt.mightBeRichText), so data such as ``<b>x</b><img src=...>`` is escaped into a rich text that shows it."""
    if isinstance(text, str) and text and QtGuiNamespace.mightBeRichText(text):
        return '<p style="white-space:pre-wrap">' + html.escape(text, quote=False) + "</p>"
    return text


_ROOT = QModelIndex()  # the invalid index: "the top level" in Qt's model API


class KeyedTableModel(QAbstractTableModel):
    """A read-only table of immutable records keyed by an id, updated with minimal signals.

    Subclasses give ``columns`` (header texts), ``key(record)`` and ``render(record) -> tuple`` of the
    per-column display strings (cached); optionally ``sort_value`` and ``extra_data``.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self._records: list[Any] = []
        self._cells: list[tuple] = []  # cached display strings per row
        self._row_of: dict[Hashable, int] = {}
        #: counts of model signals from the last update (for tests and logging)
        self.last_update = {"removed": 0, "inserted": 0, "changed": 0}

    # ---- subclass hooks ------------------------------------------------------------------------
    columns: tuple[str, ...] = ()

    def key(self, rec) -> Hashable:  # pragma: no cover - abstract
        raise NotImplementedError

    def render(self, rec) -> tuple:  # pragma: no cover - abstract
        raise NotImplementedError

    def header_text(self, section: int) -> str:
        return self.columns[section]

    def sort_value(self, rec, col: int, cells: tuple):
        return cells[col]

    def extra_data(self, rec, row: int, col: int, role: int):
        return None

    # ---- Qt model API --------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _SD):
        if role != _SD:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.header_text(section)
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._records):
            return str(section + 1)
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index, role: int = _SD):
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if row >= len(self._records) or col >= len(self.columns):
            return None
        rec = self._records[row]
        if role == _SD:
            return self._cells[row][col]
        if role == Qt.ItemDataRole.ToolTipRole:
            return literal_tooltip(self._cells[row][col])
        if role == ALARM_ROLE:
            return rec
        if role == KEY_ROLE:
            return self.key(rec)
        if role == SORT_ROLE:
            return self.sort_value(rec, col, self._cells[row])
        if role == SEARCH_ROLE:
            return " ".join(c for c in self._cells[row] if c)
        return self.extra_data(rec, row, col, role)

    # ---- access --------------------------------------------------------------------------------
    def record(self, row: int):
        return self._records[row]

    def records(self) -> tuple:
        return tuple(self._records)

    def row_of(self, key: Hashable) -> int | None:
        return self._row_of.get(key)

    def keys(self) -> list:
        return [self.key(r) for r in self._records]

    # ---- minimal update ------------------------------------------------------------------------
    def set_records(self, records: Sequence[Any]) -> None:
        """Replace the contents by ``records`` with removes, batched dataChanged and appends."""
        new = {}
        for r in records:
            new[self.key(r)] = r
        stats = {"removed": 0, "inserted": 0, "changed": 0}

        gone = [i for i, r in enumerate(self._records) if self.key(r) not in new]
        for first, last in reversed(_ranges(gone)):
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._records[first : last + 1]
            del self._cells[first : last + 1]
            self.endRemoveRows()
            stats["removed"] += last - first + 1
        if gone:
            self._row_of = {self.key(r): i for i, r in enumerate(self._records)}

        changed = []
        for i, old in enumerate(self._records):
            rec = new[self.key(old)]
            if rec != old:
                self._records[i] = rec
                cells = self.render(rec)
                if cells != self._cells[i] or self._changed_beyond_text(old, rec):
                    changed.append(i)
                self._cells[i] = cells
        last_col = len(self.columns) - 1
        for first, last in _ranges(changed):
            self.dataChanged.emit(self.index(first, 0), self.index(last, last_col))
        stats["changed"] = len(changed)

        added = [r for k, r in new.items() if k not in self._row_of]
        if added:
            start = len(self._records)
            self.beginInsertRows(QModelIndex(), start, start + len(added) - 1)
            for r in added:
                self._row_of[self.key(r)] = len(self._records)
                self._records.append(r)
                self._cells.append(self.render(r))
            self.endInsertRows()
            stats["inserted"] = len(added)
        self.last_update = stats

    def _changed_beyond_text(self, old, new) -> bool:
        """Changes that alter colours/roles without changing any display string."""
        return False

    def replace_record(self, rec) -> None:
        """Update one row in place (e.g. an alarm acknowledged here, before the next poll)."""
        row = self._row_of.get(self.key(rec))
        if row is None:
            return
        self._records[row] = rec
        self._cells[row] = self.render(rec)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))


class AlarmTableModel(KeyedTableModel):
    """Open alarms (``Snapshot.alarms``), one row per alarm_id.

    ``update_snapshot(snap)`` per poll; ``tick(now=None)`` every second (emits ``ticked``, see there).
    """

    #: the waiting-time column moved on (repaint the viewport; no dataChanged, see tick)
    ticked = Signal()

    COL_UNIT, COL_CASE, COL_ITEM, COL_HANDLER, COL_RULE, COL_LEVEL, COL_SINCE, COL_WAITING, COL_STATUS = range(9)

    def __init__(self, parent=None, now: Callable[[], dt.datetime] = clock.now):
        super().__init__(parent)
        self._clock = now
        self._now = now()
        # replay (回放): the moment shown; the queue waited until then, and that waiting does not move
        self._replay_at: dt.datetime | None = None
        self._unit_kind: dict[int, str] = {}
        self.columns = tuple(self.header_text(i) for i in range(9))

    def header_text(self, section: int) -> str:
        return (
            QCoreApplication.translate("AlarmTableModel", "单位"),
            QCoreApplication.translate("AlarmTableModel", "办件编号"),
            QCoreApplication.translate("AlarmTableModel", "事项"),
            QCoreApplication.translate("AlarmTableModel", "承办人"),
            QCoreApplication.translate("AlarmTableModel", "规则"),
            QCoreApplication.translate("AlarmTableModel", "级别"),
            QCoreApplication.translate("AlarmTableModel", "发生时间"),
            QCoreApplication.translate("AlarmTableModel", "已等待"),
            QCoreApplication.translate("AlarmTableModel", "状态"),
        )[section]

    def key(self, rec: AlarmView) -> int:
        return rec.alarm_id

    def render(self, a: AlarmView) -> tuple:
        return (
            a.unit_name,
            a.case_no,
            a.item_name,
            a.handler or "—",
            rule_text(a.rule, a.rule_label),
            level_text(a.level),
            a.raised_at.strftime("%m-%d %H:%M:%S"),
            "",  # waiting: formatted in data() from now
            status_text(a),
        )

    def _changed_beyond_text(self, old, new) -> bool:
        return old.level != new.level or old.status != new.status

    # ---- snapshot in ---------------------------------------------------------------------------
    def update_snapshot(self, snap) -> None:
        """Take ``snap.alarms`` (and the unit kinds of ``snap.units``) with minimal model signals."""
        if snap.units:
            self._unit_kind = {u.unit_id: u.kind for u in snap.units}
        self._replay_at = getattr(snap, "replay_at", None)
        self._now = self._moment()
        self.set_records(snap.alarms)

    def _moment(self, now: dt.datetime | None = None) -> dt.datetime:
        """What the waiting time counts to: the replayed moment in a replay, else the clock."""
        return self._replay_at or now or self._clock()

    def set_alarms(self, alarms: Sequence[AlarmView]) -> None:
        self._now = self._moment()
        self.set_records(alarms)

    def set_unit_kinds(self, kinds: dict[int, str]) -> None:
        self._unit_kind = dict(kinds)

    def alarm(self, row: int) -> AlarmView:
        return self._records[row]

    def tick(self, now: dt.datetime | None = None) -> None:
        """Move the waiting-time column on (the view calls this every second) and emit ``ticked``.

        Deliberately *not* a dataChanged: QSortFilterProxyModel (Qt 6.12, measured) re-filters and re-sorts
        every row named in a dataChanged whatever its column or roles, i.e. the whole table once a second.
        The waiting time is derived display text (its sort value is the constant raised-at time), so views
        repaint their viewport on ``ticked`` instead (``AlarmQueueView`` does).
        """
        self._now = self._moment(now)
        self.ticked.emit()

    # ---- data ----------------------------------------------------------------------------------
    def data(self, index, role: int = _SD):
        if role == _SD and index.isValid() and index.column() == self.COL_WAITING and index.row() < len(self._records):
            return format_duration((self._now - self._records[index.row()].waiting_since).total_seconds())
        return super().data(index, role)

    def sort_value(self, a: AlarmView, col: int, cells: tuple):
        if col in (self.COL_SINCE, self.COL_WAITING):
            # waiting sorts like "known earlier = waited longer"; a constant per row, so ticks never re-sort
            if col == self.COL_WAITING:
                return -a.waiting_since.timestamp()
            return a.raised_at.timestamp()
        if col == self.COL_LEVEL:
            return {"red": 2, "yellow": 1}.get(a.level, 0)
        return cells[col]

    def extra_data(self, a: AlarmView, row: int, col: int, role: int):
        if role == LEVEL_ROLE:
            return a.level
        if role == RULE_ROLE:
            return a.rule
        if role == UNIT_KIND_ROLE:
            return self._unit_kind.get(a.unit_id, "")
        if role == CASE_ID_ROLE:
            return a.case_id
        if col == self.COL_LEVEL and a.status == "open":
            # a solid pill: readable across the room; yellow needs dark text
            if role == Qt.ItemDataRole.BackgroundRole:
                c = LEVEL_COLOURS.get(a.level)
                return QBrush(QColor(c)) if c else None
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(STATE_FG.get(a.level, WHITE)))
        if role == Qt.ItemDataRole.ForegroundRole and col == self.COL_LEVEL:
            c = LEVEL_COLOURS.get(a.level)
            return QBrush(QColor(c)) if c else None
        if role == Qt.ItemDataRole.ForegroundRole and a.status != "open":
            return QBrush(QColor(TEXT_DIM))  # acknowledged here, waiting for the next poll to drop it
        if role == Qt.ItemDataRole.FontRole and col == self.COL_LEVEL:
            f = QFont()
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.COL_LEVEL, self.COL_WAITING, self.COL_SINCE):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class AlarmFilterProxy(QSortFilterProxyModel):
    """Sort on ``SORT_ROLE``; filter by level, rule, unit kind and free text (``SEARCH_ROLE``).

    Sorting and filtering read their own roles, so the per-second DisplayRole ``dataChanged`` of the waiting
    column does not make the proxy re-sort or re-filter (the Phoebus freeze with thousands of alarms).
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterRole(SEARCH_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setDynamicSortFilter(True)
        self._level: str | None = None
        self._rule: str | None = None
        self._unit_kind: str | None = None
        self._text = ""

    def _refilter(self, apply) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.9 (invalidateFilter is deprecated)
            self.beginFilterChange()
            apply()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            apply()
            self.invalidateFilter()

    def set_level(self, level: str | None) -> None:
        self._refilter(lambda: setattr(self, "_level", level or None))

    def set_rule(self, rule: str | None) -> None:
        self._refilter(lambda: setattr(self, "_rule", rule or None))

    def set_unit_kind(self, kind: str | None) -> None:
        self._refilter(lambda: setattr(self, "_unit_kind", kind or None))

    def set_text(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "_text", (text or "").strip().casefold()))

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        m = self.sourceModel()
        idx = m.index(source_row, 0, source_parent)
        if self._level and m.data(idx, LEVEL_ROLE) != self._level:
            return False
        if self._rule and m.data(idx, RULE_ROLE) != self._rule:
            return False
        if self._unit_kind and m.data(idx, UNIT_KIND_ROLE) != self._unit_kind:
            return False
        return not (self._text and self._text not in (m.data(idx, SEARCH_ROLE) or "").casefold())

    # no Python lessThan: SORT_ROLE values are plain numbers/strings per column, compared in C++ (fast)
