"""`momentos doctor`'s look at the database, without ever changing it: read-only, upgrades tried on a copy."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from bot.domain.checkup import Finding, problem
from bot.domain.state import Team
from bot.storage.database import StorageError, migrations
from bot.storage.sqlite import SqliteDatabase, describe

MIN_FREE_BYTES = 50 * 1024 * 1024  # below this a burst of answers (and its -wal file) may not fit


@dataclass(frozen=True, slots=True)
class DatabaseCheckup:
    """What was found, and the active teams (the Discord checks look at their channels)."""

    findings: list[Finding]
    teams: list[Team] = field(default_factory=list)
    reached: bool = True  # False: the database could not be read at all, so "no teams" means "not looked at"


def _size(count: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if count < 1000 or unit == "GB":
            return f"{count:,.0f} {unit}" if unit == "bytes" else f"{count:,.1f} {unit}"
        count /= 1000
    raise AssertionError("unreachable")


def _space(folder: Path) -> Finding:
    free = shutil.disk_usage(folder).free
    if free < MIN_FREE_BYTES:
        return problem(
            "disk",
            f"only {_size(free)} free where the database lives ({folder})",
            "free some space: the database, its -wal file and backups need room to grow",
        )
    return Finding("disk", f"{_size(free)} free in {folder}")


def _absent(path: Path) -> list[Finding]:
    """A database that does not exist yet: can `momentos run` create it?"""
    existing = next(folder for folder in (path.parent, *path.parents) if folder.exists())
    if not existing.is_dir():
        return [problem("database", f"{path} cannot be created: {existing} is a file", "point MOMENTOS_DB elsewhere")]
    if not os.access(existing, os.W_OK | os.X_OK):
        return [
            problem(
                "database",
                f"{path} does not exist and cannot be created: {existing} is not writable by this user",
                "create the folder and let the user that runs Momentos write in it, or point MOMENTOS_DB elsewhere",
            ),
            _space(existing),
        ]
    return [Finding("database", f"{path} does not exist yet; `momentos run` will create it"), _space(existing)]


def _access(path: Path) -> Finding:
    if not os.access(path, os.R_OK):
        return problem("database", f"{path} cannot be read by this user", "let the user that runs Momentos read it")
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK | os.X_OK):
        where = "the file" if not os.access(path, os.W_OK) else f"its folder {path.parent}"
        return problem(
            "database",
            f"{path} is read-only for this user ({where})",
            "let the user that runs Momentos write the file and its folder (SQLite creates -wal and -shm beside it)",
        )
    return Finding("database", f"{path} ({_size(path.stat().st_size)}) is readable and writable")


def _version(connection: sqlite3.Connection, path: Path) -> int | Finding:
    """The schema version; 0 for an empty file; a problem for a file that is some other program's database."""
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables:
        return 0
    if "schema_migrations" not in tables:
        return problem(
            "database",
            f"{path} is not a Momentos database (it has other tables)",
            "point MOMENTOS_DB at the bot's database, or move this file away",
        )
    row = connection.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()
    return int(row[0]) if row else 0


def _integrity(connection: sqlite3.Connection, path: Path) -> Finding:
    verdict = [str(row[0]) for row in connection.execute("PRAGMA integrity_check").fetchall()]
    if verdict == ["ok"]:
        return Finding("integrity", "PRAGMA integrity_check: ok")
    return problem(
        "integrity",
        f"{path} is damaged: {'; '.join(verdict[:3])[:300]}",
        "stop Momentos and restore the latest backup (see Backup and restore in the README); keep the damaged file",
    )


def _teams(connection: sqlite3.Connection) -> list[Team]:
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "teams" not in tables:
        return []
    rows = connection.execute(
        "SELECT team_id, guild_id, name, channel_id, role_id FROM teams WHERE removed_at IS NULL"
        " ORDER BY guild_id, name_key"
    ).fetchall()
    return [Team(int(row[0]), int(row[1]), str(row[2]), int(row[3]), int(row[4])) for row in rows]


def settled_schema(version: int, newest: int) -> Finding | None:
    """The verdict when nothing needs upgrading (current, or newer than this Momentos); None when older."""
    if version == newest:
        return Finding("schema", f"version {version}, current")
    if version > newest:
        return problem(
            "schema",
            f"version {version} is newer than this Momentos knows ({newest})",
            "upgrade Momentos, or restore a backup made by this version",
        )
    return None


async def _upgrade(path: Path, version: int) -> Finding:
    """Current, or upgradable: the migrations are run on a copy (the original is never written)."""
    newest = migrations()[-1][0]
    if (settled := settled_schema(version, newest)) is not None:
        return settled
    with tempfile.TemporaryDirectory(prefix="momentos-doctor-") as folder:
        copy = Path(folder) / "copy.db"
        try:
            with (
                contextlib.closing(sqlite3.connect(_readonly_uri(path), uri=True)) as source,
                contextlib.closing(sqlite3.connect(copy)) as target,
            ):
                source.backup(target)
        except (OSError, sqlite3.Error) as error:
            return problem(
                "schema",
                f"version {version} of {newest}: could not copy it to try the upgrade ({error})",
                "free some space in the temporary folder (TMPDIR) and run the doctor again",
            )
        try:
            database = await SqliteDatabase.open(copy)
        except StorageError as error:
            return problem(
                "schema",
                f"version {version}: the upgrade to {newest} fails on a copy ({error})",
                "keep the file, restore a backup if needed, and report this message",
            )
        await database.close()
    return Finding("schema", f"version {version} of {newest}: `momentos run` will upgrade it (tried on a copy: fine)")


def _readonly_uri(path: Path) -> str:
    return f"{path.resolve().as_uri()}?mode=ro"


def _inspect(path: Path) -> tuple[list[Finding], int | None, list[Team]]:
    """Findings, the schema version (None: nothing more to try) and the active teams, all read-only."""
    if not path.exists():
        return _absent(path), None, []
    if not path.is_file():
        return [problem("database", f"{path} is not a file", "point MOMENTOS_DB at a file")], None, []
    findings = [_access(path), _space(path.parent)]
    try:
        with contextlib.closing(sqlite3.connect(_readonly_uri(path), uri=True)) as connection:
            version = _version(connection, path)
            if isinstance(version, Finding):
                return [*findings, version], None, []
            findings.append(_integrity(connection, path))
            return findings, version, _teams(connection)
    except sqlite3.Error as error:
        return [*findings, problem("database", describe(error, str(path)), "")], None, []


async def check_database(path: Path) -> DatabaseCheckup:
    """Can `momentos run` use the database at `path`? Nothing is written to it."""
    findings, version, teams = _inspect(path)
    if version is not None:
        findings.append(await _upgrade(path, version))
    return DatabaseCheckup(findings, teams)
