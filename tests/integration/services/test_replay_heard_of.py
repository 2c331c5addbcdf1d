"""Replay before a unit's first record: 无数据 (grey), never green; heard of from its first record on.

replay_world (tests/support/replay_world.py): D13's first record (case A's ``accept``) arrives Mon 11-02 09:05;
no other unit of the catalogue ever sends anything."""

from __future__ import annotations

import datetime as dt

from console.domain.rollup import UnitState
from console.services.poller import Backend
from tests.support.replay_world import LIVE

BEFORE = dt.datetime(2026, 11, 2, 9, 0)  # nothing received yet
AFTER = dt.datetime(2026, 11, 2, 9, 10)  # A's accept arrived at 09:05


def _state(snap, code):
    return next(u for u in snap.units if u.code == code).state


def test_replay_before_first_record_is_no_data_after_it_is_heard(replay_world):
    back = Backend(replay_world, "wall-1", clock=lambda: LIVE)
    live = back.poll()  # the live wall has heard of D13 (its cases): the replay must not borrow that
    assert live.ok and _state(live, "D13") != UnitState.NO_DATA

    back.set_as_of(BEFORE)
    before = back.poll()
    assert before.ok and before.replay_at == BEFORE
    assert before.totals.open_cases == 0
    assert {u.state for u in before.units} == {UnitState.NO_DATA}  # every unit grey, none green with 在办 0

    back.set_as_of(AFTER)
    after = back.poll()
    assert after.totals.open_cases == 1
    assert _state(after, "D13") not in (UnitState.NO_DATA, UnitState.NORMAL)  # A: 3 days left, lit as a case
    others = {u.state for u in after.units if u.code != "D13"}
    assert others == {UnitState.NO_DATA}  # never sent anything: still 无数据

    back.set_as_of(None)
    again = back.poll()
    assert _state(again, "D13") == _state(live, "D13")


def test_replay_from_a_fresh_backend_before_any_data(replay_world):
    back = Backend(replay_world, "wall-1", clock=lambda: LIVE, as_of=BEFORE)
    snap = back.poll()
    assert snap.ok and {u.state for u in snap.units} == {UnitState.NO_DATA}
