"""How insight reads: figures with their intervals and n, the weakest step and its trend, conversations, items."""

from __future__ import annotations

from collections.abc import Mapping

import discord

from bot.discord.look import BRAND, letter
from bot.discord.texts import t
from bot.domain.insights.items import MIN_ITEM_ANSWERS
from bot.domain.insights.people import Flag, Rule
from bot.domain.insights.stats import Share
from bot.domain.insights.teams import MIN_STEP_ANSWERS, NotEnough, Weakest
from bot.domain.model import Catalog
from bot.services.insights import Insights, ItemInsight, TeamInsight

CHART_FILE = "momentos-perspectivas.png"
DESCRIPTION_LIMIT = 4000
ITEMS_SHOWN = 8


def percent(value: float | None) -> str:
    """72%, or — when there is no data."""
    return "—" if value is None else f"{value:.0%}"


def figure(share: Share, language: str) -> str:
    """A share with its 95% interval: '72% (60–82%)', or — with no data."""
    if share.value is None:
        return t(language, "insights.none")
    return t(language, "insights.share", value=percent(share.value), low=percent(share.low), high=percent(share.high))


def step_title(step: int, catalog: Catalog, language: str) -> str:
    """A step's title from the catalogue (its number alone if unknown)."""
    found = catalog.steps.get(step)
    return found.title.get(language) if found is not None else str(step)


def weakest_line(team: TeamInsight, previous: str | None, catalog: Catalog, language: str) -> str:
    """The weakest step with its trend, or the plain "not enough data yet (n of N)"."""
    weakest = team.weakest
    if isinstance(weakest, NotEnough):
        return t(language, "insights.not_enough", have=weakest.have, need=weakest.need)
    assert isinstance(weakest, Weakest)
    if weakest.trend is not None and previous is not None:
        delta = f"{weakest.trend * 100:+.0f}"
        trend = t(language, "insights.trend", delta=delta, previous=previous, before=weakest.previous_attempts)
    elif previous is not None:
        trend = t(
            language, "insights.trend.none", previous=previous, before=weakest.previous_attempts, need=MIN_STEP_ANSWERS
        )
    else:
        trend = ""
    return t(
        language,
        "insights.weakest",
        step=weakest.step,
        title=step_title(weakest.step, catalog, language),
        current=figure(weakest.figures.current, language),
        attempts=weakest.figures.attempts,
        trend=trend,
    )


def team_block(team: TeamInsight, previous: str | None, catalog: Catalog, language: str) -> str:
    """A team's two lines: its figures over every step, then its weakest step."""
    totals = team.totals
    head = t(
        language,
        "insights.team",
        name=discord.utils.escape_markdown(team.team.name),
        participation=figure(totals.participation, language),
        first=figure(totals.first_try, language),
        current=figure(totals.current, language),
        attempts=totals.attempts,
    )
    return f"{head}\n{weakest_line(team, previous, catalog, language)}"


def flag_line(flag: Flag, team_names: Mapping[int, str], language: str) -> str:
    """One conversation worth having, naming the rule that fired and its numbers."""
    team = discord.utils.escape_markdown(team_names.get(flag.team_id, "?"))
    detail = flag.detail
    if flag.rule is Rule.ABSENT:
        return t(language, "insights.flag.absent", user=flag.user_id, team=team, missed=int(detail["missed"]))
    if flag.rule is Rule.BEHIND:
        return t(
            language,
            "insights.flag.behind",
            user=flag.user_id,
            team=team,
            own=percent(detail["own"]),
            team_share=percent(detail["team"]),
            attempts=int(detail["attempts"]),
        )
    return t(language, "insights.flag.confident_wrong", user=flag.user_id, team=team, count=int(detail["count"]))


def item_line(found: ItemInsight, language: str) -> str:
    """An analysed item: first-try share, discrimination, the share of each choice, and "ambiguous?" if so."""
    analysis = found.analysis
    title = found.item.title.get(language) if found.item is not None else analysis.item_id
    shares = " ".join(f"{letter(index)} {percent(value)}" for index, value in enumerate(analysis.choice_shares))
    discrimination = "—" if analysis.discrimination is None else f"{analysis.discrimination:+.2f}"
    line = t(
        language,
        "insights.item",
        title=discord.utils.escape_markdown(title),
        first=figure(analysis.first_try, language),
        discrimination=discrimination,
        shares=shares,
    )
    if found.author_id is not None:
        line += t(language, "insights.item.author", user=found.author_id)
    if analysis.ambiguous and found.item is not None and found.item.correct_index is not None:
        right = found.item.correct_index
        wrong = max(
            (index for index in range(len(analysis.choice_shares)) if index != right),
            key=lambda index: analysis.choice_shares[index],
        )
        line += "\n" + t(
            language,
            "insights.item.ambiguous",
            wrong=letter(wrong),
            wrong_share=percent(analysis.choice_shares[wrong]),
            right=letter(right),
            right_share=percent(analysis.choice_shares[right]),
        )
    return line


def worth_a_look(items: list[ItemInsight]) -> list[ItemInsight]:
    """Ambiguous items first, then the least discriminating: what a writer should reread."""

    def key(found: ItemInsight) -> tuple[bool, float, str]:
        d = found.analysis.discrimination
        return (not found.analysis.ambiguous, d if d is not None else 1.0, found.analysis.item_id)

    return sorted(items, key=key)[:ITEMS_SHOWN]


def insights_embed(
    insights: Insights, period: str, previous: str | None, catalog: Catalog, language: str
) -> discord.Embed:
    """The private /insights answer (the heat map rides along as an attachment)."""
    embed = discord.Embed(title=t(language, "insights.title", period=period), colour=BRAND)
    blocks: list[str] = []
    used = 0
    for index, team in enumerate(insights.teams):
        block = team_block(team, previous, catalog, language)
        if used + len(block) > DESCRIPTION_LIMIT - 200:
            blocks.append(t(language, "insights.more", count=len(insights.teams) - index))
            break
        blocks.append(block)
        used += len(block) + 2
    embed.description = "\n\n".join(blocks)
    names = {team.team.team_id: team.team.name for team in insights.teams}
    flags = [flag for team in insights.teams for flag in team.flags]
    talks = "\n".join(flag_line(flag, names, language) for flag in flags) or t(language, "insights.talks.none")
    embed.add_field(name=t(language, "insights.talks"), value=_clip(talks), inline=False)
    shown = worth_a_look(insights.items)
    items = "\n".join(item_line(found, language) for found in shown) or t(
        language, "insights.items.none", need=MIN_ITEM_ANSWERS
    )
    embed.add_field(name=t(language, "insights.items"), value=_clip(items), inline=False)
    embed.set_footer(text=t(language, "insights.footer"))
    return embed


def _clip(text: str, limit: int = 1024) -> str:
    """A field's text within Discord's limit, cut at a line."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 2].rsplit("\n", 1)[0]
    return cut + "\n…"
