"""Turns new red alarms into one modal at a time, a flood summary, and a sound that repeats until acknowledged.

Decisions (see shared/domain.md, "Control-room practice"):

* Only **red** alarms open a modal and sound; yellow ones wait in the alarm queue view.
* **One dialog at a time.**  New reds queue behind the open AlarmDialog ("另有 N 条待确认"); the next one
  shows when the current one is acknowledged.  There is never a stack of modals.
* **Flood:** when more than ``flood_count`` (10) new red alarms arrived within ``flood_window_s`` (600 s), the
  open AlarmDialog and its queue are folded into a single FloodDialog (table + 全部确认); more reds join it.
  It stays the only dialog until it is acknowledged.
* **Startup:** alarms raised while this console was not running are open alarms in the first snapshot.  The
  first good snapshot's open red alarms all count as new (plus whatever ``new_alarm_ids`` lists), so an
  operator arriving at a restarted console sees them; many of them → the flood summary.
* An alarm that a later snapshot no longer lists as open (acknowledged at another console, cancelled, cleared)
  closes quietly.  A failed (stale) snapshot closes nothing and raises nothing.
* Acknowledgement goes through ``controller.acknowledge``; an outcome with ``won=False`` shows
  "已由 {operator}（{console}）于 HH:MM:SS 确认" in the dialog, which then closes after ``info_ms``.
* **Sound:** plays when an unacknowledged red is presented, then every ``repeat_ms`` (5 s) until every presented
  alarm is acknowledged; every ``realert_ms`` (30 s) the dialog is re-raised, flashes and the sound plays again.
  Muting (checkbox or Ctrl+M in the dialogs, ``set_muted``; stored in QSettings ``alarms/muted``) silences the
  sound but not the dialog.
* The dialog is window-modal to ``window`` (the configured screen's window): pass a QWidget or a callable that
  returns one; without it, the top-level window on the screen named by QSettings ``alarms/screen``, else the
  active window.

The sound backend is a one-method interface (``play()``) so tests can count plays.  PySide6-Essentials has no
QtMultimedia, so ``default_sound()`` plays resources/sounds/alarm.wav with the platform's player
(console/shell/sound.py), or falls back to ``QApplication.beep()``.
"""
from __future__ import annotations

import collections
import datetime as dt
import logging
import time
from typing import Callable, Protocol

import shiboken6
from PySide6.QtCore import QObject, QSettings, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QWidget

from console.domain import clock
from console.domain.snapshot import AlarmView
from console.widgets.alarm_dialog import AlarmDialog, FloodDialog

log = logging.getLogger(__name__)

MUTED_KEY = "alarms/muted"
SCREEN_KEY = "alarms/screen"


class Sound(Protocol):
    def play(self) -> None: ...


class BeepSound:
    def play(self) -> None:
        QApplication.beep()


class EffectSound:
    """QSoundEffect on a WAV file (only when QtMultimedia is installed)."""

    def __init__(self, path: str):
        from PySide6.QtCore import QUrl
        from PySide6.QtMultimedia import QSoundEffect  # type: ignore[attr-defined]

        self._effect = QSoundEffect()
        self._effect.setSource(QUrl.fromLocalFile(path))

    def play(self) -> None:
        self._effect.play()


def default_sound(wav_path: str | None = None) -> Sound:
    """QSoundEffect where QtMultimedia exists, else the platform's player on the alarm WAV, else a beep."""
    from pathlib import Path

    from console.shell.sound import ALARM_WAV, platform_sound

    path = Path(wav_path) if wav_path else ALARM_WAV
    try:
        return EffectSound(str(path))
    except ImportError:
        pass
    sound = platform_sound(path)
    if sound is None:
        log.info("no audio player found; alarms use the system beep")
        return BeepSound()
    return sound


def _bool(v) -> bool:
    return v in (True, 1, "1", "true", "True")


