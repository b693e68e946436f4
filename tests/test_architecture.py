"""The layers import in one direction only, and only bot/discord (and the bench tool) imports discord.

bot/discord reaches the database only through bot/services; inside it, features are folders that never
import each other in a circle, and no import hides inside a function to dodge one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.app import FEATURES as INSTALLED

BOT = Path(__file__).resolve().parent.parent / "bot"

# What each layer may import from the project (besides itself).
ALLOWED = {
    "domain": set(),
    "content": {"domain"},
    "storage": {"domain"},
    "services": {"domain", "content", "storage"},
    "discord": {"domain", "content", "services"},
    # The composition root (bot/app.py) knows every part; the cli starts from it.
    "app": {"domain", "content", "storage", "services", "discord"},
    "cli": {"domain", "content", "storage", "services", "discord", "app", "simulator", "bench"},
    "simulator": set(),
    # The benchmark is a tool beside the product (like the cli): it may use every layer and the simulator.
    "bench": {"domain", "content", "storage", "services", "discord", "app", "cli", "simulator"},
}
# Third-party modules only some layers may import (the bench tool drives the database and Discord directly).
THIRD_PARTY_ONLY_IN = {
    "discord": {"discord", "bench"},
    "aiosqlite": {"storage", "bench"},
    "asyncpg": {"storage", "bench"},
    "sqlite3": {"storage", "bench"},
}
# Product layers never depend on the benchmark; the cli only loads it lazily for `momentos bench`.
PRODUCT = ("domain", "content", "storage", "services", "discord", "app", "cli")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _layer(path: Path) -> str:
    parts = path.relative_to(BOT).parts
    return parts[0] if len(parts) > 1 else path.stem


def _modules() -> list[tuple[str, Path]]:
    paths = sorted(BOT.rglob("*.py"))
    return [(_layer(path), path) for path in paths if path.relative_to(BOT).parts != ("__init__.py",)]


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


# --- inside bot/discord -------------------------------------------------------------------------------------

DISCORD = BOT / "discord"
FEATURES = DISCORD / "features"


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(BOT.parent).with_suffix("").parts).removesuffix(".__init__")


def _feature_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[3] if len(parts) > 3 and parts[:3] == ["bot", "discord", "features"] else None


def _function_level_imports(path: Path) -> list[str]:
    """Imports written inside a function body (a sign of a cycle being dodged)."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    found.append(f"{node.name}: line {inner.lineno}")
    return found


@pytest.mark.parametrize("path", sorted(DISCORD.rglob("*.py")), ids=lambda path: str(path.relative_to(BOT)))
def test_no_import_hides_in_a_function(path: Path) -> None:
    assert _function_level_imports(path) == [], f"{path.name} imports inside functions"


def test_features_never_import_each_other_in_a_circle() -> None:
    """Feature X uses feature Y (any module of X imports any of Y); that graph must have no cycle."""
    uses: dict[str, set[str]] = {}
    for path in FEATURES.rglob("*.py"):
        feature = _feature_of(_module_name(path))
        if feature is None:
            continue
        for name in _imports(path):
            other = _feature_of(name)
            if other is not None and other != feature:
                uses.setdefault(feature, set()).add(other)
    assert uses, "no feature uses another: the check would prove nothing"

    def reach(start: str, seen: tuple[str, ...]) -> None:
        for other in sorted(uses.get(start, ())):
            assert other not in seen, f"features import each other in a circle: {' -> '.join((*seen, other))}"
            reach(other, (*seen, other))

    for feature in sorted(uses):
        reach(feature, (feature,))


def test_shared_discord_modules_never_import_a_feature() -> None:
    """The bot, the router, the scheduler and the context know no feature: the composition root hands them in."""
    for path in DISCORD.rglob("*.py"):
        if FEATURES in path.parents:
            continue
        features = sorted(name for name in _imports(path) if name.startswith("bot.discord.features"))
        assert features == [], f"{path.relative_to(BOT)} imports {features}"


def test_every_feature_is_a_folder_with_setup_and_is_installed() -> None:
    folders = sorted(path.name for path in FEATURES.iterdir() if (path / "__init__.py").is_file())
    assert sorted(feature.__module__.rsplit(".", 1)[-1] for feature in INSTALLED) == folders
