"""How standings look: the weekly announcement, the boards and /me."""

from __future__ import annotations

from datetime import datetime

import discord

from bot.discord.look import BRAND, GOLD, period_label
from bot.discord.texts import t
from bot.domain.leaderboard import Ranked
from bot.domain.model import Catalog
from bot.domain.schedule import zone as zone_of
from bot.services.announcements import WeekResults
from bot.services.boards import PeopleBoard, PersonalStats, StepsBoard, TeamBoard
from bot.services.reviews import Progress, StepProgress

CHART_FILE = "momentos-semana.png"
MEDALS = {1: "🥇", 2: "🥈", 3: "🥉"}
BOARD_ROWS = 15


def week_embed(results: WeekResults, language: str, zone: str, with_chart: bool) -> discord.Embed:
    """The weekly announcement."""
    embed = discord.Embed(title=t(language, "week.title", week=results.week), colour=GOLD)
    played = [line for line in results.teams if line.points > 0 or line.members > 0]
    if not played:
        embed.description = t(language, "week.nobody")
    else:
        embed.description = "\n".join(
            t(
                language,
                "week.team.line",
                medal=_medal(line.rank),
                name=discord.utils.escape_markdown(line.name),
                average=f"{line.average:.1f}",
                participation=f"{line.participation:.0%}",
                members=line.members,
                roster=line.roster,
                points=line.points,
            )
            for line in results.teams
        )[:4096]
    if results.top_people:
        top = "\n".join(
            t(
                language,
                "week.top.line",
                medal=_medal(person.rank),
                mention=f"<@{person.user_id}>",
                points=person.points,
            )
            for person in results.top_people
        )
        embed.add_field(name=t(language, "week.top"), value=top, inline=False)
    led = [
        t(
            language,
            "week.step.line",
            step=leader.step,
            name=discord.utils.escape_markdown(leader.name),
            average=f"{leader.average:.1f}",
        )
        for leader in results.step_leaders
        if leader.name
    ]
    idle = [str(leader.step) for leader in results.step_leaders if not leader.name]
    if idle:
        led.append(t(language, "week.step.idle", steps=", ".join(idle)))
    steps = "\n".join(led)
    embed.add_field(name=t(language, "week.steps"), value=steps[:1024], inline=False)
    if results.most_improved:
        improved = results.most_improved
        embed.add_field(
            name=t(language, "week.improved"),
            value=t(
                language,
                "week.improved.line",
                name=discord.utils.escape_markdown(improved.name),
                delta=f"{improved.delta:.1f}",
            ),
            inline=False,
        )
    cutoff = datetime.fromisoformat(results.cutoff).astimezone(zone_of(zone)) if results.cutoff else None
    embed.set_footer(
        text=t(language, "week.footer", week=results.week, cutoff=f"{cutoff:%Y-%m-%d %H:%M}" if cutoff else "—")
    )
    if with_chart:
        embed.set_image(url=f"attachment://{CHART_FILE}")
    return embed


def _medal(rank: int) -> str:
    return MEDALS.get(rank, f"**{rank}.**")


def _filters(language: str, step: int | None, team: str | None) -> str:
    parts = []
    if step is not None:
        parts.append(t(language, "board.filter.step", step=step))
    if team is not None:
        parts.append(t(language, "board.filter.team", team=team))
    return "".join(f" · {part}" for part in parts)


def team_board_embed(board: TeamBoard, language: str, step: int | None = None) -> discord.Embed:
    """Teams ranked by points per member, with participation and the sum."""
    title = t(language, "board.teams.title", period=period_label(board.window, language)) + _filters(
        language, step, None
    )
    embed = discord.Embed(title=title[:256], colour=BRAND)
    if not board.rows or all(row.standing.points == 0 and row.standing.answers == 0 for row in board.rows):
        embed.description = t(language, "board.empty")
        return embed
    embed.description = "\n".join(
        t(
            language,
            "board.team.avg",
            medal=_medal(row.rank),
            name=discord.utils.escape_markdown(board.names[row.standing.key]),
            average=f"{row.standing.average:.1f}",
            participation=f"{row.standing.participation:.0%}",
            members=row.standing.members,
            roster=row.standing.roster,
            points=row.standing.points,
        )
        for row in board.rows[:BOARD_ROWS]
    )[:4096]
    embed.set_footer(text=t(language, "board.teams.footer"))
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


