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


def post_embed(item: Item, catalog: Catalog, language: str, team_name: str, closes_at: datetime) -> discord.Embed:
    """The daily challenge as posted in the team channel."""
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
    step = catalog.steps.get(item.step)
    step_text = f"{item.step}. {step.title.get(language)}" if step else str(item.step)
    dimension_names = [
        catalog.dimensions[key].name.get(language) if key in catalog.dimensions else key for key in item.dimensions
    ]
    embed.add_field(name=t(language, "post.step"), value=step_text, inline=True)
    embed.add_field(name=t(language, "post.dimensions"), value=" · ".join(dimension_names), inline=True)
    embed.add_field(
        name=t(language, "post.deadline"),
        value=f"{timestamp(closes_at, 'f')} ({timestamp(closes_at, 'R')})",
        inline=False,
    )
    embed.set_footer(text=t(language, "post.footer", team=team_name))
    return embed


def answer_embed(outcome: Scored, language: str) -> discord.Embed:
    """The private verdict on a member's click."""
    item, answer = outcome.item, outcome.answer
    chosen = item.choices[answer.choice_index]
    key = "answer.correct.title" if answer.correct else "answer.wrong.title"
    embed = discord.Embed(title=t(language, key, points=outcome.points), colour=GOOD if answer.correct else BAD)
    chosen_text = chosen.text.get(language)
    lines = [
        f"**{t(language, 'answer.chosen')}: {letter(answer.choice_index)}.** {chosen_text}",
        chosen.feedback.get(language),
    ]
    right = item.correct_index
    if not answer.correct and right is not None:
        lines.append(f"**{t(language, 'answer.right')}: {letter(right)}.** {item.choices[right].text.get(language)}")
    lines.append(f"**{t(language, 'answer.why')}:** {item.explanation.get(language)}")
    bonuses = []
    if speed := outcome.score.of(EventKind.SPEED):
        bonuses.append(t(language, "answer.speed", points=speed))
    if streak := outcome.score.of(EventKind.STREAK):
        bonuses.append(t(language, "answer.streak", days=outcome.streak, points=streak))
    if bonuses:
        lines.append(f"**{t(language, 'answer.bonuses')}:** " + " · ".join(bonuses))
    embed.description = "\n\n".join(lines)
    return embed


def reveal_embed(reveal: Reveal, catalog: Catalog, language: str) -> discord.Embed:
    """The day's post once its window closed: the answer, how the team answered, and why."""
    item = reveal.item
    embed = post_embed(item, catalog, language, reveal.team.name, reveal.post.closes_at or reveal.post.created_at)
    embed.colour = discord.Colour.dark_grey()
    embed.remove_field(2)
    right = item.correct_index
    if right is not None:
        embed.add_field(
            name=t(language, "reveal.answer"),
            value=f"**{letter(right)}.** {item.choices[right].text.get(language)}"[:1024],
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
    embed.add_field(name=t(language, "reveal.why"), value=item.explanation.get(language)[:1024], inline=False)
    embed.set_footer(text=f"{t(language, 'reveal.closed')} · " + t(language, "post.footer", team=reveal.team.name))
    return embed
