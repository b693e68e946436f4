"""The storage floors: raw aiosqlite (with Momentos' pragmas) or asyncpg inserting one answer row per commit."""

from __future__ import annotations

import time
from pathlib import Path

import aiosqlite
import asyncpg

PRAGMAS = ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON", "busy_timeout = 5000")


async def commits_per_second(path: Path, rows: int = 2000) -> float:
    """Insert `rows` answers one transaction each (durable, as an acknowledged answer must be); rows/s."""
    async with aiosqlite.connect(path, isolation_level=None) as db:
        for pragma in PRAGMAS:
            await db.execute(f"PRAGMA {pragma}")
        await db.execute(
            "CREATE TABLE answers (answer_id INTEGER PRIMARY KEY, post_id INTEGER NOT NULL, user_id BIGINT NOT NULL,"
            " choice_index INTEGER NOT NULL, correct INTEGER NOT NULL, answered_at TEXT NOT NULL,"
            " UNIQUE (post_id, user_id))"
        )
        start = time.perf_counter()
        for number in range(rows):
            await db.execute("BEGIN IMMEDIATE")
            await db.execute(
                "INSERT INTO answers (post_id, user_id, choice_index, correct, answered_at) VALUES (?, ?, ?, ?, ?)",
                (1, number, number % 4, number % 2, "2026-11-23 15:00:00.000000"),
            )
            await db.execute("COMMIT")
        return rows / (time.perf_counter() - start)


async def postgres_commits_per_second(url: str, rows: int = 2000) -> float:
    """The same on PostgreSQL: one answer row per committed transaction from one asyncpg connection; rows/s.

    Each commit is a round trip to the server and waits for its WAL flush (fsync on, synchronous_commit on).
    """
    connection = await asyncpg.connect(url, timeout=30)
    try:
        await connection.execute("DROP TABLE IF EXISTS floor_answers")
        await connection.execute(
            "CREATE TABLE floor_answers (answer_id BIGSERIAL PRIMARY KEY, post_id BIGINT NOT NULL,"
            " user_id BIGINT NOT NULL, choice_index INTEGER NOT NULL, correct INTEGER NOT NULL,"
            " answered_at TEXT NOT NULL, UNIQUE (post_id, user_id))"
        )
        start = time.perf_counter()
        for number in range(rows):
            async with connection.transaction():
                await connection.execute(
                    "INSERT INTO floor_answers (post_id, user_id, choice_index, correct, answered_at)"
                    " VALUES ($1, $2, $3, $4, $5)",
                    1,
                    number,
                    number % 4,
                    number % 2,
                    "2026-11-23 15:00:00.000000",
                )
        return rows / (time.perf_counter() - start)
    finally:
        await connection.close()
