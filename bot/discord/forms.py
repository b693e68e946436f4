"""Reading what a person typed into a form (a modal submission), whatever layout Discord wrapped it in."""

from __future__ import annotations

from typing import Any


def submitted_text(data: dict[str, Any], field: str) -> str:
    """The value of the text input `field` in a modal submit, whether wrapped in a label or an action row."""

    def walk(components: list[Any]) -> str | None:
        for component in components:
            if not isinstance(component, dict):
                continue
            if component.get("custom_id") == field and isinstance(component.get("value"), str):
                return str(component["value"])
            inner = component.get("component")
            found = walk([inner] if isinstance(inner, dict) else []) or walk(component.get("components") or [])
            if found is not None:
                return found
        return None

    return walk(list(data.get("components") or [])) or ""
