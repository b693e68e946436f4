"""Every refusal a person can meet names the real reason, in words for what they used: a command, a button, a form.

`bot.discord.context.REFUSALS` declares each refusal and the surfaces it may be shown on; `Call.refuse`
enforces that at run time. This test walks the catalogue: a button's or a form's refusal never talks about
"this command" (a non-manager pressing ⭐ used to read "This command is for managers"), and a command's
refusal never talks about a button or a form.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.discord.context import REFUSALS, Surface, check_refusal
from bot.discord.texts import CATALOGUE

DISCORD = Path(__file__).resolve().parent.parent / "bot" / "discord"
COMMAND_WORDS = re.compile(r"\b(?:comando|command)s?\b", re.IGNORECASE)
COMPONENT_WORDS = re.compile(r"\b(?:botón|botones|button|buttons|formulario|form)\b", re.IGNORECASE)
SUGGESTED_COMMAND = re.compile(r"`/[a-z][a-z -]*`")  # "use `/privacy forget-me`" points to a command: allowed


@pytest.mark.parametrize("key", sorted(REFUSALS))
@pytest.mark.parametrize("language", ["es", "en"])
def test_a_refusal_speaks_of_what_the_person_used(key: str, language: str) -> None:
    text = CATALOGUE[key][language]
    surfaces = REFUSALS[key]
    if surfaces == {Surface.COMMAND}:
        assert not COMPONENT_WORDS.search(text), f"{key} ({language}) is a command's refusal but speaks of {text!r}"
    else:
        assert not COMMAND_WORDS.search(SUGGESTED_COMMAND.sub("", text)), (
            f"{key} ({language}) is shown on a {', '.join(sorted(surfaces))} but speaks of a command: {text!r}"
        )


def test_every_refusal_is_used_and_every_used_refusal_is_declared() -> None:
    source = "\n".join(path.read_text(encoding="utf-8") for path in DISCORD.rglob("*.py"))
    used = set(re.findall(r"refuse\(\s*\"([a-z_.]+)\"", source))
    used |= set(re.findall(r"\"((?:button|form)\.invalid)\"", source))
    assert used - set(REFUSALS) == set(), "refusals used but not declared (so never checked)"
    assert set(REFUSALS) - used - {"error.not_manager", "error.guild_only"} == set(), "declared but never used"


def test_a_refusal_on_the_wrong_surface_is_a_programming_error() -> None:
    check_refusal("highlight.not_manager", Surface.BUTTON)
    with pytest.raises(ValueError, match="not declared for a command"):
        check_refusal("highlight.not_manager", Surface.COMMAND)
    with pytest.raises(ValueError, match="not declared for a form"):
        check_refusal("button.invalid", Surface.FORM)
