"""The shape of content files, as pydantic models: one source for validation and the JSON Schema.

Shape and types live here; rules that span fields or files (exactly one correct choice, a step that
exists, unique ids) live in `rules.py`, where each problem can be pinned to the exact key.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt

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

    text: Line
    correct: StrictBool
    feedback: Feedback


class ReflectionSpec(_Strict):
    """What a scenario asks people to write about, and how much."""

    prompts: Annotated[list[Line], Field(min_length=1, max_length=3)]
    min_length: Annotated[StrictInt, Field(ge=20, le=1000)] = 80


class SourceSpec(_Strict):
    """Provenance of an item: a verbatim seed passage, or a note for anything else."""

    seed: ShortText | None = None
    passage: Passage | None = None
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
    title: Title
    step: StepNumber
    dimensions: Annotated[list[Slug], Field(min_length=1, max_length=3)]
    story: Story | None = None
    question: Question | None = None
    choices: Annotated[list[ChoiceSpec], Field(min_length=2, max_length=5)] | None = None
    explanation: Explanation
    reflection: ReflectionSpec | None = None
    source: SourceSpec
    language: LanguageCode | None = None
    translation_of: ItemId | None = None
    tags: Annotated[list[Slug], Field(max_length=10)] = []


class PackInfo(_Strict):
    """What a pack is about and the default language of its items."""

    id: Slug
    title: ShortText
    description: Note | None = None
    language: LanguageCode


class PackFile(_Strict):
    """A content pack: any other *.yaml file under scenarios/."""

    format: Literal["momentos.pack/1"]
    pack: PackInfo
    items: Annotated[list[ItemSpec], Field(min_length=1, max_length=500)]
