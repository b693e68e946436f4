"""Reviews: each person meets again, privately, the items their memory most needs — a few a day, never spam.

A person's memory of every item they met is rebuilt from their answers, reviews and "¿Seguro?" taps
(bot/domain/learning); the review policy picks which items get today's slots. A review is reserved when it
is offered (one per person, item and local day, by a database constraint), answered once, and its points are
a ledger kind of their own. Nothing is ever sent unasked: reviews are offered when the person presses
🔁 or runs /review.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from bot.domain.learning.fit import MIN_REVIEWS, Fit, fit_parameters, histories_of
from bot.domain.learning.mastery import Level, MasteryRule
from bot.domain.learning.memory import DEFAULT_PARAMETERS, Attempt, Memory, MemoryModel
from bot.domain.learning.memory import memories as replay_memories
from bot.domain.learning.policy import ReviewPolicy
from bot.domain.model import Item
from bot.domain.schedule import local_date
from bot.domain.shards import ShardScope
from bot.domain.state import GuildConfig, Review, Team
from bot.services.errors import storage_errors_as_unavailable
from bot.services.scenarios import ScenarioService
from bot.storage import Storage
from bot.storage.reviews import AttemptRow, RawAttempts, StoredParameters


@dataclass(frozen=True, slots=True)
class Offer:
    """A review to answer now: `left` more may follow today."""

    review: Review
    item: Item
    left: int


@dataclass(frozen=True, slots=True)
class NothingDue:
    """Every item the person met is remembered well enough today (or they met none yet)."""

    met: int


@dataclass(frozen=True, slots=True)
class DailyLimit:
    """Today's reviews are done."""

    per_day: int


@dataclass(frozen=True, slots=True)
class ReviewsOff:
    """The server set reviews to 0 a day."""


@dataclass(frozen=True, slots=True)
class Paused:
    """The person paused (/me pause_until): no review until the pause ends, and nothing is lost meanwhile."""

    until: date


@dataclass(frozen=True, slots=True)
class NoTeam:
    """Reviews are for members of a team (their points count for it)."""


OfferOutcome = Offer | NothingDue | DailyLimit | ReviewsOff | Paused | NoTeam


@dataclass(frozen=True, slots=True)
class ReviewScored:
    """The review was answered: right or not, its points, and how many reviews are left today."""

    review: Review
    item: Item
    points: int
    left: int
    mastered: bool = False  # this answer made the item mastered (it was not before)


@dataclass(frozen=True, slots=True)
class ReviewRepeated:
    """The review was answered before; nothing changed."""

    review: Review


@dataclass(frozen=True, slots=True)
class NotYours:
    """Someone else's review (a forwarded or forged button): refused, nothing stored."""


@dataclass(frozen=True, slots=True)
class Retired:
    """The item was retired on this server since the review was offered."""

    item_id: str


@dataclass(frozen=True, slots=True)
class Unknown:
    """No such review on this server (a forged or stale button), or a choice the item does not have."""

    reason: str


AnswerOutcome = ReviewScored | ReviewRepeated | NotYours | Retired | Unknown


class Sure(StrEnum):
    """What became of a "¿Seguro?" tap."""

    NOTED = "noted"
    ALREADY = "already"  # the person had said it before (a double tap): nothing changes
    REFUSED = "refused"  # not this person's answer (a forwarded or forged button)


@dataclass(frozen=True, slots=True)
class StepProgress:
    """A person's items of one step: met, and mastered."""

    met: int = 0
    mastered: int = 0


@dataclass(frozen=True, slots=True)
class Progress:
    """What /me shows of learning: per step, what is due now, how often the person was sure and wrong."""

    steps: dict[int, StepProgress] = field(default_factory=dict)
    due: int = 0
    confident_wrong: int = 0
    levels: dict[str, Level] = field(default_factory=dict)

    @property
    def met(self) -> int:
        """Items met at all."""
        return sum(step.met for step in self.steps.values())

    @property
    def mastered(self) -> int:
        """Items mastered."""
        return sum(step.mastered for step in self.steps.values())


