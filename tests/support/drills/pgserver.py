"""A private, throw-away PostgreSQL 15 server for drills that stop the database itself.

The shared server at 127.0.0.1:5432 is used by every other test, so it is never stopped; a drill that needs
"PostgreSQL goes down mid-poll" starts its own cluster in a temporary directory (initdb, trust auth, a free
port, its socket in the same directory) and stops it with ``pg_ctl stop -m immediate`` (the crash-like stop:
no checkpoint, every backend killed).  PostgreSQL refuses to run as root, so as root the cluster belongs to
the ``postgres`` system user and every command runs through ``runuser``.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

PG_BIN = Path(os.environ.get("CONSOLE_DRILL_PG_BIN", "/usr/lib/postgresql/15/bin"))


def available() -> str | None:
    """Why a private server cannot be started here, or None."""
    if not (PG_BIN / "initdb").exists():
        return f"no PostgreSQL binaries at {PG_BIN}"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to own the cluster"
        if shutil.which("runuser") is None:
            return "running as root without runuser"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivatePostgres:
    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="drill-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        self._as_root = os.geteuid() == 0
        if self._as_root:
            pw = pwd.getpwnam("postgres")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
        self._run(
            [
                str(PG_BIN / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "--auth=trust",
                "--no-sync",
                "-E",
                "UTF8",
                "--locale=C",
            ]
        )
        with open(self.data / "postgresql.conf", "a") as f:  # small and quick: a drill, not a benchmark
            f.write(
                "\nfsync = off\nshared_buffers = 32MB\nmax_connections = 60\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.dir}'\nport = {self.port}\n"
            )

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def url_for(self, db: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{db}"

    def _run(self, argv: list[str], check: bool = True) -> subprocess.CompletedProcess:
        if self._as_root:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        return subprocess.run(argv, check=check, capture_output=True, text=True, timeout=60)

    def start(self, timeout: float = 20.0) -> float:
        """Start and wait until it accepts connections; returns the seconds it took."""
        t0 = time.monotonic()
        self._run(
            [
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.dir / "log"),
                "-w",
                "-t",
                str(int(timeout)),
                "start",
            ]
        )
        while time.monotonic() - t0 < timeout:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return time.monotonic() - t0
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"private PostgreSQL on port {self.port} did not come up; see {self.dir / 'log'}")

    def stop(self, mode: str = "immediate") -> None:
        self._run([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"], check=False)

    def running(self) -> bool:
        return self._run([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "status"], check=False).returncode == 0

    def log_text(self) -> str:
        try:
            return (self.dir / "log").read_text(errors="replace")
        except OSError:
            return ""

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)
