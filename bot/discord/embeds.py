"""How the game looks in Discord: the daily post, answer feedback, boards and personal stats."""

from __future__ import annotations

from datetime import datetime, timedelta

import discord

from bot.discord.texts import t
from bot.domain.leaderboard import Ranked
from bot.domain.model import Catalog, Item
from bot.domain.periods import Window
from bot.domain.schedule import zone as zone_of
from bot.domain.scoring import EventKind
from bot.services.announcements import WeekResults
from bot.services.answers import Scored
from bot.services.boards import PeopleBoard, PersonalStats, StepsBoard, TeamBoard
from bot.services.closing import Reveal

BRAND = discord.Colour(0x2B7A78)
GOLD = discord.Colour(0xC9A227)
CHART_FILE = "momentos-semana.png"
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


def reflection_embed(body: str, author_id: int, kudos: int, highlighted: bool, language: str) -> discord.Embed:
    """A reflection in the post's thread: the author's mention (never a ping in an embed) and the text, markdown
    escaped like all user text (a masked link must not pass for the bot's own)."""
    embed = discord.Embed(
        title=t(language, "reflect.embed.title"),
        description=f"<@{author_id}>\n\n{discord.utils.escape_markdown(body)}"[:4096],
        colour=GOLD if highlighted else BRAND,
    )
    if kudos:
        embed.add_field(name=t(language, "reflect.kudos"), value=f"👏 {kudos}")
    if highlighted:
        embed.set_footer(text=t(language, "reflect.highlighted"))
    return embed


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


def period_label(window: Window, language: str) -> str:
    """'semana 2026-W48', 'mes 2026-11', 'desde el inicio'."""
    if window.label == "all":
        return t(language, "period.all")
    kind = "period.week" if "-W" in window.label else "period.month"
    return t(language, kind, label=window.label)


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


def me_embed(
    stats: list[tuple[str, PersonalStats]], detail: PersonalStats, language: str, display_name: str
) -> discord.Embed:
    """The caller's points, rank, streak, accuracy, reflections and kudos, 10-step progress and neighbours."""
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
    if detail.neighbours:
        embed.add_field(
            name=t(language, "me.neighbours", period=period),
            value="\n".join(_person_line(row, language) for row in detail.neighbours)[:1024],
            inline=False,
        )
    return embed


def format_window(window: timedelta) -> str:
    """'8 h', '1 h 30 min', '45 min'."""
    minutes = int(window.total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"
