"""The layers import in one direction only, and only bot/discord (and the bench tool) imports discord."""

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
    "cli": {"domain", "content", "storage", "services", "discord", "simulator", "bench"},
    "simulator": set(),
    # The benchmark is a tool beside the product (like the cli): it may use every layer and the simulator.
    "bench": {"domain", "content", "storage", "services", "discord", "cli", "simulator"},
}
# Third-party modules only some layers may import (the bench tool drives the database and Discord directly).
THIRD_PARTY_ONLY_IN = {
    "discord": {"discord", "bench"},
    "aiosqlite": {"storage", "bench"},
    "sqlite3": {"storage", "bench"},
}
# Product layers never depend on the benchmark; the cli only loads it lazily for `momentos bench`.
PRODUCT = ("domain", "content", "storage", "services", "discord", "cli")


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
        assert only_in is None or layer in only_in, f"{path.name} ({layer}) imports {name}; only {sorted(only_in)} may"


@pytest.mark.parametrize(("layer", "path"), _modules(), ids=lambda value: str(value).split("/bot/")[-1])
def test_no_product_layer_depends_on_the_bench(layer: str, path: Path) -> None:
    if layer not in PRODUCT or layer == "cli":
        return
    for name in _imports(path):
        message = f"{path.name} ({layer}) imports {name}; only the cli may load the bench"
        assert not name.startswith("bot.bench"), message


def test_every_layer_is_known() -> None:
    layers = {layer for layer, _ in _modules()}
    assert layers <= set(ALLOWED), f"unknown layers: {sorted(layers - set(ALLOWED))}"
    assert set(PRODUCT) | {"simulator", "bench"} == set(ALLOWED)
