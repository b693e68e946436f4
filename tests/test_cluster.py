"""`momentos cluster`: shard ranges, refusals, and supervising stub children (no Discord, no database)."""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from aiohttp import web

from bot.cli.cluster import POSTGRES_NEEDED, ClusterRefused, cluster, resolve_shard_count, shard_ranges
from bot.cli.main import main
from bot.cli.settings import Settings

REPO = Path(__file__).resolve().parent.parent
POSTGRES = {"MOMENTOS_DATABASE_URL": "postgresql://momentos@localhost/momentos"}  # parsed, never connected to
WAIT = 60.0  # generous: a loaded 2-core machine

# The child: reports its arguments and pid, then behaves as STUB_MODE says for the range starting at shard 0
# (crash: exit 0, 1, 3 on its first three runs; stubborn: ignore SIGTERM) or the range starting at shard 2
# (refuse: exit 2 once shards 0-1 are up). Otherwise it runs until SIGTERM, which it reports.
STUB = """
import os, signal, sys, time
args = sys.argv[1:]
shards, count = args[args.index("--shards") + 1], args[args.index("--shard-count") + 1]
here, mode = os.environ["STUB_DIR"], os.environ.get("STUB_MODE", "")
starts = os.path.join(here, "starts-" + shards)
run = (int(open(starts).read()) if os.path.exists(starts) else 0) + 1
open(starts, "w").write(str(run))
print(f"start {shards} of {count} pid {os.getpid()} run {run}", flush=True)
print("a line on stderr", file=sys.stderr, flush=True)
first = shards.split("-")[0]
if mode == "crash" and first == "0" and run <= 3:
    sys.exit([0, 1, 3][run - 1])
if mode == "refuse" and first == "2":
    for _ in range(600):
        if os.path.exists(os.path.join(here, "ready-0-1")):
            break
        time.sleep(0.1)
    print("momentos: cannot open the database", file=sys.stderr, flush=True)
    sys.exit(2)
if mode == "stubborn" and first == "0":
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
else:
    def stop(*_):
        print(f"stopped {shards}", flush=True)
        sys.exit(0)
    signal.signal(signal.SIGTERM, stop)
open(os.path.join(here, "ready-" + shards), "w").close()
print(f"ready {shards} run {run}", flush=True)
while True:
    time.sleep(1)
"""


def _clean_env(**extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("MOMENTOS_") and key not in {"DISCORD_TOKEN", "DATABASE_URL"}
    }
    return {**env, **extra}


# --- ranges and refusals -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shards", "processes", "expected"),
    [
        (10, 3, [(0, 3), (4, 6), (7, 9)]),
        (4, 2, [(0, 1), (2, 3)]),
        (5, 5, [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4)]),
        (7, 1, [(0, 6)]),
        (16, 6, [(0, 2), (3, 5), (6, 8), (9, 11), (12, 13), (14, 15)]),
    ],
)
def test_shards_split_into_contiguous_ranges_the_first_ones_larger(
    shards: int, processes: int, expected: list[tuple[int, int]]
) -> None:
    ranges = shard_ranges(shards, processes)
    assert ranges == expected
    covered = [shard for first, last in ranges for shard in range(first, last + 1)]
    assert covered == list(range(shards))


