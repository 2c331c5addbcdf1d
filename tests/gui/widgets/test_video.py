"""Video tiles play a real clip made at test time (ffmpeg); a source that fails shows 无信号 and is retried,
and opening a source never waits on the GUI thread."""

import shutil
import subprocess

import pytest

from console.widgets.video import CONNECTING, NO_SIGNAL, PLAYING, VideoGrid, VideoTile

pytestmark = [
    # what the FFmpeg backend says about a source that cannot be opened: the tile shows it as 无信号
    pytest.mark.qt_log_ignore("Could not open media", "Connection refused", "Failed to"),
    pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg makes the test clip (.ci/run installs it)"),
]


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    """Two seconds of a test pattern, H.264 in MP4, as a camera recording would be."""
    path = tmp_path_factory.mktemp("video") / "window.mp4"
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
            str(path),
        ],
        check=True,
    )
    return path


def test_a_clip_plays_and_its_frames_are_drawn(qtbot, clip):
    tile = VideoTile("1号窗口", str(clip))
    qtbot.addWidget(tile)
    tile.resize(480, 300)
    tile.show()
    qtbot.waitUntil(lambda: tile.state == PLAYING and tile.frames >= 5, timeout=15000)
    qtbot.waitUntil(lambda: tile._image is not None, timeout=5000)
    img = tile.grab().toImage()
    centre = img.pixelColor(img.width() // 2, img.height() // 3)
    assert centre.value() > 40  # the test pattern, not the black of no picture
    tile.stop()


def test_a_missing_source_shows_no_signal_with_the_name_and_retries(qtbot, tmp_path):
    tile = VideoTile("2号窗口", str(tmp_path / "gone.mp4"), retry_s=0.2)
    qtbot.addWidget(tile)
    tile.show()
    assert tile.state == CONNECTING  # setSource returned before any answer: the GUI thread did not wait
    qtbot.waitUntil(lambda: tile.state == NO_SIGNAL, timeout=15000)
    assert tile.no_signal_text() == "无信号\n2号窗口"
    qtbot.waitUntil(lambda: tile.attempts >= 3, timeout=15000)  # opened again, and again
    tile.stop()


def test_a_dead_network_camera_does_not_hold_the_gui_thread(qtbot):
    # nothing listens on port 9 here: the connection is refused (or times out) on the backend's thread
    tile = VideoTile("3号窗口", "rtsp://127.0.0.1:9/live", retry_s=60)
    qtbot.addWidget(tile)
    assert tile.state == CONNECTING
    qtbot.waitUntil(lambda: tile.state == NO_SIGNAL, timeout=30000)
    tile.stop()


def test_a_grid_places_tiles_in_columns(qtbot, clip, tmp_path):
    grid = VideoGrid([("1号", str(clip)), ("2号", str(tmp_path / "x.mp4")), ("3号", str(clip))], columns=2)
    qtbot.addWidget(grid)
    lay = grid.layout()
    assert [lay.getItemPosition(i)[:2] for i in range(3)] == [(0, 0), (0, 1), (1, 0)]
    grid.stop()
