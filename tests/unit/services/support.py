"""What the service tests share: the world (two teams, base rules 100/0), a posted challenge, a click."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.model import Catalog, Item
from bot.domain.periods import Period, Window
from bot.domain.scoring import ScoringRules
from bot.domain.settings import GameRules
from bot.domain.state import GuildConfig, Post
from bot.services.answers import AnswerOutcome
from bot.services.boards import resolve_window
from bot.services.posting import Due
from bot.storage import Storage
from tests.builders import GUILD, MEXICO, MONDAY, Game, local

OTHER_GUILD = 2002
VENTAS_CHANNEL, VENTAS_ROLE = 101, 201  # what Game.build gives its first team
SOPORTE_CHANNEL, SOPORTE_ROLE = 102, 202
ANA, BETO, CARLA = 501, 502, 503
# These tests pin the base rules (100/0); bonuses have their own tests in test_game_services.py.
PLAIN_RULES = ScoringRules(speed_bonus=0, streak_per_day=0, streak_cap=0)


async def build_world(storage: Storage, catalog: Catalog, start: datetime) -> Game:
    """Ventas and Soporte, posting at 09:00 on weekdays with an 8-hour window, base rules only."""
    return await Game.build(
        storage, catalog, "Ventas", "Soporte", window=timedelta(hours=8), rules=GameRules(PLAIN_RULES), start=start
    )


def window(guild: GuildConfig, period: Period, now: datetime) -> Window:
    return resolve_window(guild, period, now)


def due_teams(due: list[Due]) -> list[str]:
    return sorted(entry.team.name for entry in due)


@dataclass
class Posted:
    post: Post
    item: Item

    @property
    def right(self) -> int:
        index = self.item.correct_index
        assert index is not None
        return index

    @property
    def wrong(self) -> int:
        return (self.right + 1) % len(self.item.choices)


async def click(
    world: Game,
    posted: Posted,
    *,
    user: int = ANA,
    choice: int | None = None,
    roles: tuple[int, ...] = (VENTAS_ROLE,),
    guild: int = GUILD,
    channel: int = VENTAS_CHANNEL,
    post_id: int | None = None,
    at: datetime | None = None,
) -> AnswerOutcome:
    config = world.guild if guild == GUILD else GuildConfig(guild, timezone=MEXICO)
    return await world.services.answers.answer(
        guild=config,
        channel_id=channel,
        user_id=user,
        role_ids=roles,
        post_id=posted.post.post_id if post_id is None else post_id,
        choice_index=posted.right if choice is None else choice,
        now=at or local(MONDAY, 10, 0),
    )


async def count(storage: Storage, table: str) -> int:
    """Rows in a table of a database that is not a Game's (e.g. reopened after a restart)."""
    rows = await storage.database.fetchall(f"SELECT COUNT(*) FROM {table}")
    return int(rows[0][0])
