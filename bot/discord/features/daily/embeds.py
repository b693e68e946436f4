"""How the daily challenge looks: the post, the private verdict on an answer, and the reveal at the close."""

from __future__ import annotations

from datetime import datetime

import discord

from bot.discord.look import BAD, BRAND, GOOD, letter, timestamp
from bot.discord.texts import t
from bot.domain.model import Catalog, Item
from bot.domain.scoring import EventKind
from bot.services.answers import Scored
from bot.services.closing import Reveal

FIELD = 1024  # Discord's limit for an embed field's value
EMBED_TOTAL = 6000  # Discord's limit for all the text of an embed


def post_embed(item: Item, catalog: Catalog, language: str, team_name: str, closes_at: datetime) -> discord.Embed:
    """The daily challenge as posted in the team channel: the situation and the choices, nothing that answers it.

    Step and dimensions are shown only after answering (private feedback, the reveal): printed on the post they
    gave answers away (a "which dimension?" item named its key).
    """
    parts = []
    if item.story:
        parts.append(item.story.get(language).strip())
    if item.question:
        parts.append(f"**{item.question.get(language).strip()}**")
    if item.choices:
        parts.append(
            "\n".join(f"**{letter(i)}.** {choice.text.get(language)}" for i, choice in enumerate(item.choices))
        )
    embed = discord.Embed(title=item.title.get(language), description="\n\n".join(parts), colour=BRAND)
    embed.add_field(
        name=t(language, "post.deadline"),
        value=f"{timestamp(closes_at, 'f')} ({timestamp(closes_at, 'R')})",
        inline=False,
    )
    embed.set_footer(text=t(language, "post.footer", team=team_name))
    return embed


def trains(item: Item, catalog: Catalog, language: str) -> str:
    """What the item trains, told after the answer: 'Paso 8 · Cumpla sus promesas (propuesto por…) · Fiabilidad'."""
    step = catalog.steps.get(item.step)
    title = f"{item.step}. {step.title.get(language)}" if step else str(item.step)
    origin = t(language, f"step.provenance.{step.provenance}") if step else ""
    names = [catalog.dimensions[key].name.get(language) for key in item.dimensions if key in catalog.dimensions]
    return t(language, "post.trains", step=title, origin=origin, dimensions=" · ".join(names))


def quoted_source(item: Item, language: str) -> str | None:
    """The passage of the base text the item comes from, as the reader can read it (translated when needed)."""
    quote = item.source.quote(language)
    if quote is None:
        return None
    passage, translation = quote
    if language == "es" or translation is None:
        return t(language, "source.quote", passage=" ".join(passage.split()))
    return t(language, "source.quote.translated", passage=" ".join(translation.split()))


def verdict_embed(
    item: Item, choice_index: int, points: int, catalog: Catalog, language: str, extra: list[str] | None = None
) -> discord.Embed:
    """The private verdict on an answer (of the day's post or of a review): right or not, the chosen choice's
    feedback, the right one, why, and what the item trains (shown now that it cannot give it away)."""
    chosen = item.choices[choice_index]
    key = "answer.correct.title" if chosen.correct else "answer.wrong.title"
    embed = discord.Embed(title=t(language, key, points=points), colour=GOOD if chosen.correct else BAD)
    lines = [
        f"**{t(language, 'answer.chosen')}: {letter(choice_index)}.** {chosen.text.get(language)}",
        chosen.feedback.get(language),
    ]
    right = item.correct_index
    if not chosen.correct and right is not None:
        lines.append(f"**{t(language, 'answer.right')}: {letter(right)}.** {item.choices[right].text.get(language)}")
    lines.append(f"**{t(language, 'answer.why')}:** {item.explanation.get(language)}")
    lines.append(trains(item, catalog, language))
    embed.description = "\n\n".join([*lines, *(extra or [])])
    return embed


def answer_embed(outcome: Scored, catalog: Catalog, language: str) -> discord.Embed:
    """The verdict on a click on the day's post, with its speed and streak bonuses."""
    bonuses = []
    if speed := outcome.score.of(EventKind.SPEED):
        bonuses.append(t(language, "answer.speed", points=speed))
    if streak := outcome.score.of(EventKind.STREAK):
        bonuses.append(t(language, "answer.streak", days=outcome.streak, points=streak))
    extra = [f"**{t(language, 'answer.bonuses')}:** " + " · ".join(bonuses)] if bonuses else []
    return verdict_embed(outcome.item, outcome.answer.choice_index, outcome.points, catalog, language, extra)


def reveal_embed(reveal: Reveal, catalog: Catalog, language: str) -> discord.Embed:
    """The day's post once its window closed: the answer, how the team answered, why, what it trains, the source."""
    item = reveal.item
    embed = post_embed(item, catalog, language, reveal.team.name, reveal.post.closes_at or reveal.post.created_at)
    embed.colour = discord.Colour.dark_grey()
    embed.clear_fields()
    right = item.correct_index
    if right is not None:
        embed.add_field(
            name=t(language, "reveal.answer"),
            value=f"**{letter(right)}.** {item.choices[right].text.get(language)}"[:FIELD],
        )
    if item.choices:
        if reveal.answers:
            shares = [
                f"**{letter(i)}** {reveal.share(i):.0%} ({reveal.counts.get(i, 0)})" + (" ✅" if i == right else "")
                for i in range(len(item.choices))
            ]
            embed.add_field(
                name=t(language, "reveal.team", count=reveal.answers), value=" · ".join(shares), inline=False
            )
        else:
            embed.add_field(name=t(language, "reveal.team", count=0), value=t(language, "reveal.none"), inline=False)
    embed.add_field(name=t(language, "reveal.why"), value=item.explanation.get(language)[:FIELD], inline=False)
    embed.add_field(name=t(language, "reveal.trains"), value=trains(item, catalog, language)[:FIELD], inline=False)
    embed.set_footer(text=f"{t(language, 'reveal.closed')} · " + t(language, "post.footer", team=reveal.team.name))
    source = quoted_source(item, language)
    if source is not None:
        name = t(language, "reveal.source")
        room = EMBED_TOTAL - len(embed) - len(name)
        if room > 40:  # a post at Discord's limits keeps its answer and explanation; the quote yields, cut with "…"
            embed.add_field(name=name, value=_fit(source, min(room, FIELD)), inline=False)
    return embed


def _fit(text: str, room: int) -> str:
    return text if len(text) <= room else text[: room - 1].rstrip() + "…"
