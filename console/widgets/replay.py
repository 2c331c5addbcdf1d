"""The desk's replay control (回放): a date-time edit, 回放 and 回到实时.

It only emits what the operator asked for; the controller reloads the backend (ConsoleController.set_replay),
and every snapshot then says whether the screens show a past moment (``Snapshot.replay_at``), which this
control follows too (so a console started with ``--at`` shows its moment here).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import QDateTimeEdit, QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from console.domain import clock
from console.widgets import style


class ReplayControl(QFrame):
    #: replay this past moment (naive, the centre's time)
    sig_replay = Signal(object)
    #: back to live
    sig_live = Signal()

    def __init__(self, parent: QWidget | None = None, now: Callable[[], dt.datetime] = clock.now):
        super().__init__(parent)
        self.now = now
        self.setProperty("replay", False)
        self.label = QLabel(self.tr("回放时刻"))
        self.edit = QDateTimeEdit()
        self.edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.edit.setCalendarPopup(True)
        self.edit.setDateTime(_qt(now().replace(second=0, microsecond=0) - dt.timedelta(days=1)))
        self.replay_button = QPushButton(self.tr("回放"))
        self.replay_button.setProperty("compact", True)
        self.replay_button.clicked.connect(self._on_replay)
        self.live_button = QPushButton(self.tr("回到实时"))
        self.live_button.setProperty("compact", True)
        self.live_button.clicked.connect(self.sig_live)
        self.live_button.setEnabled(False)
        self.note = QLabel("")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(6, 2, 6, 2)
        for w in (self.label, self.edit, self.replay_button, self.live_button, self.note):
            lay.addWidget(w)

    def moment(self) -> dt.datetime:
        return self.edit.dateTime().toPython().replace(second=0, microsecond=0)

    def _on_replay(self) -> None:
        at = self.moment()
        if at >= self.now():
            self.note.setText(self.tr("回放时刻须早于现在"))
            return
        self.note.setText("")
        self.sig_replay.emit(at)

    def show_state(self, at: dt.datetime | None) -> None:
        """Follow the data shown: a replay of ``at``, or live (``None``)."""
        self.live_button.setEnabled(at is not None)
        if at is not None:
            self.edit.setDateTime(_qt(at))
        if bool(self.property("replay")) != (at is not None):
            self.setProperty("replay", at is not None)
            style.repolish(self)


def _qt(at: dt.datetime) -> QDateTime:
    return QDateTime(at.year, at.month, at.day, at.hour, at.minute, 0)
