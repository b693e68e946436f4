"""Pydantic's validation errors rewritten as messages a content author understands."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from bot.content.errors import Path, Problem
from bot.content.schema import BY_LANGUAGE, PLAIN
from bot.content.yamlsource import Located

_PATTERN_HINTS = {
    "id": "use lowercase letters, digits, '-' and '.', e.g. promesas.fiesta-cancelada",
    "key": "use lowercase letters, digits and '-', e.g. capacidad-de-respuesta",
}


def _kind_of(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a true/false value ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


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


def explain(error: ErrorDetails, model: type[BaseModel]) -> tuple[str, bool]:
    """A friendly message for one pydantic error, and whether it should point at the key, not the value."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    path = tuple(error["loc"])
    name = str(path[-1]) if path else ""
    if kind == "missing":
        return "required key is missing", False
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, path)
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        listing = f" (allowed: {', '.join(allowed)})" if allowed else ""
        return f"unknown key '{name}'{hint}{listing}", True
    if kind in {"string_too_long", "string_too_short"}:
        length = len(value) if isinstance(value, str) else 0
        if kind == "string_too_long":
            return f"text is {length} characters; at most {ctx.get('max_length')} allowed", False
        if length == 0:
            return "text must not be empty", False
        return f"text is {length} characters; at least {ctx.get('min_length')} needed", False
    if kind == "too_long":
        return f"expected at most {ctx.get('max_length')} entries, got {ctx.get('actual_length')}", False
    if kind == "too_short":
        return f"expected at least {ctx.get('min_length')} entries, got {ctx.get('actual_length')}", False
    if kind == "string_pattern_mismatch":
        hint = _PATTERN_HINTS.get(name, f"must match {ctx.get('pattern')}")
        return f"'{value}' is not a valid {name}: {hint}", False
    if kind == "literal_error":
        return f"expected {ctx.get('expected')}, got {value!r}", False
    if kind == "invalid_key":
        return f"keys must be text, got {_kind_of(value)}; rename it or put it in quotes", True
    if kind in {"string_type"}:
        return f"expected text, got {_kind_of(value)}", False
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return f"expected a whole number, got {_kind_of(value)}", False
    if kind in {"bool_type", "bool_parsing"}:
        return f"expected true or false, got {_kind_of(value)}", False
    if kind == "list_type":
        return f"expected a list, got {_kind_of(value)}", False
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return f"expected a mapping of keys to values, got {_kind_of(value)}", False
    if kind == "greater_than_equal":
        return f"must be at least {ctx.get('ge')}, got {value}", False
    if kind == "less_than_equal":
        return f"must be at most {ctx.get('le')}, got {value}", False
    return error["msg"], False


def problems_from(exc: ValidationError, model: type[BaseModel], located: Located) -> list[Problem]:
    """Every pydantic error of one file as located problems; a missing key points at its parent mapping."""
    problems = []
    for error in exc.errors():
        loc = [part for part in error["loc"] if part not in (PLAIN, BY_LANGUAGE)]
        if loc and loc[-1] == "[key]":
            path: Path = tuple(loc[:-1])
            message = f"'{error.get('input')}' is not a language of Momentos; use es or en"
            problems.append(located.problem(path, message, key=True))
            continue
        path = tuple(part for part in loc if isinstance(part, str | int))
        message, at_key = explain(error, model)
        anchor = path[:-1] if error["type"] == "missing" else path
        problems.append(located.problem(path, message, key=at_key, anchor=anchor))
    return problems
