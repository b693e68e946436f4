"""A PostgreSQL server of its own in a temporary folder, so tests and the benchmark need no installed service.

Stdlib only: it runs the server binaries (initdb, postgres, pg_ctl) found on this machine. Nothing in the bot
imports it; tests/postgres.py and the benchmark do.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO
from urllib.parse import quote

from bot.storage.pgbin import ENV_BIN, postgres_folder

INSTALL_HINT = f"install PostgreSQL's server (`apt-get install postgresql`) or set {ENV_BIN} to the folder holding them"
# Generous: a loaded 2-core CI machine can take many seconds to start or stop a server.
TIMEOUT = 60.0
PORT_ATTEMPTS = 5
# Only for tests: a throwaway server never needs to survive a power cut, and syncing is most of its cost.
# synchronous_commit stays on: without fsync it costs a write() per commit, and turned off a killed server
# (the crash drills) would lose commits it had acknowledged, which a real server never does.
FAST = ("fsync=off", "full_page_writes=off")
# The postmaster runs under this small parent that adopts and reaps its orphans (PR_SET_CHILD_SUBREAPER):
# the init of containers and CI machines often reaps nothing, and a killed postmaster's zombie would block the
# next start on its lock file. It exits, with the postmaster's status, once the postmaster and every backend
# it left behind are gone, so waiting for it is waiting for the whole server. Should our process die without
# stopping the server (killed pytest), it shuts the server down (fast) and removes the folder.
REAPER = """
import ctypes, os, shutil, signal, sys, threading, time
directory, command = sys.argv[1], sys.argv[2:]
ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)
parent = os.getppid()
child = os.fork()
if child == 0:
    os.execvp(command[0], command)
orphaned = threading.Event()
def watch():
    while os.getppid() == parent:
        time.sleep(0.5)
    orphaned.set()
    try:
        with open(os.path.join(directory, "data", "postmaster.pid")) as lock:
            os.kill(int(lock.readline()), signal.SIGINT)
    except (OSError, ValueError):
        pass
threading.Thread(target=watch, daemon=True).start()
status = 0
while True:
    try:
        pid, code = os.wait()
    except ChildProcessError:
        break
    if pid == child:
        status = os.waitstatus_to_exitcode(code)
if orphaned.is_set():
    shutil.rmtree(directory, ignore_errors=True)
sys.exit(status if status >= 0 else 128 - status)
"""


class ServerUnavailable(Exception):
    """Raised when no throwaway server can be had; the message says what an operator can do about it."""


def find_binaries() -> Path | None:
    """The folder holding initdb, pg_ctl and postgres (see bot/storage/pgbin.py for where it looks)."""
    return postgres_folder("initdb", "pg_ctl", "postgres")


def _run_as() -> str | None:
    """The user the server runs as when we are root (PostgreSQL refuses root): postgres, else nobody."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    raise ServerUnavailable("running as root and no 'postgres' or 'nobody' user exists to run PostgreSQL as")


def _scratch_parent(durable: bool) -> str | None:
    """Where the folder goes: in memory (/dev/shm) for tests, on disk (the temp dir) for a durable server."""
    # Creating and dropping a database per test was ten times slower on a busy disk, even with fsync off.
    shm = "/dev/shm"  # noqa: S108 - a folder of our own is made inside it with mkdtemp
    if durable or not os.path.isdir(shm) or not os.access(shm, os.W_OK | os.X_OK):
        return None
    with contextlib.suppress(OSError):
        stats = os.statvfs(shm)
        if stats.f_bavail * stats.f_frsize >= 1 << 30:
            return shm
    return None


def _free_port() -> int:
    """A loopback port nobody listens on right now (it may still be taken before the server binds it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def _tail(path: Path, lines: int = 15) -> str:
    """The last lines of a log, for an error message."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.strip().splitlines()[-lines:]) or "(empty log)"


def _state(pid: int) -> str | None:
    """The process's state letter from /proc (Z for a zombie), or None when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[0]


def _alive(pid: int) -> bool:
    """Whether the process still runs (a zombie does not: this machine's init may never reap it)."""
    return _state(pid) not in (None, "Z")


def _children(pid: int) -> list[int]:
    """The processes whose parent is pid (a postmaster's backends and helpers)."""
    found: list[int] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError, ValueError):
            stat = (entry / "stat").read_text(encoding="ascii")
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


