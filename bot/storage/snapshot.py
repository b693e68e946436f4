"""Items as JSON, so a post keeps the exact version it showed even after the content changes."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from bot.domain.model import Choice, Item, ItemKind, Reflection, Source


def dump_item(item: Item) -> str:
    """The item as a JSON document."""
    return json.dumps(asdict(item), ensure_ascii=False, sort_keys=True)


def load_item(body: str) -> Item:
    """An item back from `dump_item`'s JSON."""
    data: dict[str, Any] = json.loads(body)
    reflection = data.get("reflection")
    return Item(
        id=data["id"],
        kind=ItemKind(data["kind"]),
        title=data["title"],
        step=int(data["step"]),
        dimensions=tuple(data["dimensions"]),
        explanation=data["explanation"],
        source=Source(**data["source"]),
        language=data["language"],
        story=data.get("story"),
        question=data.get("question"),
        choices=tuple(Choice(**choice) for choice in data.get("choices", ())),
        reflection=Reflection(tuple(reflection["prompts"]), int(reflection["min_length"])) if reflection else None,
        pack=data.get("pack", ""),
        version=data.get("version", ""),
        tags=tuple(data.get("tags", ())),
        translation_of=data.get("translation_of"),
    )
