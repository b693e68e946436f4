"""Localized command names, descriptions and choices: the simulator takes what Discord takes on a bulk
overwrite (``PUT /applications/{app}/commands``) and refuses the rest with Discord's 50035 error tree."""

from __future__ import annotations

import copy
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest

from bot.simulator.server import Simulator
from bot.simulator.validation import FormError, validate_application_commands
from bot.simulator.world import World

# One of each level that can be localized: command, subcommand group, subcommand, option, choice.
GROUP = (0, "options", 0)
SUBCOMMAND = (*GROUP, "options", 0)
OPTION = (*SUBCOMMAND, "options", 0)
CHOICE = (*OPTION, "choices", 0)
LEVELS = {"command": (0,), "group": GROUP, "subcommand": SUBCOMMAND, "option": OPTION}
USER_COMMAND = (1,)

# Every locale Discord knows (AvailableLocalesEnum); nothing else may be a key.
LOCALES = (
    "ar", "bg", "cs", "da", "de", "el", "en-GB", "en-US", "es-419", "es-ES", "fi", "fr", "he", "hi", "hr",
    "hu", "id", "it", "ja", "ko", "lt", "nl", "no", "pl", "pt-BR", "ro", "ru", "sv-SE", "th", "tr", "uk",
    "vi", "zh-CN", "zh-TW",
)  # fmt: skip


def commands() -> list[dict[str, Any]]:
    """A valid bulk overwrite, localized for Spanish and English at every level."""
    return [
        {
            "type": 1,
            "name": "leaderboard",
            "description": "Standings",
            "name_localizations": {"es-ES": "clasificación", "es-419": "clasificación", "en-US": "leaderboard"},
            "description_localizations": {"es-ES": "Clasificación", "es-419": "Clasificación"},
            "options": [
                {
                    "type": 2,
                    "name": "board",
                    "description": "Boards",
                    "name_localizations": {"es-ES": "tabla"},
                    "description_localizations": {"es-ES": "Tablas"},
                    "options": [
                        {
                            "type": 1,
                            "name": "show",
                            "description": "Show a board",
                            "name_localizations": {"es-ES": "ver", "es-419": "ver"},
                            "description_localizations": {"es-ES": "Muestra una tabla"},
                            "options": [
                                {
                                    "type": 3,
                                    "name": "period",
                                    "description": "Which period",
                                    "name_localizations": {"es-ES": "periodo", "es-419": "periodo"},
                                    "description_localizations": {"es-ES": "Qué periodo"},
                                    "choices": [
                                        {
                                            "name": "last-week",
                                            "value": "last-week",
                                            "name_localizations": {"es-ES": "Semana pasada", "en-US": "last-week"},
                                        }
                                    ],
                                }
                            ],
                        }
                    ],
                }
            ],
        },
        {"type": 2, "name": "Profile", "description": "", "name_localizations": {"es-ES": "Ver perfil"}},
    ]


def at(path: tuple[Any, ...], field: str, value: Any) -> list[dict[str, Any]]:
    """The valid payload with `field` of the node at `path` set to `value`."""
    payload = commands()
    node: Any = payload
    for part in path:
        node = node[part]
    node[field] = value
    return payload


def rejection(payload: Any) -> dict[str, Any]:
    with pytest.raises(FormError) as caught:
        validate_application_commands(payload)
    assert caught.value.code == 50035
    body: dict[str, Any] = caught.value.body
    assert body["message"] == "Invalid Form Body"
    return body


def codes_at(body: dict[str, Any], path: tuple[Any, ...]) -> list[str]:
    node = body["errors"]
    for part in path:
        assert str(part) in node, f"no errors under {part!r} of {path}: {json.dumps(body, ensure_ascii=False)[:600]}"
        node = node[str(part)]
    return [error["code"] for error in node.get("_errors", [])]


# --- What Discord takes ---------------------------------------------------------------------------------


def test_the_localized_baseline_is_valid() -> None:
    validate_application_commands(commands())


@pytest.mark.parametrize("path", LEVELS.values(), ids=list(LEVELS))
@pytest.mark.parametrize("field", ["name_localizations", "description_localizations"])
@pytest.mark.parametrize("value", [None, {}], ids=["null", "empty"])
def test_localizations_may_be_null_or_empty(path: tuple[Any, ...], field: str, value: Any) -> None:
    validate_application_commands(at(path, field, value))


