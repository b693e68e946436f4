"""A member clicks a choice: who may answer, when, and what it is worth."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from bot.domain.model import Item
from bot.domain.scoring import AnswerScore, score_answer
from bot.domain.state import Answer, GuildConfig, Post, PostStatus, Team
from bot.domain.streaks import streak
from bot.services.errors import storage_errors_as_unavailable
from bot.storage import AlreadyAnswered, Storage


@dataclass(frozen=True, slots=True)
class Scored:
    """The answer was stored with its points."""

    item: Item
    answer: Answer
    score: AnswerScore
    team: Team
    streak: int

    @property
    def points(self) -> int:
        """Everything the click earned."""
        return self.score.points


@dataclass(frozen=True, slots=True)
class Repeated:
    """The member had already answered this post (`echo`: with this very click, delivered twice)."""

    item: Item
    previous: Answer
    echo: bool = False


@dataclass(frozen=True, slots=True)
class Closed:
    """The answer window is over."""

    item: Item
    closed_at: datetime


@dataclass(frozen=True, slots=True)
class NotInTeam:
    """The member lacks the role of the post's team."""

    team: Team


@dataclass(frozen=True, slots=True)
class Rejected:
    """The button does not refer to a post of this channel (forged, stale or malformed); nothing was stored."""

    reason: str


AnswerOutcome = Scored | Repeated | Closed | NotInTeam | Rejected


@dataclass(frozen=True, slots=True)
class Target:
    """A post a button really refers to, in this guild and channel, with its item and team."""

    post: Post
    item: Item
    team: Team


async def resolve_post(
    storage: Storage, *, guild_id: int, channel_id: int, post_id: int, role_ids: Collection[int]
) -> Target | NotInTeam | Rejected:
    """Check a button's post against the database: same guild and channel, posted, and the member's team."""
    post = await storage.posts.get(post_id)
    if post is None or post.guild_id != guild_id or post.channel_id != channel_id:
        return Rejected("unknown post")
    if post.status is not PostStatus.POSTED or post.closes_at is None:
        return Rejected("post not open")
    item = await storage.posts.item(post.item_id, post.item_version)
    team = await storage.teams.get(post.team_id)
    if item is None or team is None:
        return Rejected("unknown item or team")
    if team.role_id not in role_ids:
        return NotInTeam(team)
    return Target(post, item, team)


@storage_errors_as_unavailable
class AnswerService:
    """Validates a click against the database (never trusting the button) and scores it once."""

    def __init__(self, storage: Storage) -> None:
        self._storage = storage

    async def answer(
        self,
        *,
        guild: GuildConfig,
        channel_id: int,
        user_id: int,
        role_ids: Collection[int],
        post_id: int,
        choice_index: int,
        now: datetime,
        interaction_id: int | None = None,
    ) -> AnswerOutcome:
        """Decide and, if accepted, durably store one click and its bonuses before it is acknowledged.

        `interaction_id` identifies the click: when two processes both receive it (a shard held twice during a
        hand-off), the one whose write lost hears `Repeated(echo=True)` and knows the other one answers."""
        target = await resolve_post(
            self._storage, guild_id=guild.guild_id, channel_id=channel_id, post_id=post_id, role_ids=role_ids
        )
        if not isinstance(target, Target):
            return target
        post, item, team = target.post, target.item, target.team
        if not 0 <= choice_index < len(item.choices):
            return Rejected("unknown choice")
        assert post.closes_at is not None
        assert post.posted_at is not None
        if not post.is_open(now):  # a repeat still hears "you already answered", even after the close
            previous = await self._storage.ledger.answer_of(post.post_id, user_id)
            return Repeated(item, previous) if previous is not None else Closed(item, post.closes_at)
        days = await self._storage.posts.team_days(team.team_id, post.local_date)
        pauses = await self._storage.members.pauses(guild.guild_id, user_id)
        lengths: list[int] = []
        elapsed = now - post.posted_at

        def scorer(answered: frozenset[date]) -> AnswerScore:
            """Run inside the write, on the member's answers as stored then (so two clicks cannot race)."""
            length = streak(days, answered | {post.local_date}, pauses)
            lengths.append(length)
            return score_answer(item, choice_index, guild.scoring, elapsed=elapsed, streak=length)

        stored = await self._storage.ledger.record_answer(
            post, item, user_id, choice_index, scorer, now, interaction_id
        )
        if isinstance(stored, AlreadyAnswered):
            echo = interaction_id is not None and stored.previous.interaction_id == interaction_id
            return Repeated(item, stored.previous, echo)
        return Scored(item, stored.answer, stored.score, team, lengths[-1])
