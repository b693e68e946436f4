"""Content objects the game is played with: steps, dimensions and items (quiz or scenario)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Language(StrEnum):
    """Languages content and the bot speak; Spanish first."""

    ES = "es"
    EN = "en"


class ItemKind(StrEnum):
    """A quiz asks one question; a scenario tells a story and asks for a reflection (and may ask a question)."""

    QUIZ = "quiz"
    SCENARIO = "scenario"


@dataclass(frozen=True, slots=True)
class Localized:
    """A short text available in both languages of the bot."""

    es: str
    en: str

    def get(self, language: str) -> str:
        """The text in `language`, falling back to Spanish, the source language."""
        return self.en if language == Language.EN else self.es


@dataclass(frozen=True, slots=True)
class Step:
    """One of the 10 steps to better customer service."""

    number: int
    title: Localized
    summary: Localized
    provenance: str


@dataclass(frozen=True, slots=True)
class Dimension:
    """One of the 10 dimensions of service quality."""

    key: str
    number: int
    name: Localized
    definition: Localized


@dataclass(frozen=True, slots=True)
class Choice:
    """One answer button of an item."""

    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True, slots=True)
class Reflection:
    """What a scenario asks people to write about."""

    prompts: tuple[str, ...]
    min_length: int


@dataclass(frozen=True, slots=True)
class Source:
    """Where an item's idea comes from, so content stays faithful to the seeds."""

    seed: str | None = None
    passage: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Item:
    """A challenge that can be posted to a team channel."""

    id: str
    kind: ItemKind
    title: str
    step: int
    dimensions: tuple[str, ...]
    explanation: str
    source: Source
    language: str
    story: str | None = None
    question: str | None = None
    choices: tuple[Choice, ...] = ()
    reflection: Reflection | None = None
    pack: str = ""
    version: str = ""
    tags: tuple[str, ...] = ()
    translation_of: str | None = None

    @property
    def main_dimension(self) -> str:
        """The dimension listed first, which the ledger records."""
        return self.dimensions[0]

    @property
    def answerable(self) -> bool:
        """Whether the item can be answered with buttons (the only way to play until reflections exist)."""
        return bool(self.question and self.choices)

    @property
    def correct_index(self) -> int | None:
        """Index of the correct choice, if the item has choices."""
        for index, choice in enumerate(self.choices):
            if choice.correct:
                return index
        return None


@dataclass(frozen=True, slots=True)
class Catalog:
    """Everything loaded from the content directory, validated as a whole."""

    steps: dict[int, Step]
    dimensions: dict[str, Dimension]
    items: dict[str, Item]
    packs: dict[str, str] = field(default_factory=dict)

    def playable(self, language: str) -> list[Item]:
        """Items that can be posted to a guild speaking `language`, in a stable order."""
        items = [item for item in self.items.values() if item.answerable and item.language == language]
        return sorted(items, key=lambda item: item.id)
