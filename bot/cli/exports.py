"""`momentos export` and `momentos backup`: the operator's copies of the data, without the bot running or not.

Both only read the live database: export opens it with SQLite's `mode=ro` (never migrating it), backup uses
SQLite's online backup API, so either is safe while `momentos run` is writing.
"""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from bot.cli.settings import DEFAULT_DB
from bot.domain.periods import Period, Window, period_window
from bot.domain.schedule import UnknownTimezone, zone
from bot.services.exports import ExportKind, ExportService
from bot.storage import StorageError
from bot.storage.backup import BackupError, backup
from bot.storage.exports import ExportRepository, open_readonly


class CliError(Exception):
    """A one-line reason to exit 1."""


def default_db() -> Path:
    """MOMENTOS_DB (from the environment or .env), as `momentos run` would use it."""
    from bot.cli.settings import load_env_file

    load_env_file()
    return Path(os.environ.get("MOMENTOS_DB") or DEFAULT_DB)


def _fail(error: Exception) -> int:
    print(f"momentos: {error}", file=sys.stderr)
    return 1


async def _export(
    db: Path, kind: ExportKind, guild: int | None, period: Period, timezone: str | None, sink: IO[bytes]
) -> tuple[int, Window]:
    database = await open_readonly(db)
    try:
        records = ExportRepository(database)
        if guild is not None and not await records.has_guild(guild):
            raise CliError(f"{db}: no server {guild} in this database")
        name = timezone or (await records.guild_timezone(guild) if guild is not None else None) or "UTC"
        try:
            zone(name)
        except UnknownTimezone:
            raise CliError(f"'{name}' is not an IANA timezone; e.g. America/Mexico_City, Europe/Madrid") from None
        window = period_window(period, datetime.now(UTC), name)
        result = await ExportService(records).export(kind, guild, window, sink)
        return result.rows, window
    finally:
        await database.close()


def export(db: Path, kind: str, guild: int | None, period: str, timezone: str | None, out: Path | None) -> int:
    """Write one CSV (same format as /export) to `out` or stdout; 1 with one line on stderr on any error."""
    try:
        if out is None:
            asyncio.run(_export(db, ExportKind(kind), guild, Period(period), timezone, sys.stdout.buffer))
            sys.stdout.flush()
            return 0
        partial = out.with_name(f".{out.name}.partial")
        try:
            with partial.open("wb") as sink:
                rows, window = asyncio.run(_export(db, ExportKind(kind), guild, Period(period), timezone, sink))
            partial.replace(out)
        finally:
            partial.unlink(missing_ok=True)
    except (CliError, StorageError) as error:
        return _fail(error)
    except OSError as error:
        return _fail(CliError(f"cannot write {out}: {error.strerror}"))
    print(f"{out}: {rows} {kind} rows ({window.label})")
    return 0


def backup_command(db: Path, target: Path, *, force: bool) -> int:
    """Copy the live database to `target` and verify it; 1 with one line on stderr on any error."""
    try:
        report = backup(db, target, force=force)
    except BackupError as error:
        return _fail(error)
    print(f"{report.path}: {report.size:,} bytes, schema version {report.schema_version}, integrity ok")
    return 0
