"""`momentos export` and `momentos backup`: the operator's copies of the data, without the bot running or not.

Both only read the live database: export opens it with SQLite's `mode=ro` (never migrating it), backup uses
SQLite's online backup API, so either is safe while `momentos run` is writing. Export writes one CSV file
(`answers`, `points`, `reflections`) or, with `--format xapi`, every answer, review and reflection as xAPI
statements (JSON lines) for a Learning Record Store.

The parser of every `momentos` command imports this module (for ExportArgument), so the services and the
storage are imported only when an export or a backup runs.
"""

from __future__ import annotations

import asyncio
import os
import sys
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING

from bot.cli.settings import DEFAULT_DB
from bot.domain.periods import Period, Window, period_window
from bot.domain.schedule import UnknownTimezone, zone

if TYPE_CHECKING:
    from bot.storage.database import Database

CSV_KINDS = ("answers", "points", "reflections")
XAPI = "xapi"


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


@dataclass(frozen=True, slots=True)
class ExportRequest:
    """What `momentos export` was asked for: a CSV file (`kind`), or xAPI statements (`format`) under a base IRI."""

    kind: str | None = None
    format: str | None = None
    xapi_base: str | None = None


def _resolved(kind: str | ExportRequest) -> ExportRequest:
    """The request with its format decided (csv unless xapi was asked for); CliError if it contradicts itself."""
    request = kind if isinstance(kind, ExportRequest) else ExportRequest(kind=kind)
    if (request.format or (XAPI if request.kind == XAPI else "csv")) == XAPI:
        if request.kind not in (None, XAPI):
            raise CliError(
                f"--format xapi writes answers, reviews and reflections together; leave out '{request.kind}'"
            )
        return ExportRequest(XAPI, XAPI, request.xapi_base)
    if request.kind == XAPI:
        raise CliError("'xapi' is not a CSV file; leave out --format csv")
    if request.kind not in CSV_KINDS:
        raise CliError("say which file: answers, points or reflections (or --format xapi for xAPI statements)")
    if request.xapi_base is not None:
        raise CliError("--xapi-base is only for --format xapi")
    return ExportRequest(request.kind, "csv")


def _counted(number: int, name: str) -> str:
    return f"{number} {name}" if number == 1 else f"{number} {name}s"


async def _window(database: Database, db: Path, guild: int | None, period: Period, timezone: str | None) -> Window:
    from bot.storage.exports import ExportRepository

    records = ExportRepository(database)
    if guild is not None and not await records.has_guild(guild):
        raise CliError(f"{db}: no server {guild} in this database")
    name = timezone or (await records.guild_timezone(guild) if guild is not None else None) or "UTC"
    try:
        zone(name)
    except UnknownTimezone:
        raise CliError(f"'{name}' is not an IANA timezone; e.g. America/Mexico_City, Europe/Madrid") from None
    return period_window(period, datetime.now(UTC), name)


async def _export(
    db: Path, request: ExportRequest, guild: int | None, period: Period, timezone: str | None, sink: IO[bytes]
) -> tuple[str, Window]:
    """Write the export into `sink`; what was written (e.g. `3 answers rows`) and the window it covered."""
    from bot.services.exports import ExportKind, ExportService
    from bot.services.xapi import DEFAULT_BASE, XapiExport
    from bot.storage.exports import ExportRepository, open_readonly

    database = await open_readonly(db)
    try:
        window = await _window(database, db, guild, period, timezone)
        records = ExportRepository(database)
        if request.format == XAPI:
            written = await XapiExport(records, request.xapi_base or DEFAULT_BASE).export(guild, window, sink)
            counts = ", ".join(
                _counted(number, name)
                for number, name in (
                    (written.answers, "answer"),
                    (written.reviews, "review"),
                    (written.reflections, "reflection"),
                )
            )
            return f"{_counted(written.statements, 'xAPI statement')} ({counts})", window
        assert request.kind is not None, "a CSV request names its file (_resolved)"
        result = await ExportService(records).export(ExportKind(request.kind), guild, window, sink)
        return f"{result.rows} {request.kind} rows", window
    finally:
        await database.close()


def export(
    db: Path, kind: str | ExportRequest, guild: int | None, period: str, timezone: str | None, out: Path | None
) -> int:
    """Write one CSV (same format as /export) or the xAPI statements to `out` or stdout; 1 with one line on stderr.

    `kind` is a CSV file's name, or what the command line asked for (a file, a format, a base IRI).
    """
    from bot.services.errors import Unavailable
    from bot.services.xapi import BadBase, checked_base
    from bot.storage import StorageError

    try:
        request = _resolved(kind)
        if request.xapi_base is not None:
            request = replace(request, xapi_base=checked_base(request.xapi_base))
        if out is None:
            asyncio.run(_export(db, request, guild, Period(period), timezone, sys.stdout.buffer))
            sys.stdout.flush()
            return 0
        partial = out.with_name(f".{out.name}.partial")
        try:
            with partial.open("wb") as sink:
                written, window = asyncio.run(_export(db, request, guild, Period(period), timezone, sink))
            partial.replace(out)
        finally:
            partial.unlink(missing_ok=True)
    except (CliError, StorageError, Unavailable, BadBase) as error:
        return _fail(error)
    except OSError as error:
        return _fail(CliError(f"cannot write {out}: {error.strerror}"))
    print(f"{out}: {written} ({window.label})")
    return 0


def backup_command(db: Path, target: Path, *, force: bool) -> int:
    """Copy the live database to `target` and verify it; 1 with one line on stderr on any error."""
    from bot.storage.backup import BackupError, backup

    try:
        report = backup(db, target, force=force)
    except BackupError as error:
        return _fail(error)
    print(f"{report.path}: {report.size:,} bytes, schema version {report.schema_version}, integrity ok")
    return 0
