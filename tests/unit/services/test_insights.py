"""InsightService on a real file: facts gathered from answers, reviews, posts, sightings and pauses."""

from __future__ import annotations

from datetime import date, timedelta

from bot.domain.insights.people import Rule
from bot.domain.insights.periods import InsightPeriod
from bot.domain.insights.teams import NotEnough, Weakest
from tests.builders import MONDAY, Game, local
from tests.unit.services.support import ANA, BETO, CARLA, VENTAS_ROLE

DAYS = [MONDAY + timedelta(days=offset) for offset in (0, 1, 2, 3, 4, 7, 8, 9, 10, 11)]  # two working weeks
FRIDAY_2 = date(2026, 12, 4)


async def play(world: Game, days: list[date], plan: dict[int, str]) -> None:
    """Each day: a post to Ventas, seen and answered by the plan (R right, W wrong, - absent)."""
    ventas = world.teams["Ventas"]
    for index, day in enumerate(days):
        post_id, item = await world.publish_id(ventas, day)
        right = item.correct_index or 0
        for user, moves in plan.items():
            await world.services.members.saw(world.guild, user, {VENTAS_ROLE}, False, local(day, 9, 5))
            move = moves[index]
            if move == "-":
                continue
            choice = right if move == "R" else (right + 1) % len(item.choices)
            await world.answer(ventas, post_id, user, choice, local(day, 9, 30))
    await world.storage.members.flush()


async def test_participation_first_try_and_the_absent_rule(world: Game) -> None:
    await play(world, DAYS, {ANA: "RRRRRRRRRR", BETO: "WWWWWWWWWW", CARLA: "RRRRRRR---"})
    services = world.services.insights
    teams = await services.visible_teams(world.guild, set(), manager=True)
    found = await services.insights(world.guild, teams, InsightPeriod.QUARTER, local(FRIDAY_2, 18))
    ventas = next(team for team in found.teams if team.team.name == "Ventas")
    assert found.attempts == 27
    answered = sum(figures.participation.successes for figures in ventas.steps)
    available = sum(figures.participation.n for figures in ventas.steps)
    assert (answered, available) == (27, 30), "3 people × 10 posts, Carla missed 3"
    assert sum(figures.first_try.n for figures in ventas.steps) == 27, "every daily answer was a first attempt"
    assert [(flag.user_id, flag.rule) for flag in ventas.flags if flag.rule is Rule.ABSENT] == [(CARLA, Rule.ABSENT)]
    assert isinstance(ventas.weakest, NotEnough | Weakest)


async def test_a_pause_makes_missed_posts_unavailable_and_leads_see_only_their_teams(world: Game) -> None:
    await world.services.members.pause(world.guild, CARLA, DAYS[7], DAYS[9], local(MONDAY, 8))
    await play(world, DAYS, {ANA: "RRRRRRRRRR", CARLA: "RRRRRRR---"})
    services = world.services.insights
    teams = await services.visible_teams(world.guild, set(), manager=True)
    found = await services.insights(world.guild, teams, InsightPeriod.QUARTER, local(FRIDAY_2, 18))
    ventas = next(team for team in found.teams if team.team.name == "Ventas")
    assert ventas.flags == [], "Carla was paused, not absent"
    assert await services.visible_teams(world.guild, {VENTAS_ROLE}, manager=False) == [], "no lead role set"
    lead = 999
    await world.services.setup.edit_team(world.teams["Ventas"], local(MONDAY, 8), lead_role_id=lead)
    visible = await services.visible_teams(world.guild, {lead}, manager=False)
    assert [team.name for team in visible] == ["Ventas"]


async def test_a_second_answer_to_an_item_is_not_a_first_attempt(world: Game) -> None:
    ventas = world.teams["Ventas"]
    post_id, item = await world.publish_id(ventas, MONDAY)
    await world.answer(ventas, post_id, ANA, item.correct_index or 0, local(MONDAY, 9, 30))
    offered = await world.services.reviews.offer(world.guild, ANA, {VENTAS_ROLE}, local(MONDAY + timedelta(days=1), 10))
    facts_before = await world.services.insights.insights(
        world.guild, [ventas], InsightPeriod.MONTH, local(MONDAY + timedelta(days=2), 10)
    )
    assert facts_before.attempts == 1
    del offered
