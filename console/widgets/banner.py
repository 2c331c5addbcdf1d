"""Stale-data banner (its own fuchsia colour) and the provisional-calendar note (amber).

:class:`StaleWatch` decides "stale": the last snapshot failed (``ok`` False) or its ``as_of`` is older than
``max_age_s``.  It re-checks every second against the wall clock, so the banner appears even when polls stop
arriving altogether (a hung scheduler or a dead worker thread sends nothing at all).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from console.domain import clock
from console.domain.snapshot import Snapshot
from console.widgets import style
from console.widgets.data_texts import calendar_note_text, engine_down_text

DEFAULT_MAX_AGE_S = 90.0


def _now_like(as_of: dt.datetime) -> dt.datetime:
    return dt.datetime.now(as_of.tzinfo) if as_of.tzinfo else clock.now()


class StaleWatch(QObject):
    """Watches the age of the shown snapshot.  One per view; the timer ticks once a second.

    ``clock(as_of)`` returns "now" comparable with ``as_of`` (tests inject one).
    """

    #: (stale, kind, message): kind is "down" | "stale" | "" ; emitted only on change of stale/kind/message
    sig_changed = Signal(bool, str, str)

    def __init__(
        self,
        max_age_s: float = DEFAULT_MAX_AGE_S,
        parent: QObject | None = None,
        clock: Callable[[dt.datetime], dt.datetime] = _now_like,
        interval_ms: int = 1000,
    ):
        super().__init__(parent)
        self.max_age_s = float(max_age_s)
        self.clock = clock
        self.snapshot: Snapshot | None = None
        self.stale = False
        self.kind = ""
        self.message = ""
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def set_snapshot(self, snap: Snapshot) -> None:
        self.snapshot = snap
        self.check()

    def age_s(self) -> float | None:
        if self.snapshot is None:
            return None
        return (self.clock(self.snapshot.as_of) - self.snapshot.as_of).total_seconds()

    def check(self) -> None:
        snap = self.snapshot
        kind, msg = "", ""
        if snap is not None:
            when = snap.as_of.strftime("%H:%M:%S")
            if not snap.ok:
                kind = "down"
                msg = QCoreApplication.translate("StaleBanner", "数据库连接中断，显示的是 {time} 的数据").format(
                    time=when
                )
            elif (self.age_s() or 0) > self.max_age_s:
                kind = "stale"
                msg = QCoreApplication.translate("StaleBanner", "数据已过期，显示的是 {time} 的数据").format(time=when)
        stale = bool(kind)
        if (stale, kind, msg) != (self.stale, self.kind, self.message):
            self.stale, self.kind, self.message = stale, kind, msg
            self.sig_changed.emit(stale, kind, msg)


class StaleBanner(QFrame):
    """A full-width fuchsia bar, hidden while the data is fresh.  Connect to a :class:`StaleWatch`."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setProperty("kind", "")
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.detail = QLabel()
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setFont(style.cjk_font(34, bold=True))
        self.detail.setFont(style.cjk_font(18))
        lay = QHBoxLayout(self)
        lay.setContentsMargins(20, 6, 20, 6)
        lay.addWidget(self.label)
        lay.addStretch(1)
        lay.addWidget(self.detail)
        self.hide()

    def set_state(self, stale: bool, kind: str, message: str, detail: str | None = None) -> None:
        self.label.setText(message)
        self.detail.setText(detail or "")
        if self.property("kind") != kind:
            self.setProperty("kind", kind)
            style.repolish(self)
        self.setVisible(stale)


