"""Layouts on several (offscreen) monitors, the tab fallback, re-homing, carousel and render_all.

The monitor set is fixed when QApplication starts, so multi-monitor cases run a small script in a
subprocess with ``QT_QPA_PLATFORM=offscreen:configfile=...`` and assert on the JSON it prints.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel

from console.shell import screens
from console.shell.screens import Layout, LayoutError, ScreenManager, load_layout
from tests.support import ROOT

SCRIPT = textwrap.dedent("""
    import datetime as dt, json, sys
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    app = QApplication(sys.argv)
    from console.shell.controller import ConsoleController
    from console.shell.screens import ScreenManager
    from console.views.charts_view import charts_view
    from console.views.wall import departments_wall, districts_wall
    from console.widgets import style
    from console.widgets.sample import demo_snapshot
    style.install(app)
    ctl = ConsoleController(None, "test")
    ctl.last_snapshot = demo_snapshot(dt.datetime.now().replace(microsecond=0))
    layout, settings, outdir = sys.argv[1:4]
    m = ScreenManager(ctl, layout, {"departments": departments_wall, "districts": districts_wall,
                                     "charts": charts_view}, settings=QSettings(settings, QSettings.IniFormat))
    m.show()
    app.processEvents()
    paths = m.render_all(outdir)
    m.close()
    ctl._pool.shutdown()
    print("RESULT " + json.dumps({"windows": m.describe(), "pngs": [str(p) for p in paths]}))
