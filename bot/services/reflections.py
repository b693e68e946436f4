"""Written reflections on scenarios, the kudos teammates give them and the highlights managers award."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from bot.domain.kudos import KudosVerdict, judge_kudos
from bot.domain.model import Text
from bot.domain.schedule import local_date
from bot.domain.state import GuildConfig, Reflection, Team
from bot.services.answers import Closed, NotInTeam, Rejected, Target, resolve_post
from bot.services.errors import storage_errors_as_unavailable
from bot.storage import Storage

MAX_REFLECTION = 1500


@dataclass(frozen=True, slots=True)
class Invite:
    """The member may write: open the form with these prompts."""

    target: Target
    prompts: tuple[Text, ...]
    min_length: int


@dataclass(frozen=True, slots=True)
class NotAScenario:
    """The post's item asks for no reflection."""


@dataclass(frozen=True, slots=True)
class AlreadyReflected:
    """The member already wrote their reflection for this post."""

    reflection: Reflection


@dataclass(frozen=True, slots=True)
class TooShort:
    """Not long enough to count; the text is handed back so nothing typed is lost."""

    length: int
    min_length: int
    text: str


@dataclass(frozen=True, slots=True)
class TooLong:
    """Longer than the form allows (only a forged form can send it): refused whole and handed back, never cut."""

    length: int
    max_length: int
    text: str


@dataclass(frozen=True, slots=True)
class Stored:
    """The reflection is saved with its points."""

    reflection: Reflection
    target: Target
    points: int


@dataclass(frozen=True, slots=True)
class KudosGiven:
    """The kudos was recorded (and counted for points unless the reflection had its maximum)."""

    reflection: Reflection
    verdict: KudosVerdict
    kudos: int


@dataclass(frozen=True, slots=True)
class KudosRefused:
    """Not allowed: to oneself, twice, or beyond today's limit."""

    verdict: KudosVerdict
    limit: int


@dataclass(frozen=True, slots=True)
class Highlighted:
    """The reflection is highlighted; its author got the points."""

    reflection: Reflection
    target: Target
    points: int


@dataclass(frozen=True, slots=True)
class AlreadyHighlighted:
    """Someone highlighted it before."""


ReflectOutcome = Invite | NotAScenario | AlreadyReflected | Closed | NotInTeam | Rejected
SubmitOutcome = Stored | TooShort | TooLong | AlreadyReflected | NotAScenario | Closed | NotInTeam | Rejected
KudosOutcome = KudosGiven | KudosRefused | NotInTeam | Rejected
HighlightOutcome = Highlighted | AlreadyHighlighted | Rejected


def clean_reflection(text: str) -> str:
    """Trim the text and drop invisible control characters (newlines kept). Its length is checked, not cut."""
    kept = "".join(ch for ch in text if ch in "\n\t" or ch.isprintable())
    return kept.strip()


