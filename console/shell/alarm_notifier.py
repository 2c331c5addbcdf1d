"""Puts the annunciation policy on screen: Qt signals and timers in, alarm dialogs, flood summary and sound out.

What to present, queue, summarise as a flood, sound and re-raise is decided by the Qt-free
``console.domain.annunciation.Annunciator`` (its docstring states the policy).  ``AlarmNotifier`` feeds it the
controller's snapshots and acknowledgement outcomes, its repeat (``repeat_ms``, 5 s), re-raise (``realert_ms``,
30 s) and "taken by" notice (``info_ms``) timers and the mute switch, and carries out the commands it returns
with ``AlarmDialog``/``FloodDialog`` and the sound.  Acknowledgement goes through ``controller.acknowledge``.

* Muting (checkbox or Ctrl+M in the dialogs, ``set_muted``) is stored in QSettings ``alarms/muted``.
* The dialog is a modeless transient of ``window`` (the configured screen's window): pass a QWidget or a
  callable that returns one; without it, the top-level window on the screen named by QSettings
  ``alarms/screen``, else the active window.  It never blocks that window: the alarm queue stays reachable.
* Esc (or 查看办件) sets a dialog aside (``sig_set_aside``); ``bring_back()`` (F9, ControlRoom) shows it again,
  and the re-raise timer does so by itself.
* ``may_raise()`` (ControlRoom: "nobody is logged in and the console is not locked") says whether a dialog may
  take the front and the focus; when it may not, dialogs open and re-alert *behind* the log-in dialog, still
  flashing and sounding.
* A modal form of the desk open over the alarms' window (下达整改通知, 撤销, 确认…: ``blocking_form()``) is not
  interrupted: a dialog that would open or come back waits until the form closes, one already showing keeps
  flashing where it is; the sound repeats and the windows ask for attention (taskbar).  Raising a dialog over
  the form took the operator's clicks away from it (a window blocked by the form's modality swallows them).

The sound backend is a one-method interface (``play()``) so tests can count plays.  ``default_sound()`` plays
resources/sounds/alarm.wav through Qt Multimedia's QSoundEffect (console/shell/sound.py), or the system beep
where no audio device can play it.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol

import shiboken6
from PySide6.QtCore import QObject, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from console.domain import clock
from console.domain.annunciation import (
    Acknowledged,
    AckResult,
    Annunciator,
    ArmRealert,
    CloseDialog,
    CloseFlood,
    Command,
    DisarmRealert,
    Event,
    ExtendFlood,
    FailedSnapshot,
    GoodSnapshot,
    Hidden,
    Mute,
    OpenDialog,
    OpenFlood,
    PlaySound,
    Realert,
    RealertTick,
    RemoveFromFlood,
    RepeatTick,
    SetQueueCount,
    ShowNext,
    ShowTaken,
    StartRepeat,
    StopRepeat,
    TakenInfoExpired,
)
from console.domain.snapshot import AlarmView
from console.shell.screens import ScreenWindow
from console.shell.sound import ALARM_WAV, EffectSound
from console.widgets.alarm_dialog import AlarmDialog, FloodDialog
from console.widgets.login_dialog import LoginDialog

log = logging.getLogger(__name__)

MUTED_KEY = "alarms/muted"
SCREEN_KEY = "alarms/screen"


class Sound(Protocol):
    def play(self) -> None: ...


def default_sound(wav_path: str | None = None) -> Sound:
    """QSoundEffect on the alarm WAV (the system beep while it cannot play)."""
    return EffectSound(Path(wav_path) if wav_path else ALARM_WAV)


def _bool(v) -> bool:
    return v in (True, 1, "1", "true", "True")


class AlarmNotifier(QObject):
    #: the operator pressed 查看办件 (case_id)
    sig_drilldown_case = Signal(int)
    #: mute state changed (bool), from a dialog, Ctrl+M or set_muted
    sig_muted_changed = Signal(bool)
    #: a mute refused (an operator's Ctrl+M): the words, for wherever it was asked (the queue, a dialog)
    sig_mute_refused = Signal(str)
    #: a flood summary opened or grew (number of alarms in it)
    sig_flood = Signal(int)
    #: an AlarmDialog or FloodDialog was created and is about to open: others add to it (ControlRoom: the
    #: supervision actions and the logged-in operator's name)
    sig_dialog_opened = Signal(object)
    #: the operator set an alarm dialog aside (Esc, 查看办件): the alarm waits in the queue
    sig_set_aside = Signal()
    #: an alarm dialog or the flood summary came on screen (opened, F9, re-alert, after a form or a replay)
    sig_shown = Signal()

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
        self.info_ms = info_ms
        self._wallclock = wallclock  # for the flood table's waiting time
        self.policy = Annunciator(
            flood_count=int(flood_count or settings.value("alarms/flood_count", 10)),
            flood_window_s=float(flood_window_s or settings.value("alarms/flood_window_s", 600)),
            muted=_bool(settings.value(MUTED_KEY, False)),
            now=clock,
        )
        self.dialog: AlarmDialog | None = None
        self.flood: FloodDialog | None = None
        self.may_raise: Callable[[], bool] = lambda: True
        self._waiting_form: QWidget | None = None  # the form a dialog waits behind (brought back when it closes)

        self._repeat = QTimer(self)
        self._repeat.setInterval(int(repeat_ms or settings.value("alarms/repeat_ms", 5000)))
        self._repeat.timeout.connect(self._on_repeat)
        self._realert = QTimer(self)
        self._realert.setInterval(int(realert_ms or settings.value("alarms/realert_ms", 30000)))
        self._realert.timeout.connect(self._on_realert)

        controller.sig_snapshot.connect(self.on_snapshot)
        controller.sig_alarms_acknowledged.connect(self.on_acknowledged)
        controller.sig_error.connect(self.on_error)

    # ---- public ------------------------------------------------------------------------------------
    @property
    def muted(self) -> bool:
        return self.policy.muted

    @Slot(bool)
    def set_muted(self, muted: bool) -> None:
        muted = bool(muted)
        if muted == self.policy.muted:
            return
        self._feed(Mute(muted))
        self.settings.setValue(MUTED_KEY, muted)
        for d in self._live_dialogs():
            d.set_muted(muted)
        self.sig_muted_changed.emit(muted)

    def refuse_mute(self, why: str) -> None:
        """A mute was refused (and undone): its words in the open dialogs and to the queue."""
        for d in self._live_dialogs():
            d.show_error(why)
        self.sig_mute_refused.emit(why)

    def toggle_mute(self) -> None:
        self.set_muted(not self.policy.muted)

    @Slot()
    def bring_back(self) -> bool:
        """Show the alarm dialogs set aside again, in front with the focus (F9); False if none is pending."""
        dialogs = self._live_dialogs()
        if dialogs and self._wait_for_form():
            return True
        for d in dialogs:
            d.bring_back(self.may_raise())
        return bool(dialogs)

    def blocking_form(self) -> QWidget | None:
        """The modal form open over the alarms' window (not the log-in: ``may_raise`` has that), or None."""
        form = QApplication.activeModalWidget()
        if form is None or isinstance(form, (LoginDialog, AlarmDialog, FloodDialog)):
            return None
        if form.windowModality() == Qt.WindowModality.ApplicationModal:
            return form
        host = self._parent_window()
        if host is None or host is form:  # no window of their own (the active one is the form): it blocks them
            return form
        w = form.parentWidget()
        while w is not None:  # window-modal: it blocks its parent windows, the alarms' among them?
            if w is host:
                return form
            w = w.parentWidget()
        return None

    def _wait_for_form(self) -> bool:
        """A form is open: ask for attention without taking the front; the dialogs come back when it closes."""
        form = self.blocking_form()
        if form is None:
            return False
        for d in self._live_dialogs():
            if d.isVisible():
                d.start_flashing()  # stays where it is, below the form
        QApplication.alert(form.window())
        if form is not self._waiting_form:
            log.info("red alarm waits behind the form %r", form.windowTitle())
            self._waiting_form = form
            form.destroyed.connect(self._form_closed)
            if isinstance(form, QDialog):
                form.finished.connect(self._form_closed)
        return True

    @Slot()
    def _form_closed(self, *_args) -> None:
        # the next event loop turn: a form that opens another (or a second form) is seen before the dialogs come
        self._waiting_form = None
        QTimer.singleShot(0, self, self._after_form)

    @Slot()
    def _after_form(self) -> None:
        if self._waiting_form is None and self.pending_ids():
            self.bring_back()

    def set_aside(self) -> None:
        """Set every alarm dialog aside (the queue or a case needs the screen)."""
        for d in self._live_dialogs():
            d.set_aside()

    def pending_ids(self) -> list[int]:
        """Red alarms presented or queued and not yet acknowledged."""
        return self.policy.pending_ids()

    @Slot(object)
    def on_snapshot(self, snap) -> None:
        if getattr(snap, "replay_at", None) is not None:  # replay (回放): a past queue is never announced
            self._feed(GoodSnapshot((), frozenset()))  # and whatever was showing closes, its sound stops
            self._feed(Hidden())  # back to live, every open red is presented again
            return
        self._feed(GoodSnapshot(tuple(snap.alarms), frozenset(snap.new_alarm_ids)) if snap.ok else FailedSnapshot())

    @Slot(object)
    def on_acknowledged(self, outcomes) -> None:
        self._feed(Acknowledged(tuple(outcomes)))

    @Slot(str)
    def on_error(self, text: str) -> None:
        for d in self._live_dialogs():
            if not d.ack_button.isEnabled():
                d.show_error(text)

    # Timers connect to methods, not lambdas: a lambda would keep a dropped notifier (and its timers) alive.
    @Slot()
    def _on_repeat(self) -> None:
        self._feed(RepeatTick())

    @Slot()
    def _on_realert(self) -> None:
        self._feed(RealertTick())

    # ---- the policy's commands -------------------------------------------------------------------------
    def _feed(self, event: Event) -> None:
        for command in self.policy.handle(event):
            log.debug("alarm annunciation: %s", command)
            self._do(command)

    def _do(self, command: Command) -> None:
        self._live_dialogs()
        match command:
            case OpenDialog(alarm) | ShowNext(alarm):
                self._show_in_dialog(alarm)
            case SetQueueCount(waiting):
                if self.dialog is not None:
                    self.dialog.set_queue_count(waiting)
            case CloseDialog():
                if self.dialog is not None:
                    d, self.dialog = self.dialog, None
                    d.close_quietly()
            case OpenFlood(alarms) | ExtendFlood(alarms):
                self._add_to_flood(alarms)
            case RemoveFromFlood(alarm_ids):
                if self.flood is not None:
                    self.flood.remove_alarms(alarm_ids)
            case CloseFlood():
                if self.flood is not None:
                    f, self.flood = self.flood, None
                    f.close_quietly()
            case ShowTaken():
                self._show_taken(command)
            case PlaySound():
                self._play()
            case StartRepeat():
                self._repeat.start()
            case StopRepeat():
                self._repeat.stop()
            case ArmRealert():
                self._realert.start()
            case DisarmRealert():
                self._realert.stop()
            case Realert():
                in_front = self.may_raise()
                if not in_front:
                    log.info("red alarm re-alerted behind the log-in dialog")
                elif self._wait_for_form():
                    log.info("red alarm re-alerted behind a form")
                    return
                for d in (self.dialog, self.flood):
                    if d is not None:
                        d.realert(in_front)

    # ---- dialogs -----------------------------------------------------------------------------------
    def _parent_window(self) -> QWidget | None:
        w = self._window() if callable(self._window) and not isinstance(self._window, QWidget) else self._window
        if w is not None:
            return w.window()
        name = self.settings.value(SCREEN_KEY)
        if name:
            for tl in QApplication.topLevelWidgets():
                if (
                    tl.isVisible()
                    and not isinstance(tl, (AlarmDialog, FloodDialog))
                    and tl.screen() is not None
                    and tl.screen().name() == name
                ):
                    return tl
        return QApplication.activeWindow()

    def _wire(self, d) -> None:
        d.sig_acknowledge.connect(self._acknowledge)
        d.sig_drilldown_case.connect(self.sig_drilldown_case)
        d.sig_mute_toggled.connect(self.set_muted)
        d.sig_set_aside.connect(self.sig_set_aside)
        d.sig_shown.connect(self.sig_shown)
        d.sig_show_tab.connect(self._show_tab)

    def _show_tab(self, index: int) -> None:
        """Alt+N from a dialog: the tab of the window it stands over, which takes the keyboard; the dialog stays
        on screen (modeless, its alarm waiting)."""
        host = self._parent_window()
        if isinstance(host, ScreenWindow):
            host.activateWindow()
            host.show_tab(index)

    def _show_in_dialog(self, alarm: AlarmView) -> None:
        """The alarm in the open dialog, or in a new one."""
        if self.dialog is None:
            self.dialog = AlarmDialog(alarm, self.settings, self._parent_window(), muted=self.policy.muted)
            self._wire(self.dialog)
            self.sig_dialog_opened.emit(self.dialog)
            if not self._wait_for_form():
                self.dialog.bring_back(self.may_raise())
        else:
            self.dialog.set_alarm(alarm)
        self.dialog.start_flashing()

    def _add_to_flood(self, alarms: Iterable[AlarmView]) -> None:
        """The alarms in the open flood summary, or in a new one."""
        if self.flood is None:
            self.flood = FloodDialog(self.settings, self._parent_window(), muted=self.policy.muted, now=self._wallclock)
            self._wire(self.flood)
            self.flood.add_alarms(alarms)
            self.sig_dialog_opened.emit(self.flood)
            if not self._wait_for_form():
                self.flood.bring_back(self.may_raise())
        else:
            self.flood.add_alarms(alarms)
        self.flood.start_flashing()
        self.sig_flood.emit(len(self.flood.alarm_ids()))

    def _live_dialogs(self) -> list:
        """The dialogs still backed by a Qt object (a window re-homed away may have taken one with it)."""
        if self.dialog is not None and not shiboken6.isValid(self.dialog):
            self.dialog = None
        if self.flood is not None and not shiboken6.isValid(self.flood):
            self.flood = None
        return [d for d in (self.dialog, self.flood) if d is not None]

    # ---- acknowledgement -----------------------------------------------------------------------------
    def _acknowledge(self, alarm_ids, operator: str, note) -> None:
        self.controller.acknowledge(list(alarm_ids), operator, note)

    def _show_taken(self, command: ShowTaken) -> None:
        d = self.dialog if command.where == "dialog" else self.flood
        if d is not None:
            d.show_info(self._taken_text(command.outcomes))
        if command.leaving:
            if d is not None:
                d.set_busy(True)
                d.stop_flashing()
            expired = TakenInfoExpired(command.where, command.alarm_ids)
            QTimer.singleShot(self.info_ms, self, lambda: self._feed(expired))

    def _taken_text(self, lost: tuple[AckResult, ...]) -> str:
        o = lost[0]
        text = self.tr("已由 {operator}（{console}）于 {at} 确认").format(
            operator=o.operator, console=o.console, at=o.acked_at.strftime("%H:%M:%S")
        )
        if len(lost) > 1:
            text += self.tr("（另有 {n} 条已由其他控制台确认）").format(n=len(lost) - 1)
        return text

    # ---- sound ---------------------------------------------------------------------------------------
    def _play(self) -> None:
        try:
            self.sound.play()
        except Exception:  # a broken sound device must never break the alarm path
            log.exception("alarm sound failed")