def test_every_locale_of_discord_is_a_valid_key() -> None:
    validate_application_commands(at(OPTION, "name_localizations", dict.fromkeys(LOCALES, "nombre")))
    validate_application_commands(at(OPTION, "description_localizations", dict.fromkeys(LOCALES, "Descripción")))
    validate_application_commands(at(CHOICE, "name_localizations", dict.fromkeys(LOCALES, "Nombre")))


@pytest.mark.parametrize(
    "name",
    ["clasificación", "días", "añadir", "rol-responsable", "zona_horaria", "dimensión2", "a" * 32, "ñ" * 32],
)
@pytest.mark.parametrize("path", LEVELS.values(), ids=list(LEVELS))
def test_lowercase_unicode_names_up_to_32_are_valid(path: tuple[Any, ...], name: str) -> None:
    validate_application_commands(at(path, "name_localizations", {"es-ES": name, "es-419": name}))


@pytest.mark.parametrize("text", ["d", "d" * 100, "Cuándo publicar: hora local, zona horaria, días y plazo"])
@pytest.mark.parametrize("path", LEVELS.values(), ids=list(LEVELS))
def test_descriptions_from_1_to_100_are_valid(path: tuple[Any, ...], text: str) -> None:
    validate_application_commands(at(path, "description_localizations", {"es-ES": text}))


@pytest.mark.parametrize("text", ["Esta semana", "SOLO RESPONSABLES", "c" * 100, "1. Escuchar"])
def test_choice_names_are_display_text_up_to_100(text: str) -> None:
    validate_application_commands(at(CHOICE, "name_localizations", {"es-ES": text}))


def test_context_menu_names_may_have_spaces_and_capitals() -> None:
    validate_application_commands(at(USER_COMMAND, "name_localizations", {"es-ES": "Ver Perfil", "fr": "Voir"}))


# --- What Discord refuses -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bad:
    """A localized value at `path`/`field` and the error code Discord answers with under it."""

    id: str
    path: tuple[Any, ...]
    field: str
    value: dict[Any, Any]
    code: str


def _bad_cases() -> list[Bad]:
    cases: list[Bad] = []
    for level, path in LEVELS.items():
        cases += [
            Bad(f"{level}-name-unknown-locale", path, "name_localizations", {"es": "equipo"}, "BASE_TYPE_CHOICES"),
            Bad(f"{level}-name-locale-case", path, "name_localizations", {"ES-es": "equipo"}, "BASE_TYPE_CHOICES"),
            Bad(f"{level}-name-uppercase", path, "name_localizations", {"es-ES": "Equipo"},
                "APPLICATION_COMMAND_INVALID_NAME"),
            Bad(f"{level}-name-space", path, "name_localizations", {"es-419": "zona horaria"},
                "APPLICATION_COMMAND_INVALID_NAME"),
            Bad(f"{level}-name-punctuation", path, "name_localizations", {"es-ES": "¿ayuda?"},
                "APPLICATION_COMMAND_INVALID_NAME"),
            Bad(f"{level}-name-33", path, "name_localizations", {"es-ES": "n" * 33}, "BASE_TYPE_BAD_LENGTH"),
            Bad(f"{level}-name-empty", path, "name_localizations", {"es-ES": ""}, "BASE_TYPE_BAD_LENGTH"),
            Bad(f"{level}-name-null", path, "name_localizations", {"es-ES": None}, "BASE_TYPE_REQUIRED"),
            Bad(f"{level}-description-unknown-locale", path, "description_localizations", {"es-MX": "Hola"},
                "BASE_TYPE_CHOICES"),
            Bad(f"{level}-description-101", path, "description_localizations", {"es-ES": "d" * 101},
                "BASE_TYPE_BAD_LENGTH"),
            Bad(f"{level}-description-empty", path, "description_localizations", {"es-419": ""},
                "BASE_TYPE_BAD_LENGTH"),
            Bad(f"{level}-description-not-string", path, "description_localizations", {"es-ES": 7},
                "STRING_TYPE_CONVERT"),
        ]  # fmt: skip
    cases += [
        Bad("choice-unknown-locale", CHOICE, "name_localizations", {"en": "last week"}, "BASE_TYPE_CHOICES"),
        Bad("choice-101", CHOICE, "name_localizations", {"es-ES": "c" * 101}, "BASE_TYPE_BAD_LENGTH"),
        Bad("choice-empty", CHOICE, "name_localizations", {"es-419": ""}, "BASE_TYPE_BAD_LENGTH"),
        Bad("choice-null", CHOICE, "name_localizations", {"es-ES": None}, "BASE_TYPE_REQUIRED"),
        Bad("context-menu-name-33", USER_COMMAND, "name_localizations", {"es-ES": "p" * 33}, "BASE_TYPE_BAD_LENGTH"),
        Bad("context-menu-unknown-locale", USER_COMMAND, "name_localizations", {"xx": "Perfil"}, "BASE_TYPE_CHOICES"),
    ]
    return cases


