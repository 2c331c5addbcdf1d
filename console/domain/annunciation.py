"""What the control room is shown and hears of new red alarms: the annunciation policy (Qt-free, SQL-free).

Decisions (alarm management after ISA-18.2 / EEMUA 191: acknowledging means "seen", never a stack of modals):

* Only **red** alarms are presented and sound; yellow ones wait in the alarm queue view.
* **One dialog at a time.**  New reds queue behind the open alarm dialog ("另有 N 条待确认"); the next one
  shows when the current one is acknowledged.  An alarm is presented once, never twice.
* **Flood.**  ISA-18.2 and EEMUA 191 take more than 10 new alarms in 10 minutes per operator as a flood: more
  than an operator can take in one by one.  When more than ``flood_count`` red alarms were presented within
  ``flood_window_s`` *and* more than one awaits acknowledgement, the dialog and its queue fold into one flood
  summary (a table and 全部确认); more reds join it until it is acknowledged.  A summary is there to spare the
  operator a stack of dialogs, so it never opens for one alarm: a single red arriving while the rate is still
  over the limit (say after ten start-up alarms acknowledged one by one) shows in the ordinary dialog with its
  next step, and the summary opens only if a second one comes while it waits.
* **Start-up.**  Alarms raised while this console was not running are open in its first snapshot: the first good
  snapshot's open reds all count as new, so an operator arriving at a restarted console sees them.
* An alarm that a later snapshot no longer lists as open (acknowledged at another console, cancelled, cleared)
  leaves the dialog, queue or summary quietly.  A failed (stale) snapshot closes nothing and presents nothing.
* **Acknowledgement** outcomes come back as won or lost.  A lost one (another console was first) shows
  "已由 X（console）于 HH:MM:SS 确认" in the dialog, which moves on when that notice expires; in the summary, the
  notice shows and the alarm leaves it (the summary itself waits for the notice to expire if it was the last).
* **Sound** plays when a red is presented and then on every repeat tick while any presented alarm is
  unacknowledged; every re-raise tick brings the dialogs back to the front, flashing, and plays again.  The
  re-raise period starts afresh with every presentation.  Muting silences the sound, never the dialogs.

``Annunciator.handle(event)`` takes one event and returns the commands for the adapter
(``console.shell.alarm_notifier``), which owns the dialogs, the timers and the sound device.  What is presented
is readable at any time: ``dialog``, ``queue``, ``flood``, ``sounding``, ``muted``, ``pending_ids()``.  Time is
read from the injected monotonic ``now`` (for the flood rate only).
"""

from __future__ import annotations

import collections
import datetime as dt
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal, Protocol

from console.domain.snapshot import AlarmView

Where = Literal["dialog", "flood"]


class AckResult(Protocol):
    """One alarm's acknowledgement outcome: ``won`` False means another console was first (who, where, when)."""

    @property
    def alarm_id(self) -> int: ...
    @property
    def won(self) -> bool: ...
    @property
    def operator(self) -> str: ...
    @property
    def console(self) -> str: ...
    @property
    def acked_at(self) -> dt.datetime: ...


# ---- events: what happens to the policy ------------------------------------------------------------


@dataclass(frozen=True)
class GoodSnapshot:
    """A poll that succeeded: the alarms it lists (only open ones count) and the ids first seen in it."""

    alarms: tuple[AlarmView, ...]
    new_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class FailedSnapshot:
    """A poll that failed: its data is stale, so nothing opens and nothing closes."""


@dataclass(frozen=True)
class Acknowledged:
    """Outcomes of acknowledgements made at this console (from any of its windows)."""

    outcomes: tuple[AckResult, ...]


@dataclass(frozen=True)
class RepeatTick:
    """The sound's repeat period passed."""


@dataclass(frozen=True)
class RealertTick:
    """The re-raise period passed with alarms still unacknowledged."""


@dataclass(frozen=True)
class Mute:
    on: bool


@dataclass(frozen=True)
class Hidden:
    """The live queue was hidden (a replay showed a past moment): the next live snapshot presents every open red
    again, as at the console's start — an unacknowledged red that was presented before the replay closed with
    it, and would otherwise wait in the queue with no dialog, no sound (F9 finding nothing)."""


