"""Items as JSON, so a post keeps the exact version it showed even after the content changes."""

from __future__ import annotations

import json
from typing import Any

from bot.domain.model import Choice, Item, ItemKind, Reflection, Source, Text


def _text(text: Text) -> dict[str, str]:
    return dict(text.by_language)


def dump_item(item: Item) -> str:
    """The item, in every language it has, as a JSON document."""
    data: dict[str, Any] = {
        "id": item.id,
        "kind": item.kind.value,
        "title": _text(item.title),
        "step": item.step,
        "dimensions": list(item.dimensions),
        "explanation": _text(item.explanation),
        "source": {
            "seed": item.source.seed,
            "passage": item.source.passage,
            "note": item.source.note,
            **({"translation": dict(item.source.translation)} if item.source.translation else {}),
        },
        "languages": list(item.languages),
        "story": _text(item.story) if item.story else None,
        "question": _text(item.question) if item.question else None,
        "choices": [{"text": _text(c.text), "correct": c.correct, "feedback": _text(c.feedback)} for c in item.choices],
        "reflection": (
            {"prompts": [_text(p) for p in item.reflection.prompts], "min_length": item.reflection.min_length}
            if item.reflection
            else None
        ),
        "pack": item.pack,
        "version": item.version,
        "tags": list(item.tags),
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _source(data: dict[str, Any]) -> Source:
    translation = data.get("translation") or {}
    return Source(
        seed=data.get("seed"),
        passage=data.get("passage"),
        note=data.get("note"),
        translation=tuple(sorted((str(key), str(value)) for key, value in translation.items())),
    )


def load_item(body: str) -> Item:
    """An item back from `dump_item`'s JSON (one-language snapshots with plain strings are read too)."""
    data: dict[str, Any] = json.loads(body)
    languages = data.get("languages") or [data.get("language", "es")]

    def text(value: Any) -> Text:
        return Text.of(value if isinstance(value, dict) else {languages[0]: str(value)})

    def maybe(value: Any) -> Text | None:
        return text(value) if value else None

    reflection = data.get("reflection")
    return Item(
        id=data["id"],
        kind=ItemKind(data["kind"]),
        title=text(data["title"]),
        step=int(data["step"]),
        dimensions=tuple(data["dimensions"]),
        explanation=text(data["explanation"]),
        source=_source(data["source"]),
        languages=tuple(languages),
        story=maybe(data.get("story")),
        question=maybe(data.get("question")),
        choices=tuple(
            Choice(text(c["text"]), bool(c["correct"]), text(c["feedback"])) for c in data.get("choices", ())
        ),
        reflection=(
            Reflection(
                tuple(text(p) for p in reflection["prompts"]),
                None if reflection.get("min_length") is None else int(reflection["min_length"]),
            )
            if reflection
            else None
        ),
        pack=data.get("pack", ""),
        version=data.get("version", ""),
        tags=tuple(data.get("tags", ())),
    )