@dataclass
class ThrowawayServer:
    """One PostgreSQL cluster in a temporary folder, trusting loopback connections as user postgres."""

    directory: Path
    port: int
    bin: Path
    durable: bool = False
    user: str | None = None
    # The reaper (see REAPER) above the postmaster, through runuser when we are root.
    _process: subprocess.Popen[bytes] | None = field(default=None, init=False, repr=False)
    _stopped: bool = field(default=False, init=False, repr=False)

    @property
    def url(self) -> str:
        """The admin URL (database postgres)."""
        return self.url_for("postgres")

    def url_for(self, database: str) -> str:
        """The URL of one database on this server."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{quote(database, safe='')}"

    @property
    def data(self) -> Path:
        """The cluster's data folder."""
        return self.directory / "data"

    @property
    def log(self) -> Path:
        """The server's log (initdb's output, then the postmaster's)."""
        return self.directory / "server.log"

    @classmethod
    def start(cls, *, durable: bool = False) -> ThrowawayServer:
        """Create a cluster in a new temporary folder and start it on a free loopback port."""
        folder = find_binaries()
        if folder is None:
            configured = os.environ.get(ENV_BIN)
            where = f"{ENV_BIN}={configured} does not hold them" if configured else "not on PATH nor in /usr/lib"
            raise ServerUnavailable(f"PostgreSQL's initdb and pg_ctl not found ({where}): {INSTALL_HINT}")
        user = _run_as()
        directory = Path(tempfile.mkdtemp(prefix="momentos-pg-", dir=_scratch_parent(durable)))
        server = cls(directory=directory, port=0, bin=folder, durable=durable, user=user)
        try:
            directory.chmod(0o755)  # the server's user (and any client) must reach the socket and the files
            if user is not None:
                entry = pwd.getpwnam(user)
                os.chown(directory, entry.pw_uid, entry.pw_gid)
            server._initdb()
            server._launch_on_free_port()
        except BaseException:
            server.stop()
            raise
        atexit.register(server.stop)
        return server

    def _command(self, program: str, *arguments: str) -> list[str]:
        """A command line for one server binary, through runuser when we are root."""
        line = [str(self.bin / program), *arguments]
        return ["runuser", "-u", self.user, "--", *line] if self.user is not None else line

    def _environment(self) -> dict[str, str]:
        """Our environment without the PG* settings that would steer the binaries elsewhere."""
        environment = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
        environment["LC_ALL"] = "C"
        return environment

    def _run(self, program: str, *arguments: str, timeout: float = TIMEOUT) -> subprocess.CompletedProcess[str]:
        """Run a server binary to completion in the folder (the server's user may not reach our cwd)."""
        return subprocess.run(  # noqa: S603 - the binaries come from find_binaries, the arguments from us
            self._command(program, *arguments),
            cwd=self.directory,
            env=self._environment(),
            capture_output=True,
            text=True,
            timeout=timeout + 30,
            check=False,
        )

    def _initdb(self) -> None:
        """Create the cluster: C.UTF-8 where the system has it, else plain C (both sort bytewise)."""
        failure = ""
        for locale in ("C.UTF-8", "C"):
            shutil.rmtree(self.data, ignore_errors=True)
            done = self._run(
                "initdb",
                *("-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", f"--locale={locale}"),
                # Syncing the fresh cluster's files buys nothing for a throwaway server (and durable only
                # concerns the server's own writes, which keep PostgreSQL's settings).
                "--no-sync",
                "--no-instructions",
            )
            if done.returncode == 0:
                return
            failure = (done.stdout + done.stderr).strip()
        lines = "\n".join(failure.splitlines()[-15:])
        raise ServerUnavailable(f"initdb failed in {self.directory}:\n{lines}")

    def _settings(self) -> list[str]:
        """The postmaster's command-line settings."""
        settings = [
            "listen_addresses=127.0.0.1",
            f"unix_socket_directories={self.directory}",
            "max_connections=200",
            *(() if self.durable else FAST),
        ]
        return [argument for setting in settings for argument in ("-c", setting)]

    def _launch_on_free_port(self) -> None:
        """Launch on a free port, trying another when one was taken between choosing and binding it."""
        for attempt in range(PORT_ATTEMPTS):
            self.port = _free_port()
            try:
                self._launch()
                return
            except ServerUnavailable as error:
                if "Address already in use" not in str(error) or attempt == PORT_ATTEMPTS - 1:
                    raise

    def _launch(self) -> None:
        """Start the postmaster on self.port and wait until it accepts connections (what pg_ctl start -w does)."""
        stale = self._postmaster_pid()  # a killed server's lock file still says "ready"
        with self.log.open("ab") as log:
            self._process = self._spawn(log)
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                self._process = None
                raise ServerUnavailable(
                    f"PostgreSQL did not start on port {self.port}; its log ends:\n{_tail(self.log)}"
                )
            if self._ready(stale):
                return
            time.sleep(0.02)
        self._halt()
        raise ServerUnavailable(
            f"PostgreSQL did not start within {TIMEOUT:.0f} s on port {self.port}; its log ends:\n{_tail(self.log)}"
        )

    def _spawn(self, log: IO[bytes]) -> subprocess.Popen[bytes]:
        """The postmaster process, in a session of its own so a terminal's Ctrl-C reaches only us."""
        postgres = self._command("postgres", "-D", str(self.data), "-p", str(self.port), *self._settings())
        return subprocess.Popen(  # noqa: S603 - the binaries come from find_binaries, the arguments from us
            [sys.executable, "-I", "-c", REAPER, str(self.directory), *postgres],
            cwd=self.directory,
            env=self._environment(),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def _postmaster_pid(self) -> int | None:
        """The postmaster's pid from its lock file, or None when there is none."""
        try:
            first = (self.data / "postmaster.pid").read_text(encoding="ascii").splitlines()[0]
            return int(first)
        except (OSError, IndexError, ValueError):
            return None

    def _ready(self, stale: int | None) -> bool:
        """Whether a new postmaster says it is ready (line 8 of postmaster.pid, as pg_ctl reads it)."""
        try:
            lines = (self.data / "postmaster.pid").read_text(encoding="ascii").splitlines()
        except OSError:
            return False
        if len(lines) < 8 or lines[7].strip() != "ready" or not lines[0].strip().isdigit():
            return False
        pid = int(lines[0])
        return pid != stale and _alive(pid)

    @property
    def running(self) -> bool:
        """Whether a postmaster of this cluster is alive."""
        pid = self._postmaster_pid()
        return pid is not None and _alive(pid)

    def _reap(self, timeout: float = TIMEOUT) -> None:
        """Collect our postmaster (or runuser) once it has exited, so it leaves no zombie behind."""
        if self._process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(timeout=timeout)
            self._process = None

    def _halt(self) -> None:
        """Stop the postmaster fast (pg_ctl stop -m fast), or kill it when that fails."""
        if self.running:
            done = self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "fast", "-w", "-t", str(int(TIMEOUT)))
            if done.returncode != 0 and self.running:
                self.kill()
        if self._process is not None and self._process.poll() is None:
            # Never became ready (no lock file to stop it by): end its whole process group.
            with contextlib.suppress(OSError):
                os.killpg(self._process.pid, signal.SIGKILL)
        self._reap()

    def stop(self) -> None:
        """Stop the server and remove its folder; calling it again does nothing."""
        if self._stopped:
            return
        self._stopped = True
        with contextlib.suppress(Exception):
            self._halt()
        shutil.rmtree(self.directory, ignore_errors=True)

    def restart(self) -> None:
        """Stop (fast) and start again on the same port, keeping the data (drills: 'server restarted')."""
        if self._stopped:
            raise ServerUnavailable(f"the server in {self.directory} was stopped and its folder removed")
        self._halt()
        self._launch()

    def kill(self) -> None:
        """SIGKILL the postmaster and wait until its backends are gone too (drills: 'server crashed')."""
        pid = self._postmaster_pid()
        if pid is None or not _alive(pid):
            return
        os.kill(pid, signal.SIGKILL)
        if self._process is None:
            return
        # Orphaned backends exit when they notice the postmaster's death, and the reaper with them; a new
        # postmaster refuses to start while one still holds the old shared memory. Kill any that linger.
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            for child in _children(self._process.pid):
                with contextlib.suppress(OSError):
                    os.kill(child, signal.SIGKILL)
        self._reap()

    def __enter__(self) -> ThrowawayServer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()
