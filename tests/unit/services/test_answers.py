"""AnswerService: a click scored once, or refused without a trace, against a real SQLite file."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.state import Trigger
from bot.services.answers import Closed, NotInTeam, Rejected, Repeated, Scored
from bot.services.posting import Reserved
from tests.builders import GUILD, MONDAY, Game, local
from tests.unit.services.support import ANA, BETO, OTHER_GUILD, SOPORTE_CHANNEL, SOPORTE_ROLE, Posted, click

TUESDAY = date(2026, 11, 24)


# --- AnswerService -----------------------------------------------------------------------------------------


async def test_a_correct_answer_scores_100_with_an_answer_and_a_point_event(world: Game, posted: Posted) -> None:
    outcome = await click(world, posted, user=ANA, choice=posted.right, at=local(MONDAY, 10, 15))
    assert isinstance(outcome, Scored)
    assert outcome.points == 100
    assert outcome.team == world.teams["Ventas"]
    assert outcome.item.id == posted.item.id
    assert (outcome.answer.user_id, outcome.answer.choice_index, outcome.answer.correct) == (ANA, posted.right, True)
    answers = await world.storage.database.fetchall(
        "SELECT post_id, guild_id, team_id, user_id, choice_index, correct FROM answers"
    )
    ventas = world.teams["Ventas"]
    assert [tuple(row) for row in answers] == [(posted.post.post_id, GUILD, ventas.team_id, ANA, posted.right, 1)]
    events = await world.storage.database.fetchall(
        "SELECT guild_id, team_id, user_id, post_id, item_id, step, dimension, kind, points, created_at"
        " FROM point_events"
    )
    assert [tuple(row) for row in events] == [
        (
            GUILD,
            world.teams["Ventas"].team_id,
            ANA,
            posted.post.post_id,
            posted.item.id,
            posted.item.step,
            posted.item.dimensions[0],
            "answer",
            100,
            "2026-11-23 16:15:00.000000",
        )
    ]


async def test_a_wrong_answer_scores_0_and_is_still_recorded(world: Game, posted: Posted) -> None:
    outcome = await click(world, posted, user=BETO, choice=posted.wrong)
    assert isinstance(outcome, Scored)
    assert outcome.points == 0
    assert outcome.answer.correct is False
    rows = await world.storage.database.fetchall("SELECT user_id, points FROM point_events")
    assert [tuple(row) for row in rows] == [(BETO, 0)]
    assert await world.count("answers") == 1


async def test_a_second_click_is_repeated_and_changes_nothing(world: Game, posted: Posted) -> None:
    first = await click(world, posted, choice=posted.wrong, at=local(MONDAY, 10, 0))
    assert isinstance(first, Scored)
    again = await click(world, posted, choice=posted.right, at=local(MONDAY, 10, 1))
    assert isinstance(again, Repeated)
    assert again.previous.choice_index == posted.wrong
    assert again.previous.correct is False
    assert await world.count("answers") == 1
    rows = await world.storage.database.fetchall("SELECT points FROM point_events")
    assert [row[0] for row in rows] == [0]


async def test_an_answer_after_the_window_is_closed_and_stores_nothing(world: Game, posted: Posted) -> None:
    assert posted.post.closes_at == local(MONDAY, 17, 0)
    just_before = await click(world, posted, user=BETO, at=local(MONDAY, 16, 59))
    assert isinstance(just_before, Scored)
    outcome = await click(world, posted, user=ANA, at=local(MONDAY, 17, 0))
    assert outcome == Closed(posted.item, local(MONDAY, 17, 0))
    assert await world.count("answers") == 1
    assert await world.count("point_events") == 1


async def test_a_member_without_the_team_role_is_not_in_the_team(world: Game, posted: Posted) -> None:
    outcome = await click(world, posted, roles=(SOPORTE_ROLE, 9999))
    assert outcome == NotInTeam(world.teams["Ventas"])
    assert await world.count("answers") == 0
    assert await world.count("point_events") == 0


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"guild": OTHER_GUILD}, "unknown post"),
        ({"channel": SOPORTE_CHANNEL}, "unknown post"),
        ({"post_id": 987_654}, "unknown post"),
        ({"choice": 5}, "unknown choice"),
        ({"choice": -1}, "unknown choice"),
    ],
    ids=["other-guild", "other-channel", "unknown-post", "choice-too-high", "negative-choice"],
)
async def test_clicks_that_do_not_match_a_post_are_rejected_and_store_nothing(
    world: Game, posted: Posted, change: dict[str, int], reason: str
) -> None:
    assert len(posted.item.choices) <= 5
    outcome = await click(world, posted, **change)  # type: ignore[arg-type]
    assert outcome == Rejected(reason)
    assert await world.count("answers") == 0
    assert await world.count("point_events") == 0


async def test_a_choice_just_past_the_last_button_is_rejected(world: Game, posted: Posted) -> None:
    outcome = await click(world, posted, choice=len(posted.item.choices))
    assert outcome == Rejected("unknown choice")
    assert await world.count("answers") == 0


async def test_a_post_still_being_sent_cannot_be_answered(world: Game) -> None:
    reserved = await world.services.posting.reserve(
        world.guild, world.teams["Soporte"], MONDAY, Trigger.SCHEDULE, local(MONDAY, 9)
    )
    assert isinstance(reserved, Reserved)
    outcome = await world.services.answers.answer(
        guild=world.guild,
        channel_id=SOPORTE_CHANNEL,
        user_id=ANA,
        role_ids=[SOPORTE_ROLE],
        post_id=reserved.post.post_id,
        choice_index=0,
        now=local(MONDAY, 9, 1),
    )
    assert outcome == Rejected("post not open")
    assert await world.count("answers") == 0
    assert await world.count("point_events") == 0