@pytest.mark.parametrize(
    ("processes", "shard_count", "env", "message"),
    [
        (0, 4, POSTGRES, "--processes must be at least 1, got 0"),
        (3, 2, POSTGRES, "2 shard(s) cannot be split over 3 processes (some process would hold none)"),
        (2, 0, POSTGRES, "the shard count must be at least 1, got 0"),
        (3, None, {**POSTGRES, "MOMENTOS_SHARD_COUNT": "2"}, "2 shard(s) cannot be split over 3 processes"),
        (2, None, {**POSTGRES, "MOMENTOS_SHARD_COUNT": "lots"}, "MOMENTOS_SHARD_COUNT must be a whole number"),
        (2, 4, {}, POSTGRES_NEEDED),
        (2, 4, {"MOMENTOS_DATABASE_URL": "sqlite:///x.db"}, POSTGRES_NEEDED),
        (1, None, {}, "DISCORD_TOKEN is not set"),
        (1, 1, {"MOMENTOS_LOG_LEVEL": "LOUD"}, "MOMENTOS_LOG_LEVEL must be"),
    ],
)
def test_unusable_arguments_are_refused_in_one_line_with_status_2(
    processes: int, shard_count: int | None, env: dict[str, str], message: str
) -> None:
    err = io.StringIO()
    assert cluster(processes, shard_count, env=_clean_env(**env), err=err, out=io.StringIO()) == 2
    lines = err.getvalue().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("momentos cluster: ")
    assert message in lines[0]


def test_the_command_line_reaches_the_cluster(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["cluster", "--processes", "0", "--shard-count", "4"]) == 2
    assert "--processes must be at least 1" in capsys.readouterr().err
    # `python -m bot.cli.main` is how the cluster starts its children.
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli.main", "cluster", "--processes", "2", "--shard-count", "4"],
        cwd=tmp_path,
        env=_clean_env(PYTHONPATH=str(REPO)),
        capture_output=True,
        text=True,
        timeout=WAIT,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == f"momentos cluster: {POSTGRES_NEEDED}"


# --- Discord's recommendation ------------------------------------------------------------------------------


async def _fake_discord(status: int, shards: int, seen: list[str]) -> web.AppRunner:
    async def gateway_bot(request: web.Request) -> web.Response:
        seen.append(request.headers.get("Authorization", ""))
        return web.json_response({"url": "wss://x", "shards": shards}, status=status)

    app = web.Application()
    app.router.add_get("/api/v10/gateway/bot", gateway_bot)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner


def _api(runner: web.AppRunner) -> str:
    host, port = runner.addresses[0][:2]
    return f"http://{host}:{port}/api/v10"


async def test_without_a_count_discord_recommends_one_raised_to_the_processes() -> None:
    seen: list[str] = []
    runner = await _fake_discord(200, 2, seen)
    try:
        env = {**POSTGRES, "DISCORD_TOKEN": "secret-token-123", "MOMENTOS_DISCORD_API_URL": _api(runner)}
        settings = Settings.from_env(env)
        assert await resolve_shard_count(1, None, settings, env) == 2
        assert await resolve_shard_count(3, None, settings, env) == 3
        assert await resolve_shard_count(3, 12, settings, env) == 12
        assert await resolve_shard_count(3, None, settings, {**env, "MOMENTOS_SHARD_COUNT": "9"}) == 9
        assert seen == ["Bot secret-token-123", "Bot secret-token-123"]
    finally:
        await runner.cleanup()


async def test_a_refused_token_is_one_line_without_the_token() -> None:
    runner = await _fake_discord(401, 2, [])
    try:
        env = {"DISCORD_TOKEN": "secret-token-123", "MOMENTOS_DISCORD_API_URL": _api(runner)}
        with pytest.raises(ClusterRefused) as refused:
            await resolve_shard_count(1, None, Settings.from_env(env), env)
        assert refused.value.status == 2
        assert "refused DISCORD_TOKEN (HTTP 401)" in str(refused.value)
        assert "secret-token-123" not in str(refused.value)
    finally:
        await runner.cleanup()


# --- supervising stub children -----------------------------------------------------------------------------


