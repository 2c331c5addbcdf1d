"""Alarm sound without QtMultimedia: the platform's own player on a WAV file, else the system beep.

PySide6-Essentials has no QtMultimedia (and its Linux build needs PulseAudio libraries), so the console
plays ``resources/sounds/alarm.wav`` with winsound on Windows, or the first of paplay / pw-play / aplay /
afplay found on the machine, in the background; with none of them, QApplication.beep().
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from console.resources import resource

ALARM_WAV = resource("sounds", "alarm.wav")
PLAYERS = ("paplay", "pw-play", "aplay", "afplay")


class CommandSound:
    """Plays a WAV with an external player; a play still running is not started twice."""

    def __init__(self, player: str, path: Path):
        self.argv = [player, str(path)] + (["-q"] if Path(player).name == "aplay" else [])
        self._proc: subprocess.Popen | None = None

    def play(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            return
        try:
            self._proc = subprocess.Popen(
                self.argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        except OSError:
            self._proc = None


class WinSound:
    def __init__(self, path: Path):
        self.path = str(path)

    def play(self) -> None:
        import winsound  # Windows only: importing it at the top would break every other platform

        winsound.PlaySound(self.path, winsound.SND_FILENAME | winsound.SND_ASYNC | winsound.SND_NOSTOP)


def platform_sound(path: Path = ALARM_WAV):
    """A sound object for ``path`` using what this machine has, or None."""
    if not path.exists():
        return None
    if sys.platform == "win32":
        return WinSound(path)
    for name in PLAYERS:
        exe = shutil.which(name)
        if exe:
            return CommandSound(exe, path)
    return None
