"""The end of a post's day: reveal the answer and how the team answered; remind before the window closes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.model import Item
from bot.domain.shards import ShardScope
from bot.domain.state import GuildConfig, Post, Reflection, Team
from bot.services.errors import storage_errors_as_unavailable
from bot.storage import Storage

REMINDER_AT = 0.8


@dataclass(frozen=True, slots=True)
class Reveal:
    """Everything the closed post shows."""

    guild: GuildConfig
    post: Post
    item: Item
    team: Team
    counts: dict[int, int]
    reflections: list[Reflection]

    @property
    def answers(self) -> int:
        """How many members answered."""
        return sum(self.counts.values())

    def share(self, choice: int) -> float:
        """Fraction of the answers that picked `choice`."""
        return self.counts.get(choice, 0) / self.answers if self.answers else 0.0


@storage_errors_as_unavailable
class ClosingService:
    """Finds posts to reveal or to remind about, and gathers what the reveal shows."""

    def __init__(self, storage: Storage, scope: ShardScope | None = None) -> None:
        self._storage = storage
        self._scope = scope or ShardScope()

    async def _open_posts(self) -> list[Post]:
        return [post for post in await self._storage.posts.open_posts() if self._scope.holds(post.guild_id)]

    async def due(self, now: datetime) -> list[Post]:
        """Posts whose window closed and that were not revealed yet."""
        return [post for post in await self._storage.posts.closing_due(now) if self._scope.holds(post.guild_id)]

    async def reveal(self, post: Post) -> Reveal | None:
        """The facts of a closed post (None if its team or item vanished)."""
        item = await self._storage.posts.item(post.item_id, post.item_version)
        team = await self._storage.teams.get(post.team_id)
        if item is None or team is None:
            return None
        guild = await self._storage.guilds.get(post.guild_id)
        counts = await self._storage.ledger.choice_counts(post.post_id)
        reflections = await self._storage.reflections.for_post(post.post_id)
        return Reveal(guild, post, item, team, counts, reflections)

    async def closed(self, post: Post, now: datetime) -> None:
        """Record that the post was revealed."""
        await self._storage.posts.mark_closed(post.post_id, now)

    async def reminders_due(self, now: datetime) -> list[tuple[GuildConfig, Post]]:
        """Open posts of guilds with reminders on, at 80% of their window, not reminded yet."""
        due = []
        for post in await self._open_posts():
            if post.reminded_at is not None or post.posted_at is None or post.closes_at is None:
                continue
            guild = await self._storage.guilds.get(post.guild_id)
            moment = post.posted_at + (post.closes_at - post.posted_at) * REMINDER_AT
            if guild.reminders and moment <= now < post.closes_at:
                due.append((guild, post))
        return due

    async def claim_reminder(self, post: Post, now: datetime) -> bool:
        """Record the reminder before it is sent; False if it was already (sent, or being sent)."""
        return await self._storage.posts.mark_reminded(post.post_id, now)

    async def next_event(self, now: datetime) -> datetime | None:
        """The next close (or reminder) instant, for the scheduler's sleep."""
        moments = []
        for post in await self._open_posts():
            if post.closes_at is not None:
                moments.append(post.closes_at)
            if post.reminded_at is None and post.posted_at is not None and post.closes_at is not None:
                moments.append(post.posted_at + (post.closes_at - post.posted_at) * REMINDER_AT)
        future = [moment for moment in moments if moment > now]
        return min(future, default=None)