def day_of(at: datetime, timezone: str) -> datetime:
    """An instant as the model counts it: the start of its local day on the server's calendar.

    Momentos runs on days: an answer at 09:20 on Monday and a review at 09:00 on Tuesday are a day apart, not
    23 hours and 40 minutes (which FSRS, counting whole days of 24 hours, would call the same day).
    """
    return datetime.combine(local_date(at, timezone), time(), UTC)


def attempts_by_item(rows: Collection[AttemptRow], timezone: str) -> dict[str, list[Attempt]]:
    """A person's stored attempts as the memory model reads them, per item, on the server's calendar."""
    found: dict[str, list[Attempt]] = defaultdict(list)
    for row in rows:
        at = day_of(row.at, timezone)
        found[row.item_id].append(Attempt(at=at, correct=row.correct, sure=row.sure, review=row.review))
    return dict(found)


REFIT_EVERY = timedelta(days=7)  # a server's parameters are fitted again weekly (its ledger grows slowly)


@dataclass(frozen=True, slots=True)
class ParametersInUse:
    """Which memory parameters a server's reviews run on, and why (what /config show tells a manager)."""

    source: str  # "defaults" (FSRS's own, until the server has MIN_REVIEWS reviews) or "fitted"
    reviews: int  # reviews the last fit read (0 before any fit)
    fitted_at: datetime | None
    needed: int = MIN_REVIEWS


MAX_FIT_PAIRS = 20_000  # (person, item) histories a fit reads: the most recent, so a big server fits in seconds


def fit_ledger(raw: RawAttempts, timezone: str) -> Fit:
    """A server's attempts, per person and item on its calendar, fitted (pure CPU: run it in a worker thread).

    Only pairs answered at least twice have something to predict; of those, the MAX_FIT_PAIRS most recently
    answered are read (about 40,000 reviews: far more than FSRS's 512, and a fit of seconds, not minutes).
    """
    found: dict[tuple[int, str], list[Attempt]] = defaultdict(list)
    for row in raw.drain():
        found[(row.user_id, row.item_id)].append(
            Attempt(at=day_of(row.at, timezone), correct=row.correct, sure=row.sure)
        )
    repeated = [attempts for attempts in found.values() if len(attempts) > 1]
    repeated.sort(key=lambda attempts: max(attempt.at for attempt in attempts), reverse=True)
    return fit_parameters(histories_of(repeated[:MAX_FIT_PAIRS]))


def policy_of(guild: GuildConfig) -> ReviewPolicy:
    """The review policy a server uses: its daily cap, desired retention and longest interval."""
    settings = guild.reviews
    return ReviewPolicy(
        cap=settings.per_day,
        desired_retention=settings.desired_retention,
        maximum_interval=settings.max_interval_days,
    )


