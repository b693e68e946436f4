"""Child processes of a benchmark: the simulator (driven by JSON lines) and a bot (Momentos or the bare floor)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from bot.storage.database import is_postgres_url

READY_LINE = "ready as"  # what `momentos run` logs when discord.py reports ready
DATABASE_SETTINGS = frozenset({"MOMENTOS_DB", "MOMENTOS_DATABASE_URL", "DATABASE_URL"})


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc), NaN once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_backends(database: str) -> dict[int, float]:
    """CPU seconds of the PostgreSQL backends on this machine serving `database` (by their process titles,
    `postgres: user database host(port) state`); empty when the server runs elsewhere."""
    found: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").split()
        except OSError:
            continue
        if len(title) > 2 and title[0] == "postgres:" and title[2] == database:
            found[int(entry.name)] = cpu_seconds(int(entry.name))
    return found


class SimHandle:
    """The simulator process; `call` sends one request and waits for its answer."""

    def __init__(self, process: asyncio.subprocess.Process, info: dict[str, Any]) -> None:
        self.process = process
        self.info = info

    @classmethod
    async def start(cls, teams: int, members: int, global_limit: int = 0) -> SimHandle:
        """Start `python -m bot.bench.simproc` and wait for its endpoints."""
        args = ["--teams", str(teams), "--members", str(members), "--global-limit", str(global_limit)]
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.bench.simproc",
            *args,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            limit=64 * 1024 * 1024,
        )
        assert process.stdout is not None
        line = await asyncio.wait_for(process.stdout.readline(), 120)
        if not line:
            raise RuntimeError("the simulator process exited before it was ready")
        return cls(process, json.loads(line))

    async def call(self, op: str, limit: float = 600, **args: Any) -> Any:
        """One request; raises with the simulator's error text if it failed."""
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write((json.dumps({"op": op, "args": args}) + "\n").encode())
        await self.process.stdin.drain()
        line = await asyncio.wait_for(self.process.stdout.readline(), limit)
        if not line:
            raise RuntimeError(f"the simulator process died during {op}")
        answer = json.loads(line)
        if not answer.get("ok"):
            raise RuntimeError(f"simulator {op}: {answer.get('error')}")
        return answer.get("result")

    async def stop(self) -> None:
        """Ask it to quit; kill it if it does not."""
        if self.process.returncode is None:
            try:
                await self.call("quit", limit=10)
                await asyncio.wait_for(self.process.wait(), 10)
            except (TimeoutError, RuntimeError, BrokenPipeError, ConnectionResetError):
                self.process.kill()
                await self.process.wait()


class BotHandle:
    """A bot process with its log file; `started` is when the process was launched (monotonic)."""

    def __init__(self, process: asyncio.subprocess.Process, log_path: Path, started: float) -> None:
        self.process = process
        self.log_path = log_path
        self.started = started

    @classmethod
    async def start(cls, module: list[str], sim: SimHandle, db_path: Path | str | None, log_path: Path) -> BotHandle:
        """Launch `python <module...>` pointed at the simulator (and, for Momentos, at its database: a SQLite file
        as MOMENTOS_DB, or a `postgresql://` URL as MOMENTOS_DATABASE_URL).

        Database settings of the caller's environment never reach the bot: a MOMENTOS_DATABASE_URL left there
        would win over MOMENTOS_DB and send a SQLite run to a server.
        """
        env = {key: value for key, value in os.environ.items() if key not in DATABASE_SETTINGS}
        env |= {
            "DISCORD_TOKEN": sim.info["token"],
            "MOMENTOS_DISCORD_API_URL": sim.info["api_url"],
            "MOMENTOS_DISCORD_GATEWAY_URL": sim.info["gateway_url"],
            "MOMENTOS_LOG_LEVEL": "INFO",
        }
        if isinstance(db_path, str) and is_postgres_url(db_path):
            env["MOMENTOS_DATABASE_URL"] = db_path
        elif db_path is not None:
            env["MOMENTOS_DB"] = str(db_path)
        log_file = log_path.open("wb")
        started = time.monotonic()
        process = await asyncio.create_subprocess_exec(
            sys.executable, *module, stdout=log_file, stderr=log_file, env=env, cwd=os.getcwd()
        )
        log_file.close()
        return cls(process, log_path, started)

    async def wait_for_log(self, text: str, limit: float = 120) -> float:
        """Seconds from launch until `text` appears in the log."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if text in self.log_path.read_text(encoding="utf-8", errors="replace"):
                return time.monotonic() - self.started
            if self.process.returncode is not None:
                break
            await asyncio.sleep(0.01)
        tail = self.log_path.read_text(encoding="utf-8", errors="replace")[-2000:]
        raise RuntimeError(f"bot never logged {text!r}:\n{tail}")

    def reset_peak_memory(self) -> None:
        """Start a new peak-RSS measurement (Linux: writing 5 to clear_refs resets VmHWM)."""
        with contextlib.suppress(OSError):
            Path(f"/proc/{self.process.pid}/clear_refs").write_text("5")

    def peak_rss_mb(self) -> float:
        """Peak resident memory since start or the last reset, in MB (VmHWM)."""
        try:
            for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return float("nan")

    async def stop(self) -> None:
        """SIGTERM, as systemd would; kill after 15 s."""
        if self.process.returncode is None:
            self.process.terminate()
            try:
                await asyncio.wait_for(self.process.wait(), 15)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
