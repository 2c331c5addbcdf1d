"""Under the drill-down: on a unit page its 问责记录 (decisions against the unit and its people), on a case page
the case's rectifications, the sanctions linked to it and its handler's own record, with 下达整改 / 撤销告警 /
记录问责."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from console.domain.text import visible
from console.views.supervision.base import rect_status_text
from console.widgets import style
from console.widgets.common import CappedLabel, plain_label

if TYPE_CHECKING:
    from console.views.supervision.actions import SupervisionActions


def sanction_rows(views, relation: str = "") -> list[list[str]]:
    return [
        [
            v.decided_on.isoformat(),
            v.kind,
            v.person_name or "（单位）",
            v.person_role or "—",
            v.unit_name or "—",
            v.deciding_body,
            relation,
            (v.text or "").replace("\n", " "),
        ]
        for v in views
    ]


class DrilldownSupervisionPanel(QFrame):
    """Under the drill-down: a unit's 问责记录, or a case's rectifications and sanctions, with the actions."""

    sig_loaded = Signal(str, int)  # ("unit" | "case", id) when its rows arrived

    def __init__(self, actions: SupervisionActions, drilldown):
        super().__init__()
        self.setObjectName("panel")
        self.supervision = actions
        self.drilldown = drilldown
        self.kind: str | None = None
        self.ident: int | None = None
        self.data = None  # CaseSupervision | list[SanctionView]
        self.replay_at = None  # the moment replayed (回放): looked at, never acted on (as the queue's bar)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 6)
        head = QHBoxLayout()
        self.title = plain_label(self.tr("问责记录"), "big")
        head.addWidget(self.title)
        head.addSpacing(16)
        self.rects = CappedLabel(3, "dim")  # a long 整改要求 neither widens the window nor pushes the table down
        head.addWidget(self.rects, 1)
        buttons = actions.buttons()
        self.rectify_button = buttons["rectify"]
        self.cancel_button = buttons["cancel_alarm"]
        self.sanction_button = buttons["sanction"]
        for b in buttons.values():
            head.addWidget(b)
        lay.addLayout(head)
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.table)
        self.empty = plain_label("", "dim")
        lay.addWidget(self.empty)

        self.rectify_button.clicked.connect(self.rectify)
        self.cancel_button.clicked.connect(self.cancel)
        self.sanction_button.clicked.connect(self.sanction)
        drilldown.units.sig_loaded.connect(lambda unit_id, _n: self.show_unit(unit_id))
        drilldown.case.sig_loaded.connect(self.show_case)
        drilldown.stack.currentChanged.connect(lambda _i: self._follow())
        actions.sig_changed.connect(lambda _k: self.reload())
        actions.controller.sig_snapshot.connect(self._on_snapshot)
        self.hide()

    # ---- which page ----------------------------------------------------------------------------------
    def _follow(self) -> None:
        if not self.drilldown.history:
            return
        kind, ident = self.drilldown.history[-1]
        if (kind, ident) != (self.kind, self.ident):
            self.show_case(ident) if kind == "case" else self.show_unit(ident)

    def show_unit(self, unit_id: int) -> None:
        self.kind, self.ident, self.data = "unit", unit_id, None
        self.title.setText(self.tr("问责记录 — {unit}").format(unit=self.drilldown.units.unit_name))
        self.rects.setText("")
        self.show()
        self.refresh_buttons()
        self.reload()

    def show_case(self, case_id: int) -> None:
        if (self.kind, self.ident) == ("case", case_id) and self.data is not None:
            self.refresh_buttons()
            self.reload()
            return
        self.kind, self.ident, self.data = "case", case_id, None
        self.title.setText(self.tr("本案监督"))
        self.rects.setText(self.tr("正在加载…"))
        self.show()
        self.refresh_buttons()
        self.reload()

    def reload(self) -> None:
        if self.kind is None or self.supervision.client is None:
            return
        kind, ident = self.kind, self.ident
        c = self.supervision.client
        fn = (lambda: c.unit_record(ident)) if kind == "unit" else (lambda: c.case_supervision(ident))
        self.supervision.controller.run_request(
            fn,
            lambda data: self._loaded(kind, ident, data),
            lambda exc: self.rects.setText(self.supervision.controller.error_text(exc)),
        )

    def _loaded(self, kind: str, ident: int, data) -> None:
        if (kind, ident) != (self.kind, self.ident):
            return
        self.data = data
        headers = [
            self.tr("决定日期"),
            self.tr("处理"),
            self.tr("责任人"),
            self.tr("岗位"),
            self.tr("单位"),
            self.tr("决定机关"),
            self.tr("关联"),
            self.tr("内容"),
        ]
        if kind == "unit":
            rows = [
                r for v in data for r in sanction_rows([v], self.tr("本单位人员") if v.person_name else self.tr("单位"))
            ]
            self.empty.setText(self.tr("该单位没有问责记录") if not rows else "")
        else:
            self.title.setText(self.tr("本案监督 — {case}").format(case=data.case_no))
            linked = {v.sanction_id for v in data.sanctions}
            rows = sanction_rows(data.sanctions, self.tr("本案"))
            rows += sanction_rows(
                [v for v in data.handler_record if v.sanction_id not in linked], self.tr("承办人记录")
            )
            texts = [
                self.tr("整改 #{id} {status} 到期 {due}").format(
                    id=r.rect_id, status=rect_status_text(r.status), due=r.due_date.isoformat()
                )
                for r in data.rectifications
            ]
            self.rects.setText("；".join(texts) if texts else self.tr("未下达整改"))
            who = data.handler or self.tr("承办人")
            self.empty.setText(self.tr("本案及承办人 {who} 没有问责记录").format(who=who) if not rows else "")
        self._fill(headers, rows)
        self.refresh_buttons()
        self.sig_loaded.emit(kind, ident)

    def _fill(self, headers, rows) -> None:
        t = self.table
        t.clear()
        t.setColumnCount(len(headers))
        t.setHorizontalHeaderLabels(headers)
        t.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                it = QTableWidgetItem(visible(text))
                if c == 1:
                    it.setForeground(QBrush(QColor(style.AMBER)))  # the decision
                t.setItem(r, c, it)
        t.resizeColumnsToContents()
        h = t.horizontalHeader().height() + 2 * t.frameWidth() + sum(t.rowHeight(r) for r in range(t.rowCount()))
        t.setFixedHeight(min(max(h, 60), 210))  # as tall as its rows (a few), never eating the page above
        t.setVisible(bool(rows))

    def rows(self) -> list[list[str]]:
        """The table as text (tests)."""
        return [
            [self.table.item(r, c).text() for c in range(self.table.columnCount())]
            for r in range(self.table.rowCount())
        ]

    # ---- actions -------------------------------------------------------------------------------------
    def _case_alarm(self):
        """The alarm selected in the case's alarm table, else its latest one not cancelled."""
        d = self.drilldown.case.detail
        if d is None or self.kind != "case" or d.row.case_id != self.ident:
            return None
        rows = self.drilldown.case.alarms.selectionModel().selectedRows()
        if rows and rows[0].row() < len(d.alarms):
            return d.alarms[rows[0].row()]
        live = [a for a in d.alarms if a.status != "cancelled"]
        return live[-1] if live else None

    def _on_snapshot(self, snap) -> None:
        at = getattr(snap, "replay_at", None)
        if at != self.replay_at:
            self.replay_at = at
            self.refresh_buttons()

    def refresh_buttons(self) -> None:
        on_case = self.kind == "case"
        live = self.replay_at is None
        past = self.tr("回放中只能查看：请先回到实时")
        self.rectify_button.setVisible(on_case)
        self.cancel_button.setVisible(on_case)
        self.supervision.gate(self.rectify_button, "rectify", on_case and live, past)
        alarm = self._case_alarm() if on_case else None
        why = self.tr("本案没有可撤销的告警") if live else past
        self.supervision.gate(self.cancel_button, "cancel_alarm", alarm is not None and live, why)
        self.supervision.gate(self.sanction_button, "sanction", self.kind is not None and live, past)

    def rectify(self):
        d = self.drilldown.case.detail
        if d is None or self.replay_at is not None:
            return None
        alarm = self._case_alarm()
        if alarm is not None and alarm.status != "cancelled":
            return self.supervision.order_rectification(self, alarm=alarm)
        return self.supervision.order_rectification(
            self, case_id=d.row.case_id, unit_id=self._unit_of_case(), case_no=d.row.case_no, handler=d.row.handler
        )

    def _unit_of_case(self):
        return self.data.unit_id if self.data is not None and hasattr(self.data, "unit_id") else None

    def cancel(self):
        a = self._case_alarm() if self.replay_at is None else None
        return self.supervision.cancel_alarm(self, a.alarm_id, self.supervision.alarm_context(a)) if a else None

    def sanction(self):
        if self.replay_at is not None:
            return None
        if self.kind == "unit":
            return self.supervision.record_sanction(
                self, unit_id=self.ident, person=None, context=self.drilldown.units.unit_name
            )
        d = self.drilldown.case.detail
        if d is None:
            return None
        alarm = self._case_alarm()
        return self.supervision.record_sanction(
            self,
            unit_id=self._unit_of_case(),
            person=d.row.handler or "",
            case_ids=(d.row.case_id,),
            alarm_ids=(alarm.alarm_id,) if alarm is not None else (),
            context=self.tr("办件 {case} · {item}").format(case=d.row.case_no, item=d.row.item_name),
        )


__all__ = ["DrilldownSupervisionPanel", "sanction_rows"]
