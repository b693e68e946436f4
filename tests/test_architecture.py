"""The layers import in one direction only, and only bot/discord imports discord."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parent.parent / "bot"

# What each layer may import from the project (besides itself).
ALLOWED = {
    "domain": set(),
    "content": {"domain"},
    "storage": {"domain"},
    "services": {"domain", "content", "storage"},
    "discord": {"domain", "content", "storage", "services"},
    "cli": {"domain", "content", "storage", "services", "discord", "simulator"},
    "simulator": set(),
}
THIRD_PARTY_ONLY_IN = {"discord": "discord", "aiosqlite": "storage", "sqlite3": "storage"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _modules() -> list[tuple[str, Path]]:
    return [
        (path.relative_to(BOT).parts[0], path)
        for path in sorted(BOT.rglob("*.py"))
        if len(path.relative_to(BOT).parts) > 1
    ]


@pytest.mark.parametrize(("layer", "path"), _modules(), ids=lambda value: str(value).split("/bot/")[-1])
def test_imports_follow_the_layers(layer: str, path: Path) -> None:
    for name in _imports(path):
        parts = name.split(".")
        if parts[0] == "bot" and len(parts) > 1 and parts[1] in ALLOWED:
            assert parts[1] == layer or parts[1] in ALLOWED[layer], f"{path.name} ({layer}) imports {name}"
        only_in = THIRD_PARTY_ONLY_IN.get(parts[0])
        assert only_in is None or only_in == layer, f"{path.name} ({layer}) imports {name}; only bot/{only_in} may"
