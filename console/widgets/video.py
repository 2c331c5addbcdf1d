"""Video of the service windows: one tile per stream (RTSP, HTTP/HLS or a file), in a grid.

Qt Multimedia (QMediaPlayer → QVideoSink) decodes on its own threads; the GUI thread only keeps the latest
frame and paints it at most ``paint_hz`` times a second.  A stream that cannot be opened, fails, ends (a
network stream; a file loops) or delivers no frame for ``stall_s`` shows 无信号 with the window's name and is
opened again after ``retry_s``.  Opening a source is asynchronous in Qt's FFmpeg backend: a dead camera never
stalls the GUI thread.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QCoreApplication, QRectF, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtMultimedia import QMediaPlayer, QVideoFrame, QVideoSink
from PySide6.QtWidgets import QFrame, QGridLayout, QWidget

from console.widgets import style

log = logging.getLogger(__name__)

CONNECTING, PLAYING, NO_SIGNAL = "connecting", "playing", "no_signal"


def source_url(url: str) -> QUrl:
    """rtsp://, http(s):// (HLS .m3u8 too) and file:// as given; anything else is a local file path."""
    q = QUrl(url)
    if q.scheme() in ("rtsp", "rtsps", "http", "https", "file", "udp", "rtp", "rtmp"):
        return q
    return QUrl.fromLocalFile(url)


