"""Items back to the YAML content format, so a server's own scenarios can be exported and re-uploaded."""

from __future__ import annotations

from typing import Any

import yaml

from bot.content.schema import PACK_FORMAT
from bot.domain.model import Item, Text


def _text(text: Text, languages: list[str]) -> str | dict[str, str]:
    if len(languages) == 1:
        return text.get(languages[0])
    return {language: text.get(language) for language in languages}


def item_spec(item: Item, languages: list[str]) -> dict[str, Any]:
    """The item as a pack entry (keys in the format's order; absent parts left out)."""
    spec: dict[str, Any] = {
        "id": item.id,
        "kind": item.kind.value,
        "title": _text(item.title, languages),
        "step": item.step,
        "dimensions": list(item.dimensions),
    }
    if item.story is not None:
        spec["story"] = _text(item.story, languages)
    if item.question is not None:
        spec["question"] = _text(item.question, languages)
    if item.choices:
        spec["choices"] = [
            {"text": _text(c.text, languages), "correct": c.correct, "feedback": _text(c.feedback, languages)}
            for c in item.choices
        ]
    spec["explanation"] = _text(item.explanation, languages)
    if item.reflection is not None:
        reflection: dict[str, Any] = {"prompts": [_text(p, languages) for p in item.reflection.prompts]}
        if item.reflection.min_length is not None:
            reflection["min_length"] = item.reflection.min_length
        spec["reflection"] = reflection
    source: dict[str, Any] = {
        key: value
        for key, value in (("seed", item.source.seed), ("passage", item.source.passage), ("note", item.source.note))
        if value
    }
    if item.source.translation:
        source["translation"] = dict(item.source.translation)
    spec["source"] = source
    if item.tags:
        spec["tags"] = list(item.tags)
    return spec


def pack_document(pack_id: str, title: str, languages: list[str], items: list[Item]) -> dict[str, Any]:
    """A whole pack as plain data."""
    header: dict[str, Any] = {"id": pack_id, "title": title}
    if len(languages) == 1:
        header["language"] = languages[0]
    else:
        header["languages"] = languages
    return {"format": PACK_FORMAT, "pack": header, "items": [item_spec(item, languages) for item in items]}


def pack_yaml(pack_id: str, title: str, languages: list[str], items: list[Item]) -> str:
    """A pack file's text, readable by `momentos validate` and `/scenario upload`."""
    body = yaml.safe_dump(
        pack_document(pack_id, title, languages, items), allow_unicode=True, sort_keys=False, width=100
    )
    return "# yaml-language-server: $schema=schema/pack.schema.json\n" + body
