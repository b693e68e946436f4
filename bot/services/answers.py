"""A member clicks a choice: who may answer, when, and what it is worth."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from bot.domain.model import Item
from bot.domain.records import Answer, PostStatus, Team
from bot.domain.scoring import ScoringRules, score_answer
from bot.storage import AlreadyAnswered, Storage


@dataclass(frozen=True, slots=True)
class Scored:
    """The answer was stored with its points."""

    item: Item
    answer: Answer
    points: int
    team: Team


@dataclass(frozen=True, slots=True)
class Repeated:
    """The member had already answered this post."""

    item: Item
    previous: Answer


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


def parse_answer_ids(post: str, choice: str) -> tuple[int, int] | None:
    """The (post id, choice index) a button claims, or None if it is not even well-formed."""
    if not (post.isascii() and post.isdigit() and choice.isascii() and choice.isdigit()):
        return None
    if len(post) > 19 or len(choice) > 1:
        return None
    return int(post), int(choice)


class AnswerService:
    """Validates a click against the database (never trusting the button) and scores it once."""

    def __init__(self, storage: Storage, rules: ScoringRules) -> None:
        self._storage = storage
        self._rules = rules

    async def answer(
        self,
        *,
        guild_id: int,
        channel_id: int,
        user_id: int,
        role_ids: Collection[int],
        post_id: int,
        choice_index: int,
        now: datetime,
    ) -> AnswerOutcome:
        """Decide and, if accepted, durably store one click before it is acknowledged."""
        post = await self._storage.posts.get(post_id)
        if post is None or post.guild_id != guild_id or post.channel_id != channel_id:
            return Rejected("unknown post")
        if post.status is not PostStatus.POSTED or post.closes_at is None:
            return Rejected("post not open")
        item = await self._storage.posts.item(post.item_id, post.item_version)
        if item is None or not 0 <= choice_index < len(item.choices):
            return Rejected("unknown choice")
        team = await self._storage.teams.get(post.team_id)
        if team is None:
            return Rejected("unknown team")
        if team.role_id not in role_ids:
            return NotInTeam(team)
        previous = await self._storage.ledger.answer_of(post.post_id, user_id)
        if previous is not None:
            return Repeated(item, previous)
        if not post.is_open(now):
            return Closed(item, post.closes_at)
        score = score_answer(item, choice_index, self._rules)
        stored = await self._storage.ledger.record_answer(post, item, user_id, choice_index, score, now)
        if isinstance(stored, AlreadyAnswered):
            return Repeated(item, stored.previous)
        return Scored(item, stored, score.points, team)