@storage_errors_as_unavailable
class ReviewService:
    """Offers and scores reviews; says what a person has mastered."""

    def __init__(self, storage: Storage, scenarios: ScenarioService, scope: ShardScope | None = None) -> None:
        self._storage = storage
        self._scenarios = scenarios
        self._scope = scope or ShardScope()
        self.mastery = MasteryRule()

    async def model(self, guild: GuildConfig) -> MemoryModel:
        """The server's memory model: its fitted parameters once it has enough reviews, else FSRS's defaults."""
        stored = await self._storage.reviews.parameters(guild.guild_id)
        parameters = stored.parameters if stored is not None else DEFAULT_PARAMETERS
        return MemoryModel(parameters=parameters, maximum_interval=guild.reviews.max_interval_days)

    async def parameters_in_use(self, guild: GuildConfig) -> ParametersInUse:
        """Which parameters the server's reviews use (and how many reviews the last fit read)."""
        stored = await self._storage.reviews.parameters(guild.guild_id)
        if stored is None:
            return ParametersInUse("defaults", 0, None)
        return ParametersInUse(stored.source, stored.reviews, stored.fitted_at)

    async def unfitted(self, now: datetime) -> list[int]:
        """Servers whose parameters were never fitted, or not for a week."""
        unfitted = await self._storage.reviews.unfitted(now - REFIT_EVERY)
        return [guild_id for guild_id in unfitted if self._scope.holds(guild_id)]

    async def refit(self, guild_id: int, now: datetime) -> Fit:
        """Fit the server's parameters to its whole ledger (FSRS's defaults under MIN_REVIEWS) and keep them.

        Only the read is on the event loop: decoding a big server's rows, grouping them and the fit itself run in a
        worker thread, so the bot keeps answering while a server of a million events is fitted.
        """
        guild = await self._storage.guilds.get(guild_id)
        raw = await self._storage.reviews.raw_attempts(guild_id)
        fit = await asyncio.to_thread(fit_ledger, raw, guild.timezone)
        await self._storage.reviews.save_parameters(
            guild_id, StoredParameters(fit.parameters, fit.source, fit.reviews, now)
        )
        return fit

    async def memories(self, guild: GuildConfig, user_id: int, model: MemoryModel | None = None) -> list[Memory]:
        """Every item the person met, as `model` (the server's, unless given) believes they remember it."""
        rows = await self._storage.reviews.attempts(guild.guild_id, user_id)
        return replay_memories(model or await self.model(guild), attempts_by_item(rows, guild.timezone))

    async def _team(self, guild: GuildConfig, role_ids: Collection[int]) -> Team | None:
        teams = await self._storage.teams.active(guild.guild_id)
        return next((team for team in teams if team.role_id in role_ids), None)

    async def _paused(self, guild: GuildConfig, user_id: int, today: date) -> date | None:
        pauses = await self._storage.members.pauses(guild.guild_id, user_id)
        return next((pause.end for pause in pauses if pause.covers(today)), None)

    async def offer(self, guild: GuildConfig, user_id: int, role_ids: Collection[int], now: datetime) -> OfferOutcome:
        """Today's next review for the person: the one still open, else the best the policy picks."""
        per_day = guild.reviews.per_day
        if per_day <= 0:
            return ReviewsOff()
        today = local_date(now, guild.timezone)
        until = await self._paused(guild, user_id, today)
        if until is not None:
            return Paused(until)
        team = await self._team(guild, role_ids)
        if team is None:
            return NoTeam()
        offered = await self._storage.reviews.of_day(guild.guild_id, user_id, today)
        open_ = next((review for review in offered if not review.answered), None)
        if open_ is not None:
            item = await self._storage.posts.item(open_.item_id, open_.item_version)
            if item is not None:
                return Offer(open_, item, per_day - len(offered))
        if len(offered) >= per_day:
            return DailyLimit(per_day)
        items = {item.id: item for item in await self._scenarios.playable(guild)}
        done = {review.item_id for review in offered}
        model = await self.model(guild)
        met = await self.memories(guild, user_id, model)
        memories = [
            memory
            for memory in met
            if memory.item_id in items
            and memory.item_id not in done
            and memory.last < day_of(now, guild.timezone)  # met today: it comes back another day
        ]
        picks = policy_of(guild).pick(model, memories, day_of(now, guild.timezone), per_day - len(offered))
        if not picks:
            return NothingDue(len(met))
        review = await self._storage.reviews.offer(guild.guild_id, user_id, team.team_id, items[picks[0]], today, now)
        return Offer(review, items[picks[0]], per_day - len(offered) - 1)

    async def answer(
        self, guild: GuildConfig, user_id: int, review_id: int, choice_index: int, now: datetime
    ) -> AnswerOutcome:
        """Score a review once; anyone else's, a retired item's or a forged one is refused without a trace."""
        review = await self._storage.reviews.get(review_id)
        if review is None or review.guild_id != guild.guild_id:
            return Unknown("no such review on this server")
        if review.user_id != user_id:
            return NotYours()
        if review.answered:
            return ReviewRepeated(review)
        if review.item_id in await self._storage.custom.retired(guild.guild_id):
            return Retired(review.item_id)
        item = await self._storage.posts.item(review.item_id, review.item_version)
        if item is None or not 0 <= choice_index < len(item.choices):
            return Unknown("a choice the item does not have")
        correct = item.choices[choice_index].correct
        points = guild.scoring.review if correct else 0
        before = await self.level(guild, user_id, item.id, now)
        answered = await self._storage.reviews.answer(review, item, choice_index, correct, points, now)
        if answered is None:
            stored = await self._storage.reviews.get(review_id)
            assert stored is not None
            return ReviewRepeated(stored)
        offered = await self._storage.reviews.of_day(guild.guild_id, user_id, review.local_date)
        mastered = before is not Level.MASTERED and await self.level(guild, user_id, item.id, now) is Level.MASTERED
        return ReviewScored(answered, item, points, max(0, guild.reviews.per_day - len(offered)), mastered)

    async def level(self, guild: GuildConfig, user_id: int, item_id: str, now: datetime) -> Level:
        """The person's level on one item now (NEW if they never met it)."""
        rows = await self._storage.reviews.attempts(guild.guild_id, user_id)
        model = await self.model(guild)
        memory = model.replay(
            item_id, attempts_by_item([row for row in rows if row.item_id == item_id], guild.timezone).get(item_id, [])
        )
        if memory is None:
            return Level.NEW
        return self.mastery.level(model, memory, day_of(now, guild.timezone))

    async def sure_of_answer(self, guild: GuildConfig, user_id: int, answer_id: int, sure: bool, now: datetime) -> Sure:
        """The "¿Seguro?" tap after a daily answer (only the answerer's own counts)."""
        if await self._storage.ledger.owner_of(answer_id) != (guild.guild_id, user_id):
            return Sure.REFUSED
        noted = await self._storage.reviews.sure(
            guild.guild_id, user_id, answer_id=answer_id, review_id=None, sure=sure, now=now
        )
        return Sure.NOTED if noted else Sure.ALREADY

    async def sure_of_review(self, guild: GuildConfig, user_id: int, review_id: int, sure: bool, now: datetime) -> Sure:
        """The "¿Seguro?" tap after a review (only the reviewer's own, once answered)."""
        review = await self._storage.reviews.get(review_id)
        if review is None or review.guild_id != guild.guild_id or review.user_id != user_id or not review.answered:
            return Sure.REFUSED
        noted = await self._storage.reviews.sure(
            guild.guild_id, user_id, answer_id=None, review_id=review_id, sure=sure, now=now
        )
        return Sure.NOTED if noted else Sure.ALREADY

    async def progress(self, guild: GuildConfig, user_id: int, now: datetime) -> Progress:
        """Per step of the 10: items met and mastered; what is due now; confident-wrong answers."""
        model = await self.model(guild)
        memories = await self.memories(guild, user_id, model)
        library = await self._scenarios.library(guild)
        today = day_of(now, guild.timezone)
        known = [memory for memory in memories if memory.item_id in library]
        levels = dict(zip((memory.item_id for memory in known), self.mastery.levels(model, known, today), strict=True))
        steps: dict[int, StepProgress] = {}
        for memory in known:
            step = library[memory.item_id].item.step
            before = steps.get(step, StepProgress())
            steps[step] = StepProgress(before.met + 1, before.mastered + (levels[memory.item_id] is Level.MASTERED))
        due = policy_of(guild).due(
            model,
            [
                memory
                for memory in memories
                if memory.item_id in library and not library[memory.item_id].retired and memory.last < today
            ],
            today,
        )
        return Progress(
            steps=dict(sorted(steps.items())),
            due=len(due),
            confident_wrong=sum(memory.confident_wrong for memory in memories),
            levels=levels,
        )
