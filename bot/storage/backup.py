"""Consistent copies of a live database with SQLite's online backup API.

Copying the file with `cp` while the bot runs can catch a half-written page or miss what still sits in the
`-wal` file; the backup API copies one consistent snapshot through SQLite itself, and in WAL mode it never
blocks the bot's writes.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path


class BackupError(Exception):
    """The copy could not be made or did not verify; the message says why."""


@dataclass(frozen=True, slots=True)
class BackupReport:
    """A verified copy."""

    path: Path
    size: int
    schema_version: int


def _readonly(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _schema_version(connection: sqlite3.Connection, path: Path) -> int:
    """The newest migration applied; BackupError if the file is not a Momentos database."""
    try:
        known = connection.execute(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
        ).fetchone()
        if not known or not known[0]:
            raise BackupError(f"{path}: not a Momentos database (its tables are missing)")
        row = connection.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()
    except sqlite3.OperationalError as exc:
        raise BackupError(f"{path}: cannot read the database: {exc}") from exc
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path}: not a Momentos database ({exc})") from exc
    return int(row[0]) if row else 0


def backup(source: Path, target: Path, *, force: bool = False) -> BackupReport:
    """Copy `source` to `target` (refusing to replace an existing file unless `force`), then verify the copy.

    The copy is written beside the target under a temporary name and renamed only once it passed
    `PRAGMA integrity_check`, so a failed backup never leaves a broken file where a good one is expected.
    It is switched to rollback-journal mode, so the backup is one self-contained file.
    """
    if not source.is_file():
        raise BackupError(f"{source}: no such database file")
    if target.exists() and not force:
        raise BackupError(f"{target} already exists; choose another name or use --force to replace it")
    if target.exists() and target.resolve() == source.resolve():
        raise BackupError(f"{target} is the database itself; choose another name")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"cannot create {target.parent}: {exc.strerror}") from exc
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        with contextlib.closing(_readonly(source)) as origin:
            _schema_version(origin, source)
            with contextlib.closing(sqlite3.connect(partial)) as copy:
                origin.backup(copy)
                copy.execute("PRAGMA journal_mode = DELETE")
                verdict = [str(row[0]) for row in copy.execute("PRAGMA integrity_check").fetchall()]
                if verdict != ["ok"]:
                    raise BackupError(f"the copy failed its integrity check: {'; '.join(verdict)[:300]}")
                version = _schema_version(copy, target)
        os.replace(partial, target)
    except sqlite3.Error as exc:
        raise BackupError(f"{source}: cannot back up: {exc}") from exc
    except OSError as exc:
        raise BackupError(f"cannot write {target}: {exc.strerror}") from exc
    finally:
        for leftover in (partial, partial.with_name(partial.name + "-journal")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    return BackupReport(target, target.stat().st_size, version)
