"""Content problems and item-writing advice told in the reader's language, in reports that fit a Discord reply."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from bot.content.errors import Problem, format_path
from bot.content.problems import render
from bot.discord.texts import CATALOGUE, t
from bot.domain.cues import Cue

log = logging.getLogger("momentos.problems")


def _template_in(language: str) -> Callable[[str], str]:
    def template_of(code: str) -> str:
        entry = CATALOGUE[f"content.{code}"]
        return entry.get(language) or entry["es"]

    return template_of


def render_problem(problem: Problem, language: str) -> str:
    """What is wrong, in `language` (Spanish if unknown); the English message if the catalogue lacks the code."""
    try:
        return render(problem.code, problem.values, _template_in(language))
    except (KeyError, IndexError, ValueError):
        log.warning("no %s text for content problem %r (values %r)", language, problem.code, dict(problem.values))
        return problem.message


def render_line(problem: Problem, language: str) -> str:
    """`file:line:column: key.path: message`, the message in `language`."""
    place = f"{problem.file}:{problem.line}:{problem.column}"
    return f"{place}: {format_path(problem.path)}: {render_problem(problem, language)}"


def render_report(problems: Sequence[Problem], language: str, limit: int) -> str:
    """One line per problem, as many whole lines as fit in `limit` characters, then '… and N more'."""
    return fit_lines([render_line(problem, language) for problem in problems], language, limit)


def render_advice(advice: Sequence[tuple[str, Cue]], language: str, limit: int) -> str:
    """Item-writing advice for a manager: a title, then one line per cue (item, language, what to change)."""
    if not advice:
        return t(language, "advice.none")[:limit]
    title = t(language, "advice.title")
    lines = [
        "• " + t(language, "advice.item", id=item_id, language=cue.language, advice=_cue_text(cue, language))
        for item_id, cue in advice
    ]
    return title + "\n" + fit_lines(lines, language, limit - len(title) - 1)


def _cue_text(cue: Cue, language: str) -> str:
    return render(cue.code, dict(cue.values), _template_in(language))


def fit_lines(lines: list[str], language: str, limit: int) -> str:
    """As many whole lines as fit in `limit` characters, then '… and N more'."""
    whole = "\n".join(lines)
    if len(whole) <= limit:
        return whole

    def more(count: int) -> str:
        return t(language, "problems.more", count=count)

    shown, length = 0, -1  # -1: the first line needs no newline before it
    for line in lines[:-1]:
        grown = length + 1 + len(line)
        if grown + 1 + len(more(len(lines) - shown - 1)) > limit:
            break
        shown, length = shown + 1, grown
    if shown:
        return "\n".join([*lines[:shown], more(len(lines) - shown)])
    # Not even the first line fits whole: better its beginning than nothing at all.
    room = limit - 1 - len(more(len(lines) - 1))
    if room < 2:
        return more(len(lines))[:limit]
    return f"{lines[0][: room - 1]}…\n{more(len(lines) - 1)}"