""")


def _screen(name, x, w=1920, h=1080):
    return {"name": name, "x": x, "y": 0, "width": w, "height": h, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}


def _run(tmp_path, monitors, layout="default"):
    cfg = tmp_path / "screens.json"
    cfg.write_text(json.dumps({"screens": monitors}))
    script = tmp_path / "run.py"
    script.write_text(SCRIPT)
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={cfg}", "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, str(script), layout, str(tmp_path / "s.ini"), str(tmp_path / "png")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr
    line = next(ln for ln in out.stdout.splitlines() if ln.startswith("RESULT "))
    # any Qt warning other than the offscreen plugin's known notice fails the test
    noise = [
        ln
        for ln in out.stderr.splitlines()
        if ln.strip() and "propagateSizeHints" not in ln and "no factory provides it" not in ln
    ]
    assert not noise, noise
    return json.loads(line[len("RESULT ") :])


def test_three_walls_each_on_its_monitor(tmp_path):
    # listed out of order on purpose: placement is by name, not by list position
    res = _run(tmp_path, [_screen("wall-right", 3840), _screen("wall-left", 0), _screen("wall-center", 1920)])
    w = res["windows"]
    assert set(w) == {"wall-left", "wall-center", "wall-right"}
    for name in w:
        assert w[name]["screen"] == name and w[name]["window_screen"] == name
        assert w[name]["fullscreen"] is True
    assert w["wall-left"]["views"] == ["departments"]
    assert w["wall-right"]["views"] == ["districts"]
    # the desk is missing: its views become tabs on its fallback (wall-center)
    assert w["wall-center"]["views"] == ["charts", "alarms", "drilldown", "red_next", "supervision"]
    assert w["wall-left"]["geometry"] == [0, 0, 1920, 1080]
    assert w["wall-right"]["geometry"][0] == 3840
    for p in res["pngs"]:
        assert Path(p).stat().st_size > 10_000
    tabs = [f"wall-center-{v}.png" for v in ("charts", "alarms", "drilldown", "red_next", "supervision")]
    assert sorted(Path(p).name for p in res["pngs"]) == sorted(
        ["wall-center.png", "wall-left.png", "wall-right.png", *tabs]
    )


def test_one_monitor_snapshot_renders_every_view_with_its_tiles(tmp_path):
    """One monitor: every view is a tab of one window, and each gets its own picture; the walls on tabs not
    showing when their data arrived must be drawn with their tiles (they used to stay empty)."""
    from PIL import Image

    res = _run(tmp_path, [_screen("laptop", 0)])
    w = res["windows"]
    assert list(w) == ["wall-left"]
    views = w["wall-left"]["views"]
    assert views == ["departments", "charts", "districts", "alarms", "drilldown", "red_next", "supervision"]
    names = sorted(Path(p).name for p in res["pngs"])
    assert names == sorted(["wall-left.png", *(f"wall-left-{v}.png" for v in views)])
    for wall in ("departments", "districts"):
        img = Image.open(tmp_path / "png" / f"wall-left-{wall}.png").convert("RGB")
        small = img.crop((0, 240, img.width, img.height)).resize((img.width // 8, (img.height - 240) // 8))
        px = list(small.get_flattened_data() if hasattr(small, "get_flattened_data") else small.getdata())
        # tiles (here greyed: the sample snapshot is old) against the dark background of an empty wall
        tiles = sum(1 for r, g, b in px if r + g + b > 180) / len(px)
        assert tiles > 0.4, wall


def test_desk_is_windowed_and_matched_by_index(tmp_path):
    res = _run(
        tmp_path,
        [_screen("HDMI-1", 0), _screen("HDMI-2", 1920), _screen("HDMI-3", 3840), _screen("eDP-1", 5760, 1600, 900)],
    )
    w = res["windows"]
    assert {n: v["screen"] for n, v in w.items()} == {
        "wall-left": "HDMI-1",
        "wall-center": "HDMI-2",
        "wall-right": "HDMI-3",
        "desk": "eDP-1",
    }
    assert w["desk"]["fullscreen"] is False and w["desk"]["views"] == ["alarms", "drilldown", "red_next", "supervision"]
    x, _y, width, _height = w["desk"]["geometry"]
    assert 5760 <= x < 5760 + 1600 and width < 1600


def test_one_monitor_gets_everything_as_tabs(tmp_path):
    res = _run(tmp_path, [_screen("eDP-1", 0, 1600, 900)])
    w = res["windows"]
    assert list(w) == ["wall-left"]
    assert w["wall-left"]["screen"] == "eDP-1"
    assert sorted(w["wall-left"]["views"]) == sorted(
        ["departments", "charts", "districts", "alarms", "drilldown", "red_next", "supervision"]
    )
    assert Path(res["pngs"][0]).stat().st_size > 10_000


def test_single_layout(tmp_path):
    res = _run(tmp_path, [_screen("eDP-1", 0, 1600, 900)], layout="single")
    assert res["windows"]["main"]["views"] == [
        "departments",
        "districts",
        "charts",
        "alarms",
        "drilldown",
        "red_next",
        "supervision",
    ]
    assert res["windows"]["main"]["fullscreen"] is False


# ---- in-process: layout parsing, re-homing, carousel, geometry --------------------------------------------
def test_shipped_layouts_parse():
    d = load_layout(ROOT / "resources/layouts/default.toml")
    assert [s.name for s in d.screens] == ["wall-left", "wall-center", "wall-right", "desk"]
    assert d.screens[3].mode == "windowed"
    assert load_layout("single").screens[0].carousel_s == 30


@pytest.mark.parametrize(
    "bad",
    [
        {"screen": [{"name": "a", "views": ["nope"]}]},
        {"screen": [{"name": "a", "views": ["charts"]}, {"name": "b", "views": ["charts"]}]},
        {"screen": [{"name": "a", "views": [], "mode": "maximised"}]},
        {"screen": [{"name": "a", "views": [], "fallback": "zz"}]},
        {"screen": []},
    ],
)
def test_bad_layouts_rejected(bad):
    with pytest.raises(LayoutError):
        Layout.from_dict(bad)


class _FakeScreen:
    def __init__(self, name, x):
        from PySide6.QtCore import QRect

        self._name, self._geo = name, QRect(x, 0, 1920, 1080)

    def name(self):
        return self._name

    def geometry(self):
        return self._geo


def _factories():
    return {n: (lambda ctl, n=n: QLabel(n)) for n in screens.VIEW_NAMES}


def test_rehome_moves_the_same_widgets(qtbot, monkeypatch, tmp_path):
    from PySide6.QtGui import QGuiApplication

    primary = QGuiApplication.primaryScreen()
    layout = Layout.from_dict(
        {
            "layout": {"name": "t"},
            "screen": [
                {"name": "A", "match": primary.name(), "index": 0, "views": ["departments"]},
                {"name": "B", "match": "plugged-later", "views": ["districts"], "fallback": "A"},
            ],
        }
    )
    monkeypatch.setattr(screens, "ordered_screens", lambda: [primary])
    m = ScreenManager(None, layout, _factories(), settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    districts = m.views["districts"]
    districts.setText("state kept")
    assert m.windows()["A"].view_names() == ["departments", "districts"]
    with qtbot.waitSignal(m.sig_rehomed) as sig:
        monkeypatch.setattr(screens, "ordered_screens", lambda: [primary, _FakeScreen("plugged-later", 1920)])
        m.rehome()
    assert sig.args[0] == {"A": ["departments"], "B": ["districts"]}
    assert m.windows()["B"].tabs.widget(0) is districts and districts.text() == "state kept"
    monkeypatch.setattr(screens, "ordered_screens", lambda: [primary])
    m.rehome()
    assert set(m.windows()) == {"A"} and m.views["districts"] is districts
    assert districts.window() is m.windows()["A"]
    for w in m.windows().values():
        w.close()


def test_carousel_rotates_and_pauses_while_operator_works(qtbot, monkeypatch, tmp_path):
    from PySide6.QtGui import QGuiApplication

    now = [1000.0]
    primary = QGuiApplication.primaryScreen()
    layout = Layout.from_dict(
        {
            "screen": [
                {
                    "name": "A",
                    "index": 0,
                    "mode": "windowed",
                    "carousel_s": 5,
                    "idle_s": 30,
                    "views": ["departments", "charts"],
                }
            ]
        }
    )
    monkeypatch.setattr(screens, "ordered_screens", lambda: [primary])
    m = ScreenManager(
        None,
        layout,
        _factories(),
        settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat),
        clock=lambda: now[0],
    )
    win = m.windows()["A"]
    qtbot.addWidget(win)
    m.show()
    qtbot.waitExposed(win)
    assert win.carousel.interval() == 5000
    assert win.tabs.currentIndex() == 0
    assert win.carousel_tick() and win.tabs.currentIndex() == 1
    qtbot.keyClick(win.tabs.currentWidget(), Qt.Key.Key_A)  # the operator types: pause
    assert not win.carousel_tick() and win.tabs.currentIndex() == 1
    now[0] += 31
    assert win.carousel_tick() and win.tabs.currentIndex() == 0
    m.close()


def test_window_geometry_remembered(qtbot, monkeypatch, tmp_path):
    from PySide6.QtGui import QGuiApplication

    primary = QGuiApplication.primaryScreen()
    layout = Layout.from_dict(
        {"layout": {"name": "g"}, "screen": [{"name": "desk", "index": 0, "mode": "windowed", "views": ["alarms"]}]}
    )
    monkeypatch.setattr(screens, "ordered_screens", lambda: [primary])
    ini = str(tmp_path / "s.ini")
    m = ScreenManager(None, layout, _factories(), settings=QSettings(ini, QSettings.IniFormat))
    m.show()
    win = m.windows()["desk"]
    win.setGeometry(50, 60, 640, 480)
    m.close()
    m2 = ScreenManager(None, layout, _factories(), settings=QSettings(ini, QSettings.IniFormat))
    m2.show()
    g = m2.windows()["desk"].geometry()
    assert (g.width(), g.height()) == (640, 480)
    m2.close()


def test_render_all_in_process(qtbot, monkeypatch, tmp_path):
    from PySide6.QtGui import QGuiApplication

    primary = QGuiApplication.primaryScreen()
    monkeypatch.setattr(screens, "ordered_screens", lambda: [primary])
    layout = Layout.from_dict({"screen": [{"name": "only", "index": 0, "views": ["charts"]}]})
    m = ScreenManager(None, layout, _factories(), settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    paths = m.render_all(tmp_path / "out")
    assert [p.name for p in paths] == ["only.png"] and paths[0].stat().st_size > 0
    for w in m.windows().values():
        w.close()


def test_default_layout_on_one_monitor_titles_tabs_by_view_and_fits_a_laptop(qtbot, monkeypatch, tmp_path):
    """Every view lands as a tab of the first wall's window: the tabs say what they show, not which screen id
    they would live on (they read "统计图表（wall-center）", "报警队列（desk）")."""
    from PySide6.QtGui import QGuiApplication

    primary = QGuiApplication.primaryScreen()
    monkeypatch.setattr(screens, "ordered_screens", lambda: [primary])
    m = ScreenManager(None, "default", _factories(), settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    win = m.windows()["wall-left"]
    qtbot.addWidget(win)
    titles = [win.tabs.tabText(i) for i in range(win.tabs.count())]
    assert titles == ["市级部门", "统计图表", "区（市）县", "报警队列", "单位明细", "即将转红", "监督工作"]
    assert all("wall" not in t and "desk" not in t for t in titles)
    assert "中央大屏" in win.tabs.tabToolTip(1)  # where it would be, for who wants to know
    assert win.minimumSizeHint().width() <= 1366 - 20
    m.close()