@storage_errors_as_unavailable
class ReflectionService:
    """Reflections, kudos and highlights, each checked against the database and stored once."""

    def __init__(self, storage: Storage) -> None:
        self._storage = storage

    async def invite(
        self,
        guild: GuildConfig,
        *,
        channel_id: int,
        post_id: int,
        user_id: int,
        role_ids: Collection[int],
        now: datetime,
    ) -> ReflectOutcome:
        """May this member write a reflection on this post now?"""
        target = await resolve_post(
            self._storage, guild_id=guild.guild_id, channel_id=channel_id, post_id=post_id, role_ids=role_ids
        )
        if not isinstance(target, Target):
            return target
        reflection = target.item.reflection
        if reflection is None:
            return NotAScenario()
        existing = await self._storage.reflections.of(post_id, user_id)
        if existing is not None:
            return AlreadyReflected(existing)
        assert target.post.closes_at is not None
        if not target.post.is_open(now):
            return Closed(target.item, target.post.closes_at)
        return Invite(target, reflection.prompts, reflection.min_length or guild.scoring.reflection_min_length)

    async def submit(
        self,
        guild: GuildConfig,
        *,
        channel_id: int,
        post_id: int,
        user_id: int,
        role_ids: Collection[int],
        text: str,
        now: datetime,
    ) -> SubmitOutcome:
        """Store a reflection (+points once) if it is long enough and the post still open."""
        checked = await self.invite(
            guild, channel_id=channel_id, post_id=post_id, user_id=user_id, role_ids=role_ids, now=now
        )
        if not isinstance(checked, Invite):
            return checked
        body = clean_reflection(text)
        if len(body) > MAX_REFLECTION:
            return TooLong(len(body), MAX_REFLECTION, body)
        if len(body) < checked.min_length:
            return TooShort(len(body), checked.min_length, body)
        points = guild.scoring.reflection
        stored = await self._storage.reflections.add(
            checked.target.post, checked.target.item, user_id, body, points, now
        )
        if stored is None:
            existing = await self._storage.reflections.of(post_id, user_id)
            assert existing is not None
            return AlreadyReflected(existing)
        return Stored(stored, checked.target, points)

    async def _target_of(self, guild: GuildConfig, reflection: Reflection) -> Target | None:
        post = await self._storage.posts.get(reflection.post_id)
        if post is None or post.guild_id != guild.guild_id:
            return None
        item = await self._storage.posts.item(post.item_id, post.item_version)
        team = await self._storage.teams.get(post.team_id)
        return Target(post, item, team) if item is not None and team is not None else None

    async def kudos(
        self, guild: GuildConfig, *, reflection_id: int, giver_id: int, role_ids: Collection[int], now: datetime
    ) -> KudosOutcome:
        """A teammate's kudos on a reflection, within the daily and per-reflection limits."""
        reflection = await self._storage.reflections.get(reflection_id)
        target = await self._target_of(guild, reflection) if reflection else None
        if reflection is None or target is None:
            return Rejected("unknown reflection")
        if target.team.role_id not in role_ids:
            return NotInTeam(target.team)
        day = local_date(now, guild.timezone)
        given, counted, today = await self._storage.reflections.kudos_facts(
            reflection_id, giver_id, guild.guild_id, day
        )
        verdict = judge_kudos(
            guild.scoring,
            giver_id=giver_id,
            author_id=reflection.user_id,
            already_given=given,
            counted_on_reflection=counted,
            given_today=today,
        )
        if verdict not in (KudosVerdict.COUNTED, KudosVerdict.RECORDED):
            return KudosRefused(verdict, guild.scoring.kudos_per_day)
        points = guild.scoring.kudos if verdict is KudosVerdict.COUNTED else 0
        if not await self._storage.reflections.add_kudos(
            reflection, target.post, target.item, giver_id, day, points, now
        ):
            return KudosRefused(KudosVerdict.AGAIN, guild.scoring.kudos_per_day)
        return KudosGiven(reflection, verdict, await self._storage.reflections.kudos_count(reflection_id))

    async def highlight(
        self, guild: GuildConfig, *, reflection_id: int, manager_id: int, now: datetime
    ) -> HighlightOutcome:
        """A manager highlights a reflection (once); the caller has checked the manager's authority."""
        reflection = await self._storage.reflections.get(reflection_id)
        target = await self._target_of(guild, reflection) if reflection else None
        if reflection is None or target is None:
            return Rejected("unknown reflection")
        points = guild.scoring.highlight
        if not await self._storage.reflections.highlight(reflection, target.post, target.item, manager_id, points, now):
            return AlreadyHighlighted()
        refreshed = await self._storage.reflections.get(reflection_id)
        assert refreshed is not None
        return Highlighted(refreshed, target, points)

    async def of_post(self, post_id: int) -> list[Reflection]:
        """The reflections written on a post."""
        return await self._storage.reflections.for_post(post_id)

    async def team_of(self, reflection: Reflection) -> Team | None:
        """The team a reflection belongs to."""
        return await self._storage.teams.get(reflection.team_id)

    async def get(self, reflection_id: int) -> Reflection | None:
        """A reflection as stored now."""
        return await self._storage.reflections.get(reflection_id)

    async def kudos_count(self, reflection_id: int) -> int:
        """How many kudos a reflection collected."""
        return await self._storage.reflections.kudos_count(reflection_id)

    async def shown(self, reflection: Reflection, message_id: int) -> None:
        """The reflection is now shown in its thread as `message_id` (shown once, never again)."""
        await self._storage.reflections.set_message(reflection.reflection_id, message_id)
