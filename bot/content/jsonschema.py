"""JSON Schemas of the content formats, so editors validate YAML while it is typed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from bot.content.schema import DimensionsFile, PackFile, StepsFile

SCHEMAS: dict[str, type[BaseModel]] = {
    "pack.schema.json": PackFile,
    "steps.schema.json": StepsFile,
    "dimensions.schema.json": DimensionsFile,
}


def schema_of(model: type[BaseModel], name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one content format."""
    schema = model.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://momentos.invalid/schema/{name}",
        **schema,
    }


def render(name: str) -> str:
    """The schema file's exact text, as committed under scenarios/schema/."""
    return json.dumps(schema_of(SCHEMAS[name], name), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_schemas(directory: Path) -> list[Path]:
    """Write every schema into `directory`; returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMAS:
        path = directory / name
        path.write_text(render(name), encoding="utf-8")
        written.append(path)
    return written
