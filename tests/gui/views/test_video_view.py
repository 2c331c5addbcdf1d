"""A layout's [[video]] entry: parsed and checked, placed like any view, included by a screen's carousel, its
tiles playing a clip made at test time."""

import shutil
import subprocess

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel

from console.shell.screens import Layout, LayoutError, ScreenManager, load_layout
from console.views.video_view import VideoView
from console.widgets.video import PLAYING

needs_ffmpeg = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg makes the clip (.ci/run installs it)")


def _layout(url, **screen):
    return Layout.from_dict(
        {
            "layout": {"name": "t"},
            "screen": [{"name": "wall", "index": 0, "views": ["charts", "video-hall"], "carousel_s": 1, **screen}],
            "video": [
                {"id": "video-hall", "title": "大厅窗口", "columns": 2, "tiles": [{"name": "1号窗口", "url": url}]}
            ],
        }
    )


def test_video_entries_are_checked():
    assert _layout("rtsp://192.0.2.1/live").videos[0].tiles == (("1号窗口", "rtsp://192.0.2.1/live"),)
    bad = [
        {"id": "hall", "tiles": [{"name": "a", "url": "x"}]},  # not a video- id
        {"id": "video-a", "tiles": [{"name": "a"}]},  # a tile without its url
        {"id": "video-a", "tiles": []},
        {"id": "video-a", "columns": -1, "tiles": [{"name": "a", "url": "x"}]},
    ]
    for entry in bad:
        with pytest.raises(LayoutError):
            Layout.from_dict({"screen": [{"name": "s", "views": ["video-a"]}], "video": [entry]})
    with pytest.raises(LayoutError, match="unknown view"):
        Layout.from_dict({"screen": [{"name": "s", "views": ["video-nowhere"]}]})


def test_the_example_layout_puts_the_windows_video_in_the_statistics_carousel():
    layout = load_layout("with-video")
    centre = next(s for s in layout.screens if s.name == "wall-center")
    assert "video-hall" in centre.views and centre.carousel_s > 0
    assert len(layout.videos[0].tiles) == 6


@needs_ffmpeg
def test_the_carousel_turns_to_the_video_and_its_tile_plays(qtbot, tmp_path):
    clip = tmp_path / "w1.mp4"
    subprocess.run(
        [
            "ffmpeg",
            "-hide_banner",
            "-loglevel",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=320x240:rate=25",
            "-t",
            "2",
            "-pix_fmt",
            "yuv420p",
            "-y",
            str(clip),
        ],
        check=True,
    )
    layout = _layout(str(clip), idle_s=0)
    # "charts" is a stand-in label here: the carousel is what is under test
    factories = {"video-hall": lambda c: VideoView(layout.videos[0]), "charts": lambda c: QLabel("统计")}
    m = ScreenManager(None, layout, factories, settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    try:
        win = m.windows()["wall"]
        assert win.view_names() == ["charts", "video-hall"] and win.tabs.tabText(1) == "大厅窗口"
        assert win.carousel_tick() and win.tabs.currentWidget() is m.views["video-hall"]
        tile = m.views["video-hall"].grid.tiles[0]
        qtbot.waitUntil(lambda: tile.state == PLAYING and tile.frames >= 3, timeout=15000)
        m.views["video-hall"].grid.stop()
    finally:
        m.close()
