"""A layout's video view: the service windows' streams in a grid (console/widgets/video.py).

Its tiles play from the layout entry's URLs alone: no database, no snapshot.  On a machine whose Qt has no
Multimedia (or whose libpulse is missing) the view says so in words instead of failing the console.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from console.widgets import style

log = logging.getLogger(__name__)


class VideoView(QWidget):
    def __init__(self, spec, parent: QWidget | None = None, **tile_kw):
        """``spec``: console.shell.screens.VideoSpec (id, title, tiles, columns)."""
        super().__init__(parent)
        self.setObjectName(spec.id)
        self.title = spec.title
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.grid = None
        try:
            from console.widgets.video import VideoGrid  # Qt Multimedia: loaded only where video is used
        except ImportError as exc:
            log.warning("video %s unavailable: %s", spec.id, exc)
            msg = QLabel(
                QCoreApplication.translate("VideoView", "视频不可用：本机缺少 Qt Multimedia（{e}）").format(e=exc)
            )
            msg.setAlignment(Qt.AlignmentFlag.AlignCenter)
            msg.setFont(style.cjk_font(24))
            msg.setWordWrap(True)
            lay.addWidget(msg)
            return
        self.grid = VideoGrid(list(spec.tiles), spec.columns, self, **tile_kw)
        lay.addWidget(self.grid)
