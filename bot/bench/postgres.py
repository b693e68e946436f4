"""PostgreSQL for `momentos bench`: which backends a run measures, a server, fresh databases, the history copy.

The server is $MOMENTOS_BENCH_DATABASE_URL when set (an admin URL of a server someone gives: the bench creates
its databases there and drops them at the end), else a throwaway cluster on disk with PostgreSQL's default
durability (`ThrowawayServer.start(durable=True)`: fsync and synchronous_commit on), so every commit the
figures count reached the disk as it would in production.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import quote, urlsplit, urlunsplit

import asyncpg

from bot.storage.backends import open_database
from bot.storage.database import redact
from bot.storage.throwaway import ServerUnavailable, ThrowawayServer, find_binaries
from bot.storage.transfer import TABLES, copy, count

URL_VARIABLE = "MOMENTOS_BENCH_DATABASE_URL"
Backend = Literal["sqlite", "postgresql", "both"]
BACKENDS: tuple[Backend, ...] = ("sqlite", "postgresql", "both")


@dataclass(frozen=True, slots=True)
class Choice:
    """What a run measures, and why PostgreSQL was left out when it was."""

    backend: Backend
    requested: bool  # asked for on the command line (then a missing server is an error, not a note)
    note: str | None = None

    @property
    def sqlite(self) -> bool:
        """Every SQLite phase (floors, fan-out, history through the bot), as a plain run measures them."""
        return self.backend in ("sqlite", "both")

    @property
    def postgresql(self) -> bool:
        """The PostgreSQL phases, beside the SQLite figures they are compared with."""
        return self.backend in ("postgresql", "both")


def choose(requested: str | None, environ: dict[str, str] | None = None) -> Choice:
    """--backend as given; by default both when a server can be had, else SQLite and a note saying why."""
    env = dict(os.environ) if environ is None else environ
    if requested is not None:
        if requested not in BACKENDS:
            raise ValueError(f"unknown backend {requested!r}")
        backend: Backend = "sqlite" if requested == "sqlite" else "postgresql" if requested == "postgresql" else "both"
        return Choice(backend, requested=True)
    if env.get(URL_VARIABLE, "").strip() or find_binaries() is not None:
        return Choice("both", requested=False)
    return Choice(
        "sqlite",
        requested=False,
        note=(
            "PostgreSQL skipped: no server binaries (initdb, pg_ctl, postgres) on PATH, in /usr/lib/postgresql or"
            f" in $MOMENTOS_PG_BIN, and {URL_VARIABLE} is not set; install PostgreSQL's server or set"
            f" {URL_VARIABLE} to an admin URL to measure it too"
        ),
    )


def database_url(admin_url: str, database: str) -> str:
    """The admin URL with another database in its path (host, user, password and query kept)."""
    parts = urlsplit(admin_url)
    return urlunsplit(parts._replace(path="/" + quote(database, safe="")))


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class BenchServer:
    """The server the PostgreSQL phases use, and the databases this run created on it."""

    def __init__(self, admin_url: str, throwaway: ThrowawayServer | None) -> None:
        self.admin_url = admin_url
        self.throwaway = throwaway
        self.prefix = f"momentos_bench_{os.getpid()}_{secrets.token_hex(3)}"  # unique on a server others share
        self.created: list[str] = []
        self.description = ""

    @classmethod
    async def start(cls) -> BenchServer:
        """$MOMENTOS_BENCH_DATABASE_URL's server, else a durable throwaway one (ServerUnavailable if neither)."""
        given = os.environ.get(URL_VARIABLE, "").strip()
        if given:
            server = cls(given, None)
        else:
            throwaway = await asyncio.to_thread(ThrowawayServer.start, durable=True)
            server = cls(throwaway.url, throwaway)
        try:
            server.description = await server._describe()
        except (OSError, asyncpg.PostgresError) as error:
            await server.close()
            raise ServerUnavailable(f"{redact(server.admin_url)} does not answer: {error}") from error
        return server

    async def _describe(self) -> str:
        """Version, where it runs and the settings that decide the cost of a commit, for the report."""
        connection = await asyncpg.connect(self.admin_url, timeout=30)
        try:
            version = await connection.fetchval("SHOW server_version")
            settings = {
                name: await connection.fetchval(f"SHOW {name}")
                for name in ("fsync", "synchronous_commit", "wal_sync_method", "shared_buffers")
            }
        finally:
            await connection.close()
        where = (
            "a throwaway cluster on this machine's disk, loopback TCP"
            if self.throwaway is not None
            else f"the server of {URL_VARIABLE} ({urlsplit(self.admin_url).hostname or 'local socket'})"
        )
        shown = ", ".join(f"{name}={value}" for name, value in settings.items())
        return f"PostgreSQL {str(version).split()[0]}, {where}; {shown}"

    async def fresh(self, label: str) -> str:
        """The URL of a new empty database of this run."""
        name = f"{self.prefix}_{label}"
        connection = await asyncpg.connect(self.admin_url, timeout=30)
        try:
            await connection.execute(f"CREATE DATABASE {_identifier(name)}")
        finally:
            await connection.close()
        self.created.append(name)
        return database_url(self.admin_url, name)

    async def close(self) -> None:
        """Drop this run's databases (even with connections left open), then stop a throwaway server."""
        try:
            if self.created:
                connection = await asyncpg.connect(self.admin_url, timeout=30)
                try:
                    while self.created:
                        name = self.created.pop()
                        await connection.execute(f"DROP DATABASE IF EXISTS {_identifier(name)} WITH (FORCE)")
                finally:
                    await connection.close()
        finally:
            if self.throwaway is not None:
                await asyncio.to_thread(self.throwaway.stop)


@dataclass(frozen=True, slots=True)
class CopyFigures:
    """The SQLite history copied into PostgreSQL as `momentos migrate-db` copies it (without its verification)."""

    rows: int
    seconds: float  # every table in one transaction, board_totals recomputed, committed
    analyze_seconds: float

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else float("nan")


Progress = Callable[[str, int, int], None]


async def copy_history(seed: Path, url: str, progress: Progress | None = None) -> CopyFigures:
    """Copy the seeded SQLite history into the empty database at `url` with transfer.copy, then ANALYZE it."""
    source = await open_database(seed)
    target = await open_database(url)  # migrates the empty database, as migrate-db's target must be
    try:
        rows = sum([await count(source, table) for table in TABLES])
        started = time.perf_counter()
        await copy(source, target, progress=progress)
        seconds = time.perf_counter() - started
    finally:
        await source.close()
        await target.close()
    connection = await asyncpg.connect(url, timeout=30)
    try:
        started = time.perf_counter()
        await connection.execute("ANALYZE")
        analyzed = time.perf_counter() - started
    finally:
        await connection.close()
    return CopyFigures(rows, seconds, analyzed)
