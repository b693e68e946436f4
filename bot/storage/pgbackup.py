"""Backups of a PostgreSQL database with pg_dump's custom format, checked with `pg_restore --list`.

pg_dump reads one consistent snapshot without blocking the bot's writes, as SQLite's backup API does for a
file. The password never appears on a command line (where `ps` shows it to every user): the child gets it in
PGPASSWORD and a URL without it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from bot.storage.database import StorageError
from bot.storage.pgbin import ENV_BIN, postgres_folder
from bot.storage.pgread import open_readonly_postgres

MISSING_CLIENT = (
    "pg_dump not found (not on PATH, nor in $MOMENTOS_PG_BIN or /usr/lib/postgresql/*/bin); install PostgreSQL's"
    " client programs, at least as new as the server (`apt-get install postgresql-client`), or set"
    " MOMENTOS_PG_BIN to their folder"
)
# `215; 1259 16390 TABLE public point_events momentos`: one table of the dump's table of contents.
TABLE_ENTRY = re.compile(r"^\d+; \d+ \d+ TABLE (\S+) (\S+)")


class BackupError(Exception):
    """The dump could not be made or did not verify; the message says why."""


class ClientMissing(BackupError):
    """pg_dump or pg_restore is not installed here: a setup problem, not a failed backup."""


@dataclass(frozen=True, slots=True)
class DumpReport:
    """A verified dump."""

    path: Path
    size: int
    schema_version: int
    tables: int


def find_program(name: str) -> Path | None:
    """A PostgreSQL client program, looked for where the server's programs are (bot/storage/pgbin.py)."""
    folder = postgres_folder(name)
    return None if folder is None else folder / name


def without_password(url: str) -> tuple[str, str | None]:
    """The URL with its password taken out (from the user part or a `password=` parameter), and the password."""
    parts = urlsplit(url)
    password = unquote(parts.password) if parts.password is not None else None
    netloc = parts.netloc
    if "@" in netloc:
        credentials, host = netloc.rsplit("@", 1)
        netloc = f"{credentials.split(':', 1)[0]}@{host}"
    query = parse_qsl(parts.query, keep_blank_values=True)
    for key, value in query:
        if key == "password":
            password = value
    kept = urlencode([(key, value) for key, value in query if key != "password"])
    return urlunsplit((parts.scheme, netloc, parts.path, kept, parts.fragment)), password


def _child_environment(password: str | None) -> dict[str, str]:
    environment = dict(os.environ)
    if password is not None:
        environment["PGPASSWORD"] = password
    return environment


def _failure(program: str, done: subprocess.CompletedProcess[str], url: str) -> str:
    """pg_dump's own last words, on one line, without the password should they ever carry it."""
    words = " ".join((done.stderr or done.stdout or "").split()) or f"exit status {done.returncode}"
    _, password = without_password(url)
    if password:
        words = words.replace(password, "***")
    if "version mismatch" in words:
        words += f"; install a {program.split()[0]} at least as new as the server, or set {ENV_BIN} to its folder"
    return f"{program} failed: {words[:500]}"


async def _schema_version(url: str) -> int:
    database = await open_readonly_postgres(url)
    try:
        return await database.check_momentos()
    finally:
        await database.close()


def _verify(restore: Path, dump: Path, url: str) -> int:
    """The number of tables `pg_restore --list` sees in the dump; BackupError unless point_events is one."""
    done = subprocess.run(  # noqa: S603 - the program comes from find_program, the arguments from us
        [str(restore), "--list", str(dump)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(_failure("pg_restore --list", done, url))
    tables = {match.group(2) for line in done.stdout.splitlines() if (match := TABLE_ENTRY.match(line))}
    if "point_events" not in tables:
        raise BackupError(f"the dump does not verify: pg_restore --list shows {len(tables)} table(s), no point_events")
    return len(tables)


def dump(url: str, target: Path, *, force: bool = False) -> DumpReport:
    """Dump the database at `url` into `target` with pg_dump, verify it, then (only then) put it in place."""
    pg_dump = find_program("pg_dump")
    if pg_dump is None:
        raise ClientMissing(MISSING_CLIENT)
    pg_restore = pg_dump.with_name("pg_restore")
    if not os.access(pg_restore, os.X_OK):
        found = find_program("pg_restore")
        if found is None:
            raise ClientMissing(MISSING_CLIENT.replace("pg_dump not found", "pg_restore not found"))
        pg_restore = found
    if target.exists() and not force:
        raise BackupError(f"{target} already exists; choose another name or use --force to replace it")
    try:
        version = asyncio.run(_schema_version(url))
    except StorageError as exc:
        raise BackupError(str(exc)) from exc
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"cannot create {target.parent}: {exc.strerror}") from exc
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    plain, password = without_password(url)
    try:
        done = subprocess.run(  # noqa: S603 - the program comes from find_program, the arguments from us
            [str(pg_dump), "--format=custom", "--no-password", "--file", str(partial), plain],
            capture_output=True,
            text=True,
            env=_child_environment(password),
            check=False,
        )
        if done.returncode != 0:
            raise BackupError(_failure("pg_dump", done, url))
        tables = _verify(pg_restore, partial, url)
        os.replace(partial, target)
    except OSError as exc:
        raise BackupError(f"cannot write {target}: {exc.strerror or exc}") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
    return DumpReport(target, target.stat().st_size, version, tables)
