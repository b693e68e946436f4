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
class Text:
    """A piece of item content in each language it was written in (Spanish first, English too)."""

    by_language: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, texts: dict[str, str] | None = None, /, **by_language: str) -> Text:
        """Text.of(es="Hola", en="Hello") or Text.of({"es": "Hola"})."""
        merged = {**(texts or {}), **by_language}
        if not merged:
            raise ValueError("a text needs at least one language")
        return cls(tuple(sorted(merged.items(), key=lambda pair: (pair[0] != Language.ES, pair[0]))))

    @property
    def languages(self) -> frozenset[str]:
        """The languages this text exists in."""
        return frozenset(language for language, _ in self.by_language)

    def get(self, language: str) -> str:
        """The text in `language`, else in Spanish, else in whatever language it has."""
        texts = dict(self.by_language)
        return texts.get(language) or texts.get(Language.ES) or self.by_language[0][1]


@dataclass(frozen=True, slots=True)
class Choice:
    """One answer button of an item."""

    text: Text
    correct: bool
    feedback: Text


@dataclass(frozen=True, slots=True)
class Reflection:
    """What a scenario asks people to write about."""

    prompts: tuple[Text, ...]
    min_length: int | None = None  # None: the server's default minimum


@dataclass(frozen=True, slots=True)
class Source:
    """Where an item's idea comes from, so content stays faithful to the seeds."""

    seed: str | None = None
    passage: str | None = None
    note: str | None = None
    translation: tuple[tuple[str, str], ...] = ()

    def quote(self, language: str) -> tuple[str, str | None] | None:
        """The passage to show a reader of `language`, with its translation when the reader needs one."""
        if not self.passage:
            return None
        return self.passage, dict(self.translation).get(language)


@dataclass(frozen=True, slots=True)
class Item:
    """A challenge that can be posted to a team channel, in each of its languages."""

    id: str
    kind: ItemKind
    title: Text
    step: int
    dimensions: tuple[str, ...]
    explanation: Text
    source: Source
    languages: tuple[str, ...]
    story: Text | None = None
    question: Text | None = None
    choices: tuple[Choice, ...] = ()
    reflection: Reflection | None = None
    pack: str = ""
    version: str = ""
    tags: tuple[str, ...] = ()

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

    def speaks(self, language: str) -> bool:
        """Whether the item is complete in `language`."""
        return language in self.languages


@dataclass(frozen=True, slots=True)
class Catalog:
    """Everything loaded from the content directory, validated as a whole."""

    steps: dict[int, Step]
    dimensions: dict[str, Dimension]
    items: dict[str, Item]
    packs: dict[str, str] = field(default_factory=dict)

    def playable(self, language: str) -> list[Item]:
        """Items that can be posted to a guild speaking `language`, in a stable order."""
        items = [item for item in self.items.values() if item.answerable and item.speaks(language)]
        return sorted(items, key=lambda item: item.id)
