"""A server's scoring rules as a small YAML file, validated like content and reported the same way.

Only `format:` is required; every other section and key is optional and keeps the default of
`ScoringRules()` when left out, so a file only says what differs. A section left empty (all its keys
commented out) means defaults too; an empty file is refused, as it is more likely a mistake than a choice.
Bounds keep numbers sane (and a typo such as 5000 visible) without deciding the game for the server:

- points (quiz, speed bonus, streak per day and cap, reflection, kudos, highlight): 0..1000;
- speed bonus fade: 1..1440 minutes (at most a day);
- kudos counts (per reflection, per giver per day): 0..100;
- reflection minimum length: 20..1000 characters (the same range an item may set for itself);
- reviews: 0..10 a person per day, desired retention 0.70..0.97, longest interval 7..3650 days.

The game's promises (`ScoringRules.__post_init__`) are checked after the shape and reported at the key
the manager most likely has to change.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt

from bot.content.errors import ContentError, Path, Problem
from bot.content.loader import validate_as
from bot.content.yamlsource import Located, decode, parse
from bot.domain.scoring import RulesError, ScoringRules
from bot.domain.settings import GameRules, ReviewSettings, Visibility

SCORING_FORMAT = "momentos.scoring/1"
MAX_SCORING_BYTES = 16 * 1024

Points = Annotated[StrictInt, Field(ge=0, le=1000)]
Minutes = Annotated[StrictInt, Field(ge=1, le=1440)]
Count = Annotated[StrictInt, Field(ge=0, le=100)]
MinLength = Annotated[StrictInt, Field(ge=20, le=1000)]
PerDay = Annotated[StrictInt, Field(ge=0, le=10)]
Retention = Annotated[float, Field(ge=0.7, le=0.97, allow_inf_nan=False)]
IntervalDays = Annotated[StrictInt, Field(ge=7, le=3650)]
# The values of `Visibility`, spelled out so an unknown one gets the friendly "expected ..." message.
VisibilityName = Literal["after_close", "immediate", "managers_only"]

_DEFAULT = ScoringRules()
_DEFAULT_REVIEWS = ReviewSettings()
_DEFAULT_RULES = GameRules()


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class QuizSection(_Section):
    """Points for an answer."""

    correct: Points = _DEFAULT.correct
    wrong: Points = _DEFAULT.wrong


class SpeedSection(_Section):
    """The bonus for answering correctly soon after the post."""

    max: Points = _DEFAULT.speed_bonus
    minutes: Minutes = _DEFAULT.speed_minutes


class StreakSection(_Section):
    """The bonus for showing up on consecutive scheduled days."""

    per_day: Points = _DEFAULT.streak_per_day
    cap: Points = _DEFAULT.streak_cap


class ReflectionSection(_Section):
    """Points for a reflection long enough."""

    points: Points = _DEFAULT.reflection
    min_length: MinLength = _DEFAULT.reflection_min_length


class KudosSection(_Section):
    """Points for teammates' kudos, and how many count."""

    points: Points = _DEFAULT.kudos
    max_per_reflection: Count = _DEFAULT.kudos_per_reflection
    max_per_day: Count = _DEFAULT.kudos_per_day


class HighlightSection(_Section):
    """Points for a manager's highlight."""

    points: Points = _DEFAULT.highlight


class ReviewsSection(_Section):
    """Private reviews of items a person met: their points, how many a day, and the memory model's bounds."""

    points: Points = _DEFAULT.review
    per_day: PerDay = _DEFAULT_REVIEWS.per_day
    desired_retention: Retention = _DEFAULT_REVIEWS.desired_retention
    max_interval_days: IntervalDays = _DEFAULT_REVIEWS.max_interval_days


class ScoringFile(_Section):
    """A server's scoring file."""

    format: Literal["momentos.scoring/1"]
    quiz: QuizSection | None = None
    speed_bonus: SpeedSection | None = None
    streak: StreakSection | None = None
    reflection: ReflectionSection | None = None
    kudos: KudosSection | None = None
    highlight: HighlightSection | None = None
    reviews: ReviewsSection | None = None
    reflections_visible: VisibilityName = "after_close"
    exclude_managers: StrictBool = _DEFAULT_RULES.exclude_managers


def load_scoring(raw: bytes, name: str) -> GameRules:
    """A scoring file's rules; ContentError listing every located problem otherwise."""
    located = parse(decode(raw, name, MAX_SCORING_BYTES), name)
    spec = validate_as(ScoringFile, located)
    quiz = spec.quiz or QuizSection()
    speed = spec.speed_bonus or SpeedSection()
    streak = spec.streak or StreakSection()
    reflection = spec.reflection or ReflectionSection()
    kudos = spec.kudos or KudosSection()
    highlight = spec.highlight or HighlightSection()
    reviews = spec.reviews or ReviewsSection()
    try:
        scoring = ScoringRules(
            correct=quiz.correct,
            wrong=quiz.wrong,
            speed_bonus=speed.max,
            speed_minutes=speed.minutes,
            streak_per_day=streak.per_day,
            streak_cap=streak.cap,
            reflection=reflection.points,
            reflection_min_length=reflection.min_length,
            kudos=kudos.points,
            kudos_per_reflection=kudos.max_per_reflection,
            kudos_per_day=kudos.max_per_day,
            highlight=highlight.points,
            review=reviews.points,
        )
    except RulesError as exc:
        raise ContentError([_broken_promise(quiz, speed, located, exc)]) from None
    settings = ReviewSettings(reviews.per_day, reviews.desired_retention, reviews.max_interval_days)
    return GameRules(scoring, Visibility(spec.reflections_visible), spec.exclude_managers, settings)


