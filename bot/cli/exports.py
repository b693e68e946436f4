"""`momentos export` and `momentos backup`: the operator's copies of the data, without the bot running or not.

Both only read the live database: export opens it with SQLite's `mode=ro` (never migrating it), backup uses
SQLite's online backup API, so either is safe while `momentos run` is writing. On PostgreSQL (the database
`momentos run` uses when MOMENTOS_DATABASE_URL names one and no `--db` is given) export reads in read-only
sessions and backup runs pg_dump, then checks the dump with `pg_restore --list`. Export writes one CSV file
(`answers`, `points`, `reflections`) or, with `--format xapi`, every answer, review and reflection as xAPI
statements (JSON lines) for a Learning Record Store.

The parser of every `momentos` command imports this module (for ExportArgument), so the services and the
storage are imported only when an export or a backup runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING

from bot.cli.settings import DEFAULT_DB
from bot.domain.periods import Period, Window, period_window
from bot.domain.schedule import UnknownTimezone, zone
from bot.storage.database import StorageError, is_postgres_url, redact, sqlite_path

if TYPE_CHECKING:
    from bot.storage.database import Database

CSV_KINDS = ("answers", "points", "reflections")
XAPI = "xapi"
NO_CLIENT = 2  # backup on PostgreSQL without pg_dump here: a setup to fix, not a failed run


class CliError(Exception):
    """A one-line reason to exit 1."""


def default_db() -> Path | str:
    """The database `momentos run` would use (environment or .env): the URL of a PostgreSQL server when
    MOMENTOS_DATABASE_URL (or DATABASE_URL) names one, else the MOMENTOS_DB file. A path is always a file."""
    from bot.cli.settings import database_url_setting, load_env_file

    load_env_file()
    url = database_url_setting(os.environ) or ""
    if url.startswith("sqlite:"):
        with contextlib.suppress(StorageError):
            return Path(sqlite_path(url))
    if url:
        return url  # a server, or a malformed setting that server_url() refuses with the reason
    return Path(os.environ.get("MOMENTOS_DB") or DEFAULT_DB)


def server_url(db: Path | str) -> str | None:
    """The PostgreSQL URL `db` names, None for a file; CliError for a URL of no kind Momentos knows."""
    if isinstance(db, Path):
        return None
    if not is_postgres_url(db):
        raise CliError(f"MOMENTOS_DATABASE_URL must start with postgresql:// or sqlite:///, got {redact(db)!r}")
    return db


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


async def _window(database: Database, guild: int | None, period: Period, timezone: str | None) -> Window:
    from bot.storage.exports import ExportRepository

    records = ExportRepository(database)
    if guild is not None and not await records.has_guild(guild):
        raise CliError(f"{database.location}: no server {guild} in this database")
    name = timezone or (await records.guild_timezone(guild) if guild is not None else None) or "UTC"
    try:
        zone(name)
    except UnknownTimezone:
        raise CliError(f"'{name}' is not an IANA timezone; e.g. America/Mexico_City, Europe/Madrid") from None
    return period_window(period, datetime.now(UTC), name)


async def _export(
    db: Path | str, request: ExportRequest, guild: int | None, period: Period, timezone: str | None, sink: IO[bytes]
) -> tuple[str, Window]:
    """Write the export into `sink`; what was written (e.g. `3 answers rows`) and the window it covered."""
    from bot.services.exports import ExportKind, ExportService
    from bot.services.xapi import DEFAULT_BASE, XapiExport
    from bot.storage.exports import ExportRepository, open_readonly

    database = await open_readonly(server_url(db) or Path(db))
    try:
        window = await _window(database, guild, period, timezone)
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
    db: Path | str, kind: str | ExportRequest, guild: int | None, period: str, timezone: str | None, out: Path | None
) -> int:
    """Write one CSV (same format as /export) or the xAPI statements to `out` or stdout; 1 with one line on stderr.

    `kind` is a CSV file's name, or what the command line asked for (a file, a format, a base IRI). `db` is a
    file (a Path) or a PostgreSQL URL (a str, from default_db()).
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


def backup_command(db: Path | str, target: Path, *, force: bool) -> int:
    """Copy the live database to `target` and verify it; 1 with one line on stderr on any error, 2 when the
    PostgreSQL client programs are missing here."""
    from bot.storage.backup import BackupError, backup

    try:
        url = server_url(db)
    except CliError as error:
        return _fail(error)
    if url is not None:
        return _dump(url, target, force=force)
    try:
        report = backup(Path(db), target, force=force)
    except BackupError as error:
        return _fail(error)
    print(f"{report.path}: {report.size:,} bytes, schema version {report.schema_version}, integrity ok")
    return 0


def _dump(url: str, target: Path, *, force: bool) -> int:
    """`momentos backup` on PostgreSQL: pg_dump's custom format, verified with `pg_restore --list`."""
    from bot.storage.pgbackup import BackupError, ClientMissing, dump

    try:
        report = dump(url, target, force=force)
    except ClientMissing as error:
        print(f"momentos: {error}", file=sys.stderr)
        return NO_CLIENT
    except BackupError as error:
        return _fail(error)
    print(
        f"{report.path}: {report.size:,} bytes, pg_dump custom format, schema version {report.schema_version},"
        f" {report.tables} tables listed by pg_restore"
    )
    return 0
