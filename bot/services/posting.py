"""Choosing, reserving and recording the daily posts: the life of a post from due to posted (or failed)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.domain import schedule as schedule_rules
from bot.domain.model import Catalog, Item
from bot.domain.periods import Window
from bot.domain.rotation import StepRecord, pick_item, step_weakness
from bot.domain.shards import ShardScope
from bot.domain.state import GuildConfig, Post, PostStatus, Team, Trigger
from bot.services.errors import storage_errors_as_unavailable
from bot.services.scenarios import ScenarioService
from bot.storage import Storage

RETRY_DELAYS = (timedelta(minutes=5), timedelta(minutes=15), timedelta(minutes=30), timedelta(hours=1))


@dataclass(frozen=True, slots=True)
class Reserved:
    """A fresh post row: send `item` to the team's channel, then record the outcome."""

    post: Post
    item: Item


@dataclass(frozen=True, slots=True)
class Existing:
    """That team already has a post for that day."""

    post: Post


@dataclass(frozen=True, slots=True)
class NothingToPost:
    """No playable content in the guild's language."""

    language: str


@dataclass(frozen=True, slots=True)
class Due:
    """A team whose post for `day` should go out now."""

    guild: GuildConfig
    team: Team
    day: date


@storage_errors_as_unavailable
class PostingService:
    """The life of a post: due → reserved → posted (or failed and retried the same day)."""

    def __init__(
        self, storage: Storage, catalog: Catalog, scenarios: ScenarioService, scope: ShardScope | None = None
    ) -> None:
        self._storage = storage
        self._catalog = catalog
        self._scenarios = scenarios
        self._scope = scope or ShardScope()

    async def item_for_day(self, guild: GuildConfig, day: date) -> Item | None:
        """The guild's item of the day: every team plays the same one, so their scores compare.

        A post that showed an item a manager scheduled for that team only does not set the day's item.
        """
        for post in await self._storage.posts.for_guild_day(guild.guild_id, day):
            if await self._storage.custom.scheduled(guild.guild_id, post.team_id, day) == post.item_id:
                continue
            item = await self._storage.posts.item(post.item_id, post.item_version)
            if item is not None:
                return item
        usage = await self._storage.posts.usage(guild.guild_id)
        last = await self._storage.posts.last_before(guild.guild_id, day)
        previous = await self._storage.posts.item(last.item_id, last.item_version) if last else None
        weakness = step_weakness(await self.step_records(guild, day))
        return pick_item(
            await self.candidates(guild), usage, guild.guild_id, previous.step if previous else None, weakness
        )

    async def step_records(self, guild: GuildConfig, day: date) -> dict[int, StepRecord]:
        """The server's answers per step before `day` (all teams, all time): what the rotation reads as weak."""
        window = Window("all", None, schedule_rules.wall_clock_instant(day, time(), guild.timezone))
        records: dict[int, StepRecord] = {}
        for fact in await self._storage.boards.facts(guild.guild_id, window, by_step=True):
            if fact.step is None:
                continue
            before = records.get(fact.step, StepRecord(0, 0))
            records[fact.step] = StepRecord(before.answers + fact.answers, before.correct + fact.correct)
        return records

    async def candidates(self, guild: GuildConfig) -> list[Item]:
        """The items the rotation may pick for a guild: bundled and its own, in its language, not retired."""
        return await self._scenarios.playable(guild)

    async def reserve(
        self,
        guild: GuildConfig,
        team: Team,
        day: date,
        trigger: Trigger,
        now: datetime,
        *,
        day_items: dict[tuple[int, date], Item] | None = None,
    ) -> Reserved | Existing | NothingToPost:
        """Claim the team's post for `day` before anything is sent, so it can never be sent twice.

        `day_items` remembers the item of the day per (guild, day) across the reservations of one batch (a
        tick posting every team): the first reservation picks it, the others reuse it instead of reading
        all of the day's posts again, which made a batch of n teams cost n² rows.
        """
        existing = await self._storage.posts.for_team_day(team.team_id, day)
        if existing is not None:
            return Existing(existing)
        item = await self._scenarios.scheduled_item(guild, team, day)
        if item is None:
            key = (guild.guild_id, day)
            item = day_items.get(key) if day_items is not None else None
            if item is None:
                item = await self.item_for_day(guild, day)
                if item is not None and day_items is not None:
                    day_items[key] = item
        if item is None:
            return NothingToPost(guild.language)
        post = await self._storage.posts.reserve(guild.guild_id, team.team_id, team.channel_id, day, item, trigger, now)
        if post is None:
            existing = await self._storage.posts.for_team_day(team.team_id, day)
            assert existing is not None
            return Existing(existing)
        return Reserved(post, item)

    async def item_of(self, post: Post) -> Item | None:
        """The exact item version a post showed."""
        return await self._storage.posts.item(post.item_id, post.item_version)

    async def posted(self, post: Post, message_id: int, posted_at: datetime, guild: GuildConfig) -> datetime:
        """Record a sent post and open its answer window; returns when it closes."""
        closes_at = posted_at + guild.answer_window
        await self._storage.posts.mark_posted(post.post_id, message_id, posted_at, closes_at)
        return closes_at

    async def failed(self, post: Post, error: str, guild: GuildConfig, now: datetime) -> datetime | None:
        """Record a failed send; returns when it will be retried (never after the local day ends)."""
        delay = RETRY_DELAYS[min(post.attempts, len(RETRY_DELAYS)) - 1]
        retry_at: datetime | None = now + delay
        if retry_at is not None and schedule_rules.local_date(retry_at, guild.timezone) != post.local_date:
            retry_at = None
        await self._storage.posts.mark_failed(post.post_id, error, retry_at)
        return retry_at

    async def due(self, now: datetime) -> list[Due]:
        """Teams whose post for today is due and not yet made (catch-up included, never an earlier day)."""
        due: list[Due] = []
        for guild in await self._storage.guilds.scheduled():
            if self._scope.holds(guild.guild_id):
                due.extend(await self._due_in(guild, now))
        return due

    async def _due_in(self, guild: GuildConfig, now: datetime) -> list[Due]:
        """One server's teams whose post for today is due and not yet made."""
        day = schedule_rules.due_date(guild.schedule, now) if guild.schedule else None
        if day is None:
            return []
        done = {post.team_id for post in await self._storage.posts.for_guild_day(guild.guild_id, day)}
        teams = await self._storage.teams.active(guild.guild_id)
        return [Due(guild, team, day) for team in teams if team.team_id not in done]

    async def retries_due(self, now: datetime) -> list[Post]:
        """Failed posts whose retry time has come, still on their own local day."""
        return [post for post in await self._storage.posts.retries_due(now) if self._scope.holds(post.guild_id)]

    async def next_post(self, guild: GuildConfig, now: datetime) -> datetime | None:
        """When the server's next challenge goes out: now if today's is due and some team still lacks it."""
        if guild.schedule is None:
            return None
        if await self._due_in(guild, now):
            return now
        return schedule_rules.next_post_instant(guild.schedule, now)

    async def next_wakeup(self, now: datetime) -> datetime | None:
        """The next instant anything could become due: a guild's post time or a retry."""
        candidates = [
            schedule_rules.next_post_instant(guild.schedule, now)
            for guild in await self._storage.guilds.scheduled()
            if guild.schedule is not None and self._scope.holds(guild.guild_id)
        ]
        retry = await self._storage.posts.next_retry()  # any guild's: at worst one tick with nothing to do
        if retry is not None:
            candidates.append(retry)
        return min(candidates, default=None)

    async def post(self, post_id: int) -> Post | None:
        """A post as stored now."""
        return await self._storage.posts.get(post_id)

    async def sending(self) -> list[Post]:
        """Posts reserved and not yet recorded as sent or failed (in flight, or left by a crash)."""
        sending = await self._storage.posts.with_status(PostStatus.SENDING)
        return [post for post in sending if self._scope.holds(post.guild_id)]

    async def claim_retry(self, post: Post) -> bool:
        """Take a failed post for a retry; False if another tick (or process) took it first."""
        return await self._storage.posts.mark_retrying(post.post_id)

    async def managers_told(self, post: Post, now: datetime) -> None:
        """Note that managers were told about this post's failure (they are told once per post)."""
        await self._storage.posts.mark_notified(post.post_id, now)

    async def given_up(self, post: Post, reason: str) -> None:
        """A post that cannot be sent any more (its day passed): failed for good, never retried."""
        await self._storage.posts.mark_failed(post.post_id, reason, None)

    async def thread_opened(self, post: Post, thread_id: int) -> None:
        """Remember the thread under the post where its reflections are shown."""
        await self._storage.posts.set_thread(post.post_id, thread_id)
