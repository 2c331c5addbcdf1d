"""A real X display with a window manager, and the real console on it, for tests/desktop.

``XSession`` starts Xvfb (one 1920×1080 monitor) and openbox, the way a person's desktop runs the console:
window stacking, focus, modality and real input exist there and not on Qt's offscreen platform.
``DesktopConsole`` runs ``python main.py --demo`` in a subprocess on that display, in its own working
directory (so ``var/demo.db`` is its own: ``--demo`` only ever opens that file) and with its own QSettings
directory, and drives it with xdotool (real key events through the X server and the window
manager); ``shot()`` saves a screenshot of the whole display under ``test-artifacts/desktop/<test>/``.

The tools come from Debian packages (``DESKTOP_PACKAGES``); ``.ci/run`` installs them on a fresh machine.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "desktop"
# the checkout whose main.py runs (default this one): point it at an older checkout to see a test fail there
CONSOLE_ROOT = Path(os.environ.get("DESKTOP_CONSOLE_ROOT", ROOT))
TOOLS = {"Xvfb": "xvfb", "openbox": "openbox", "xdotool": "xdotool", "xprop": "x11-utils", "import": "imagemagick"}
DESKTOP_PACKAGES = sorted(set(TOOLS.values()))
SIZE = (1920, 1080)

MAIN = "行政审批电子监察 — 左侧大屏"  # the default layout's first screen holds every view on one monitor
LOGIN = "行政审批电子监察 — 登录"
ALARM = "红色告警"


def missing_tools() -> list[str]:
    return sorted({pkg for tool, pkg in TOOLS.items() if shutil.which(tool) is None})


def wait_for(what: str, condition: Callable[[], object], timeout: float = 20.0, step: float = 0.2):
    """Poll ``condition`` until it is true (returns its value); fail naming ``what`` after ``timeout`` s."""
    end = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for: {what}")
        time.sleep(step)


class XSession:
    """Xvfb on a free display number plus openbox; ``env`` for the programs to run on it."""

    def __init__(self, size: tuple[int, int] = SIZE):
        n = 90
        while Path(f"/tmp/.X{n}-lock").exists() or Path(f"/tmp/.X11-unix/X{n}").exists():
            n += 1
        self.display = f":{n}"
        self.xvfb = subprocess.Popen(
            ["Xvfb", self.display, "-screen", "0", f"{size[0]}x{size[1]}x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for("the X server", lambda: Path(f"/tmp/.X11-unix/X{n}").exists(), timeout=10)
        self.env = dict(os.environ, DISPLAY=self.display, QT_QPA_PLATFORM="xcb")
        self.env.pop("QT_QPA_PLATFORMTHEME", None)
        self.wm = subprocess.Popen(["openbox"], env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for("the window manager", lambda: "_NET_SUPPORTING_WM_CHECK(WINDOW)" in self.run("xprop", "-root"))

    def run(self, *cmd: str, check: bool = False) -> str:
        res = subprocess.run(cmd, env=self.env, capture_output=True, text=True, timeout=20)
        if check and res.returncode:
            raise AssertionError(f"{' '.join(cmd)}: {res.stderr.strip()}")
        return res.stdout

    def close(self) -> None:
        for p in (self.wm, self.xvfb):
            p.terminate()
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


class DesktopConsole:
    """The console in a subprocess on ``x``, working in ``home``: its database is ``home/var/demo.db``, a copy
    of ``template`` (a seeded demo database) or, without one, written by the console's first start."""

    def __init__(
        self,
        x: XSession,
        home: Path,
        artifacts: Path,
        settings: dict | None = None,
        start: bool = True,
        template: Path | None = None,
    ):
        self.x = x
        self.home = home
        self.db = home / "var" / "demo.db"
        self.db.parent.mkdir(parents=True, exist_ok=True)
        if template is not None:
            shutil.copyfile(template, self.db)
        self.artifacts = artifacts
        self.artifacts.mkdir(parents=True, exist_ok=True)
        for old in self.artifacts.glob("*.png"):
            old.unlink()
        self._shots = 0
        conf = home / "config" / "ChengduSupervision"
        conf.mkdir(parents=True, exist_ok=True)
        if settings:
            groups: dict[str, list[str]] = {}
            for key, value in settings.items():
                group, name = key.split("/", 1)
                groups.setdefault(group, []).append(f"{name}={value}")
            text = "".join(f"[{g}]\n" + "\n".join(lines) + "\n\n" for g, lines in groups.items())
            (conf / "SupervisionConsole.conf").write_text(text)
        self._env = dict(x.env, XDG_CONFIG_HOME=str(home / "config"), HOME=str(home), PYTHONUNBUFFERED="1")
        self.log_path = artifacts / "console.log"
        self._log = open(self.log_path, "w")  # noqa: SIM115 - open for the life of the process
        self.proc: subprocess.Popen | None = None
        if start:
            self.start()

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(CONSOLE_ROOT / "main.py"), "--demo", "--console-name", "desktop-test"],
            cwd=self.home,
            env=self._env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    # ---- windows ----------------------------------------------------------------------------------------
    def windows(self, title: str) -> list[str]:
        """Visible (mapped) windows whose title contains ``title``, as decimal X ids."""
        return self.x.run("xdotool", "search", "--onlyvisible", "--name", title).split()

    def window(self, title: str, timeout: float = 30.0) -> str:
        self.assert_running()
        return wait_for(f"window {title!r}", lambda: (self.windows(title) or [None])[0], timeout)

    def gone(self, title: str, timeout: float = 10.0) -> None:
        wait_for(f"window {title!r} to go", lambda: not self.windows(title), timeout)

    def stacking(self) -> list[int]:
        """Managed windows bottom to top (the window manager's _NET_CLIENT_LIST_STACKING)."""
        out = self.x.run("xprop", "-root", "_NET_CLIENT_LIST_STACKING")
        return [int(w, 16) for w in out.split("#", 1)[-1].replace(",", " ").split() if w.startswith("0x")]

    def above(self, upper: str, lower: str) -> bool:
        order = self.stacking()
        u, lo = int(upper), int(lower)
        return u in order and lo in order and order.index(u) > order.index(lo)

    def active_title(self) -> str:
        return self.x.run("xdotool", "getactivewindow", "getwindowname").strip()

    def geometry(self, wid: str) -> tuple[int, int]:
        out = self.x.run("xdotool", "getwindowgeometry", "--shell", wid)
        vals = dict(line.split("=", 1) for line in out.split() if "=" in line)
        return int(vals["WIDTH"]), int(vals["HEIGHT"])

    # ---- input ------------------------------------------------------------------------------------------
    def key(self, *keys: str) -> None:
        self.assert_running()
        for k in keys:
            self.x.run("xdotool", "key", "--clearmodifiers", k, check=True)
            time.sleep(0.15)  # pacing between real key strokes, as a person types; never an assertion

    def type(self, text: str) -> None:
        self.x.run("xdotool", "type", "--delay", "40", text, check=True)

    def log_in(self, user: str = "operator", password: str = "oper-demo-2025") -> None:
        """Type into the log-in dialog (user name has the focus) and wait for it to go."""
        self.window(LOGIN)
        wait_for("the log-in dialog to have the focus", lambda: self.active_title() == LOGIN)
        self.key("ctrl+a")
        self.type(user)
        self.key("Return")
        self.type(password)
        self.key("Return")
        self.gone(LOGIN, timeout=20)

    # ---- pictures ---------------------------------------------------------------------------------------
    def shot(self, name: str) -> Path:
        # without a compositor a window uncovered or switched shows its new pixels only once the console has
        # repainted it: let it, so that the picture shows what the checks saw (pictures only, never asserts)
        time.sleep(0.8)
        self._shots += 1
        path = self.artifacts / f"{self._shots:02d}-{name}.png"
        self.x.run("import", "-window", "root", str(path), check=True)
        return path

    # ---- the database -----------------------------------------------------------------------------------
    def query(self, sql: str, *args) -> list[tuple]:
        with sqlite3.connect(self.db, timeout=10) as c:
            return c.execute(sql, args).fetchall()

    def raise_red_alarms(self, n: int, tag: str) -> None:
        """``n`` new open red alarms, as the ingest would record them from a case's records (收费不规范 on the
        case of an open red alarm): the console sees them as new on its next poll.  Not copies of a time alarm:
        the poll clears a time alarm whose condition does not hold (an invented subject never overruns)."""
        with sqlite3.connect(self.db, timeout=10) as c:
            case_id, raised_at = c.execute(
                "SELECT case_id, raised_at FROM alarms WHERE level = 'red' ORDER BY id LIMIT 1"
            ).fetchone()
            c.executemany(
                "INSERT INTO alarms (case_id, rule, subject, level, raised_at, raised_by, message, status) "
                "VALUES (?, 'fee_irregular', ?, 'red', ?, 'desktop-test', ?, 'open')",
                [(case_id, f"{tag}{i}", raised_at, f"收费不规范：第 {i + 1} 笔（{tag}）") for i in range(n)],
            )

    def open_red_alarms(self) -> set[int]:
        """Ids of the open red alarms now.  The demo's live traffic raises new reds at any moment ("red makers",
        console/services/simulator.py), so checks compare these ids, never a count that a new red offsets."""
        return {r[0] for r in self.query("SELECT id FROM alarms WHERE status = 'open' AND level = 'red'")}

    def acknowledged(self, ids: set[int]) -> int:
        """How many of ``ids`` have an acknowledgement (alarm_acks: one row per alarm)."""
        rows = self.query("SELECT alarm_id FROM alarm_acks")
        return len(ids & {r[0] for r in rows})

    # ---- ending -----------------------------------------------------------------------------------------
    def assert_running(self) -> None:
        if self.proc.poll() is not None:
            raise AssertionError(f"the console ended (rc {self.proc.returncode}); see {self.log_path}")

    def wait_exit(self, timeout: float = 15.0) -> int:
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"the console did not end within {timeout:.0f} s") from None

    def send(self, sig: signal.Signals) -> None:
        self.proc.send_signal(sig)

    def close(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._log.close()

    def log_text(self) -> str:
        self._log.flush()
        return self.log_path.read_text()
