"""Shard scopes: which guilds a process serves, and the services that only act for those."""

from __future__ import annotations

import pytest

from bot.domain.clock import ManualClock
from bot.domain.model import Catalog
from bot.domain.shards import ShardError, ShardScope, format_ids, parse_ids, shard_of
from bot.services import Services
from bot.storage import Storage
from tests.builders import MONDAY, Game, local

# Discord's rule, computed by hand: a snowflake's timestamp bits (>> 22) modulo the shard count.
GUILDS = {0 << 22 | 12345: 0, 1 << 22 | 999: 1, 5 << 22: 1, 6 << 22 | 1: 2}


def test_a_guild_goes_to_the_shard_discord_sends_it_to() -> None:
    assert {guild: shard_of(guild, 4) for guild in GUILDS} == GUILDS
    scope = ShardScope(4, frozenset({1, 2}))
    assert [scope.holds(guild) for guild in GUILDS] == [False, True, True, True]
    assert all(ShardScope().holds(guild) for guild in GUILDS), "no sharding: every guild"
    assert all(ShardScope(4, frozenset(range(4))).holds(guild) for guild in GUILDS)
    assert ShardScope(8, frozenset({0, 1, 2, 3})).describe() == "shards 0-3 of 8"


@pytest.mark.parametrize(
    ("text", "ids"), [("0-3", {0, 1, 2, 3}), ("0,2,5", {0, 2, 5}), ("0-1, 4", {0, 1, 4}), ("7", {7})]
)
def test_shard_ids_are_read_as_lists_and_ranges(text: str, ids: set[int]) -> None:
    assert parse_ids(text) == ids
    assert parse_ids(format_ids(sorted(ids))) == ids


@pytest.mark.parametrize(
    ("count", "text", "message"),
    [
        (4, "3-1", "runs backwards"),
        (4, "a", "not a number"),
        (4, "0,,1", "an empty item"),
        (4, "2-5", r"\[4, 5\] are outside 0–3"),
        (0, "0", "between 1 and"),
        (None, "0", "need a shard count"),
    ],
)
def test_impossible_shard_settings_are_refused_by_name(count: int | None, text: str, message: str) -> None:
    with pytest.raises(ShardError, match=message):
        ShardScope(count, parse_ids(text))


async def test_a_process_posts_only_for_the_guilds_of_its_shards(storage: Storage, catalog: Catalog) -> None:
    first, second = 1 << 22, 2 << 22  # shards 1 and 0 of 2
    start = local(MONDAY, 7)
    game = await Game.build(storage, catalog, "Ventas", guild_id=first, start=start)
    other = Services.build(storage, catalog, ManualClock(start))
    await other.setup.set_schedule(
        second, post_time=game.guild.post_time, timezone=game.guild.timezone, weekdays=game.guild.weekdays,
        window=None, now=start,
    )  # fmt: skip
    await other.setup.add_team(second, "Caja", 900, 901, start)
    nine = local(MONDAY, 9, 1)
    everyone = Services.build(storage, catalog, ManualClock(nine))
    shard_one = Services.build(storage, catalog, ManualClock(nine), scope=ShardScope(2, frozenset({1})))
    shard_zero = Services.build(storage, catalog, ManualClock(nine), scope=ShardScope(2, frozenset({0})))
    assert sorted(due.guild.guild_id for due in await everyone.posting.due(nine)) == [first, second]
    assert [due.guild.guild_id for due in await shard_one.posting.due(nine)] == [first]
    assert [due.guild.guild_id for due in await shard_zero.posting.due(nine)] == [second]


PG = {"MOMENTOS_DATABASE_URL": "postgresql://momentos@db/momentos"}


def test_the_shard_settings_come_from_the_command_line_or_the_environment() -> None:
    from bot.cli.settings import Settings

    assert Settings.from_env({}).shards == ShardScope(), "unset: Discord's recommended count, every shard"
    env = {**PG, "MOMENTOS_SHARD_COUNT": "4", "MOMENTOS_SHARD_IDS": "0-1"}
    assert Settings.from_env(env).shards.describe() == "shards 0-1 of 4"
    assert Settings.from_env(env, shard_count=8, shard_ids="6,7").shards.describe() == "shards 6-7 of 8"
    every = Settings.from_env({"MOMENTOS_SHARD_COUNT": "2"}).shards
    assert every.whole and every.describe() == "all 2 shard(s)", "one process holding every shard may use SQLite"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MOMENTOS_SHARD_COUNT": "4", "MOMENTOS_SHARD_IDS": "0-1"}, "needs PostgreSQL; set MOMENTOS_DATABASE_URL"),
        ({**PG, "MOMENTOS_SHARD_COUNT": "four"}, "MOMENTOS_SHARD_COUNT must be a whole number"),
        ({**PG, "MOMENTOS_SHARD_COUNT": "4", "MOMENTOS_SHARD_IDS": "4"}, r"shards: shard ids \[4\] are outside"),
        ({**PG, "MOMENTOS_SHARD_IDS": "0"}, "need a shard count"),
    ],
)
def test_shard_settings_that_cannot_work_are_refused_before_start(env: dict[str, str], message: str) -> None:
    from bot.cli.settings import Settings, SettingsError

    with pytest.raises(SettingsError, match=message):
        Settings.from_env(env)