@dataclass(frozen=True)
class TakenInfoExpired:
    """The "taken by" notice shown by ``ShowTaken(where, …, leaving=True)`` for ``alarm_ids`` has been read."""

    where: Where
    alarm_ids: tuple[int, ...]


Event = GoodSnapshot | FailedSnapshot | Acknowledged | RepeatTick | RealertTick | Mute | TakenInfoExpired | Hidden


# ---- commands: what the adapter is to do -----------------------------------------------------------
# Each reads as a short phrase (str) so that step tables and the debug log say what happened.


def _ids(alarm_ids: Iterable[int]) -> str:
    return ",".join(str(i) for i in alarm_ids)


@dataclass(frozen=True)
class OpenDialog:
    alarm: AlarmView

    def __str__(self) -> str:
        return f"open dialog {self.alarm.alarm_id}"


@dataclass(frozen=True)
class ShowNext:
    """The open dialog now shows ``alarm`` (flashing afresh)."""

    alarm: AlarmView

    def __str__(self) -> str:
        return f"next {self.alarm.alarm_id}"


@dataclass(frozen=True)
class SetQueueCount:
    waiting: int

    def __str__(self) -> str:
        return f"queue {self.waiting}"


@dataclass(frozen=True)
class CloseDialog:
    def __str__(self) -> str:
        return "close dialog"


@dataclass(frozen=True)
class OpenFlood:
    alarms: tuple[AlarmView, ...]

    def __str__(self) -> str:
        return f"open flood {_ids(a.alarm_id for a in self.alarms)}"


@dataclass(frozen=True)
class ExtendFlood:
    """More alarms join the open summary (which flashes and takes acknowledgements again)."""

    alarms: tuple[AlarmView, ...]

    def __str__(self) -> str:
        return f"flood + {_ids(a.alarm_id for a in self.alarms)}"


@dataclass(frozen=True)
class RemoveFromFlood:
    alarm_ids: tuple[int, ...]

    def __str__(self) -> str:
        return f"flood - {_ids(self.alarm_ids)}"


@dataclass(frozen=True)
class CloseFlood:
    def __str__(self) -> str:
        return "close flood"


@dataclass(frozen=True)
class ShowTaken:
    """Show who acknowledged first.  ``leaving``: the alarms are leaving ``where`` (no more acknowledging, no
    flashing); answer with ``TakenInfoExpired(where, alarm_ids)`` once the notice has been shown long enough."""

    where: Where
    outcomes: tuple[AckResult, ...]
    leaving: bool

    @property
    def alarm_ids(self) -> tuple[int, ...]:
        return tuple(o.alarm_id for o in self.outcomes)

    def __str__(self) -> str:
        text = f"{self.where} taken {_ids(self.alarm_ids)} by {self.outcomes[0].operator}"
        return text + ", leaving" if self.leaving else text


@dataclass(frozen=True)
class PlaySound:
    def __str__(self) -> str:
        return "play"


@dataclass(frozen=True)
class StartRepeat:
    def __str__(self) -> str:
        return "repeat on"


@dataclass(frozen=True)
class StopRepeat:
    def __str__(self) -> str:
        return "repeat off"


@dataclass(frozen=True)
class ArmRealert:
    """Start the re-raise period afresh."""

    def __str__(self) -> str:
        return "arm realert"


@dataclass(frozen=True)
class DisarmRealert:
    def __str__(self) -> str:
        return "disarm realert"


@dataclass(frozen=True)
class Realert:
    """Bring the open dialogs back to the front, flashing."""

    def __str__(self) -> str:
        return "re-raise"


Command = (
    OpenDialog
    | ShowNext
    | SetQueueCount
    | CloseDialog
    | OpenFlood
    | ExtendFlood
    | RemoveFromFlood
    | CloseFlood
    | ShowTaken
    | PlaySound
    | StartRepeat
    | StopRepeat
    | ArmRealert
    | DisarmRealert
    | Realert
)


# ---- the policy ---------------------------------------------------------------------------------------


