"""The annunciation policy step by step, in the manner of Phoebus' AlarmLogicUnitTest ("value goes bad → state X
→ ack → state Y"): no Qt, no timers, no dialogs.

Each table row is an event, the commands it gives the adapter, and what is presented afterwards (``...`` leaves a
column unchecked).  ``good(1, 2, new=[2])`` is a good snapshot whose open red alarms are 1 and 2, of which 2 is
new; ``won``/``lost`` are acknowledgement outcomes; ``Later(s)`` moves the policy's clock on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from console.domain.annunciation import (
    Acknowledged,
    Annunciator,
    FailedSnapshot,
    GoodSnapshot,
    Hidden,
    Mute,
    RealertTick,
    RepeatTick,
    TakenInfoExpired,
)
from console.domain.snapshot import AlarmView

T0 = dt.datetime(2025, 6, 18, 10, 0, 0)


def alarm(alarm_id: int, level: str = "red", status: str = "open", raised_minutes: int | None = None) -> AlarmView:
    """Alarm ``alarm_id``, raised ``raised_minutes`` after T0 (by default: ids in order of age)."""
    return AlarmView(
        alarm_id=alarm_id,
        case_id=1000 + alarm_id,
        case_no=f"510104-2025-{alarm_id:06d}",
        unit_id=1,
        unit_name="市规划和自然资源局",
        item_name="建设工程规划许可证核发",
        handler="张伟",
        rule="promised_overdue",
        rule_label="超过承诺时限",
        level=level,
        subject="",
        message="已经超过承诺时限",
        raised_at=T0 + dt.timedelta(minutes=alarm_id if raised_minutes is None else raised_minutes),
        status=status,
    )


def good(*open_alarms: int | AlarmView, new=(), yellow=(), cancelled=()) -> GoodSnapshot:
    alarms = [a if isinstance(a, AlarmView) else alarm(a) for a in open_alarms]
    alarms += [alarm(i, level="yellow") for i in yellow]
    alarms += [alarm(i, status="cancelled") for i in cancelled]
    return GoodSnapshot(tuple(alarms), frozenset(new))


@dataclass(frozen=True)
class Outcome:
    alarm_id: int
    won: bool
    operator: str = "王敏"
    console: str = "监察室-2"
    acked_at: dt.datetime = T0


def won(*ids: int) -> Acknowledged:
    return Acknowledged(tuple(Outcome(i, True) for i in ids))


def lost(*ids: int, also_won=()) -> Acknowledged:
    """Another console (李娜 at 大屏-1) was first for ``ids``."""
    taken = [Outcome(i, False, "李娜", "大屏-1", T0 + dt.timedelta(minutes=30)) for i in ids]
    return Acknowledged(tuple(taken) + won(*also_won).outcomes)


def expired(where, *ids: int) -> TakenInfoExpired:
    return TakenInfoExpired(where, ids)


FAILED = FailedSnapshot()
REPEAT = RepeatTick()
REALERT = RealertTick()


@dataclass(frozen=True)
class Later:
    seconds: float


def presented(p: Annunciator) -> str:
    """What is on screen and in the loudspeaker, in words."""

    def ids(alarms):
        return ",".join(str(a.alarm_id) for a in alarms)

    parts = []
    if p.dialog is not None:
        parts.append(f"dialog {p.dialog.alarm_id}" + (" taken" if p.dialog_taken else ""))
    if p.queue:
        parts.append(f"queue {ids(p.queue)}")
    if p.flood is not None:
        parts.append(f"flood {ids(p.flood)}" + (" taken" if p.flood_taken else ""))
    if p.sounding:
        parts.append("sounding")
    if p.muted:
        parts.append("muted")
    return ", ".join(parts) or "nothing"


def run(steps, **settings) -> Annunciator:
    clock = [0.0]
    p = Annunciator(now=lambda: clock[0], **settings)
    for n, (event, commands, shown) in enumerate(steps, 1):
        if isinstance(event, Later):
            clock[0] += event.seconds
            got = []
        else:
            got = [str(c) for c in p.handle(event)]
        if commands is not ...:
            assert got == commands, f"step {n} ({event}): commands"
        if shown is not ...:
            assert presented(p) == shown, f"step {n} ({event}): presented"
    return p


OPEN_1 = ["open dialog 1", "play", "arm realert", "repeat on"]
ALL_ACKED = ["repeat off", "disarm realert"]


def test_one_red_opens_the_dialog_and_sounds():
    run(
        [
            # event               commands to the adapter     presented afterwards
            (good(), [], "nothing"),
            (good(1, new=[1]), OPEN_1, "dialog 1, sounding"),
        ]
    )


def test_a_second_red_queues_and_acknowledging_shows_the_next():
    run(
        [
            (good(), [], "nothing"),
            (good(1, new=[1]), OPEN_1, "dialog 1, sounding"),
            (good(1, 2, new=[2]), ["queue 1", "play", "arm realert"], "dialog 1, queue 2, sounding"),  # 另有 1 条
            (won(1), ["next 2", "queue 0"], "dialog 2, sounding"),
            (good(2), [], "dialog 2, sounding"),
            (won(2), ["close dialog"] + ALL_ACKED, "nothing"),
        ]
    )


def test_yellow_never_pops_up():
    run(
        [
            (good(), [], "nothing"),
            (good(yellow=[1], new=[1]), [], "nothing"),
            (
                good(2, yellow=[1], new=[1, 2]),
                ["open dialog 2", "play", "arm realert", "repeat on"],
                "dialog 2, sounding",
            ),
        ]
    )


def test_acknowledged_at_another_console_closes_quietly():
    run(
        [
            (good(), [], "nothing"),
            (
                good(8, 9, new=[8, 9]),
                ["open dialog 8", "queue 1", "play", "arm realert", "repeat on"],
                "dialog 8, queue 9, sounding",
            ),
            (good(9), ["next 9", "queue 0"], "dialog 9, sounding"),
            (good(), ["close dialog"] + ALL_ACKED, "nothing"),
        ]
    )


def test_cancelled_closes_quietly():
    run(
        [
            (good(), [], "nothing"),
            (
                good(1, 2, new=[1, 2]),
                ["open dialog 1", "queue 1", "play", "arm realert", "repeat on"],
                "dialog 1, queue 2, sounding",
            ),
            (good(1, cancelled=[2]), ["queue 0"], "dialog 1, sounding"),
            (good(cancelled=[1, 2]), ["close dialog"] + ALL_ACKED, "nothing"),
        ]
    )


def test_failed_snapshot_changes_nothing():
    run(
        [
            (FAILED, [], "nothing"),  # not the first good one
            (good(1), OPEN_1, "dialog 1, sounding"),
            (FAILED, [], "dialog 1, sounding"),
        ]
    )


def test_first_snapshot_presents_what_was_raised_while_down_oldest_first():
    older = alarm(3, raised_minutes=-300)
    run(
        [
            (
                good(2, older, yellow=[1]),
                ["open dialog 3", "queue 1", "play", "arm realert", "repeat on"],
                "dialog 3, queue 2, sounding",
            ),
            # later snapshots present only what the poller calls new
            (good(2, older, 4, yellow=[1]), [], "dialog 3, queue 2, sounding"),
        ]
    )


def test_back_from_a_replay_the_unacknowledged_reds_are_presented_again():
    """A replay hides the live queue (an empty snapshot closes the dialog); back to live, the reds still open
    come back with dialog and sound — before, they waited in the queue unannounced (F9 found nothing)."""
    run(
        [
            (good(), [], "nothing"),
            (good(1, 2, new=[1, 2]), ..., "dialog 1, queue 2, sounding"),
            (won(1), ..., "dialog 2, sounding"),
            (good(2), [], "dialog 2, sounding"),
            (good(), ..., "nothing"),  # the replay: the past queue is never announced
            (Hidden(), [], "nothing"),
            (good(), [], "nothing"),  # the replay polls again
            (Hidden(), [], "nothing"),
            (good(2, 3), ..., "dialog 2, queue 3, sounding"),  # live again: 2 still open, 3 raised meanwhile
        ]
    )


def test_flood_folds_the_dialog_and_queue_and_takes_more():
    run(
        [
            (good(), [], "nothing"),
            (
                good(1, 2, new=[1, 2]),
                ["open dialog 1", "queue 1", "play", "arm realert", "repeat on"],
                "dialog 1, queue 2, sounding",
            ),
            (good(1, 2, 3, new=[3]), ["queue 2", "play", "arm realert"], "dialog 1, queue 2,3, sounding"),
            # the fourth within the window is more than flood_count=3
            (
                good(1, 2, 3, 4, new=[4]),
                ["close dialog", "open flood 1,2,3,4", "play", "arm realert"],
                "flood 1,2,3,4, sounding",
            ),
            (good(1, 2, 3, 4, 5, new=[5]), ["flood + 5", "play", "arm realert"], "flood 1,2,3,4,5, sounding"),
            (good(1, 2, 4, 5, cancelled=[3]), ["flood - 3"], "flood 1,2,4,5, sounding"),
            (won(1, 2, 4, 5), ["close flood"] + ALL_ACKED, "nothing"),
        ],
        flood_count=3,
    )


def test_many_at_once_open_one_flood_summary():
    ids = list(range(1, 13))
    run(
        [
            (good(), [], "nothing"),
            (
                good(*ids, new=ids),
                ["open flood 1,2,3,4,5,6,7,8,9,10,11,12", "play", "arm realert", "repeat on"],
                "flood 1,2,3,4,5,6,7,8,9,10,11,12, sounding",
            ),
            (won(*ids), ["close flood"] + ALL_ACKED, "nothing"),
        ]
    )


def test_the_flood_window_slides():
    run(
        [
            (good(), [], "nothing"),
            (good(1, new=[1]), OPEN_1, "dialog 1, sounding"),
            (Later(250), [], ...),
            (good(1, 2, new=[2]), ["queue 1", "play", "arm realert"], "dialog 1, queue 2, sounding"),
            (Later(250), [], ...),
            (good(1, 2, 3, new=[3]), ["queue 2", "play", "arm realert"], "dialog 1, queue 2,3, sounding"),
            (Later(250), [], ...),
            # 1 was presented 750 s ago: only three within the 600 s window, not more than flood_count=3
            (good(1, 2, 3, 4, new=[4]), ["queue 3", "play", "arm realert"], "dialog 1, queue 2,3,4, sounding"),
        ],
        flood_count=3,
    )


def test_a_single_alarm_over_the_rate_shows_in_the_dialog_not_a_flood_of_one():
    ten = list(range(1, 11))
    run(
        [
            (good(*ten), ["open dialog 1", "queue 9", "play", "arm realert", "repeat on"], ...),
            # acknowledged one by one
            *[(won(i), [f"next {i + 1}", f"queue {9 - i}"], ...) for i in range(1, 10)],
            (won(10), ["close dialog"] + ALL_ACKED, "nothing"),
            # eleven within ten minutes is over the rate, but one alarm is no flood to summarise
            (good(11, new=[11]), ["open dialog 11", "play", "arm realert", "repeat on"], "dialog 11, sounding"),
            # a second while the rate is still exceeded: now there is a flood to summarise
            (
                good(11, 12, new=[12]),
                ["close dialog", "open flood 11,12", "play", "arm realert"],
                "flood 11,12, sounding",
            ),
        ]
    )


def test_the_sound_repeats_every_tick_until_all_are_acknowledged():
    run(
        [
            (good(), [], "nothing"),
            (good(1, 2, new=[1, 2]), ["open dialog 1", "queue 1", "play", "arm realert", "repeat on"], ...),
            (REPEAT, ["play"], "dialog 1, queue 2, sounding"),
            (REPEAT, ["play"], "dialog 1, queue 2, sounding"),
            (won(1), ["next 2", "queue 0"], "dialog 2, sounding"),
            (REPEAT, ["play"], "dialog 2, sounding"),
            (won(2), ["close dialog"] + ALL_ACKED, "nothing"),
            (REPEAT, [], "nothing"),  # a tick already on its way
        ]
    )


def test_mute_silences_the_sound_not_the_dialogs():
    run(
        [
            (good(), [], "nothing"),
            (good(1, new=[1]), OPEN_1, "dialog 1, sounding"),
            (Mute(True), ["repeat off"], "dialog 1, muted"),
            (REPEAT, [], "dialog 1, muted"),
            (good(1, 2, new=[2]), ["queue 1", "arm realert"], "dialog 1, queue 2, muted"),
            (REALERT, ["re-raise"], "dialog 1, queue 2, muted"),
            (Mute(True), [], "dialog 1, queue 2, muted"),
            (Mute(False), ["repeat on"], "dialog 1, queue 2, sounding"),
            (REPEAT, ["play"], "dialog 1, queue 2, sounding"),
        ]
    )


def test_muted_at_start_presents_in_silence():
    run(
        [
            (good(1), ["open dialog 1", "arm realert"], "dialog 1, muted"),
        ],
        muted=True,
    )


def test_the_reraise_tick_brings_the_dialog_back_and_sounds():
    run(
        [
            (good(), [], "nothing"),
            (good(1, new=[1]), OPEN_1, "dialog 1, sounding"),
            (REALERT, ["re-raise", "play"], "dialog 1, sounding"),
            (won(1), ["close dialog"] + ALL_ACKED, "nothing"),
            (REALERT, [], "nothing"),
        ]
    )


def test_a_lost_race_shows_who_then_moves_on():
    run(
        [
            (good(), [], "nothing"),
            (good(7, 8, new=[7, 8]), ["open dialog 7", "queue 1", "play", "arm realert", "repeat on"], ...),
            (lost(7), ["dialog taken 7 by 李娜, leaving"], "dialog 7 taken, queue 8, sounding"),
            (good(8), [], "dialog 7 taken, queue 8, sounding"),
            (expired("dialog", 7), ["next 8", "queue 0"], "dialog 8, sounding"),
            (expired("dialog", 7), [], "dialog 8, sounding"),  # stale
            (lost(8), ["dialog taken 8 by 李娜, leaving"] + ALL_ACKED, "dialog 8 taken"),
            (expired("dialog", 8), ["close dialog"], "nothing"),
        ]
    )


def test_a_lost_race_in_the_flood_summary():
    run(
        [
            (good(), [], "nothing"),
            (good(1, 2, 3, new=[1, 2, 3]), ["open flood 1,2,3", "play", "arm realert", "repeat on"], ...),
            (lost(1), ["flood - 1", "flood taken 1 by 李娜"], "flood 2,3, sounding"),
            (lost(2, also_won=[3]), ["flood taken 2 by 李娜, leaving"] + ALL_ACKED, "flood 2,3 taken"),
            (expired("flood", 2), ["close flood"], "nothing"),
        ],
        flood_count=1,
    )


def test_a_red_arriving_while_the_flood_closes_keeps_it_open():
    run(
        [
            (good(), [], "nothing"),
            (good(1, 2, new=[1, 2]), ["open flood 1,2", "play", "arm realert", "repeat on"], ...),
            (lost(1, 2), ["flood taken 1,2 by 李娜, leaving"] + ALL_ACKED, "flood 1,2 taken"),
            (good(3, new=[3]), ["flood - 1,2", "flood + 3", "play", "arm realert", "repeat on"], "flood 3, sounding"),
            (expired("flood", 1, 2), [], "flood 3, sounding"),
        ],
        flood_count=1,
    )


def test_never_presents_the_same_alarm_twice():
    run(
        [
            (good(), [], "nothing"),
            (good(1, new=[1]), OPEN_1, "dialog 1, sounding"),
            (good(1, new=[1]), [], "dialog 1, sounding"),  # listed new again
            (won(1), ["close dialog"] + ALL_ACKED, "nothing"),
            (good(1, new=[1]), [], "nothing"),  # the poll before the ack shows
        ]
    )


def test_pending_ids_are_the_unacknowledged_presented_alarms():
    p = run(
        [
            (good(), [], "nothing"),
            (good(1, 2, new=[1, 2]), ..., "dialog 1, queue 2, sounding"),
            (lost(1), ..., "dialog 1 taken, queue 2, sounding"),
        ]
    )
    assert p.pending_ids() == [2]
