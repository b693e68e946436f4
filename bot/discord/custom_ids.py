"""The one grammar of Momentos' custom_ids: every button and form id is written and read here.

A custom_id is `momentos:<kind>:<field>[:<field>]`. Kinds and their typed fields are one table (`KINDS`);
`encode` writes an id, `parse` reads one back or says it is not ours or not well formed. Nothing else in
the bot builds or splits these strings, so the length and digit rules live in one place.

Ids are untrusted input: Discord lets any client send any custom_id it was shown, and a hostile client can
send others. `parse` only checks the shape; handlers re-check every id against the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

NAMESPACE = "momentos"
MAX_ID_DIGITS = 19  # a snowflake or a database id fits in a signed 64-bit integer: at most 19 digits


class Field(StrEnum):
    """What one part of an id holds."""

    ID = "id"  # a database or Discord id: 1-19 ASCII digits
    CHOICE = "choice"  # a choice of a post: one ASCII digit (A = 0)


class Kind(StrEnum):
    """Every kind of component or form Momentos sends."""

    ANSWER = "answer"  # a choice button on a daily post: post id, choice
    REFLECT = "reflect"  # opens the reflection form of a scenario post: post id
    KUDOS = "kudos"  # a teammate's kudos on a reflection: reflection id
    HIGHLIGHT = "highlight"  # a manager's highlight of a reflection: reflection id
    FORGET = "forget"  # confirms erasing a member: member id, id of who asked
    DRAFT = "draft"  # reopens a manager's scenario form: the manager's id
    REFLECTION_FORM = "reflection"  # the reflection form itself (a modal): post id
    SCENARIO_FORM = "scenario"  # the scenario form (a modal): the manager's id
    REVIEWS = "reviews"  # 🔁 on a daily post: today's next review of whoever presses it (the post's id)
    REVIEW_ANSWER = "review"  # a choice of a private review: review id, choice
    SURE_ANSWER = "sure-answer"  # "¿Seguro?" after a daily answer: answer id, 1 = sure / 0 = not
    SURE_REVIEW = "sure-review"  # "¿Seguro?" after a review: review id, 1 = sure / 0 = not


KINDS: dict[Kind, tuple[Field, ...]] = {
    Kind.ANSWER: (Field.ID, Field.CHOICE),
    Kind.REFLECT: (Field.ID,),
    Kind.KUDOS: (Field.ID,),
    Kind.HIGHLIGHT: (Field.ID,),
    Kind.FORGET: (Field.ID, Field.ID),
    Kind.DRAFT: (Field.ID,),
    Kind.REFLECTION_FORM: (Field.ID,),
    Kind.SCENARIO_FORM: (Field.ID,),
    Kind.REVIEWS: (Field.ID,),
    Kind.REVIEW_ANSWER: (Field.ID, Field.CHOICE),
    Kind.SURE_ANSWER: (Field.ID, Field.CHOICE),
    Kind.SURE_REVIEW: (Field.ID, Field.CHOICE),
}
FORMS = frozenset({Kind.REFLECTION_FORM, Kind.SCENARIO_FORM})


@dataclass(frozen=True, slots=True)
class CustomId:
    """A well-formed id of ours: its kind and its fields as numbers."""

    kind: Kind
    values: tuple[int, ...]

    @property
    def first(self) -> int:
        """The first field (every kind has one)."""
        return self.values[0]


def _valid(field: Field, text: str) -> bool:
    """ASCII digits in canonical form (no sign, no leading zero): exactly what `encode` writes."""
    if not (text.isascii() and text.isdigit()) or (len(text) > 1 and text[0] == "0"):
        return False
    return len(text) == 1 if field is Field.CHOICE else len(text) <= MAX_ID_DIGITS


def encode(kind: Kind, *values: int) -> str:
    """The custom_id of `kind` with these fields (ValueError if they do not fit the kind)."""
    fields = KINDS[kind]
    texts = [str(value) for value in values]
    if len(texts) != len(fields) or not all(
        value >= 0 and _valid(field, text) for field, value, text in zip(fields, values, texts, strict=True)
    ):
        raise ValueError(f"{kind.value} takes {[field.value for field in fields]}, got {values!r}")
    return ":".join((NAMESPACE, kind.value, *texts))


def ours(custom_id: str) -> bool:
    """Whether an id is in Momentos' namespace (well formed or not)."""
    return custom_id.startswith(f"{NAMESPACE}:")


def parse(custom_id: str) -> CustomId | None:
    """The kind and fields of one of our ids; None for anything else (foreign, unknown kind, malformed)."""
    parts = custom_id.split(":")
    if len(parts) < 3 or parts[0] != NAMESPACE:
        return None
    try:
        kind = Kind(parts[1])
    except ValueError:
        return None
    fields, texts = KINDS[kind], parts[2:]
    if len(texts) != len(fields) or not all(_valid(f, text) for f, text in zip(fields, texts, strict=True)):
        return None
    return CustomId(kind, tuple(int(text) for text in texts))
