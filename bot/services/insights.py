"""Coaching insight: per team and step, how much people play, what they knew and know now, where each team is
weakest and whether it is getting better, who may need a conversation, and which items confuse.

Every figure is computed here from the ledger by the pure rules of `bot.domain.insights`; this module only
gathers the facts (attempts, posts, sightings, pauses) and says which teams a caller may see.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from bot.domain.insights.facts import AnswerFact, Presence
from bot.domain.insights.items import ItemAnalysis, analyse_items
from bot.domain.insights.people import Flag, flags
from bot.domain.insights.periods import InsightPeriod, insight_windows
from bot.domain.insights.stats import Share, recent_share, share
from bot.domain.insights.teams import NotEnough, StepFigures, Weakest, step_figures, weakest_step
from bot.domain.model import Item
from bot.domain.periods import Window
from bot.domain.schedule import local_date
from bot.domain.state import GuildConfig, Team
from bot.services.errors import storage_errors_as_unavailable
from bot.services.exports import safe_text
from bot.services.scenarios import ScenarioService
from bot.storage import Storage
from bot.storage.insights import AttemptRow, PostDay

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)  # "all time" starts before any Momentos ledger


@dataclass(frozen=True, slots=True)
class Totals:
    """A team's figures over every step of the period (the counts summed; "now" over all its attempts)."""

    participation: Share
    first_try: Share
    current: Share
    attempts: int


@dataclass(frozen=True, slots=True)
class TeamInsight:
    """One team over the period: its figures per step, its weakest step (or why none), who may need a talk."""

    team: Team
    totals: Totals
    steps: list[StepFigures]
    weakest: Weakest | NotEnough
    flags: list[Flag]
    people: dict[int, dict[int, tuple[Share, int]]]  # per person, per step: "now" and attempts (one team shown only)


@dataclass(frozen=True, slots=True)
class ItemInsight:
    """An item with enough first attempts to be analysed, and who wrote it when it is the server's own."""

    item: Item | None
    analysis: ItemAnalysis
    author_id: int | None


@dataclass(frozen=True, slots=True)
class Insights:
    """What /insights shows for a period (and the previous one, for trends)."""

    period: InsightPeriod
    window: Window
    previous: Window | None
    end: datetime
    teams: list[TeamInsight]
    items: list[ItemInsight]
    attempts: int


def _bounds(window: Window, now: datetime) -> tuple[datetime, datetime]:
    """A window as [start, end) instants no later than now (all time starts before any ledger)."""
    start = window.start or EARLIEST
    through = now + timedelta(microseconds=1)  # an answer stamped this very instant is in
    end = min(window.end, through) if window.end else through
    return start, max(start, end)


def _days(start: datetime, end: datetime, timezone: str) -> tuple[date, date]:
    """The local dates an instant range covers (end exclusive)."""
    return local_date(start, timezone), local_date(end - timedelta(microseconds=1), timezone)


def _paused(day: date, pauses: Iterable[tuple[date, date]]) -> bool:
    return any(first <= day <= last for first, last in pauses)


