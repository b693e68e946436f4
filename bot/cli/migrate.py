"""`momentos migrate-db`: move an install to another database (e.g. its SQLite file to PostgreSQL) and prove it."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from bot.storage import DATABASE_ERRORS, StorageError
from bot.storage.backends import open_database
from bot.storage.database import Database, is_postgres_url, redact, sqlite_path
from bot.storage.transfer import copy, verify

OK, MISMATCH, REFUSED = 0, 1, 2


def _target(text: str) -> str:
    """A --from/--to value as open_database takes it; StorageError for what is neither SQLite nor PostgreSQL."""
    if is_postgres_url(text):
        return text
    if "://" in text and not text.startswith("sqlite://"):
        raise StorageError(f"{redact(text)!r}: use postgresql://… or sqlite:///path (or a plain file path)")
    return sqlite_path(text)


class Bar:
    """Counted steps per table, redrawn in place on a terminal and one line per table otherwise."""

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._tty = out.isatty()
        self._last = ""

    def __call__(self, table: str, done: int, total: int) -> None:
        share = done / total if total else 1.0
        filled = int(share * 20)
        line = f"  copying {table:<20} [{'#' * filled}{'.' * (20 - filled)}] {done:>9,}/{total:,} rows"
        if self._tty:
            self._out.write("\r" + line)
            if done >= total:
                self._out.write("\n")
        elif done >= total and line != self._last:
            self._out.write(line + "\n")
        self._last = line
        self._out.flush()


async def migrate_db(source_text: str, target_text: str, *, replace: bool = False, out: TextIO = sys.stdout) -> int:
    """Copy everything, then compare both sides; 0 equal, 1 a difference found, 2 refused before copying."""
    started = time.monotonic()
    try:
        source_ref, target_ref = _target(source_text), _target(target_text)
    except StorageError as error:
        print(f"momentos migrate-db: {error}", file=sys.stderr)
        return REFUSED
    if source_ref == target_ref:
        print("momentos migrate-db: --from and --to name the same database", file=sys.stderr)
        return REFUSED
    source: Database | None = None
    target: Database | None = None
    try:
        source = await open_database(source_ref)
        target = await open_database(target_ref)
        print(f"from {source.location} to {target.location} (schema version {await source.schema_version()})", file=out)
        await copy(source, target, replace=replace, progress=Bar(out))
        print("  recomputed the boards from the copied rows; comparing both sides …", file=out)
        verdict = await verify(source, target)
    except StorageError as error:
        print(f"momentos migrate-db: {error}", file=sys.stderr)
        return REFUSED
    except DATABASE_ERRORS as error:
        print(f"momentos migrate-db: the copy stopped and was rolled back: {error}", file=sys.stderr)
        return REFUSED
    finally:
        for database in (source, target):
            if database is not None:
                await database.close()
    rows = sum(check.target_rows for check in verdict.tables)
    if not verdict.ok:
        for problem in verdict.problems:
            print(f"  differs: {problem}", file=out)
        print(f"momentos migrate-db: the copy differs from the source in {len(verdict.problems)} place(s)", file=out)
        return MISMATCH
    print(
        f"verified: {len(verdict.tables)} tables, {rows:,} rows equal on both sides (every row compared), and"
        f" {verdict.board_rows:,} board aggregates recomputed equal; done in {time.monotonic() - started:.1f} s",
        file=out,
    )
    return OK