class AlarmNotifier(QObject):
    #: the operator pressed 查看办件 (case_id)
    sig_drilldown_case = Signal(int)
    #: mute state changed (bool), from a dialog, Ctrl+M or set_muted
    sig_muted_changed = Signal(bool)
    #: a flood summary opened (number of alarms in it)
    sig_flood = Signal(int)
    #: an AlarmDialog or FloodDialog was created and is about to open: others add to it (ControlRoom: the
    #: supervision actions and the logged-in operator's name)
    sig_dialog_opened = Signal(object)

    def __init__(
        self,
        controller,
        settings: QSettings,
        window: QWidget | Callable[[], QWidget | None] | None = None,
        sound: Sound | None = None,
        parent: QObject | None = None,
        *,
        repeat_ms: int | None = None,
        realert_ms: int | None = None,
        info_ms: int = 3000,
        flood_count: int | None = None,
        flood_window_s: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        wallclock: Callable[[], dt.datetime] = clock.now,
    ):
        super().__init__(parent)
        self.controller = controller
        self.settings = settings
        self._window = window
        self.sound: Sound = sound or default_sound(settings.value("alarms/sound_file") or None)
        self.repeat_ms = int(repeat_ms or settings.value("alarms/repeat_ms", 5000))
        self.realert_ms = int(realert_ms or settings.value("alarms/realert_ms", 30000))
        self.info_ms = info_ms
        self.flood_count = int(flood_count or settings.value("alarms/flood_count", 10))
        self.flood_window_s = float(flood_window_s or settings.value("alarms/flood_window_s", 600))
        self._clock = clock
        self._wallclock = wallclock  # for the flood table's waiting time
        self._muted = _bool(settings.value(MUTED_KEY, False))

        self._first = True
        self._open: dict[int, AlarmView] = {}  # open alarms of the last good snapshot
        self._seen: set[int] = set()  # red alarms already presented (never twice)
        self._queue: list[AlarmView] = []  # waiting behind the dialog
        self._recent: collections.deque[tuple[float, int]] = collections.deque()
        self._acked: set[int] = set()
        self.dialog: AlarmDialog | None = None
        self.flood: FloodDialog | None = None

        self._repeat = QTimer(self)
        self._repeat.setInterval(self.repeat_ms)
        self._repeat.timeout.connect(self._play)
        self._realert = QTimer(self)
        self._realert.setInterval(self.realert_ms)
        self._realert.timeout.connect(self._on_realert)

        controller.sig_snapshot.connect(self.on_snapshot)
        controller.sig_alarms_acknowledged.connect(self.on_acknowledged)
        controller.sig_error.connect(self.on_error)

    # ---- public ------------------------------------------------------------------------------------
    @property
    def muted(self) -> bool:
        return self._muted

    @Slot(bool)
    def set_muted(self, muted: bool) -> None:
        muted = bool(muted)
        if muted == self._muted:
            return
        self._muted = muted
        self.settings.setValue(MUTED_KEY, muted)
        for d in (self.dialog, self.flood):
            if d is not None:
                d.set_muted(muted)
        self._update_sound(start=not muted)
        self.sig_muted_changed.emit(muted)

    def toggle_mute(self) -> None:
        self.set_muted(not self._muted)

    def pending_ids(self) -> list[int]:
        """Red alarms presented or queued and not yet acknowledged."""
        ids = [a.alarm_id for a in self._queue]
        if self.dialog is not None:
            ids.insert(0, self.dialog.alarm.alarm_id)
        if self.flood is not None:
            ids += self.flood.alarm_ids()
        return [i for i in ids if i not in self._acked]

    # ---- snapshots ---------------------------------------------------------------------------------
    @Slot(object)
    def on_snapshot(self, snap) -> None:
        if not snap.ok:
            return
        self._open = {a.alarm_id: a for a in snap.alarms if a.status == "open"}
        self._drop_closed()
        new_ids = set(snap.new_alarm_ids)
        if self._first:
            new_ids |= {a.alarm_id for a in self._open.values() if a.level == "red"}
            self._first = False
        fresh = sorted(
            (a for i, a in self._open.items() if i in new_ids and a.level == "red" and i not in self._seen),
            key=lambda a: (a.raised_at, a.alarm_id),
        )
        if fresh:
            self._present(fresh)
        self._update_sound()

    def _drop_closed(self) -> None:
        """Close quietly what is no longer open (acknowledged elsewhere, cancelled, cleared)."""
        self._queue = [a for a in self._queue if a.alarm_id in self._open]
        if self.dialog is not None and self.dialog.alarm.alarm_id not in self._open \
                and self.dialog.alarm.alarm_id not in self._acked:
            self._next_dialog()
        if self.flood is not None:
            gone = [i for i in self.flood.alarm_ids() if i not in self._open and i not in self._acked]
            if gone:
                self.flood.remove_alarms(gone)
                if not self.flood.alarm_ids():
                    self._close_flood()
        self._update_queue_label()

    def _present(self, fresh: list[AlarmView]) -> None:
        now = self._clock()
        for a in fresh:
            self._seen.add(a.alarm_id)
            self._recent.append((now, a.alarm_id))
        while self._recent and now - self._recent[0][0] > self.flood_window_s:
            self._recent.popleft()
        flooding = self.flood is not None or len(self._recent) > self.flood_count
        if flooding:
            folded = list(self._queue)
            self._queue.clear()
            if self.dialog is not None:
                folded.insert(0, self.dialog.alarm)
                self._close_dialog()
            self._open_flood(folded + fresh)
        else:
            self._queue.extend(fresh)
            if self.dialog is None:
                self._next_dialog()
            self._update_queue_label()
        self._realert.start()  # a fresh 30 s from the newest presentation
        self._play()
        if not self._repeat.isActive() and not self._muted:
            self._repeat.start()

    # ---- dialogs -----------------------------------------------------------------------------------
    def _parent_window(self) -> QWidget | None:
        w = self._window() if callable(self._window) and not isinstance(self._window, QWidget) else self._window
        if w is not None:
            return w.window()
        name = self.settings.value(SCREEN_KEY)
        if name:
            for tl in QApplication.topLevelWidgets():
                if tl.isVisible() and not isinstance(tl, (AlarmDialog, FloodDialog)) \
                        and tl.screen() is not None and tl.screen().name() == name:
                    return tl
        return QApplication.activeWindow()

    def _wire(self, d) -> None:
        d.sig_acknowledge.connect(self._acknowledge)
        d.sig_drilldown_case.connect(self.sig_drilldown_case)
        d.sig_mute_toggled.connect(self.set_muted)

    def _next_dialog(self) -> None:
        """Show the next queued alarm (reusing the open dialog), or close it when none is left."""
        while self._queue and (self._queue[0].alarm_id in self._acked or self._queue[0].alarm_id not in self._open):
            self._queue.pop(0)
        if not self._queue:
            self._close_dialog()
            return
        alarm = self._queue.pop(0)
        if self.dialog is None:
            self.dialog = AlarmDialog(alarm, self.settings, self._parent_window(), muted=self._muted)
            self._wire(self.dialog)
            self.sig_dialog_opened.emit(self.dialog)
            self.dialog.open()
        else:
            self.dialog.set_alarm(alarm)
        self.dialog.start_flashing()
        self._update_queue_label()

    def _update_queue_label(self) -> None:
        if self.dialog is not None:
            self.dialog.set_queue_count(len(self._queue))

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            d, self.dialog = self.dialog, None
            d.close_quietly()

    def _open_flood(self, alarms: list[AlarmView]) -> None:
        if self.flood is None:
            self.flood = FloodDialog(self.settings, self._parent_window(), muted=self._muted, now=self._wallclock)
            self._wire(self.flood)
            self.flood.add_alarms(alarms)
            self.sig_dialog_opened.emit(self.flood)
            self.flood.open()
            self.flood.start_flashing()
        else:
            self.flood.add_alarms(alarms)
        self.sig_flood.emit(len(self.flood.alarm_ids()))

    def _close_flood(self) -> None:
        if self.flood is not None:
            f, self.flood = self.flood, None
            f.close_quietly()

    # ---- acknowledgement -----------------------------------------------------------------------------
    def _acknowledge(self, alarm_ids, operator: str, note) -> None:
        self.controller.acknowledge(list(alarm_ids), operator, note)

    @Slot(object)
    def on_acknowledged(self, outcomes) -> None:
        lost = []
        ids = set()
        for o in outcomes:
            ids.add(o.alarm_id)
            self._acked.add(o.alarm_id)
            if not o.won:
                lost.append(o)
        self._queue = [a for a in self._queue if a.alarm_id not in ids]
        lost_by_id = {o.alarm_id: o for o in lost}
        if self.dialog is not None and self.dialog.alarm.alarm_id in ids:
            o = lost_by_id.get(self.dialog.alarm.alarm_id)
            if o is not None:
                self._show_taken_then(self.dialog, [o], self._after_taken_dialog)
            else:
                self._next_dialog()
        if self.flood is not None:
            in_flood = [i for i in self.flood.alarm_ids() if i in ids]
            if in_flood:
                flood_lost = [lost_by_id[i] for i in in_flood if i in lost_by_id]
                remaining = [i for i in self.flood.alarm_ids() if i not in ids]
                if remaining:
                    self.flood.remove_alarms(in_flood)
                    if flood_lost:
                        self.flood.show_info(self._taken_text(flood_lost))
                elif flood_lost:
                    self._show_taken_then(self.flood, flood_lost, self._close_flood_if)
                else:
                    self._close_flood()
        self._update_queue_label()
        self._update_sound()

    def _taken_text(self, lost) -> str:
        o = lost[0]
        text = self.tr("已由 {operator}（{console}）于 {at} 确认").format(
            operator=o.operator, console=o.console, at=o.acked_at.strftime("%H:%M:%S"))
        if len(lost) > 1:
            text += self.tr("（另有 {n} 条已由其他控制台确认）").format(n=len(lost) - 1)
        return text

    def _show_taken_then(self, d, lost, then) -> None:
        d.show_info(self._taken_text(lost))
        d.set_busy(True)
        d.stop_flashing()
        QTimer.singleShot(self.info_ms, lambda d=d: then(d))

    def _after_taken_dialog(self, d) -> None:
        if self.dialog is d:
            self._next_dialog()
            self._update_sound()

    def _close_flood_if(self, f) -> None:
        if self.flood is f:
            self._close_flood()
            self._update_sound()

    @Slot(str)
    def on_error(self, text: str) -> None:
        for d in self._live_dialogs():
            if not d.ack_button.isEnabled():
                d.show_error(text)

    # ---- sound ---------------------------------------------------------------------------------------
    def _update_sound(self, start: bool = False) -> None:
        if not self.pending_ids():
            self._repeat.stop()
            self._realert.stop()
            return
        if self._muted:
            self._repeat.stop()
        elif start or not self._repeat.isActive():
            if not self._repeat.isActive():
                self._repeat.start()

    def _play(self) -> None:
        if self._muted or not self.pending_ids():
            return
        try:
            self.sound.play()
        except Exception:  # a broken sound device must never break the alarm path
            log.exception("alarm sound failed")

    def _live_dialogs(self) -> list:
        """The dialogs still backed by a Qt object (a window re-homed away may have taken one with it)."""
        if self.dialog is not None and not shiboken6.isValid(self.dialog):
            self.dialog = None
        if self.flood is not None and not shiboken6.isValid(self.flood):
            self.flood = None
        return [d for d in (self.dialog, self.flood) if d is not None]

    def _on_realert(self) -> None:
        if not self.pending_ids():
            self._realert.stop()
            return
        for d in self._live_dialogs():
            d.realert()
        self._play()
