"""Alarm sound through Qt Multimedia: a QSoundEffect on ``resources/sounds/alarm.wav`` (or the WAV named by
QSettings ``alarms/sound_file``), loaded once and played from memory, with no external player.

Where the effect cannot play (no audio device or sound server: its status is Error, or the WAV is missing)
the alarm falls back to ``QApplication.beep()``: the dialog still flashes, and an operator still hears
something wherever the platform can beep.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QApplication

try:
    from PySide6.QtMultimedia import QSoundEffect
except ImportError:  # Qt Multimedia's Linux build needs libpulse: without it the console beeps, and still starts
    QSoundEffect = None  # type: ignore[misc]

from console.resources import resource

log = logging.getLogger(__name__)
ALARM_WAV = resource("sounds", "alarm.wav")


class BeepSound:
    def play(self) -> None:
        QApplication.beep()


class EffectSound:
    """The alarm WAV through QSoundEffect; a play still sounding is not restarted (the repeat timer calls
    again every few seconds); the system beep while the effect cannot play."""

    def __init__(self, path: Path = ALARM_WAV):
        self.path = Path(path)
        self.effect = QSoundEffect() if QSoundEffect is not None else None
        if self.effect is not None:
            self.effect.setSource(QUrl.fromLocalFile(str(self.path)))
        self.beeps = 0  # plays that fell back to the beep (tests, diagnostics)
        self._warned = False

    def play(self) -> None:
        if self.effect is None or self.effect.status() == QSoundEffect.Status.Error or not self.path.exists():
            if not self._warned:
                log.warning("alarm sound %s cannot play on this machine; using the system beep", self.path)
                self._warned = True
            self.beeps += 1
            QApplication.beep()
            return
        if not self.effect.isPlaying():
            self.effect.play()


def alarm_sound(path: Path | None = None) -> EffectSound:
    return EffectSound(path or ALARM_WAV)
