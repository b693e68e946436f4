"""Pydantic's validation errors rewritten as problems a content author understands (codes in problems.py)."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from bot.content.errors import Path, Problem
from bot.content.schema import BY_LANGUAGE, PLAIN
from bot.content.yamlsource import Located

# Keys whose pattern has a problem code with a hint of its own.
_PATTERN_CODES = {"id": "pattern.id", "key": "pattern.key"}

Explained = tuple[str, dict[str, str | int], bool]


def _kind_of(value: Any) -> dict[str, str | int]:
    """What was found, as the values of the `{kind}` fragment: `kind.number` with the number, and so on."""
    if value is None:
        return {"kind": "null"}
    if isinstance(value, bool):
        return {"kind": "boolean", "boolean": str(value).lower()}
    if isinstance(value, int | float):
        return {"kind": "number", "number": str(value)}
    if isinstance(value, str):
        return {"kind": "text"}
    if isinstance(value, list):
        return {"kind": "list"}
    if isinstance(value, dict):
        return {"kind": "mapping"}
    return {"kind": "other", "type": type(value).__name__}


def _allowed_keys(model: type[BaseModel], path: Path) -> list[str]:
    """The keys allowed at the mapping that contains `path`, found by walking the model fields."""
    current: Any = model
    for part in path[:-1]:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if hasattr(current, "model_fields") else None
        if field is None:
            return []
        current = _model_in(field.annotation)
        if current is None:
            return []
    return list(current.model_fields) if hasattr(current, "model_fields") else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model class inside an annotation such as `list[Spec] | None`, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in getattr(annotation, "__args__", ()) or ():
        found = _model_in(argument)
        if found is not None:
            return found
    return None


def _expected(expected: str, value: Any) -> tuple[str, dict[str, str | int]]:
    """Pydantic's `'a', 'b' or 'c'` split so the 'or' can be said in any language."""
    options, separator, last = expected.rpartition(" or ")
    if not separator:
        return "literal.one", {"expected": expected, "value": repr(value)}
    return "literal.choice", {"options": options, "last": last, "value": repr(value)}


def explain(error: ErrorDetails, model: type[BaseModel]) -> Explained:
    """The problem code and values of one pydantic error, and whether it should point at the key, not the value."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    path = tuple(error["loc"])
    name = str(path[-1]) if path else ""
    if kind == "missing":
        return "key.missing", {}, False
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, path)
        close = difflib.get_close_matches(name, allowed, n=1)
        values: dict[str, str | int] = {"name": name}
        code = "key.unknown"
        if close:
            code, values["suggestion"] = f"{code}.suggest", close[0]
        if allowed:
            code, values["allowed"] = f"{code}.allowed", ", ".join(allowed)
        return code, values, True
    if kind in {"string_too_long", "string_too_short"}:
        length = len(value) if isinstance(value, str) else 0
        if kind == "string_too_long":
            return "text.too_long", {"length": length, "max": str(ctx.get("max_length"))}, False
        if length == 0:
            return "text.empty", {}, False
        return "text.too_short", {"length": length, "min": str(ctx.get("min_length"))}, False
    if kind == "too_long":
        return "list.too_long", {"max": str(ctx.get("max_length")), "count": str(ctx.get("actual_length"))}, False
    if kind == "too_short":
        return "list.too_short", {"min": str(ctx.get("min_length")), "count": str(ctx.get("actual_length"))}, False
    if kind == "string_pattern_mismatch":
        if name in _PATTERN_CODES:
            return _PATTERN_CODES[name], {"value": str(value)}, False
        return "pattern.other", {"value": str(value), "name": name, "pattern": str(ctx.get("pattern"))}, False
    if kind == "literal_error":
        code, values = _expected(str(ctx.get("expected")), value)
        return code, values, False
    if kind == "invalid_key":
        return "key.not_text", _kind_of(value), True
    if kind in {"string_type"}:
        return "type.text", _kind_of(value), False
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return "type.integer", _kind_of(value), False
    if kind in {"bool_type", "bool_parsing"}:
        return "type.boolean", _kind_of(value), False
    if kind == "list_type":
        return "type.list", _kind_of(value), False
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return "type.mapping", _kind_of(value), False
    if kind == "greater_than_equal":
        return "number.too_small", {"min": str(ctx.get("ge")), "value": str(value)}, False
    if kind == "less_than_equal":
        return "number.too_large", {"max": str(ctx.get("le")), "value": str(value)}, False
    return "validation.other", {"detail": error["msg"]}, False


def problems_from(exc: ValidationError, model: type[BaseModel], located: Located) -> list[Problem]:
    """Every pydantic error of one file as located problems; a missing key points at its parent mapping."""
    problems = []
    for error in exc.errors():
        loc = [part for part in error["loc"] if part not in (PLAIN, BY_LANGUAGE)]
        if loc and loc[-1] == "[key]":
            path: Path = tuple(loc[:-1])
            problems.append(located.problem(path, "language.unknown", key=True, value=str(error.get("input"))))
            continue
        path = tuple(part for part in loc if isinstance(part, str | int))
        code, values, at_key = explain(error, model)
        anchor = path[:-1] if error["type"] == "missing" else path
        problems.append(located.problem(path, code, key=at_key, anchor=anchor, **values))
    return problems
