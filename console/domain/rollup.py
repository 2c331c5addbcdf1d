"""Roll-up of case lights per unit (Qt-free, vectorised).

A unit's state is its worst **unhandled** light; a red whose alarms are all acknowledged is "handled" and
ranks below every unhandled warning (Phoebus: every unacknowledged severity outranks every acknowledged one),
but it is never shown as normal/green.  A unit with no data has its own state.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np

from console.domain.timelimits import Light


class UnitState(IntEnum):
    NO_DATA = -1  # never sent anything: not green
    NORMAL = 0
    RED_HANDLED = 1
    BLUE = 2
    YELLOW = 3
    FEED_SILENT = 4  # its feed has been silent longer than its heartbeat: what it shows may be out of date
    RED = 5  # an unacknowledged violation shows even over a silent feed


UNIT_STATE_NAMES = {
    UnitState.NO_DATA: "no_data",
    UnitState.NORMAL: "normal",
    UnitState.RED_HANDLED: "red_handled",
    UnitState.BLUE: "blue",
    UnitState.YELLOW: "yellow",
    UnitState.FEED_SILENT: "feed_silent",
    UnitState.RED: "red",
}

# light of a case -> unit state it contributes (handled reds are mapped separately)
_LIGHT_TO_STATE = np.array([UnitState.NORMAL, UnitState.BLUE, UnitState.YELLOW, UnitState.RED], dtype=np.int8)


def rollup(unit_pos: np.ndarray, light: np.ndarray, handled: np.ndarray, n_units: int) -> tuple[np.ndarray, np.ndarray]:
    """Counts per light (n_units × 4) and the unit state per unit.

    ``unit_pos``: 0..n_units-1 per case; ``handled``: True where a red case's alarms are all acknowledged.
    Units with no case get NO_DATA; callers that know a unit reported zero open cases may set NORMAL.
    """
    unit_pos = np.asarray(unit_pos, dtype=np.int64)
    light = np.asarray(light, dtype=np.int64)
    counts = np.zeros((n_units, 4), dtype=np.int64)
    np.add.at(counts, (unit_pos, light), 1)
    contrib = _LIGHT_TO_STATE[light].astype(np.int8)
    contrib[(light == Light.RED) & np.asarray(handled, dtype=bool)] = UnitState.RED_HANDLED
    state = np.full(n_units, UnitState.NO_DATA, dtype=np.int8)
    np.maximum.at(state, unit_pos, contrib)
    return counts, state


def unit_states(
    counts: np.ndarray,
    red_unhandled: np.ndarray,
    alarm_red: np.ndarray,
    alarm_yellow: np.ndarray,
    other_light: np.ndarray,
    silent: np.ndarray | None = None,
) -> np.ndarray:
    """A unit's state from everything unhandled in it (one value per unit).

    ``counts``: its open cases per time light (n × 4); ``red_unhandled``: those of its time-red open cases that
    carry an open alarm; ``alarm_red`` / ``alarm_yellow``: its open (unacknowledged) alarms of any rule, on open
    or completed cases, by the level of their rule; ``other_light``: the worst light of what else it answers for
    (its complaints' running deadlines), a ``Light`` — a red one is shown by its complaint alarm; ``silent``: its
    feed has been silent longer than its heartbeat (console.domain.feeds).

    Worst first: an unacknowledged red of any kind; then a silent feed; then yellow; then blue; then reds that were all
    acknowledged (calm, never green); then normal when it has open cases or its feed reads fine; else no data.
    """
    n = len(counts)
    red = (red_unhandled > 0) | (alarm_red > 0)
    yellow = (counts[:, Light.YELLOW] > 0) | (alarm_yellow > 0) | (other_light == Light.YELLOW)
    blue = (counts[:, Light.BLUE] > 0) | (other_light == Light.BLUE)
    # a complaint past its deadline raises its own alarm (counted in alarm_red until acknowledged): its red
    # light alone is a handled red, calm once the alarm is acknowledged but never green
    handled = (counts[:, Light.RED] - red_unhandled > 0) | (other_light == Light.RED)
    normal = counts[:, Light.NORMAL] > 0
    state = np.full(n, UnitState.NO_DATA, dtype=np.int8)
    for mask, st in ((normal, UnitState.NORMAL), (handled, UnitState.RED_HANDLED), (blue, UnitState.BLUE)):
        state[mask] = st
    state[yellow] = UnitState.YELLOW
    if silent is not None:
        state[silent] = UnitState.FEED_SILENT
    state[red] = UnitState.RED
    return state