BAD = _bad_cases()


@pytest.mark.parametrize("case", BAD, ids=[case.id for case in BAD])
def test_discord_refuses_a_bad_localization_and_points_at_it(case: Bad) -> None:
    body = rejection(at(case.path, case.field, case.value))
    [key] = case.value
    assert case.code in codes_at(body, (*case.path, case.field, key))


@pytest.mark.parametrize("path", [*LEVELS.values(), CHOICE], ids=[*LEVELS, "choice"])
def test_localizations_must_be_an_object(path: tuple[Any, ...]) -> None:
    body = rejection(at(path, "name_localizations", ["es-ES", "equipo"]))
    assert "DICT_TYPE_CONVERT" in codes_at(body, (*path, "name_localizations"))


def test_every_bad_locale_is_reported_not_only_the_first() -> None:
    body = rejection(at(OPTION, "name_localizations", {"es-ES": "Periodo", "es-419": "p" * 33, "es": "periodo"}))
    assert codes_at(body, (*OPTION, "name_localizations", "es-ES")) == ["APPLICATION_COMMAND_INVALID_NAME"]
    assert codes_at(body, (*OPTION, "name_localizations", "es-419")) == ["BASE_TYPE_BAD_LENGTH"]
    assert codes_at(body, (*OPTION, "name_localizations", "es")) == ["BASE_TYPE_CHOICES"]


def test_the_longest_localization_counts_towards_the_8000_characters_of_a_command() -> None:
    options = [
        {
            "type": 3,
            "name": f"o{index}",
            "description": "d",
            "description_localizations": {"es-ES": "d" * 100},
            "choices": [
                {"name": f"c{choice}", "value": f"{choice}", "name_localizations": {"es-ES": "c" * 100}}
                for choice in range(4)
            ],
        }
        for index in range(16)
    ]
    payload = [{"type": 1, "name": "big", "description": "d", "options": options}]
    body = rejection(payload)
    assert "APPLICATION_COMMAND_TOO_LARGE" in codes_at(body, (0,))
    for option in options:
        option["description_localizations"] = {}
        for choice in option["choices"]:
            choice["name_localizations"] = {"es-ES": "c" * 50}
    validate_application_commands(payload)


# --- Through the simulator's REST API -------------------------------------------------------------------


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    simulator = Simulator(World.from_config({"guilds": [{"name": "G"}]}), token="test-token-0123456789")
    await simulator.start()
    yield simulator
    await simulator.stop()


async def _put(sim: Simulator, payload: Any) -> tuple[int, Any]:
    url = f"{sim.api_url}/applications/{sim.world.application_id}/commands"
    async with (
        aiohttp.ClientSession(headers={"Authorization": f"Bot {sim.token}"}) as http,
        http.put(url, json=payload) as response,
    ):
        return response.status, await response.json()


async def test_a_localized_bulk_overwrite_is_stored_with_its_localizations(sim: Simulator) -> None:
    status, body = await _put(sim, commands())
    assert status == 200, body
    stored = sim.commands[None]
    assert [command["name"] for command in stored] == ["leaderboard", "Profile"]
    assert stored[0]["name_localizations"]["es-ES"] == "clasificación"
    choice = stored[0]["options"][0]["options"][0]["options"][0]["choices"][0]
    assert choice["name_localizations"] == {"es-ES": "Semana pasada", "en-US": "last-week"}
    assert body == stored


async def test_a_bad_localization_fails_the_whole_overwrite(sim: Simulator) -> None:
    status, _ = await _put(sim, commands())
    assert status == 200
    before = copy.deepcopy(sim.commands[None])
    status, body = await _put(sim, at(SUBCOMMAND, "name_localizations", {"es-ES": "Ver Tabla"}))
    assert status == 400
    assert body["code"] == 50035
    assert codes_at(body, (*SUBCOMMAND, "name_localizations", "es-ES")) == ["APPLICATION_COMMAND_INVALID_NAME"]
    assert sim.commands[None] == before
