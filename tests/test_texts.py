"""The catalogue of user-facing sentences is complete in both languages."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from bot.discord.texts import CATALOGUE, t

BOT = Path(__file__).resolve().parent.parent / "bot"


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_sentence_exists_in_spanish_and_english_with_the_same_placeholders(key: str) -> None:
    entry = CATALOGUE[key]
    assert set(entry) == {"es", "en"}
    assert entry["es"].strip() and entry["en"].strip()
    assert _fields(entry["es"]) == _fields(entry["en"])


def test_every_key_used_in_the_code_exists() -> None:
    used: set[str] = set()
    for path in BOT.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"""\bt\(\s*\w+,\s*["']([a-z_.]+)["']""", text))
        used |= {f"input.{code}" for code in re.findall(r"""InputError\(\s*["']([a-z_.]+)["']""", text)}
    missing = sorted(key for key in used if key not in CATALOGUE)
    assert not missing, f"keys used but not in the catalogue: {missing}"
    assert len(used) > 40


def test_unknown_language_falls_back_to_spanish() -> None:
    assert t("fr", "reveal.why") == "Por qué"
    assert t("en", "reveal.why") == "Why"
