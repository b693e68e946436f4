"""The database file: migrations, version checks, and the rules the schema itself enforces."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.storage import Storage, StorageError
from bot.storage.backends import INTEGRITY_ERRORS
from bot.storage.database import from_db, migrations, to_db
from bot.storage.sqlite import split_statements

NOW = "2026-11-23 15:00:00.000000"


async def tables(storage: Storage) -> set[str]:
    rows = await storage.database.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {row[0] for row in rows}


async def seed_post(storage: Storage) -> None:
    """One guild, team, item version and post, written with raw SQL."""
    db = storage.database
    await db.execute("INSERT INTO guild_settings (guild_id, created_at, updated_at) VALUES (1, ?, ?)", (NOW, NOW))
    await db.execute(
        "INSERT INTO teams (team_id, guild_id, name, name_key, channel_id, role_id, created_at)"
        " VALUES (10, 1, 'Ventas', 'ventas', 100, 200, ?)",
        (NOW,),
    )
    await db.execute(
        "INSERT INTO item_versions (item_id, version, body, created_at) VALUES ('a.b', 'v1', '{}', ?)", (NOW,)
    )
    await db.execute(
        "INSERT INTO posts (post_id, guild_id, team_id, local_date, item_id, item_version, channel_id,"
        " trigger_kind, status, created_at)"
        " VALUES (50, 1, 10, '2026-11-23', 'a.b', 'v1', 100, 'schedule', 'posted', ?)",
        (NOW,),
    )


async def test_a_fresh_file_is_migrated_to_the_newest_version(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "m.db"
    storage = await Storage.open(path)
    try:
        newest = migrations()[-1][0]
        assert await storage.database.schema_version() == newest
        assert {"guild_settings", "teams", "item_versions", "posts", "answers", "point_events", "bot_meta"} <= (
            await tables(storage)
        )
    finally:
        await storage.close()
    assert path.is_file()


async def test_reopening_is_idempotent_and_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    storage = await Storage.open(path)
    try:
        await storage.meta.set("greeting", "hola")
    finally:
        await storage.close()
    reopened = await Storage.open(path)
    try:
        assert await reopened.database.schema_version() == migrations()[-1][0]
        rows = await reopened.database.fetchall("SELECT version, name FROM schema_migrations ORDER BY version")
        assert [(row[0], row[1]) for row in rows] == [(version, name) for version, name, _ in migrations()]
        assert await reopened.meta.get("greeting") == "hola"
    finally:
        await reopened.close()


async def test_the_bundled_migrations_start_at_one_and_are_consecutive() -> None:
    versions = [version for version, _, _ in migrations()]
    assert versions == list(range(1, len(versions) + 1))
    assert migrations()[0][1] == "0001_initial.sql"


async def test_a_database_from_a_newer_momentos_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    storage = await Storage.open(path)
    try:
        await storage.database.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '0999_future.sql', ?)", (NOW,)
        )
    finally:
        await storage.close()
    with pytest.raises(StorageError) as caught:
        await Storage.open(path)
    newest = migrations()[-1][0]
    assert str(caught.value) == (
        f"database {path} has schema version 999, newer than this Momentos knows ({newest}); "
        "upgrade Momentos or restore a matching backup"
    )


async def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    path.write_text("these are my notes, not a database\n" * 200, encoding="utf-8")
    with pytest.raises(StorageError) as caught:
        await Storage.open(path)
    assert str(caught.value).startswith(f"database {path} is unusable: ")
    assert "not a database" in str(caught.value)
    # The file was not touched.
    assert path.read_text(encoding="utf-8").startswith("these are my notes")


# How each backend words a unique key refusing a row.
UNIQUE = "UNIQUE constraint failed|duplicate key value violates unique constraint"


async def test_point_events_refuse_updates(storage: Storage) -> None:
    await seed_post(storage)
    await storage.database.execute(
        "INSERT INTO point_events (event_key, guild_id, team_id, user_id, post_id, item_id, step, dimension, kind,"
        " points, created_at) VALUES ('answer:50:7', 1, 10, 7, 50, 'a.b', 1, 'cortesia', 'answer', 100, ?)",
        (NOW,),
    )
    with pytest.raises(INTEGRITY_ERRORS, match="point_events is append-only"):
        await storage.database.execute("UPDATE point_events SET points = 1000")
    rows = await storage.database.fetchall("SELECT points FROM point_events")
    assert [row[0] for row in rows] == [100]


async def test_point_events_refuse_negative_points_and_duplicate_keys(storage: Storage) -> None:
    await seed_post(storage)
    insert = (
        "INSERT INTO point_events (event_key, guild_id, team_id, user_id, post_id, item_id, step, dimension, kind,"
        " points, created_at) VALUES (?, 1, 10, 7, 50, 'a.b', 1, 'cortesia', 'answer', ?, ?)"
    )
    with pytest.raises(INTEGRITY_ERRORS, match=r"(?i)check constraint"):
        await storage.database.execute(insert, ("k1", -5, NOW))
    await storage.database.execute(insert, ("k1", 100, NOW))
    with pytest.raises(INTEGRITY_ERRORS, match=UNIQUE):
        await storage.database.execute(insert, ("k1", 100, NOW))


async def test_one_post_per_team_and_local_date_is_enforced_by_the_schema(storage: Storage) -> None:
    await seed_post(storage)
    with pytest.raises(INTEGRITY_ERRORS, match=r"posts\.team_id, posts\.local_date|posts_team_id_local_date_key"):
        await storage.database.execute(
            "INSERT INTO posts (guild_id, team_id, local_date, item_id, item_version, channel_id, trigger_kind,"
            " status, created_at) VALUES (1, 10, '2026-11-23', 'a.b', 'v1', 100, 'manual', 'sending', ?)",
            (NOW,),
        )
    # Another date is fine.
    await storage.database.execute(
        "INSERT INTO posts (guild_id, team_id, local_date, item_id, item_version, channel_id, trigger_kind,"
        " status, created_at) VALUES (1, 10, '2026-11-24', 'a.b', 'v1', 100, 'manual', 'sending', ?)",
        (NOW,),
    )
    rows = await storage.database.fetchall("SELECT local_date FROM posts ORDER BY local_date")
    assert [row[0] for row in rows] == ["2026-11-23", "2026-11-24"]


async def test_one_answer_per_post_and_member_is_enforced_by_the_schema(storage: Storage) -> None:
    await seed_post(storage)
    insert = (
        "INSERT INTO answers (post_id, guild_id, team_id, user_id, choice_index, correct, answered_at)"
        " VALUES (50, 1, 10, ?, ?, ?, ?)"
    )
    await storage.database.execute(insert, (7, 0, 1, NOW))
    with pytest.raises(INTEGRITY_ERRORS, match=r"answers\.post_id, answers\.user_id|answers_post_id_user_id_key"):
        await storage.database.execute(insert, (7, 1, 0, NOW))
    await storage.database.execute(insert, (8, 1, 0, NOW))
    assert len(await storage.database.fetchall("SELECT * FROM answers")) == 2


async def test_active_team_names_and_channels_are_unique_in_the_schema(storage: Storage) -> None:
    await seed_post(storage)
    insert = "INSERT INTO teams (guild_id, name, name_key, channel_id, role_id, created_at) VALUES (1, ?, ?, ?, 201, ?)"
    with pytest.raises(INTEGRITY_ERRORS, match=UNIQUE):
        await storage.database.execute(insert, ("VENTAS", "ventas", 101, NOW))
    with pytest.raises(INTEGRITY_ERRORS, match=UNIQUE):
        await storage.database.execute(insert, ("Soporte", "soporte", 100, NOW))


async def test_foreign_keys_are_enforced(storage: Storage) -> None:
    with pytest.raises(INTEGRITY_ERRORS, match=r"(?i)foreign key"):
        await storage.database.execute(
            "INSERT INTO teams (guild_id, name, name_key, channel_id, role_id, created_at)"
            " VALUES (404, 'x', 'x', 1, 2, ?)",
            (NOW,),
        )


async def test_a_failed_transaction_leaves_nothing_behind(storage: Storage) -> None:
    async def insert_the_same_key_twice() -> None:
        async with storage.database.transaction() as tx:
            await tx.execute("INSERT INTO bot_meta (meta_key, meta_value) VALUES ('a', '1')")
            await tx.execute("INSERT INTO bot_meta (meta_key, meta_value) VALUES ('a', '2')")

    with pytest.raises(INTEGRITY_ERRORS):
        await insert_the_same_key_twice()
    assert await storage.database.fetchall("SELECT * FROM bot_meta") == []


def test_timestamps_are_stored_fixed_width_in_utc() -> None:
    instant = datetime(2026, 11, 23, 9, 0, 5, 120, tzinfo=UTC)
    assert to_db(instant) == "2026-11-23 09:00:05.000120"
    assert from_db(to_db(instant)) == instant
    with pytest.raises(ValueError, match="naive"):
        to_db(datetime(2026, 11, 23, 9, 0))


def test_split_statements_keeps_triggers_whole_and_refuses_a_truncated_script() -> None:
    script = (
        "-- a comment\nCREATE TABLE t (x INTEGER);\n"
        "CREATE TRIGGER t_ro BEFORE UPDATE ON t\nBEGIN\n    SELECT RAISE(ABORT, 'no');\nEND;\n"
    )
    statements = list(split_statements(script))
    assert len(statements) == 2
    assert statements[1].startswith("CREATE TRIGGER") and statements[1].endswith("END;")
    with pytest.raises(StorageError, match="incomplete SQL statement in migration: CREATE TABLE u"):
        list(split_statements("CREATE TABLE u (x INTEGER"))


async def test_reviews_stored_before_version_8_take_their_item_versions_step(tmp_path: Path) -> None:
    path = tmp_path / "v7.db"
    with sqlite3.connect(path) as connection:
        connection.execute(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        for version, name, sql in migrations():
            if version > 7:
                break
            for statement in split_statements(sql):
                connection.execute(statement)
            connection.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", (version, name, NOW))
        connection.execute("INSERT INTO guild_settings (guild_id, created_at, updated_at) VALUES (1, ?, ?)", (NOW, NOW))
        connection.execute(
            "INSERT INTO teams (team_id, guild_id, name, name_key, channel_id, role_id, created_at)"
            " VALUES (10, 1, 'Ventas', 'ventas', 100, 200, ?)",
            (NOW,),
        )
        connection.execute(
            "INSERT INTO item_versions (item_id, version, body, created_at) VALUES ('a.b', 'v1', '{\"step\": 4}', ?)",
            (NOW,),
        )
        connection.execute(
            "INSERT INTO reviews (guild_id, user_id, team_id, item_id, item_version, local_date, offered_at)"
            " VALUES (1, 7, 10, 'a.b', 'v1', '2026-11-23', ?)",
            (NOW,),
        )
    storage = await Storage.open(path)
    try:
        assert await storage.database.schema_version() == migrations()[-1][0]
        row = await storage.database.fetchone("SELECT step FROM reviews WHERE user_id = 7")
        assert row is not None and row[0] == 4
    finally:
        await storage.close()
