"""Which database a setting names: a PostgreSQL URL, a `sqlite:///` URL or a plain file path."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import asyncpg

from bot.storage.database import Database, StorageError, is_postgres_url, redact, sqlite_path
from bot.storage.postgres import PostgresDatabase
from bot.storage.sqlite import SqliteDatabase


async def open_database(target: str | Path) -> Database:
    """Open and migrate the database `target` names."""
    text = str(target)
    if is_postgres_url(text):
        return await PostgresDatabase.open(text)
    if "://" in text and not text.startswith("sqlite://"):
        raise StorageError(
            f"database URL {redact(text)!r} names an unknown kind of database: use postgresql://… or sqlite:///path"
        )
    return await SqliteDatabase.open(sqlite_path(text))


# A unique or foreign key refused a write, on either backend: a repository turns it into "already there".
INTEGRITY_ERRORS: tuple[type[Exception], ...] = (sqlite3.IntegrityError, asyncpg.IntegrityConstraintViolationError)