class EngineBanner(QFrame):
    """Safety orange over every wall while the supervision engine is not running (``Snapshot.engine.ok`` False):
    the lights are still read, but nothing raises their alarms.  Hidden while it runs, in replay, and when the
    snapshot does not watch an engine."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setFont(style.cjk_font(34, bold=True))
        self.detail = QLabel(QCoreApplication.translate("EngineBanner", "新的报警不会产生，请启动监察引擎"))
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setFont(style.cjk_font(18))
        lay = QHBoxLayout(self)
        lay.setContentsMargins(20, 6, 20, 6)
        lay.addWidget(self.label)
        lay.addStretch(1)
        lay.addWidget(self.detail)
        self.hide()

    def set_snapshot(self, snap: Snapshot) -> None:
        text = None if snap.replay_at is not None else engine_down_text(snap.engine)
        self.label.setText(text or "")
        self.setVisible(text is not None)


class CalendarNote(QFrame):
    """Amber note for a provisional calendar year (``Snapshot.calendar_note``); hidden when there is none."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setFont(style.cjk_font(20, bold=True))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 4, 16, 4)
        lay.addWidget(self.label)
        self.hide()

    def set_note(self, note: str | None) -> None:
        if note:
            self.label.setText(
                QCoreApplication.translate("StaleBanner", "临时日历：{note}").format(note=calendar_note_text(note))
            )
        self.setVisible(bool(note))


class AuditBanner(QFrame):
    """Red bar: the audit trail failed verification (console.supervision.audit_check); hidden when intact.

    A supervision console's own record must be beyond dispute, so a broken chain is shown on every wall
    until someone looks into it, never only in a log."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # the message quotes stored data: never markup
        self.label.setWordWrap(True)
        self.label.setFont(style.cjk_font(24, bold=True))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(20, 6, 20, 6)
        lay.addWidget(self.label)
        self.hide()

    def set_problem(self, text: str | None) -> None:
        self.label.setText(text or "")
        self.setVisible(bool(text))


class BannerStack(QWidget):
    """The audit and stale banners over the calendar note, driven by one StaleWatch; what the walls put on top."""

    def __init__(
        self,
        max_age_s: float = DEFAULT_MAX_AGE_S,
        parent: QWidget | None = None,
        clock: Callable[[dt.datetime], dt.datetime] = _now_like,
    ):
        super().__init__(parent)
        self.watch = StaleWatch(max_age_s, self, clock=clock)
        self.audit = AuditBanner(self)
        self.banner = StaleBanner(self)
        self.engine = EngineBanner(self)
        self.note = CalendarNote(self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.audit)
        lay.addWidget(self.banner)
        lay.addWidget(self.engine)
        lay.addWidget(self.note)
        self.watch.sig_changed.connect(self._on_changed)

    def set_snapshot(self, snap: Snapshot) -> None:
        self.note.set_note(snap.calendar_note)
        self.engine.set_snapshot(snap)
        self.watch.set_snapshot(snap)
        if self.watch.stale:  # refresh the detail (error text may change while staying "down")
            self._on_changed(True, self.watch.kind, self.watch.message)

    def _on_changed(self, stale: bool, kind: str, message: str) -> None:
        snap = self.watch.snapshot
        detail = None
        if stale and snap is not None:
            if kind == "down" and snap.error:
                detail = snap.error[:120]
            else:
                detail = QCoreApplication.translate("StaleBanner", "超过 {n} 秒未更新").format(
                    n=int(self.watch.max_age_s)
                )
        self.banner.set_state(stale, kind, message, detail)


class ReplayBanner(QFrame):
    """Replay (回放): the moment shown, on every screen window; hidden when live.  Its own paper-white colour
    with an amber edge, unlike every light and the live banners, so a replayed wall is never taken for live."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setFont(style.cjk_font(30, bold=True))
        self.detail = QLabel()
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setFont(style.cjk_font(18))
        lay = QHBoxLayout(self)
        lay.setContentsMargins(20, 6, 20, 6)
        lay.addWidget(self.label)
        lay.addStretch(1)
        lay.addWidget(self.detail)
        self.at: dt.datetime | None = None
        self.hide()

    def set_replay(self, at: dt.datetime | None) -> None:
        self.at = at
        if at is not None:
            self.label.setText(
                QCoreApplication.translate("ReplayBanner", "回放 {at}").format(at=at.strftime("%Y-%m-%d %H:%M"))
            )
            self.detail.setText(QCoreApplication.translate("ReplayBanner", "非实时：按当时已收到的数据，告警不提示"))
        self.setVisible(at is not None)
