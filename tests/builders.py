"""A small game world over the real services and a real database file: a server that posts and answers.

Tests of services build their world here instead of each writing its own copy: `await Game.build(storage,
catalog, "Ventas", "Soporte")` gives a server in Mexico City posting at 09:00 on weekdays with those teams,
and `publish`, `answer`, `reflect`, `kudos` do what the Discord layer does, asserting the happy outcome.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from bot.domain.clock import ManualClock
from bot.domain.model import Catalog, Item
from bot.domain.schedule import WORKING_WEEK
from bot.domain.settings import GameRules
from bot.domain.state import GuildConfig, Post, Team, Trigger
from bot.services import Services
from bot.services.answers import Scored
from bot.services.posting import Reserved
from bot.services.reflections import KudosGiven, Stored
from bot.storage import Storage

GUILD = 7
MEXICO = "America/Mexico_City"
MONDAY = date(2026, 11, 23)  # no DST in Mexico City since 2022: local time is UTC-6 all year
SCENARIO = "promesas.fiesta-cancelada"


def local(day: date, hour: int, minute: int = 0) -> datetime:
    """The UTC instant of a wall-clock time in Mexico City."""
    return datetime.combine(day, time(hour, minute)).replace(tzinfo=UTC) + timedelta(hours=6)


def only(catalog: Catalog, *item_ids: str) -> Catalog:
    """The catalogue with just these items (a day then always plays one of them)."""
    return replace(catalog, items={item_id: catalog.items[item_id] for item_id in item_ids})


def right_and_wrong(item: Item) -> tuple[int, int]:
    """The keyed choice of an item and one that is not."""
    right = item.correct_index
    assert right is not None
    return right, (right + 1) % len(item.choices)


@dataclass
class Game:
    """One server, its teams, and the services and storage they live in."""

    services: Services
    storage: Storage
    clock: ManualClock
    guild: GuildConfig
    teams: dict[str, Team]

    @classmethod
    async def build(
        cls,
        storage: Storage,
        catalog: Catalog,
        *teams: str,
        guild_id: int = GUILD,
        weekdays: frozenset[int] = WORKING_WEEK,
        window: timedelta | None = None,
        rules: GameRules | None = None,
        start: datetime | None = None,
    ) -> Game:
        """A server posting at 09:00 in Mexico City, with `teams` (channel 100+n, role 200+n)."""
        now = start or local(MONDAY, 7)
        clock = ManualClock(now)
        services = Services.build(storage, catalog, clock)
        await services.setup.set_schedule(
            guild_id, post_time=time(9), timezone=MEXICO, weekdays=weekdays, window=window, now=now
        )
        made = {
            name: await services.setup.add_team(guild_id, name, 100 + index, 200 + index, now)
            for index, name in enumerate(teams, start=1)
        }
        if rules is not None:
            await services.setup.set_rules(guild_id, rules, now)
        return cls(services, storage, clock, await services.setup.config(guild_id), made)

    async def add_teams(self, *names: str) -> dict[str, Team]:
        """More teams (channel 100+n, role 200+n, numbered after the existing ones)."""
        now = self.clock.now()
        first = len(self.teams) + 1
        for index, name in enumerate(names, start=first):
            team = await self.services.setup.add_team(self.guild.guild_id, name, 100 + index, 200 + index, now)
            self.teams[name] = team
        return self.teams

    async def refresh(self) -> GuildConfig:
        """The server's settings as stored now (after a test changed them)."""
        self.guild = await self.services.setup.config(self.guild.guild_id)
        return self.guild

    async def publish(self, team: Team, day: date, at: datetime | None = None) -> tuple[Post, Item]:
        """Reserve the team's post for `day` and record it as sent at `at` (09:00 by default)."""
        sent = at or local(day, 9)
        reserved = await self.services.posting.reserve(self.guild, team, day, Trigger.SCHEDULE, sent)
        assert isinstance(reserved, Reserved), reserved
        await self.services.posting.posted(reserved.post, 10_000 + reserved.post.post_id, sent, self.guild)
        post = await self.services.posting.post(reserved.post.post_id)
        assert post is not None
        return post, reserved.item

    async def publish_id(self, team: Team, day: date, at: datetime | None = None) -> tuple[int, Item]:
        """`publish`, giving the post's id (what buttons and most checks use)."""
        post, item = await self.publish(team, day, at)
        return post.post_id, item

    async def answer(self, team: Team, post_id: int, user: int, choice: int, at: datetime) -> Scored:
        """A member of `team` answers and is scored."""
        outcome = await self.services.answers.answer(
            guild=self.guild,
            channel_id=team.channel_id,
            user_id=user,
            role_ids={team.role_id},
            post_id=post_id,
            choice_index=choice,
            now=at,
        )
        assert isinstance(outcome, Scored), outcome
        return outcome

    async def reflect(self, team: Team, post_id: int, user: int, text: str, at: datetime) -> int:
        """A member of `team` writes a reflection that is stored; returns its id."""
        stored = await self.services.reflections.submit(
            self.guild,
            channel_id=team.channel_id,
            post_id=post_id,
            user_id=user,
            role_ids={team.role_id},
            text=text,
            now=at,
        )
        assert isinstance(stored, Stored), stored
        return stored.reflection.reflection_id

    async def kudos(self, team: Team, reflection_id: int, giver: int, at: datetime) -> KudosGiven:
        """A member of `team` gives kudos that are accepted."""
        given = await self.services.reflections.kudos(
            self.guild, reflection_id=reflection_id, giver_id=giver, role_ids={team.role_id}, now=at
        )
        assert isinstance(given, KudosGiven), given
        return given

    async def count(self, table: str) -> int:
        """Rows in a table (what a test can see was stored)."""
        rows = await self.storage.database.fetchall(f"SELECT COUNT(*) FROM {table}")
        return int(rows[0][0])
