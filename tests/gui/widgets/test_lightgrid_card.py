"""The 督办 card mark on a unit's tile: drawn from the snapshot's ``card``, on every cell colour (offscreen)."""

from __future__ import annotations

import dataclasses
import random

import pytest
from PySide6.QtGui import QColor

from console.domain.rollup import UnitState
from console.widgets import style
from console.widgets.lightgrid import LightGrid
from console.widgets.sample import unit_status


@pytest.fixture
def grid(qtbot):
    g = LightGrid()
    style.install(g)
    qtbot.addWidget(g)
    g.resize(900, 300)
    g.show()
    qtbot.waitExposed(g)
    return g


def _card_pixel(cell) -> QColor:
    """The middle of where the card is drawn (top-right corner)."""
    img = cell.grab().toImage()
    h = max(12, min(cell.height() // 3, 40))
    w = h * 2 // 3
    return img.pixelColor(cell.width() - 6 - w // 2, 5 + h // 2)


@pytest.mark.parametrize("state", [UnitState.NORMAL, UnitState.YELLOW, UnitState.RED])
def test_card_mark_follows_the_snapshot(grid, qtbot, state):
    rng = random.Random(3)
    plain = unit_status(1, "规划局", "department", state, rng)
    grid.set_units([plain])
    cell = grid.cell(1)
    assert _card_pixel(cell) not in (QColor(style.CARD["yellow"]), QColor(style.CARD["red"]))
    for card in ("yellow", "red"):
        grid.set_units([dataclasses.replace(plain, card=card)])
        assert _card_pixel(cell) == QColor(style.CARD[card])
        assert ("黄牌督办" if card == "yellow" else "红牌督办") in cell.accessibleDescription()
    grid.set_units([plain])
    assert _card_pixel(cell) != QColor(style.CARD["red"])
    assert "督办" not in cell.accessibleDescription()
