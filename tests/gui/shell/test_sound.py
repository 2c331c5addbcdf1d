"""The alarm sound through Qt Multimedia (QSoundEffect): a real WAV played on a private PulseAudio server with
a null sink, and the system beep where no audio device answers.  Each case runs in its own process: Qt
Multimedia picks its audio devices once per process."""

import os
import shutil
import subprocess
import sys
import textwrap
import time
import wave

import pytest

from console.shell.sound import ALARM_WAV
from tests.support import ROOT

SCRIPT = textwrap.dedent("""
    import time
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from console.shell.sound import EffectSound
    s = EffectSound()
    t = time.monotonic()
    while time.monotonic() - t < 10 and s.effect.status() == s.effect.Status.Loading:
        app.processEvents(); time.sleep(0.02)
    s.play()
    played = False
    t = time.monotonic()
    while time.monotonic() - t < 5 and not played:
        app.processEvents(); time.sleep(0.02); played = s.effect.isPlaying()
    print(f"RESULT status={s.effect.status().name} played={played} beeps={s.beeps}")
""")


def _run(env_extra: dict) -> str:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **env_extra}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True
    ).stdout
    return next(line for line in out.splitlines() if line.startswith("RESULT "))


def test_alarm_wav_is_a_short_audible_clip():
    with wave.open(str(ALARM_WAV)) as w:
        seconds = w.getnframes() / w.getframerate()
        assert w.getnchannels() == 1 and w.getsampwidth() == 2
        assert 0.5 < seconds < 2.0
        frames = w.readframes(w.getnframes())
    assert max(frames) > 0  # not silence


@pytest.fixture
def sound_server(tmp_path):
    """A private PulseAudio with a null sink (no sound card needed), on its own socket."""
    if shutil.which("pulseaudio") is None:
        pytest.skip("pulseaudio is not installed (.ci/run installs it)")
    sock = tmp_path / "native"
    env = {**os.environ, "HOME": str(tmp_path), "XDG_RUNTIME_DIR": str(tmp_path)}
    proc = subprocess.Popen(
        ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no",
         "-L", "module-null-sink", "-L", f"module-native-protocol-unix socket={sock} auth-anonymous=1"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(200):  # its socket appears once it listens
            if sock.exists() or proc.poll() is not None:
                break
            time.sleep(0.05)
        if not sock.exists():
            pytest.skip("pulseaudio did not start here")
        yield f"unix:{sock}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_the_alarm_plays_through_qsoundeffect(sound_server):
    assert _run({"PULSE_SERVER": sound_server}) == "RESULT status=Ready played=True beeps=0"


def test_without_an_audio_device_the_alarm_beeps(tmp_path):
    result = _run({"PULSE_SERVER": f"unix:{tmp_path}/nobody-listens"})
    assert result == "RESULT status=Error played=False beeps=1"
