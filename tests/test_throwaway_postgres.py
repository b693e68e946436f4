"""The throwaway PostgreSQL server and the per-test databases behave as the storage tests rely on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

from bot.storage.throwaway import ServerUnavailable, ThrowawayServer
from tests.postgres import Databases, start_throwaway


async def _tables(url: str) -> list[str]:
    connection = await asyncpg.connect(url)
    try:
        rows = await connection.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
        return [row["tablename"] for row in rows]
    finally:
        await connection.close()


async def test_the_server_answers(postgres_server: str) -> None:
    connection = await asyncpg.connect(postgres_server)
    try:
        assert str(await connection.fetchval("SELECT version()")).startswith("PostgreSQL ")
    finally:
        await connection.close()


async def test_fresh_databases_are_isolated(databases: Databases) -> None:
    first, second = await databases.fresh(), await databases.fresh()
    assert first != second
    connection = await asyncpg.connect(first)
    try:
        await connection.execute("CREATE TABLE only_here (id INT)")
    finally:
        await connection.close()
    assert await _tables(first) == ["only_here"]
    assert await _tables(second) == []


async def test_a_template_is_prepared_once_and_cloned(databases: Databases) -> None:
    prepared: list[str] = []

    async def prepare(url: str) -> None:
        prepared.append(url)
        connection = await asyncpg.connect(url)
        try:
            await connection.execute("CREATE TABLE seeded (id SERIAL PRIMARY KEY, note TEXT)")
            await connection.execute("INSERT INTO seeded (note) VALUES ('from the template')")
        finally:
            await connection.close()

    name = await databases.template("harness_check", prepare)
    assert await databases.template("harness_check", prepare) == name
    assert len(prepared) == 1
    one, two = await databases.fresh(name), await databases.fresh("harness_check")
    connection = await asyncpg.connect(one)
    try:
        await connection.execute("INSERT INTO seeded (note) VALUES ('only in one')")
    finally:
        await connection.close()
    connection = await asyncpg.connect(two)
    try:
        assert await connection.fetchval("SELECT array_agg(note ORDER BY id) FROM seeded") == ["from the template"]
    finally:
        await connection.close()


async def test_a_tests_databases_are_dropped_even_while_connected(databases: Databases) -> None:
    url = await databases.fresh()
    name = url.rsplit("/", 1)[1]
    lingering = await asyncpg.connect(url)
    await databases.drop_created()
    admin = await asyncpg.connect(databases.admin_url)
    try:
        assert await admin.fetchval("SELECT count(*) FROM pg_database WHERE datname = $1", name) == 0
    finally:
        await admin.close()
        lingering.terminate()


def test_missing_binaries_say_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOMENTOS_PG_BIN", "/nonexistent")
    with pytest.raises(ServerUnavailable, match=r"apt-get install postgresql.*MOMENTOS_PG_BIN"):
        ThrowawayServer.start()


# --- drills on a server of their own (they stop and kill it) ---------------------------------------------------


@pytest.fixture(scope="module")
def own_server() -> Iterator[ThrowawayServer]:
    with start_throwaway() as server:
        yield server


async def _write_and_count(url: str, note: str) -> int:
    connection = await asyncpg.connect(url)
    try:
        await connection.execute("CREATE TABLE IF NOT EXISTS kept (note TEXT)")
        await connection.execute("INSERT INTO kept VALUES ($1)", note)
        return int(await connection.fetchval("SELECT count(*) FROM kept"))
    finally:
        await connection.close()


@pytest.mark.postgres
async def test_restart_keeps_the_data_and_the_port(own_server: ThrowawayServer) -> None:
    before = await _write_and_count(own_server.url, "before")
    port = own_server.port
    own_server.restart()
    assert own_server.port == port
    assert await _write_and_count(own_server.url, "after") == before + 1


@pytest.mark.postgres
async def test_a_killed_server_refuses_then_restarts_with_its_data(own_server: ThrowawayServer) -> None:
    before = await _write_and_count(own_server.url, "before the kill")
    connected = await asyncpg.connect(own_server.url)
    own_server.kill()
    assert not own_server.running
    with pytest.raises((OSError, asyncpg.PostgresError, asyncpg.InterfaceError)):
        await connected.fetchval("SELECT 1")
    connected.terminate()
    with pytest.raises(ConnectionRefusedError):
        await asyncpg.connect(own_server.url, timeout=5)
    own_server.restart()
    assert await _write_and_count(own_server.url, "after the kill") == before + 1


@pytest.mark.postgres
def test_stop_removes_the_folder_and_can_be_repeated() -> None:
    server = start_throwaway()
    folder: Path = server.directory
    assert (folder / "data" / "PG_VERSION").exists()
    server.stop()
    assert not folder.exists()
    assert not server.running
    server.stop()
