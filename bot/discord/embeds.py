"""How the game looks in Discord: the daily post, answer feedback, boards and personal stats."""

from __future__ import annotations

from datetime import datetime, timedelta

import discord

from bot.discord.texts import t
from bot.domain.leaderboard import Ranked
from bot.domain.model import Catalog, Item
from bot.domain.periods import Window
from bot.services.answers import Scored
from bot.services.boards import PeopleBoard, PersonalStats, TeamBoard

BRAND = discord.Colour(0x2B7A78)
GOOD = discord.Colour(0x2E7D32)
BAD = discord.Colour(0xC62828)
LETTERS = "ABCDE"
MEDALS = {1: "🥇", 2: "🥈", 3: "🥉"}
BOARD_ROWS = 15


def letter(index: int) -> str:
    """The letter a choice is shown with."""
    return LETTERS[index]


def timestamp(instant: datetime, style: str = "t") -> str:
    """A Discord timestamp, shown in each reader's own timezone and language."""
    return discord.utils.format_dt(instant, style=style)  # type: ignore[arg-type]


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
    embed.description = "\n\n".join(lines)
    return embed


def period_label(window: Window, language: str) -> str:
    """'semana 2026-W48', 'mes 2026-11', 'desde el inicio'."""
    if window.label == "all":
        return t(language, "period.all")
    kind = "period.week" if "-W" in window.label else "period.month"
    return t(language, kind, label=window.label)


def _medal(rank: int) -> str:
    return MEDALS.get(rank, f"**{rank}.**")


def team_board_embed(board: TeamBoard, language: str) -> discord.Embed:
    """Teams ranked by points in the period."""
    embed = discord.Embed(
        title=t(language, "board.teams.title", period=period_label(board.window, language)), colour=BRAND
    )
    if not board.rows or all(row.standing.points == 0 and row.standing.answers == 0 for row in board.rows):
        embed.description = t(language, "board.empty")
        return embed
    embed.description = "\n".join(
        t(
            language,
            "board.team.line",
            medal=_medal(row.rank),
            name=discord.utils.escape_markdown(board.names[row.standing.key]),
            points=row.standing.points,
            answers=row.standing.answers,
            members=row.standing.members,
        )
        for row in board.rows[:BOARD_ROWS]
    )
    embed.set_footer(text=t(language, "board.footer"))
    return embed


def _person_line(row: Ranked, language: str) -> str:
    return t(
        language,
        "board.person.line",
        medal=_medal(row.rank),
        mention=f"<@{row.standing.key}>",
        points=row.standing.points,
        correct=row.standing.correct,
        answers=row.standing.answers,
    )


def people_board_embed(board: PeopleBoard, language: str, caller_id: int) -> discord.Embed:
    """Members ranked by points; the caller's own row is added if they are below the visible part."""
    embed = discord.Embed(
        title=t(language, "board.people.title", period=period_label(board.window, language)), colour=BRAND
    )
    if not board.rows:
        embed.description = t(language, "board.empty")
        return embed
    lines = [_person_line(row, language) for row in board.rows[:BOARD_ROWS]]
    own = next((row for row in board.rows[BOARD_ROWS:] if row.standing.key == caller_id), None)
    if own is not None:
        lines += ["…", _person_line(own, language)]
    embed.description = "\n".join(lines)
    embed.set_footer(text=t(language, "board.footer"))
    return embed


def me_embed(stats: list[tuple[str, PersonalStats]], language: str, display_name: str) -> discord.Embed:
    """The caller's points, answers, accuracy and rank for several periods."""
    embed = discord.Embed(title=t(language, "me.title"), colour=BRAND)
    embed.set_author(name=display_name[:256])
    for name, personal in stats:
        row = personal.row
        if row is None or (row.standing.answers == 0 and row.standing.points == 0):
            value = t(language, "me.none")
        else:
            accuracy = row.standing.accuracy
            value = t(
                language,
                "me.line",
                points=row.standing.points,
                rank=row.rank,
                ranked=personal.ranked_people,
                answers=row.standing.answers,
                accuracy=f"{accuracy:.0%}" if accuracy is not None else "—",
            )
        embed.add_field(name=name, value=value, inline=False)
    return embed


def format_window(window: timedelta) -> str:
    """'8 h', '1 h 30 min', '45 min'."""
    minutes = int(window.total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"
