"""A click on a choice of the daily post: scored, or told privately why not."""

from __future__ import annotations

import logging

import discord

from bot.discord.context import Call
from bot.discord.custom_ids import CustomId, Kind
from bot.discord.features.daily.embeds import answer_embed
from bot.discord.look import ask_sure, letter, sure_view, timestamp
from bot.services.answers import Closed, NotInTeam, Repeated, Scored

log = logging.getLogger("momentos.answers")


async def answer(call: Call, clicked: CustomId) -> None:
    """Score a click on a choice (or explain why not), privately."""
    post_id, choice = clicked.values
    if call.channel_id is None or call.member is None:
        await call.refuse("button.invalid", why="answer outside a channel or without a member")
        return
    outcome = await call.services.answers.answer(
        guild=call.config,
        channel_id=call.channel_id,
        user_id=call.user.id,
        role_ids=call.role_ids,
        post_id=post_id,
        choice_index=choice,
        now=call.services.clock.now(),
        interaction_id=call.interaction.id,
    )
    if isinstance(outcome, Scored):
        log.debug(  # at INFO, a burst of thousands of clicks would spend its time writing logs
            "answer guild=%s team=%s post=%s user=%s correct=%s points=%s",
            call.guild_id,
            outcome.team.team_id,
            post_id,
            call.user.id,
            outcome.answer.correct,
            outcome.points,
        )
        embed = answer_embed(outcome, call.services.catalog, call.language)
        if call.config.reviews.per_day > 0:  # how sure they were feeds their memory of the item (reviews)
            view = sure_view(Kind.SURE_ANSWER, outcome.answer.answer_id, call.language)
            await call.reply(embed=ask_sure(embed, call.language), view=view)
        else:
            await call.reply(embed=embed)
    elif isinstance(outcome, Repeated) and outcome.echo:
        log.info("click %s is answered by the other process holding this shard", call.interaction.id)
    elif isinstance(outcome, Repeated):
        await call.say("answer.repeated", letter=letter(outcome.previous.choice_index))
    elif isinstance(outcome, Closed):
        await call.say("answer.closed", closed=timestamp(outcome.closed_at, "R"))
    elif isinstance(outcome, NotInTeam):
        team = discord.utils.escape_markdown(outcome.team.name)
        await call.refuse("answer.not_member", why="not in the team", team=team, role=f"<@&{outcome.team.role_id}>")
    else:
        await call.refuse("button.invalid", why=outcome.reason)