class VideoTile(QFrame):
    """One window's video with its name; 无信号 (and a retry) when the stream is not delivering."""

    #: the tile's state changed: connecting | playing | no_signal
    sig_state_changed = Signal(str)

    def __init__(
        self,
        name: str,
        url: str,
        parent: QWidget | None = None,
        retry_s: float = 10.0,
        stall_s: float = 15.0,
        paint_hz: float = 10.0,
        clock=time.monotonic,
    ):
        super().__init__(parent)
        self.name = name
        self.url = url
        self.retry_s = retry_s
        self.stall_s = stall_s
        self.clock = clock
        self.state = CONNECTING
        self.frames = 0  # frames received since the console started (tests, diagnostics)
        self.attempts = 0
        self.last_error = ""
        self._image: QImage | None = None
        self._frame: QVideoFrame | None = None
        self._last_frame_at = 0.0
        self.setMinimumSize(160, 90)
        self.player = QMediaPlayer(self)
        self.sink = QVideoSink(self)
        self.player.setVideoSink(self.sink)  # no audio output: a wall of windows is silent
        url_q = source_url(url)
        if url_q.isLocalFile():
            self.player.setLoops(QMediaPlayer.Loops.Infinite)  # a file (a demo, a recording) plays on
        self.sink.videoFrameChanged.connect(self._on_frame)
        self.player.errorOccurred.connect(self._on_error)
        self.player.mediaStatusChanged.connect(self._on_status)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self.open)
        self._paint = QTimer(self)
        self._paint.timeout.connect(self._tick)
        self._paint.start(max(20, int(1000 / paint_hz)))
        self.open()

    # ---- the stream ----------------------------------------------------------------------------------------
    @Slot()
    def open(self) -> None:
        """(Re)open the stream; returns at once (the backend opens it on its own thread)."""
        self.attempts += 1
        self._set_state(CONNECTING)
        self._last_frame_at = self.clock()
        self.player.stop()
        self.player.setSource(QUrl())  # the same URL again would be no change: nothing would be reopened
        self.player.setSource(source_url(self.url))
        self.player.play()

    def stop(self) -> None:
        self._retry.stop()
        self._paint.stop()
        self.player.stop()
        self.player.setSource(QUrl())

    def _no_signal(self, why: str) -> None:
        if why:
            self.last_error = why
            log.info("video %s (%s): %s", self.name, self.url, why)
        self._set_state(NO_SIGNAL)
        self._image = self._frame = None
        self.player.stop()
        if not self._retry.isActive():
            self._retry.start(int(self.retry_s * 1000))
        self.update()

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.sig_state_changed.emit(state)
            self.update()

    @Slot(QVideoFrame)
    def _on_frame(self, frame: QVideoFrame) -> None:
        if not frame.isValid() or self.state == NO_SIGNAL:
            return
        self.frames += 1
        self._frame = frame  # converted at paint time: only the frame shown is converted
        self._last_frame_at = self.clock()
        self._set_state(PLAYING)

    @Slot(QMediaPlayer.Error, str)
    def _on_error(self, error, message: str) -> None:
        if error != QMediaPlayer.Error.NoError:
            self._no_signal(message or str(error))

    @Slot(QMediaPlayer.MediaStatus)
    def _on_status(self, status) -> None:
        if status == QMediaPlayer.MediaStatus.InvalidMedia:
            self._no_signal(self.player.errorString() or "invalid media")
        elif status == QMediaPlayer.MediaStatus.EndOfMedia and self.player.loops() != QMediaPlayer.Loops.Infinite:
            self._no_signal("stream ended")

    def _tick(self) -> None:
        if self.state != NO_SIGNAL and self.clock() - self._last_frame_at > self.stall_s:
            self._no_signal(f"no frame for {self.stall_s:.0f} s")
            return
        if self._frame is not None:
            self._image = self._frame.toImage()
            self._frame = None
            self.update()

    # ---- drawing -------------------------------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(style.BLACK))
        r = QRectF(self.rect())
        if self.state == PLAYING and self._image is not None and not self._image.isNull():
            img = self._image.scaled(
                self.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
            p.drawImage(int((self.width() - img.width()) / 2), int((self.height() - img.height()) / 2), img)
        elif self.state == NO_SIGNAL:
            p.setPen(QColor(style.LIGHT["red"]))
            # as large as the tile allows, the window's name kept inside it (CJK glyphs are about square)
            px = min(self.height() // 7, int(self.width() * 0.9 / max(4, len(self.name))))
            p.setFont(style.cjk_font(max(14, px), bold=True))
            p.drawText(r.adjusted(0, -self.height() * 0.1, 0, 0), Qt.AlignmentFlag.AlignCenter, self.no_signal_text())
        else:
            p.setPen(QColor(style.TEXT_DIM))
            p.setFont(style.cjk_font(max(16, self.height() // 12)))
            p.drawText(r, Qt.AlignmentFlag.AlignCenter, QCoreApplication.translate("Video", "连接中…"))
        # the window's name, always, on a dark strip at the bottom
        h = max(24, self.height() // 9)
        strip = QRectF(0, self.height() - h, self.width(), h)
        p.fillRect(strip, QColor(0, 0, 0, 170))
        p.setPen(QColor(style.TEXT))
        p.setFont(style.cjk_font(int(h * 0.6), bold=True))
        p.drawText(strip.adjusted(10, 0, -10, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, self.name)
        p.setPen(QColor(style.PANEL_BORDER))
        p.drawRect(self.rect().adjusted(0, 0, -1, -1))
        p.end()

    def no_signal_text(self) -> str:
        return QCoreApplication.translate("Video", "无信号") + "\n" + self.name


class VideoGrid(QWidget):
    """Tiles in ``columns`` columns (one tile: the whole area)."""

    def __init__(self, tiles: list[tuple[str, str]], columns: int = 0, parent: QWidget | None = None, **tile_kw):
        super().__init__(parent)
        n = len(tiles)
        cols = columns if columns > 0 else max(1, int(n**0.5 + 0.999))
        lay = QGridLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.setSpacing(4)
        self.tiles: list[VideoTile] = []
        for i, (name, url) in enumerate(tiles):
            t = VideoTile(name, url, self, **tile_kw)
            lay.addWidget(t, i // cols, i % cols)
            self.tiles.append(t)

    def stop(self) -> None:
        for t in self.tiles:
            t.stop()