@storage_errors_as_unavailable
class InsightService:
    """Builds insights for the teams a caller may see."""

    def __init__(self, storage: Storage, scenarios: ScenarioService) -> None:
        self._storage = storage
        self._scenarios = scenarios

    async def visible_teams(self, guild: GuildConfig, role_ids: Collection[int], manager: bool) -> list[Team]:
        """Every team for a manager; for anyone else, the teams whose lead role they hold (maybe none)."""
        teams = await self._storage.teams.active(guild.guild_id)
        if manager:
            return teams
        return [team for team in teams if team.lead_role_id is not None and team.lead_role_id in role_ids]

    async def insights(
        self, guild: GuildConfig, teams: list[Team], period: InsightPeriod, now: datetime, step: int | None = None
    ) -> Insights:
        """The insight of `teams` over the period containing `now` (figures of one step only if `step`)."""
        window, previous = insight_windows(period, now, guild.timezone)
        return await self.over(guild, teams, period, window, previous, now, step)

    async def over(
        self,
        guild: GuildConfig,
        teams: list[Team],
        period: InsightPeriod,
        window: Window,
        previous: Window | None,
        now: datetime,
        step: int | None = None,
    ) -> Insights:
        """The insight of `teams` over `window`, trends against `previous` (the digest's rolling week uses it)."""
        library = await self._scenarios.library(guild)
        items = {item_id: entry.item for item_id, entry in library.items()}
        start, end = _bounds(window, now)
        facts, presence = await self._facts(guild, teams, start, end, items)
        before: list[StepFigures] = []
        step_days = await self._step_days(guild, start, end, items)
        current = step_figures(facts, presence, step_days, end)
        if step is not None:
            current = [figures for figures in current if figures.step == step]
        if previous is not None and previous.start is not None:
            # The previous period only gives the trend of each team's weakest step: the attempts on those pairs.
            weak = set()
            for team in teams:
                weakest = weakest_step(current, [], team.team_id)
                if isinstance(weakest, Weakest):
                    weak.add((team.team_id, weakest.step))
            previous_start, previous_end = _bounds(previous, now)
            old_facts, _ = await self._facts(
                guild, teams, previous_start, previous_end, items, presence=False, pairs=weak
            )
            before = step_figures(old_facts, [], {}, previous_end)
        raised = flags(facts, presence, end)
        by_team: dict[int, list[AnswerFact]] = defaultdict(list)
        for fact in facts:
            if step is None or fact.step == step:
                by_team[fact.team_id].append(fact)
        found = []
        for team in teams:
            mine = by_team.get(team.team_id, [])
            steps = [figures for figures in current if figures.team_id == team.team_id]
            found.append(
                TeamInsight(
                    team,
                    _totals(steps, mine, end),
                    steps,
                    weakest_step(current, before, team.team_id),
                    [flag for flag in raised if flag.team_id == team.team_id],
                    _people(mine, end) if len(teams) == 1 else {},
                )
            )
        return Insights(period, window, previous, end, found, await self._items(guild, facts, items, step), len(facts))

    async def _facts(
        self,
        guild: GuildConfig,
        teams: list[Team],
        start: datetime,
        end: datetime,
        items: dict[str, Item],
        *,
        presence: bool = True,
        pairs: set[tuple[int, int]] | None = None,
    ) -> tuple[list[AnswerFact], list[Presence]]:
        """The attempts of the teams' people in [start, end) (only on the (team, step) `pairs`, if given), and (if
        asked) each person's posts they could answer."""
        wanted = {team.team_id for team in teams}
        first, last = _days(start, end, guild.timezone)
        found = await self._storage.insights.attempts(
            guild.guild_id, start, end, before=start if presence else None, pairs=pairs
        )
        rows = [row for row in found if row.team_id in wanted]
        facts = await self._answer_facts(rows, items)
        if not presence:
            return facts, []
        posts = [
            post
            for post in await self._storage.insights.post_days(guild.guild_id, first, last)
            if post.team_id in wanted
        ]
        return facts, await self._presence(guild, posts, rows, last)

    async def _answer_facts(self, rows: list[AttemptRow], items: dict[str, Item]) -> list[AnswerFact]:
        """Stored attempts as facts: a daily answer is a first attempt unless its item was answered before."""
        seen: set[tuple[int, str]] = set()
        facts = []
        for row in rows:
            step = row.step or await self._step_of(row.item_id, row.item_version, items)
            if step is None:
                continue
            first = not row.review and not row.answered_before and (row.user_id, row.item_id) not in seen
            if not row.review:
                seen.add((row.user_id, row.item_id))
            facts.append(
                AnswerFact(
                    user_id=row.user_id,
                    team_id=row.team_id,
                    item_id=row.item_id,
                    step=step,
                    at=row.at,
                    choice_index=row.choice_index,
                    correct=row.correct,
                    first=first,
                    review=row.review,
                    sure=row.sure,
                )
            )
        return facts

    async def _step_of(self, item_id: str, version: str, items: dict[str, Item]) -> int | None:
        """An item's step: from the library, else from the stored version (an item since deleted)."""
        item = items.get(item_id) or await self._storage.posts.item(item_id, version)
        return item.step if item is not None else None

    async def _step_days(
        self, guild: GuildConfig, start: datetime, end: datetime, items: dict[str, Item]
    ) -> dict[date, int]:
        """Each post date's step: the item most teams played that day (a team's own scheduled item aside)."""
        first, last = _days(start, end, guild.timezone)
        votes: dict[date, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        for post in await self._storage.insights.post_days(guild.guild_id, first, last):
            step = await self._step_of(post.item_id, post.item_version, items)
            if step is not None:
                votes[post.local_date][step] += 1
        return {day: max(counts, key=lambda step: (counts[step], -step)) for day, counts in votes.items()}

    async def _presence(
        self, guild: GuildConfig, posts: list[PostDay], rows: list[AttemptRow], last: date
    ) -> list[Presence]:
        """Per person of each team: the team's post days since they were first seen, minus their pauses."""
        seen = await self._storage.insights.first_seen(guild.guild_id, last)
        pauses = await self._storage.insights.pauses(guild.guild_id)
        days: dict[int, list[date]] = defaultdict(list)
        for post in posts:
            days[post.team_id].append(post.local_date)
        answered: dict[tuple[int, int], set[date]] = defaultdict(set)
        for row in rows:
            if not row.review:
                answered[(row.team_id, row.user_id)].add(row.day)
        people = set(seen) | set(answered)
        found = []
        for team_id, user_id in sorted(people):
            if team_id not in days:
                continue
            since = seen.get((team_id, user_id), min(answered[(team_id, user_id)], default=last))
            own = pauses.get(user_id, [])
            available = tuple(sorted({day for day in days[team_id] if day >= since and not _paused(day, own)}))
            if available:
                found.append(Presence(user_id, team_id, available, frozenset(answered[(team_id, user_id)])))
        return found

    async def _items(
        self, guild: GuildConfig, facts: list[AnswerFact], items: dict[str, Item], step: int | None
    ) -> list[ItemInsight]:
        """Items with enough first attempts, with their authors when the server wrote them."""
        known = {item_id: item for item_id, item in items.items() if item.correct_index is not None}
        analyses = analyse_items(
            [fact for fact in facts if step is None or fact.step == step],
            {item_id: len(item.choices) for item_id, item in known.items()},
            {item_id: item.correct_index for item_id, item in known.items() if item.correct_index is not None},
        )
        authors = await self._storage.custom.authors(guild.guild_id)
        return [ItemInsight(items.get(a.item_id), a, authors.get(a.item_id)) for a in analyses]


def _totals(steps: list[StepFigures], facts: list[AnswerFact], end: datetime) -> Totals:
    """A team's period over every step: counts summed, "now" over all of its attempts."""
    return Totals(
        share(sum(f.participation.successes for f in steps), sum(f.participation.n for f in steps)),
        share(sum(f.first_try.successes for f in steps), sum(f.first_try.n for f in steps)),
        recent_share(facts, end),
        len(facts),
    )


def _people(facts: list[AnswerFact], end: datetime) -> dict[int, dict[int, tuple[Share, int]]]:
    """Per person, per step: their current proficiency and attempts (the people × steps heat map of one team)."""
    grouped: dict[int, dict[int, list[AnswerFact]]] = defaultdict(lambda: defaultdict(list))
    for fact in facts:
        grouped[fact.user_id][fact.step].append(fact)
    return {
        user: {step: (recent_share(found, end), len(found)) for step, found in sorted(steps.items())}
        for user, steps in sorted(grouped.items())
    }


INSIGHT_COLUMNS = (
    "period",
    "start_utc",
    "end_utc",
    "team",
    "step",
    "participation",
    "participation_low",
    "participation_high",
    "participation_answered",
    "participation_available",
    "first_try",
    "first_try_low",
    "first_try_high",
    "first_try_right",
    "first_try_n",
    "current",
    "current_low",
    "current_high",
    "current_weighted_n",
    "attempts",
    "weakest",
    "trend",
)


def _share_cells(found: Share, counts: bool = True) -> list[str]:
    """value, low, high (empty without data) and, if asked, successes and n as counts."""
    cells = ["" if found.value is None else f"{found.value:.4f}", f"{found.low:.4f}", f"{found.high:.4f}"]
    return cells + ([f"{found.successes:g}", f"{found.n:g}"] if counts else [])


def insight_rows(insights: Insights) -> list[list[str]]:
    """One row per team × step of the period, every figure with its n (what /export insights writes)."""
    start = insights.window.start.isoformat() if insights.window.start else ""
    rows = []
    for team in insights.teams:
        weakest = team.weakest if isinstance(team.weakest, Weakest) else None
        for figures in team.steps:
            is_weakest = weakest is not None and weakest.step == figures.step
            trend = f"{weakest.trend:.4f}" if is_weakest and weakest is not None and weakest.trend is not None else ""
            rows.append(
                [
                    insights.window.label,
                    start,
                    insights.end.isoformat(),
                    safe_text(team.team.name),
                    str(figures.step),
                    *_share_cells(figures.participation),
                    *_share_cells(figures.first_try),
                    *_share_cells(figures.current, counts=False),
                    f"{figures.current.n:.2f}",
                    str(figures.attempts),
                    "true" if is_weakest else "false",
                    trend,
                ]
            )
    return rows