class Annunciator:
    """The annunciation state machine: ``handle(event) -> [command, …]``; the state is in its attributes."""

    def __init__(
        self,
        *,
        flood_count: int = 10,
        flood_window_s: float = 600.0,
        muted: bool = False,
        now: Callable[[], float] = time.monotonic,
    ):
        self.flood_count = flood_count
        self.flood_window_s = flood_window_s
        self.muted = muted
        self._now = now
        #: open alarms of the last good snapshot
        self.open: dict[int, AlarmView] = {}
        #: the alarm in the dialog (None: no dialog)
        self.dialog: AlarmView | None = None
        #: the lost race the dialog is showing until its notice expires
        self.dialog_taken: AckResult | None = None
        #: alarms waiting behind the dialog, oldest first
        self.queue: list[AlarmView] = []
        #: the alarms in the flood summary (None: no summary)
        self.flood: list[AlarmView] | None = None
        #: the lost races that emptied the summary; it closes when their notice expires
        self.flood_taken: tuple[AckResult, ...] = ()
        #: the sound repeats (some alarm is unacknowledged and the sound is not muted)
        self.sounding = False
        #: the re-raise period runs
        self.realert_armed = False
        self._first = True
        self._presented: set[int] = set()
        self._acked: set[int] = set()
        self._presented_at: collections.deque[float] = collections.deque()  # within the flood window
        self._queue_count_shown = 0
        self._out: list[Command] = []

    def pending_ids(self) -> list[int]:
        """Red alarms presented or queued and not yet acknowledged (the dialog's first)."""
        shown = ([self.dialog] if self.dialog else []) + self.queue + (self.flood or [])
        return [a.alarm_id for a in shown if a.alarm_id not in self._acked]

    def handle(self, event: Event) -> list[Command]:
        match event:
            case GoodSnapshot():
                self._on_snapshot(event)
            case FailedSnapshot():
                pass  # stale data: what it lacks may only be unread, not closed
            case Acknowledged():
                self._on_acknowledged(event.outcomes)
            case TakenInfoExpired():
                self._on_taken_expired(event.where, set(event.alarm_ids))
            case RepeatTick():
                if self.pending_ids():
                    self._play()
            case RealertTick():
                if self.pending_ids():
                    self._emit(Realert())
                    self._play()
            case Mute():
                self.muted = event.on
            case Hidden():
                self._first = True
                self._presented.clear()
                self._presented_at.clear()
        self._sync()
        out, self._out = self._out, []
        return out

    # ---- events ----------------------------------------------------------------------------------
    def _on_snapshot(self, snap: GoodSnapshot) -> None:
        self.open = {a.alarm_id: a for a in snap.alarms if a.status == "open"}
        self._drop_closed_elsewhere()
        new = set(snap.new_ids)
        if self._first:  # raised while this console was down: new to its operator
            new |= set(self.open)
            self._first = False
        fresh = sorted(
            (a for i, a in self.open.items() if i in new and a.level == "red" and i not in self._presented),
            key=lambda a: (a.raised_at, a.alarm_id),
        )
        if fresh:
            self._present(fresh)

    def _drop_closed_elsewhere(self) -> None:
        self.queue = [a for a in self.queue if a.alarm_id in self.open]
        if self.dialog is not None and self.dialog_taken is None and self.dialog.alarm_id not in self.open:
            self._advance()
        if self.flood is not None and not self.flood_taken:
            gone = tuple(a.alarm_id for a in self.flood if a.alarm_id not in self.open)
            if gone:
                self._remove_from_flood(gone)

    def _present(self, fresh: list[AlarmView]) -> None:
        now = self._now()
        self._presented.update(a.alarm_id for a in fresh)
        self._presented_at.extend(now for _ in fresh)
        while self._presented_at and now - self._presented_at[0] > self.flood_window_s:
            self._presented_at.popleft()
        if self.flood is not None:
            self._extend_flood(fresh)
        else:
            waiting = ([self.dialog] if self.dialog and self.dialog_taken is None else []) + self.queue + fresh
            if len(self._presented_at) > self.flood_count and len(waiting) > 1:
                self._fold_into_flood(waiting)
            else:
                self.queue.extend(fresh)
                if self.dialog is None:
                    self._advance()
        self._show_queue_count()
        self._play()
        self.realert_armed = True
        self._emit(ArmRealert())

    def _on_acknowledged(self, outcomes: tuple[AckResult, ...]) -> None:
        ids = {o.alarm_id for o in outcomes}
        lost = {o.alarm_id: o for o in outcomes if not o.won}
        self._acked |= ids
        self.queue = [a for a in self.queue if a.alarm_id not in ids]
        if self.dialog is not None and self.dialog_taken is None and self.dialog.alarm_id in ids:
            taken = lost.get(self.dialog.alarm_id)
            if taken is None:
                self._advance()
            else:
                self.dialog_taken = taken
                self._emit(ShowTaken("dialog", (taken,), leaving=True))
        if self.flood is not None and not self.flood_taken:
            acked = tuple(a.alarm_id for a in self.flood if a.alarm_id in ids)
            taken_in_flood = tuple(lost[i] for i in acked if i in lost)
            if len(acked) < len(self.flood):
                if acked:
                    self._remove_from_flood(acked)
                if taken_in_flood:
                    self._emit(ShowTaken("flood", taken_in_flood, leaving=False))
            elif taken_in_flood:
                self.flood_taken = taken_in_flood
                self._emit(ShowTaken("flood", taken_in_flood, leaving=True))
            else:
                self._close_flood()

    def _on_taken_expired(self, where: Where, alarm_ids: set[int]) -> None:
        """Only the notice still showing moves on (a dialog since closed and reopened has a new one)."""
        if where == "dialog":
            if self.dialog_taken is not None and self.dialog_taken.alarm_id in alarm_ids:
                self._advance()
        elif self.flood_taken and {o.alarm_id for o in self.flood_taken} == alarm_ids:
            self._close_flood()

    # ---- the dialog ------------------------------------------------------------------------------
    def _advance(self) -> None:
        """The next queued alarm into the dialog (opening it if need be), or close the dialog if none waits."""
        was_open = self.dialog is not None
        self.dialog_taken = None
        if self.queue:
            self.dialog = self.queue.pop(0)
            if was_open:
                self._emit(ShowNext(self.dialog))
            else:
                self._emit(OpenDialog(self.dialog))
                self._queue_count_shown = 0
        elif was_open:
            self.dialog = None
            self._emit(CloseDialog())

    def _show_queue_count(self) -> None:
        if self.dialog is not None and len(self.queue) != self._queue_count_shown:
            self._queue_count_shown = len(self.queue)
            self._emit(SetQueueCount(len(self.queue)))

    # ---- the flood summary -------------------------------------------------------------------------
    def _fold_into_flood(self, waiting: list[AlarmView]) -> None:
        if self.dialog is not None:
            self.dialog, self.dialog_taken = None, None
            self._emit(CloseDialog())
        self.queue = []
        self.flood = waiting
        self._emit(OpenFlood(tuple(waiting)))

    def _extend_flood(self, fresh: list[AlarmView]) -> None:
        assert self.flood is not None
        if self.flood_taken:  # it was closing on a lost race: the taken alarms leave, the new ones keep it open
            self._emit(RemoveFromFlood(tuple(a.alarm_id for a in self.flood)))
            self.flood, self.flood_taken = [], ()
        self.flood += fresh
        self._emit(ExtendFlood(tuple(fresh)))

    def _remove_from_flood(self, alarm_ids: tuple[int, ...]) -> None:
        assert self.flood is not None
        self.flood = [a for a in self.flood if a.alarm_id not in alarm_ids]
        if self.flood:
            self._emit(RemoveFromFlood(alarm_ids))
        else:
            self._close_flood()

    def _close_flood(self) -> None:
        self.flood, self.flood_taken = None, ()
        self._emit(CloseFlood())

    # ---- sound and what follows from the state ------------------------------------------------------
    def _play(self) -> None:
        if not self.muted:
            self._emit(PlaySound())

    def _sync(self) -> None:
        """Commands that follow from the state: the queue count shown, the repeat, the re-raise period."""
        self._show_queue_count()
        pending = bool(self.pending_ids())
        if (pending and not self.muted) != self.sounding:
            self.sounding = not self.sounding
            self._emit(StartRepeat() if self.sounding else StopRepeat())
        if not pending and self.realert_armed:
            self.realert_armed = False
            self._emit(DisarmRealert())

    def _emit(self, command: Command) -> None:
        self._out.append(command)
