"""Offering a review, scoring it, and the "¿Seguro?" taps: all private, all routed from custom_ids."""

from __future__ import annotations

import logging

from bot.discord.context import Call
from bot.discord.custom_ids import CustomId, Kind
from bot.discord.features.daily.embeds import verdict_embed
from bot.discord.features.reviews.embeds import review_embed, review_view
from bot.discord.look import answered_sure, ask_sure, letter, sure_view
from bot.services.reviews import (
    DailyLimit,
    NoTeam,
    NothingDue,
    NotYours,
    Offer,
    Paused,
    Retired,
    ReviewRepeated,
    ReviewScored,
    ReviewsOff,
    Sure,
)

log = logging.getLogger("momentos.reviews")


async def offer_next(call: Call) -> None:
    """Today's next review of whoever asked (the 🔁 button of a post, or /review), privately."""
    outcome = await call.services.reviews.offer(call.config, call.user.id, call.role_ids, call.services.clock.now())
    if isinstance(outcome, Offer):
        log.info("review offered guild=%s user=%s item=%s", call.guild_id, call.user.id, outcome.item.id)
        item = outcome.item
        await call.reply(
            embed=review_embed(item, call.language), view=review_view(outcome.review.review_id, len(item.choices))
        )
    elif isinstance(outcome, NothingDue):
        key = {0: "review.none_met", 1: "review.nothing_due.one"}.get(outcome.met, "review.nothing_due")
        await call.say(key, met=outcome.met)
    elif isinstance(outcome, DailyLimit):
        await call.say(
            "review.daily_limit.one" if outcome.per_day == 1 else "review.daily_limit", per_day=outcome.per_day
        )
    elif isinstance(outcome, Paused):
        await call.say("review.paused", date=outcome.until.isoformat())
    elif isinstance(outcome, NoTeam):
        await call.say("review.no_team")
    else:
        assert isinstance(outcome, ReviewsOff)
        await call.say("review.off")


async def from_post(call: Call, clicked: CustomId) -> None:
    """🔁 on a daily post: the post only says where the button is; the review is the presser's own."""
    await offer_next(call)


async def answer(call: Call, clicked: CustomId) -> None:
    """A choice of a review: scored once, with the verdict, the "¿Seguro?" tap and what is left today."""
    review_id, choice = clicked.values
    outcome = await call.services.reviews.answer(
        call.config, call.user.id, review_id, choice, call.services.clock.now()
    )
    if isinstance(outcome, ReviewScored):
        notes = [call.t("review.mastered")] if outcome.mastered else []
        notes.append(call.t("review.left", left=outcome.left) if outcome.left else call.t("review.last"))
        embed = verdict_embed(outcome.item, choice, outcome.points, call.services.catalog, call.language, notes)
        await call.reply(
            embed=ask_sure(embed, call.language), view=sure_view(Kind.SURE_REVIEW, review_id, call.language)
        )
    elif isinstance(outcome, ReviewRepeated):
        await call.say("review.repeated", letter=letter(outcome.review.choice_index or 0))
    elif isinstance(outcome, NotYours):
        await call.refuse("review.not_yours", why="someone else's review")
    elif isinstance(outcome, Retired):
        await call.say("review.retired")
    else:
        await call.refuse("button.invalid", why=outcome.reason)


async def sure_of_answer(call: Call, clicked: CustomId) -> None:
    """ "¿Seguro?" after a daily answer."""
    answer_id, sure = clicked.values
    outcome = await call.services.reviews.sure_of_answer(
        call.config, call.user.id, answer_id, bool(sure), call.services.clock.now()
    )
    await _noted(call, outcome)


async def sure_of_review(call: Call, clicked: CustomId) -> None:
    """ "¿Seguro?" after a review."""
    review_id, sure = clicked.values
    outcome = await call.services.reviews.sure_of_review(
        call.config, call.user.id, review_id, bool(sure), call.services.clock.now()
    )
    await _noted(call, outcome)


async def _noted(call: Call, outcome: Sure) -> None:
    """Thank the person and take the question away; a tap on someone else's answer is refused."""
    if outcome is Sure.REFUSED:
        await call.refuse("sure.not_yours", why="not the answerer's own answer")
        return
    message = call.interaction.message
    if message is not None and message.embeds:
        embed = answered_sure(message.embeds[0], call.language)
        await call.interaction.response.edit_message(embed=embed, view=None)
    else:
        await call.interaction.response.edit_message(content=call.t("sure.noted"), view=None)