def _written(located: Located, *candidates: Path) -> Path:
    """The first candidate key actually written in the file (what the manager changed), else the first."""
    return next((path for path in candidates if path in located.value_marks), candidates[0])


def _broken_promise(quiz: QuizSection, speed: SpeedSection, located: Located, exc: RulesError) -> Problem:
    """A rule of the game broken by the file, placed at the key most likely to need changing."""
    correct, wrong, bonus = quiz.correct, quiz.wrong, speed.max
    if wrong >= correct:
        path = _written(located, ("quiz", "wrong"), ("quiz", "correct"))
        return located.problem(path, "scoring.wrong", wrong=wrong, correct=correct)
    gap = correct - wrong
    if bonus >= gap:
        path = _written(located, ("speed_bonus", "max"), ("quiz", "correct"), ("quiz", "wrong"))
        return located.problem(path, "scoring.speed", correct=correct, wrong=wrong, gap=gap, bonus=bonus, most=gap - 1)
    # A promise added to ScoringRules after this file was written.
    return located.problem((), "scoring.rule", detail=str(exc))


# What each key means, in Spanish and English, for the commented file `dump_scoring` writes.
_HEADER = """\
# Momentos: reglas de puntuación de un servidor / a server's scoring rules.
# Todo salvo format es opcional: lo que borres conserva el valor por defecto.
# Everything but format is optional: whatever you delete keeps its default.
"""
_COMMENTS: dict[Path, str] = {
    ("format",): "no cambiar / do not change",
    ("quiz", "correct"): "respuesta correcta / correct answer",
    ("quiz", "wrong"): "respuesta incorrecta, < correct / wrong answer, < correct",
    ("speed_bonus", "max"): "extra por rapidez, < correct - wrong / speed bonus, < correct - wrong",
    ("speed_bonus", "minutes"): "baja a 0 en estos minutos / fades to 0 over these minutes",
    ("streak", "per_day"): "por día de racha desde el 2.º / per streak day from day 2",
    ("streak", "cap"): "máximo de la racha / streak bonus cap",
    ("reflection", "points"): "por reflexión / per reflection",
    ("reflection", "min_length"): "caracteres mínimos por defecto / default minimum characters",
    ("kudos", "points"): "por kudo recibido / per kudos received",
    ("kudos", "max_per_reflection"): "kudos que cuentan por reflexión / kudos counted per reflection",
    ("kudos", "max_per_day"): "kudos que da cada persona al día / kudos each person gives a day",
    ("highlight", "points"): "destacada por un responsable / highlighted by a manager",
    ("reviews", "points"): "por repaso acertado / per review answered right",
    ("reviews", "per_day"): "repasos por persona al día, 0 = sin repasos / reviews per person a day, 0 = none",
    ("reviews", "desired_retention"): "memoria deseada / desired retention",
    ("reviews", "max_interval_days"): "intervalo máximo en días / longest interval in days",
    ("reflections_visible",): "cuándo se ven las reflexiones / when reflections show: "
    "after_close | immediate | managers_only",
    ("exclude_managers",): "true: los responsables no puntúan / managers do not score",
}


def _range(model: type[BaseModel], key: str) -> str:
    """`0-1000` from a field's bounds, so the comments never disagree with validation."""
    metadata = model.model_fields[key].metadata
    bounds = {name: getattr(m, name) for m in metadata for name in ("ge", "le") if hasattr(m, name)}
    return f" ({bounds['ge']}-{bounds['le']})" if bounds else ""


def dump_scoring(game: GameRules) -> str:
    """The full, commented scoring file of `game`: what a manager copies, and what `load_scoring` reads back."""
    rules = game.scoring
    sections: list[tuple[str | None, type[BaseModel], dict[str, Any]]] = [
        (None, ScoringFile, {"format": SCORING_FORMAT}),
        ("quiz", QuizSection, {"correct": rules.correct, "wrong": rules.wrong}),
        ("speed_bonus", SpeedSection, {"max": rules.speed_bonus, "minutes": rules.speed_minutes}),
        ("streak", StreakSection, {"per_day": rules.streak_per_day, "cap": rules.streak_cap}),
        ("reflection", ReflectionSection, {"points": rules.reflection, "min_length": rules.reflection_min_length}),
        (
            "kudos",
            KudosSection,
            {
                "points": rules.kudos,
                "max_per_reflection": rules.kudos_per_reflection,
                "max_per_day": rules.kudos_per_day,
            },
        ),
        ("highlight", HighlightSection, {"points": rules.highlight}),
        (
            "reviews",
            ReviewsSection,
            {
                "points": rules.review,
                "per_day": game.reviews.per_day,
                "desired_retention": game.reviews.desired_retention,
                "max_interval_days": game.reviews.max_interval_days,
            },
        ),
        (
            None,
            ScoringFile,
            {"reflections_visible": game.visibility.value, "exclude_managers": game.exclude_managers},
        ),
    ]
    rows: list[tuple[str, str]] = []  # (entry, comment); a section header has no comment
    for section, model, values in sections:
        if section is not None:
            rows.append((f"{section}:", ""))
        for key, value in values.items():
            text = str(value).lower() if isinstance(value, bool) else str(value)
            path: Path = (key,) if section is None else (section, key)
            entry = f"{key}: {text}" if section is None else f"  {key}: {text}"
            rows.append((entry, _COMMENTS[path] + _range(model, key)))
    width = max(len(entry) for entry, _ in rows) + 2
    lines = [f"{entry.ljust(width)}# {comment}" if comment else entry for entry, comment in rows]
    return _HEADER + "\n".join(lines) + "\n"
