"""The shape of content files, as pydantic models: one source for validation and the JSON Schema.

Shape and types live here; rules that span fields or files (exactly one correct choice, a step that
exists, unique ids) live in `rules.py`, where each problem can be pinned to the exact key.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal, TypeAlias, TypeVar

from pydantic import BaseModel, ConfigDict, Discriminator, Field, StrictBool, StrictInt, Tag

PACK_FORMAT = "momentos.pack/1"
STEPS_FORMAT = "momentos.steps/1"
DIMENSIONS_FORMAT = "momentos.dimensions/1"

ITEM_ID_PATTERN = r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$"
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

# Lengths keep a rendered post inside Discord's embed limits (description 4096, total 6000).
Title = Annotated[str, Field(min_length=1, max_length=200)]
ShortText = Annotated[str, Field(min_length=1, max_length=100)]
Line = Annotated[str, Field(min_length=1, max_length=300)]
Story = Annotated[str, Field(min_length=1, max_length=2500)]
Question = Annotated[str, Field(min_length=1, max_length=500)]
Feedback = Annotated[str, Field(min_length=1, max_length=500)]
Explanation = Annotated[str, Field(min_length=1, max_length=1000)]
Passage = Annotated[str, Field(min_length=1, max_length=1000)]
Note = Annotated[str, Field(min_length=1, max_length=500)]
ItemId = Annotated[str, Field(min_length=2, max_length=64, pattern=ITEM_ID_PATTERN)]
Slug = Annotated[str, Field(min_length=2, max_length=40, pattern=SLUG_PATTERN)]
LanguageCode = Literal["es", "en"]
StepNumber = Annotated[StrictInt, Field(ge=1, le=10)]

# Tags of the two spellings of an item text; `messages.py` removes them from error paths.
PLAIN, BY_LANGUAGE = "plain", "by-language"


def _text_kind(value: Any) -> str:
    return BY_LANGUAGE if isinstance(value, dict) else PLAIN


T = TypeVar("T")

# What a validated item text is: plain, or by language.
RawText: TypeAlias = str | Mapping[LanguageCode, str]

# A text written either plainly (in the pack's one language) or as {es: ..., en: ...}.
Localizable: TypeAlias = Annotated[
    Annotated[T, Tag(PLAIN)] | Annotated[dict[LanguageCode, T], Field(min_length=1), Tag(BY_LANGUAGE)],
    Discriminator(_text_kind),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


class LocalizedText(_Strict):
    """A short text in Spanish and English."""

    es: Line
    en: Line


class ProvenanceSpec(_Strict):
    """Where a step comes from: the seed itself, a published list, or the project's own completion."""

    type: Literal["seed", "published", "project"]
    seed: ShortText | None = None
    passage: Passage | None = None
    reference: Note | None = None
    note: Note | None = None


class StepSpec(_Strict):
    """One of the 10 steps to better customer service."""

    number: StepNumber
    title: LocalizedText
    summary: LocalizedText
    provenance: ProvenanceSpec


class StepsFile(_Strict):
    """scenarios/steps.yaml."""

    format: Literal["momentos.steps/1"]
    steps: Annotated[list[StepSpec], Field(min_length=10, max_length=10)]


class DimensionSpec(_Strict):
    """One of the 10 dimensions of service quality."""

    key: Slug
    number: StepNumber
    name: LocalizedText
    definition: LocalizedText
    determinant: ShortText


class DimensionsFile(_Strict):
    """scenarios/dimensions.yaml."""

    format: Literal["momentos.dimensions/1"]
    dimensions: Annotated[list[DimensionSpec], Field(min_length=10, max_length=10)]


class ChoiceSpec(_Strict):
    """One answer; the post shows it as A, B, C… and its feedback goes to whoever picks it."""

    text: Localizable[Line]
    correct: StrictBool
    feedback: Localizable[Feedback]


class ReflectionSpec(_Strict):
    """What a scenario asks people to write about, and how much."""

    prompts: Annotated[list[Localizable[Line]], Field(min_length=1, max_length=3)]
    min_length: Annotated[StrictInt, Field(ge=20, le=1000)] | None = None  # None: the server's default (80)


class SourceSpec(_Strict):
    """Provenance of an item: a verbatim seed passage, or a note for anything else.

    The passage is quoted to learners when the post is revealed; `translation` gives it to readers of
    other languages (the seeds are Spanish), e.g. `translation: {en: "..."}`.
    """

    seed: ShortText | None = None
    passage: Passage | None = None
    translation: Annotated[dict[LanguageCode, Passage], Field(min_length=1)] | None = None
    note: Note | None = None


class ItemSpec(_Strict):
    """A quiz (question + choices) or a scenario (story + reflection, optionally a question)."""

    model_config = ConfigDict(
        json_schema_extra={
            "allOf": [
                {
                    "if": {"properties": {"kind": {"const": "quiz"}}},
                    "then": {"required": ["question", "choices"], "not": {"required": ["reflection"]}},
                },
                {
                    "if": {"properties": {"kind": {"const": "scenario"}}},
                    "then": {"required": ["story", "reflection"]},
                },
            ]
        }
    )

    id: ItemId
    kind: Literal["quiz", "scenario"]
    title: Localizable[Title]
    step: StepNumber
    dimensions: Annotated[list[Slug], Field(min_length=1, max_length=3)]
    story: Localizable[Story] | None = None
    question: Localizable[Question] | None = None
    choices: Annotated[list[ChoiceSpec], Field(min_length=2, max_length=5)] | None = None
    explanation: Localizable[Explanation]
    reflection: ReflectionSpec | None = None
    source: SourceSpec
    tags: Annotated[list[Slug], Field(max_length=10)] = []


class PackInfo(_Strict):
    """What a pack is about, and the languages every one of its items is written in.

    `languages: [es, en]` means every item text is given as {es: ..., en: ...}; a one-language pack
    (`languages: [es]`, or the shorthand `language: es`) may write its texts plainly.
    """

    id: Slug
    title: ShortText
    description: Note | None = None
    languages: Annotated[list[LanguageCode], Field(min_length=1, max_length=2)] | None = None
    language: LanguageCode | None = None


class PackFile(_Strict):
    """A content pack: any other *.yaml file under scenarios/."""

    format: Literal["momentos.pack/1"]
    pack: PackInfo
    items: Annotated[list[ItemSpec], Field(min_length=1, max_length=500)]