def people_board_embed(
    board: PeopleBoard, language: str, caller_id: int, step: int | None = None, team: str | None = None
) -> discord.Embed:
    """Members ranked by points; the caller's own row is added if they are below the visible part."""
    title = t(language, "board.people.title", period=period_label(board.window, language)) + _filters(
        language, step, team
    )
    embed = discord.Embed(title=title[:256], colour=BRAND)
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


def steps_board_embed(board: StepsBoard, catalog: Catalog, language: str) -> discord.Embed:
    """For each of the 10 steps, the leading team and the caller's team's position."""
    embed = discord.Embed(
        title=t(language, "board.steps.title", period=period_label(board.window, language)), colour=BRAND
    )
    lines = []
    for line in board.lines:
        step = catalog.steps.get(line.step)
        title = step.title.get(language) if step else str(line.step)
        if line.leader:
            name = discord.utils.escape_markdown(board.names[line.leader.standing.key])
            leader = f"**{name}** ({line.leader.standing.average:.1f})"
        else:
            leader = t(language, "board.steps.nobody")
        mine = t(language, "board.steps.mine", rank=line.mine.rank) if line.mine and line.leader else ""
        lines.append(t(language, "board.steps.line", step=line.step, title=title, leader=leader, mine=mine))
    embed.description = "\n".join(lines)[:4096]
    return embed


def _bar(value: int, top: int, width: int = 10) -> str:
    filled = round(width * value / top) if top else 0
    return "▓" * filled + "░" * (width - filled)


def step_level(step: StepProgress) -> str:
    """A step's level in words a person understands: starting, on the way, mastered (every item met)."""
    if step.met and step.mastered == step.met:
        return "mastered"
    return "on_the_way" if step.mastered else "starting"


def learning_value(progress: Progress, language: str) -> str:
    """The /me learning field: totals, then per step of the 10 the items mastered of those met and a level."""
    if not progress.met:
        return t(language, "me.learning.none")
    lines = [
        t(
            language,
            "me.learning.value",
            mastered=progress.mastered,
            met=progress.met,
            due=progress.due,
            confident_wrong=progress.confident_wrong,
        )
    ]
    for number, step in progress.steps.items():
        level = t(language, f"me.level.{step_level(step)}")
        lines.append(f"`{number:>2}` {t(language, 'me.step.mastery', mastered=step.mastered, met=step.met)} · {level}")
    return "\n".join(lines)[:1024]


def me_embed(
    stats: list[tuple[str, PersonalStats]],
    detail: PersonalStats,
    language: str,
    display_name: str,
    learning: Progress | None = None,
) -> discord.Embed:
    """The caller's points, rank, streak, accuracy, reflections and kudos, 10-step progress, learning, neighbours."""
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
    embed.add_field(
        name=t(language, "me.streak"), value=t(language, "me.streak.value", days=detail.streak), inline=True
    )
    embed.add_field(
        name=t(language, "me.reflections"),
        value=t(language, "me.reflections.value", reflections=detail.reflections, kudos=detail.kudos),
        inline=True,
    )
    top = max((standing.points for standing in detail.per_step.values()), default=0)
    steps = []
    for step, standing in sorted(detail.per_step.items()):
        share = f"{standing.accuracy:.0%}" if standing.accuracy is not None else "—"
        steps.append(f"`{step:>2} {_bar(standing.points, top)}` {standing.points} pts · {share}")
    period = period_label(detail.window, language)
    embed.add_field(name=t(language, "me.steps", period=period), value="\n".join(steps)[:1024], inline=False)
    if learning is not None:
        embed.add_field(name=t(language, "me.learning"), value=learning_value(learning, language), inline=False)
    if detail.neighbours:
        embed.add_field(
            name=t(language, "me.neighbours", period=period),
            value="\n".join(_person_line(row, language) for row in detail.neighbours)[:1024],
            inline=False,
        )
    return embed
