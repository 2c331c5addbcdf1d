"""Live charts: items are created once and updated in place; redraws are throttled."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np

from console.widgets.charts import ChartsPanel, Throttle, satisfaction_levels
from console.widgets.sample import demo_snapshot

T0 = dt.datetime(2026, 11, 27, 15, 42, 10)


def _items(panel):
    return [
        *panel.lights.curves.values(),
        panel.top.bars,
        panel.throughput.accepted,
        panel.throughput.completed,
        panel.satisfaction.bars,
    ]


def test_charts_update_data_without_recreating_items(qtbot):
    panel = ChartsPanel(redraw_ms=1000)
    qtbot.addWidget(panel)
    panel.resize(1600, 900)
    s1 = demo_snapshot(T0, seed=1)
    panel.set_snapshot(s1)  # first call draws at once
    assert panel.redraws == 1
    items = _items(panel)
    scene_items = [len(c.plot.items) for c in panel.charts()]
    x, y = panel.lights.curves["blue"].getData()
    assert len(x) == len(s1.lights_history)
    last = s1.lights_history[-1]
    assert y[-1] == last.red + last.yellow + last.blue  # blue is the top of the stack
    assert panel.lights.curves["red"].getData()[1][-1] == last.red

    s2 = dataclasses.replace(
        demo_snapshot(T0 + dt.timedelta(minutes=30), seed=2),
        satisfaction=(1, 2, 3, 4, 5),
        top_overdue=(("规划局", 9), ("<b>x</b>", 2)),
    )
    panel.set_snapshot(s2)
    assert panel.redraws == 1 and panel.throttle.pending  # throttled: within 1 s of the last redraw
    qtbot.waitUntil(lambda: panel.redraws == 2, timeout=2500)
    assert _items(panel) == items  # same objects
    assert [len(c.plot.items) for c in panel.charts()] == scene_items  # nothing added
    assert len(panel.lights.curves["blue"].getData()[0]) == len(s2.lights_history)
    assert list(panel.satisfaction.bars.opts["height"]) == [1, 2, 3, 4, 5]
    assert list(panel.top.bars.opts["width"]) == [9, 2]
    ticks = panel.top.plot.getAxis("left")._tickLevels[0]
    assert [t[1] for t in ticks] == ["规划局", "<b>x</b>"]  # plain tick text
    acc = panel.throughput.accepted.opts["height"]
    assert np.array_equal(acc, np.array(s2.accepted_per_hour, dtype=float))


def test_empty_snapshot_draws(qtbot):
    from console.domain.snapshot import Snapshot

    panel = ChartsPanel()
    qtbot.addWidget(panel)
    panel.set_snapshot(Snapshot(as_of=T0))
    assert panel.redraws == 1
    assert panel.top.subtitle.text() == "当前没有超期件"
    assert panel.satisfaction.subtitle.text() == "今日暂无评价"


def test_throttle_coalesces(qtbot):
    calls = []
    th = Throttle(lambda: calls.append(1), 200)
    th()
    th()
    th()
    assert calls == [1]
    qtbot.waitUntil(lambda: len(calls) == 2, timeout=1000)
    qtbot.wait(300)
    assert len(calls) == 2
    th()
    th.flush()
    assert len(calls) in (3, 4)


def test_satisfaction_levels_are_five_chinese_labels():
    assert satisfaction_levels() == ("非常不满意", "不满意", "基本满意", "满意", "非常满意")


def test_charts_view_via_controller(qtbot):
    from console.shell.controller import ConsoleController
    from console.views.charts_view import ChartsView

    ctl = ConsoleController(None, "test")
    view = ChartsView(ctl, redraw_ms=50)
    qtbot.addWidget(view)
    ctl.sig_snapshot.emit(demo_snapshot(dt.datetime.now().replace(microsecond=0)))
    assert view.charts.redraws == 1
    assert view.headline.tiles["open"].value.text() != "—"
    ctl._pool.shutdown()


def test_top_overdue_names_do_not_overlap_on_a_laptop(qtbot):
    """At 1366×768 the 超期件数最多的单位 panel is ~300 px high: ten names at 21 px overlapped; it shows as many
    units as fit (a row ≥ 1.4 lines) and all ten when there is room."""
    from console.widgets.charts import TopOverdueChart

    chart = TopOverdueChart()
    qtbot.addWidget(chart)
    chart.resize(660, 300)
    chart.show()
    qtbot.waitExposed(chart)
    top = tuple((f"单位{i}", 10 - i) for i in range(10))
    chart.update_from(dataclasses.replace(demo_snapshot(T0, seed=1), top_overdue=top))
    ticks = chart.plot.getAxis("left")._tickLevels[0]
    row_px = chart.plot.getViewBox().height() / len(ticks)
    assert row_px >= chart.name_font_px * 1.4
    assert [t[1] for t in ticks] == [name for name, _ in top[: len(ticks)]]  # the worst first

    chart.resize(900, 800)
    qtbot.waitUntil(lambda: len(chart.plot.getAxis("left")._tickLevels[0]) == 10, timeout=2000)


def test_the_days_light_chart_ends_at_midnight(qtbot):
    """At 23:43 the 当日 chart's axis read 24:24 and 24:36 (it always showed an hour after the first sample)."""
    from console.domain.snapshot import LightsPoint
    from console.widgets.charts import LightsChart

    chart = LightsChart()
    qtbot.addWidget(chart)
    day = dt.datetime(2026, 11, 30)
    pts = tuple(LightsPoint(day + dt.timedelta(hours=23, minutes=m), 5, 2, 1, 0) for m in (40, 41, 42, 43))
    chart.update_from(dataclasses.replace(demo_snapshot(), lights_history=pts))
    lo, hi = chart.plot.getViewBox().viewRange()[0]
    assert hi <= 24.0 and lo <= 23 + 40 / 60 and hi - lo >= 0.99, (lo, hi)