class Cluster:
    """`cluster(...)` in its own process (it handles signals), its output collected line by line."""

    def __init__(self, tmp_path: Path, processes: int, shard_count: int, mode: str = "", **options: float) -> None:
        stub = tmp_path / "stub.py"
        stub.write_text(STUB, encoding="utf-8")
        settings = {"backoff_start": 0.05, "start_pause": 0.2, **options}
        keywords = ", ".join(f"{name}={value!r}" for name, value in settings.items())
        code = (
            "import sys\nfrom bot.cli.cluster import cluster\n"
            f"sys.exit(cluster({processes}, {shard_count}, command=[sys.executable, {str(stub)!r}], {keywords}))"
        )
        env = _clean_env(PYTHONPATH=str(REPO), STUB_DIR=str(tmp_path), STUB_MODE=mode)
        if processes > 1:
            env.update(POSTGRES)
        self.process = subprocess.Popen(
            [sys.executable, "-c", code],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.out: list[str] = []
        self.err: list[str] = []
        self._changed = threading.Condition()
        assert self.process.stdout is not None and self.process.stderr is not None
        self._readers = [
            threading.Thread(target=self._read, args=(self.process.stdout, self.out), daemon=True),
            threading.Thread(target=self._read, args=(self.process.stderr, self.err), daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    def _read(self, stream: io.TextIOWrapper, lines: list[str]) -> None:
        for line in stream:
            with self._changed:
                lines.append(line.rstrip("\n"))
                self._changed.notify_all()

    def wait_for(self, check: Callable[[], bool], what: str) -> None:
        with self._changed:
            if not self._changed.wait_for(check, timeout=WAIT):
                raise AssertionError(f"timed out waiting for {what}\nstdout: {self.out}\nstderr: {self.err}")

    def has(self, lines: list[str], text: str) -> Callable[[], bool]:
        return lambda: any(text in line for line in lines)

    def finish(self) -> int:
        try:
            status = self.process.wait(timeout=WAIT)
        finally:
            if self.process.poll() is None:
                self.process.kill()
        for reader in self._readers:
            reader.join(timeout=WAIT)
        return status

    def pids(self) -> list[int]:
        return [int(line.split(" pid ")[1].split()[0]) for line in self.out if " pid " in line]


@pytest.fixture
def clusters() -> Iterator[list[Cluster]]:
    started: list[Cluster] = []
    yield started
    for running in started:
        if running.process.poll() is None:
            running.process.kill()
            running.process.wait()
        for pid in running.pids():  # never leave a stub behind, whatever failed
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.timeout(240)
def test_sigterm_stops_every_child_cleanly_and_a_killed_child_is_restarted(
    tmp_path: Path, clusters: list[Cluster]
) -> None:
    running = Cluster(tmp_path, 3, 10)
    clusters.append(running)
    for prefix, shards in (("[p0 shards 0-3] ", "0-3"), ("[p1 shards 4-6] ", "4-6"), ("[p2 shards 7-9] ", "7-9")):
        running.wait_for(running.has(running.out, f"{prefix}ready {shards} run 1"), f"{shards} ready")
        assert f"{prefix}start {shards} of 10 pid " in "\n".join(running.out)
        running.wait_for(running.has(running.err, f"{prefix}a line on stderr"), f"{shards}'s stderr relayed")
    assert "momentos cluster: 3 process(es) for 10 shard(s): p0 0-3, p1 4-6, p2 7-9" in running.err

    victim = running.pids()[1]
    assert "start 4-6" in next(line for line in running.out if f"pid {victim} " in line)
    os.kill(victim, signal.SIGKILL)  # from outside, as the OOM killer would
    running.wait_for(running.has(running.out, "[p1 shards 4-6] ready 4-6 run 2"), "4-6 restarted")
    running.wait_for(running.has(running.err, "exited"), "the restart line")  # stderr has its own reader
    restart = next(line for line in running.err if "exited" in line)
    assert restart.startswith("momentos cluster: p1 (shards 4-6) exited with status -9 after ")
    assert restart.endswith(" s; restarting in 0.05 s (crash 1 in a row)")
    assert (tmp_path / "starts-0-3").read_text() == "1"  # the others kept running
    assert (tmp_path / "starts-7-9").read_text() == "1"

    running.process.send_signal(signal.SIGTERM)
    assert running.finish() == 0
    for shards in ("0-3", "4-6", "7-9"):
        assert any(line.endswith(f"] stopped {shards}") for line in running.out), shards
    assert all(_gone(pid) for pid in running.pids())
    assert not any("killing" in line for line in running.err)


@pytest.mark.timeout(240)
def test_a_crashing_child_is_restarted_alone_with_a_growing_back_off(tmp_path: Path, clusters: list[Cluster]) -> None:
    running = Cluster(tmp_path, 2, 4, "crash")
    clusters.append(running)
    running.wait_for(running.has(running.out, "[p0 shards 0-1] ready 0-1 run 4"), "0-1 up after three crashes")
    running.wait_for(running.has(running.out, "[p1 shards 2-3] ready 2-3 run 1"), "2-3 ready")
    running.wait_for(lambda: sum("exited" in line for line in running.err) == 3, "three restart lines")
    restarts = [line.split(" after ")[0] + " | " + line.split(" s; ")[1] for line in running.err if "exited" in line]
    assert restarts == [
        "momentos cluster: p0 (shards 0-1) exited with status 0 | restarting in 0.05 s (crash 1 in a row)",
        "momentos cluster: p0 (shards 0-1) exited with status 1 | restarting in 0.1 s (crash 2 in a row)",
        "momentos cluster: p0 (shards 0-1) exited with status 3 | restarting in 0.2 s (crash 3 in a row)",
    ]
    assert (tmp_path / "starts-2-3").read_text() == "1"
    running.process.send_signal(signal.SIGINT)
    assert running.finish() == 0
    assert all(_gone(pid) for pid in running.pids())


@pytest.mark.timeout(240)
def test_a_child_that_ran_long_enough_starts_its_back_off_again(tmp_path: Path, clusters: list[Cluster]) -> None:
    running = Cluster(tmp_path, 1, 2, "crash", stable_after=0.0)
    clusters.append(running)
    running.wait_for(running.has(running.out, "ready 0-1 run 4"), "0-1 up after three crashes")
    running.wait_for(lambda: sum("exited" in line for line in running.err) == 3, "three restart lines")
    restarts = [line.split(" s; ")[1] for line in running.err if "exited" in line]
    assert restarts == ["restarting in 0.05 s (crash 1 in a row)"] * 3
    running.process.send_signal(signal.SIGTERM)
    assert running.finish() == 0


@pytest.mark.timeout(240)
def test_a_child_that_refuses_stops_the_cluster_with_status_2(tmp_path: Path, clusters: list[Cluster]) -> None:
    running = Cluster(tmp_path, 2, 4, "refuse")
    clusters.append(running)
    assert running.finish() == 2
    assert "[p1 shards 2-3] momentos: cannot open the database" in running.err
    assert any("p1 (shards 2-3) refused to start (exit status 2" in line for line in running.err)
    assert "[p0 shards 0-1] stopped 0-1" in running.out
    assert not any("restarting in" in line for line in running.err), running.err
    assert (tmp_path / "starts-2-3").read_text() == "1"
    assert all(_gone(pid) for pid in running.pids())


@pytest.mark.timeout(240)
def test_a_child_that_ignores_sigterm_is_killed_after_the_grace_period(tmp_path: Path, clusters: list[Cluster]) -> None:
    running = Cluster(tmp_path, 1, 1, "stubborn", grace=1.0)  # one process: SQLite is fine
    clusters.append(running)
    running.wait_for(running.has(running.out, "[p0 shards 0-0] ready 0-0 run 1"), "0-0 ready")
    started = time.monotonic()
    running.process.send_signal(signal.SIGTERM)
    assert running.finish() == 1
    assert time.monotonic() - started < WAIT
    assert "momentos cluster: p0 (shards 0-0) did not stop within 1 s; killing it" in running.err
    assert all(_gone(pid) for pid in running.pids())
