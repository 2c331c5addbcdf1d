"""The alarm sound: a real WAV, played by the platform's player found on PATH (here a stand-in script)."""

import os
import stat
import time
import wave

from console.shell.sound import ALARM_WAV, CommandSound, platform_sound


def test_alarm_wav_is_a_short_audible_clip():
    with wave.open(str(ALARM_WAV)) as w:
        seconds = w.getnframes() / w.getframerate()
        assert w.getnchannels() == 1 and w.getsampwidth() == 2
        assert 0.5 < seconds < 2.0
        frames = w.readframes(w.getnframes())
    assert max(frames) > 0  # not silence


def test_the_first_player_on_path_plays_the_wav_in_the_background(tmp_path, monkeypatch):
    marker = tmp_path / "played.txt"
    player = tmp_path / "paplay"
    player.write_text(f'#!/bin/sh\necho "$1" >> {marker}\n')
    player.chmod(player.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    sound = platform_sound()
    assert isinstance(sound, CommandSound) and sound.argv[0] == str(player)
    sound.play()
    deadline = time.monotonic() + 10
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.read_text().strip() == str(ALARM_WAV)


def test_no_player_means_no_platform_sound(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert platform_sound() is None or os.name == "nt"
