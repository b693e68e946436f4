"""The simulator's body validation answers like Discord: valid bodies pass, broken ones get a 50035 whose
error tree points at the broken field, and garbage never raises anything but FormError."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import discord
import pytest
from discord import app_commands
from discord.http import handle_message_parameters
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.simulator.validation import (
    FormError,
    validate_application_commands,
    validate_interaction_callback,
    validate_message_create,
    validate_message_edit,
    validate_webhook_message,
)

Json = Any
Validator = Callable[..., None]

# --- Valid baselines -------------------------------------------------------------------------------------


def button(custom_id: str, label: str = "Go", style: int = 1) -> dict[str, Any]:
    return {"type": 2, "style": style, "custom_id": custom_id, "label": label}


def row(*children: dict[str, Any]) -> dict[str, Any]:
    return {"type": 1, "components": list(children)}


def embed() -> dict[str, Any]:
    return {
        "type": "rich",
        "title": "Momento de verdad",
        "description": "¿Qué harías?",
        "url": "https://example.com/m/1",
        "color": 0x5865F2,
        "timestamp": "2024-05-01T12:00:00+00:00",
        "fields": [{"name": "Opción A", "value": "Escuchar", "inline": True}],
        "footer": {"text": "Momentos", "icon_url": "https://example.com/i.png"},
        "author": {"name": "Bot", "url": "https://example.com", "icon_url": "https://example.com/a.png"},
        "image": {"url": "attachment://board.png"},
        "thumbnail": {"url": "https://example.com/t.png"},
    }


def components() -> list[dict[str, Any]]:
    return [
        row(
            button("answer:a", "A"),
            button("answer:b", "B", 2),
            {"type": 2, "style": 5, "label": "Docs", "url": "https://example.com"},
            {"type": 2, "style": 3, "custom_id": "ok", "emoji": {"name": "✅"}},
        ),
        row(
            {
                "type": 3,
                "custom_id": "pick",
                "placeholder": "Elige",
                "min_values": 1,
                "max_values": 2,
                "options": [
                    {"label": "Uno", "value": "1", "description": "primero", "default": False,
                     "emoji": {"id": "112233445566778899", "name": "uno"}},
                    {"label": "Dos", "value": "2"},
                ],
            }
        ),
        row({"type": 5, "custom_id": "who", "default_values": [{"type": "user", "id": "123"}]}),
        row({"type": 8, "custom_id": "where", "channel_types": [0, 5]}),
    ]  # fmt: skip


def message() -> dict[str, Any]:
    return {
        "content": "Hola equipo",
        "tts": False,
        "embeds": [embed()],
        "allowed_mentions": {"parse": ["roles"], "users": ["123456789012345678"], "replied_user": False},
        "components": components(),
        "attachments": [{"id": 0, "filename": "board.png", "description": "Tablero"}],
        "flags": 4,
        "nonce": "1234",
        "enforce_nonce": True,
        "message_reference": {"message_id": "1", "channel_id": 2, "fail_if_not_exists": False},
        "sticker_ids": ["749054660769218631"],
    }


def message_v2() -> dict[str, Any]:
    return {
        "flags": 1 << 15,
        "components": [
            {
                "type": 17,
                "accent_color": 0xFF0000,
                "components": [
                    {"type": 10, "content": "# Ranking"},
                    {"type": 14, "divider": True, "spacing": 1},
                    {"type": 9, "components": [{"type": 10, "content": "Ana 120"}], "accessory": button("rank", "Ver")},
                    {"type": 12, "items": [{"media": {"url": "https://example.com/p.png"}, "description": "foto"}]},
                    {"type": 13, "file": {"url": "attachment://r.txt"}},
                ],
            },
            row(button("more", "Más")),
        ],
    }


def webhook_message() -> dict[str, Any]:
    return {"content": "Solo para ti", "flags": 64, "embeds": [embed()], "components": components()}


def modal() -> dict[str, Any]:
    return {
        "type": 9,
        "data": {
            "custom_id": "answer_modal",
            "title": "Tu respuesta",
            "components": [
                row(
                    {
                        "type": 4,
                        "custom_id": "why",
                        "style": 2,
                        "label": "¿Por qué?",
                        "min_length": 10,
                        "max_length": 500,
                        "placeholder": "Explica",
                        "required": True,
                        "value": "Porque sí, claro",
                    }
                ),
                {
                    "type": 18,
                    "label": "Nivel",
                    "description": "Qué tan seguro",
                    "component": {
                        "type": 3,
                        "custom_id": "level",
                        "options": [{"label": "Alto", "value": "high"}, {"label": "Bajo", "value": "low"}],
                    },
                },
                {
                    "type": 18,
                    "label": "Detalle",
                    "component": {"type": 4, "custom_id": "more", "style": 1, "label": None},
                },
                {"type": 10, "content": "Gracias"},
            ],
        },
    }


def callback_message() -> dict[str, Any]:
    return {"type": 4, "data": webhook_message()}


def callback_update() -> dict[str, Any]:
    return {"type": 7, "data": {"content": "Actualizado", "components": components(), "embeds": []}}


def autocomplete() -> dict[str, Any]:
    return {
        "type": 8,
        "data": {
            "choices": [
                {"name": "Uno", "value": "1"},
                {"name": "Dos", "value": "2", "name_localizations": {"es-ES": "Dos"}},
            ]
        },
    }


def commands() -> list[dict[str, Any]]:
    return [
        {
            "name": "jugar",
            "description": "Juega el reto del día",
            "type": 1,
            "options": [
                {"type": 3, "name": "respuesta", "description": "Tu respuesta", "required": True, "min_length": 1,
                 "max_length": 200},
                {"type": 4, "name": "nivel", "description": "Nivel", "required": False,
                 "choices": [{"name": "Fácil", "value": 1}, {"name": "Difícil", "value": 2}]},
                {"type": 7, "name": "canal", "description": "Canal", "channel_types": [0]},
                {"type": 10, "name": "peso", "description": "Peso", "min_value": 0.5, "max_value": 10},
                {"type": 3, "name": "equipo", "description": "Equipo", "autocomplete": True},
            ],
            "name_localizations": {"es-ES": "jugar", "en-US": "play"},
            "description_localizations": {"en-US": "Play today's challenge"},
            "default_member_permissions": None,
            "dm_permission": False,
            "contexts": [0],
            "integration_types": [0],
            "nsfw": False,
        },
        {
            "name": "admin",
            "description": "Administración",
            "default_member_permissions": "32",
            "options": [
                {"type": 2, "name": "ronda", "description": "Rondas", "options": [
                    {"type": 1, "name": "abrir", "description": "Abre una ronda",
                     "options": [{"type": 5, "name": "anunciar", "description": "Anunciar"}]},
                ]},
                {"type": 1, "name": "estado", "description": "Estado"},
            ],
        },
        {"name": "Reportar mensaje", "type": 3},
        {"name": "Ver perfil", "type": 2, "description": ""},
    ]  # fmt: skip


def create(payload: Json, **kwargs: Any) -> None:
    validate_message_create(payload, **{"attachments_count": 1, **kwargs})


def webhook_edit(payload: Json, **kwargs: Any) -> None:
    validate_webhook_message(payload, edit=True, **kwargs)


BASELINES: dict[str, tuple[Callable[[], Json], Validator]] = {
    "create": (message, create),
    "create_v2": (message_v2, validate_message_create),
    "edit": (message, validate_message_edit),
    "webhook": (webhook_message, validate_webhook_message),
    "webhook_edit": (webhook_message, webhook_edit),
    "cb_message": (callback_message, validate_interaction_callback),
    "cb_update": (callback_update, validate_interaction_callback),
    "cb_autocomplete": (autocomplete, validate_interaction_callback),
    "cb_modal": (modal, validate_interaction_callback),
    "commands": (commands, validate_application_commands),
}


@pytest.mark.parametrize("name", sorted(BASELINES))
def test_baseline_passes(name: str) -> None:
    factory, validator = BASELINES[name]
    validator(factory())


@pytest.mark.parametrize(
    "payload",
    [
        {"type": 1},
        {"type": 5},
        {"type": 5, "data": {"flags": 64}},
        {"type": 6},
        {"type": 6, "data": None},
        {"type": 12},
    ],
)
def test_simple_callbacks_pass(payload: dict[str, Any]) -> None:
    validate_interaction_callback(payload)


def test_what_discord_py_sends_passes() -> None:
    """The real client's own payloads (embed, view, files, mentions, modal, command tree) are accepted."""
    e = discord.Embed(title="Hola", description="d", colour=0x00FF00, url="https://x.y")
    e.add_field(name="a", value="b").set_footer(text="f").set_author(name="me").set_image(url="attachment://i.png")
    view = discord.ui.View()
    view.add_item(discord.ui.Button(label="ok", custom_id="ok"))
    view.add_item(discord.ui.Button(label="link", url="https://x.y"))
    view.add_item(discord.ui.Select(custom_id="sel", options=[discord.SelectOption(label="A", emoji="🙂")]))
    mentions = discord.AllowedMentions(users=[discord.Object(1)], roles=True)
    sent = handle_message_parameters(
        content="hi", embed=e, view=view, file=discord.File(__file__, "t.py"), allowed_mentions=mentions, nonce=9
    )
    assert sent.multipart
    validate_message_create(json.loads(sent.multipart[0]["value"]), attachments_count=1)
    cleared = handle_message_parameters(content=None, embeds=[], view=None, attachments=[]).payload
    assert cleared is not None
    validate_message_edit(cleared)
    ephemeral = handle_message_parameters(content="x", flags=discord.MessageFlags(ephemeral=True), view=view)
    assert ephemeral.payload is not None
    validate_webhook_message(ephemeral.payload)
    validate_interaction_callback({"type": 4, "data": ephemeral.payload})

    class Answer(discord.ui.Modal, title="Respuesta"):
        why: discord.ui.TextInput[Any] = discord.ui.TextInput(label="Por qué", max_length=50)
        more: discord.ui.Label[Any] = discord.ui.Label(
            text="Más", component=discord.ui.TextInput(style=discord.TextStyle.long, required=False)
        )

    validate_interaction_callback({"type": 9, "data": Answer().to_dict()})

    tree = app_commands.CommandTree(discord.Client(intents=discord.Intents.none()))

    @tree.command(description="Juega")
    async def jugar(
        i: discord.Interaction, n: app_commands.Range[int, 1, 9], who: discord.Member | None = None
    ) -> None:
        """Never run."""

    group = app_commands.Group(name="admin", description="Admin", default_permissions=discord.Permissions(32))

    @group.command(description="Abre")
    async def abrir(i: discord.Interaction, peso: float) -> None:
        """Never run."""

    tree.add_command(group)

    @tree.context_menu(name="Reportar mensaje")
    async def reportar(i: discord.Interaction, m: discord.Message) -> None:
        """Never run."""

    validate_application_commands([c.to_dict(tree) for c in tree.get_commands()])


@pytest.mark.parametrize("name", ["jugar", "नमस्ते", "สวัสดี", "a-b_c", "año2", "x" * 32])
def test_unicode_command_names_pass(name: str) -> None:
    validate_application_commands([{"name": name, "description": "d"}])


# --- Broken bodies ---------------------------------------------------------------------------------------

Mutation = Callable[[Json], Json]


def setting(path: tuple[Any, ...], value: Any) -> Mutation:
    def mutate(payload: Json) -> Json:
        if not path:
            return copy.deepcopy(value)
        node = payload
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = copy.deepcopy(value)
        return payload

    return mutate


def deleting(path: tuple[Any, ...]) -> Mutation:
    def mutate(payload: Json) -> Json:
        node = payload
        for part in path[:-1]:
            node = node[part]
        del node[path[-1]]
        return payload

    return mutate


def appending(path: tuple[Any, ...], *values: Any) -> Mutation:
    def mutate(payload: Json) -> Json:
        node = payload
        for part in path:
            node = node[part]
        node.extend(copy.deepcopy(list(values)))
        return payload

    return mutate


def chain(*mutations: Mutation) -> Mutation:
    def mutate(payload: Json) -> Json:
        for mutation in mutations:
            payload = mutation(payload)
        return payload

    return mutate


@dataclass(frozen=True)
class Case:
    id: str
    base: str
    mutate: Mutation
    path: tuple[Any, ...]
    code: str
    kwargs: dict[str, Any] = field(default_factory=dict)


E0 = ("embeds", 0)
ROW0 = ("components", 0, "components")
BUTTON0 = (*ROW0, 0)
SELECT = ("components", 1, "components", 0)
TEXT_INPUT = ("data", "components", 0, "components", 0)
LABEL = ("data", "components", 1)
OPT = (0, "options")
MANY = 26

CASES = [
    # content
    Case("content-too-long", "create", setting(("content",), "x" * 2001), ("content",), "BASE_TYPE_MAX_LENGTH"),
    Case("content-not-string", "create", setting(("content",), 123), ("content",), "STRING_TYPE_CONVERT"),
    Case("root-not-object", "create", setting((), [1, 2]), (), "MODEL_TYPE_CONVERT"),
    # embeds
    Case("embeds-too-many", "create", setting(("embeds",), [{"title": "t"}] * 11), ("embeds",), "BASE_TYPE_MAX_LENGTH"),
    Case("embeds-not-list", "create", setting(("embeds",), "x"), ("embeds",), "LIST_TYPE_CONVERT"),
    Case("embed-null", "create", setting(("embeds",), [None]), E0, "LIST_ITEM_VALUE_REQUIRED"),
    Case("embed-not-object", "create", setting(("embeds",), ["x"]), E0, "MODEL_TYPE_CONVERT"),
    Case("title-too-long", "create", setting((*E0, "title"), "t" * 257), (*E0, "title"), "BASE_TYPE_MAX_LENGTH"),
    Case("description-too-long", "create", setting((*E0, "description"), "d" * 4097), (*E0, "description"),
         "BASE_TYPE_MAX_LENGTH"),
    Case("fields-too-many", "create", setting((*E0, "fields"), [{"name": "n", "value": "v"}] * MANY), (*E0, "fields"),
         "BASE_TYPE_MAX_LENGTH"),
    Case("field-name-missing", "create", deleting((*E0, "fields", 0, "name")), (*E0, "fields", 0, "name"),
         "BASE_TYPE_REQUIRED"),
    Case("field-name-empty", "create", setting((*E0, "fields", 0, "name"), ""), (*E0, "fields", 0, "name"),
         "BASE_TYPE_REQUIRED"),
    Case("field-value-missing", "create", deleting((*E0, "fields", 0, "value")), (*E0, "fields", 0, "value"),
         "BASE_TYPE_REQUIRED"),
    Case("field-value-too-long", "create", setting((*E0, "fields", 0, "value"), "v" * 1025),
         (*E0, "fields", 0, "value"), "BASE_TYPE_MAX_LENGTH"),
    Case("field-name-too-long", "create", setting((*E0, "fields", 0, "name"), "n" * 257),
         (*E0, "fields", 0, "name"), "BASE_TYPE_MAX_LENGTH"),
    Case("field-inline-not-bool", "create", setting((*E0, "fields", 0, "inline"), "yes"),
         (*E0, "fields", 0, "inline"), "BOOLEAN_TYPE_CONVERT"),
    Case("footer-without-text", "create", setting((*E0, "footer"), {"icon_url": "https://x.y/i.png"}),
         (*E0, "footer", "text"), "BASE_TYPE_REQUIRED"),
    Case("footer-text-too-long", "create", setting((*E0, "footer", "text"), "f" * 2049), (*E0, "footer", "text"),
         "BASE_TYPE_MAX_LENGTH"),
    Case("author-without-name", "create", setting((*E0, "author"), {"url": "https://x.y"}), (*E0, "author", "name"),
         "BASE_TYPE_REQUIRED"),
    Case("author-name-too-long", "create", setting((*E0, "author", "name"), "a" * 257), (*E0, "author", "name"),
         "BASE_TYPE_MAX_LENGTH"),
    Case("color-too-big", "create", setting((*E0, "color"), 0x1000000), (*E0, "color"), "NUMBER_TYPE_MAX"),
    Case("color-negative", "create", setting((*E0, "color"), -1), (*E0, "color"), "NUMBER_TYPE_MIN"),
    Case("color-not-int", "create", setting((*E0, "color"), "red"), (*E0, "color"), "NUMBER_TYPE_COERCE"),
    Case("timestamp-not-iso", "create", setting((*E0, "timestamp"), "yesterday"), (*E0, "timestamp"),
         "DATE_TIME_TYPE_PARSE"),
    Case("url-malformed", "create", setting((*E0, "url"), "not a url"), (*E0, "url"), "URL_TYPE_INVALID_URL"),
    Case("url-scheme", "create", setting((*E0, "url"), "ftp://x.y"), (*E0, "url"), "URL_TYPE_INVALID_SCHEME"),
    Case("image-url-not-string", "create", setting((*E0, "image", "url"), 5), (*E0, "image", "url"),
         "STRING_TYPE_CONVERT"),
    Case("thumbnail-without-url", "create", setting((*E0, "thumbnail"), {}), (*E0, "thumbnail", "url"),
         "BASE_TYPE_REQUIRED"),
    Case("embeds-total-6000", "create",
         setting(("embeds",), [{"description": "a" * 4000}, {"description": "b" * 1000, "title": "c" * 1001}]),
         ("embeds",), "MAX_EMBED_SIZE_EXCEEDED"),
    # allowed mentions
    Case("parse-unknown", "create", setting(("allowed_mentions", "parse"), ["nobody"]),
         ("allowed_mentions", "parse", 0), "BASE_TYPE_CHOICES"),
    Case("parse-duplicate", "create", setting(("allowed_mentions", "parse"), ["roles", "roles"]),
         ("allowed_mentions", "parse", 1), "SET_TYPE_ALREADY_CONTAINS_VALUE"),
    Case("parse-users-and-users", "create", setting(("allowed_mentions", "parse"), ["users"]), ("allowed_mentions",),
         "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE"),
    Case("roles-too-many", "create", setting(("allowed_mentions", "roles"), [str(i) for i in range(101)]),
         ("allowed_mentions", "roles"), "BASE_TYPE_MAX_LENGTH"),
    Case("users-not-snowflake", "create", setting(("allowed_mentions", "users"), ["abc"]),
         ("allowed_mentions", "users", 0), "NUMBER_TYPE_COERCE"),
    Case("replied-user-not-bool", "create", setting(("allowed_mentions", "replied_user"), "no"),
         ("allowed_mentions", "replied_user"), "BOOLEAN_TYPE_CONVERT"),
    # components: layout
    Case("rows-too-many", "create", setting(("components",), [row(button(f"b{i}"))for i in range(6)]),
         ("components",), "BASE_TYPE_MAX_LENGTH"),
    Case("row-six-buttons", "create", appending(ROW0, button("x1"), button("x2")), ROW0, "BASE_TYPE_BAD_LENGTH"),
    Case("row-empty", "create", setting(ROW0, []), ROW0, "BASE_TYPE_BAD_LENGTH"),
    Case("row-select-and-button", "create", appending(("components", 1, "components"), button("x")),
         ("components", 1, "components", 1), "COMPONENT_LAYOUT_WIDTH_EXCEEDED"),
    Case("button-outside-row", "create", setting(("components", 0), button("x")), ("components", 0),
         "UNION_TYPE_CHOICES"),
    Case("text-input-in-message", "create", setting(BUTTON0, {"type": 4, "custom_id": "t", "style": 1}), BUTTON0,
         "UNION_TYPE_CHOICES"),
    Case("component-type-missing", "create", deleting((*BUTTON0, "type")), (*BUTTON0, "type"), "BASE_TYPE_REQUIRED"),
    # components: buttons
    Case("button-style-unknown", "create", setting((*BUTTON0, "style"), 7), (*BUTTON0, "style"), "BASE_TYPE_CHOICES"),
    Case("button-no-custom-id", "create", deleting((*BUTTON0, "custom_id")), (*BUTTON0, "custom_id"),
         "BUTTON_COMPONENT_CUSTOM_ID_REQUIRED"),
    Case("button-custom-id-too-long", "create", setting((*BUTTON0, "custom_id"), "c" * 101),
         (*BUTTON0, "custom_id"), "BASE_TYPE_BAD_LENGTH"),
    Case("button-custom-id-empty", "create", setting((*BUTTON0, "custom_id"), ""), (*BUTTON0, "custom_id"),
         "BASE_TYPE_BAD_LENGTH"),
    Case("button-with-url", "create", setting((*BUTTON0, "url"), "https://x.y"), (*BUTTON0, "url"),
         "BUTTON_COMPONENT_FIELD_NOT_ALLOWED"),
    Case("link-without-url", "create", deleting((*ROW0, 2, "url")), (*ROW0, 2, "url"), "BUTTON_COMPONENT_URL_REQUIRED"),
    Case("link-with-custom-id", "create", setting((*ROW0, 2, "custom_id"), "x"), (*ROW0, 2, "custom_id"),
         "BUTTON_COMPONENT_FIELD_NOT_ALLOWED"),
    Case("premium-without-sku", "create", setting(BUTTON0, {"type": 2, "style": 6}), (*BUTTON0, "sku_id"),
         "BUTTON_COMPONENT_SKU_ID_REQUIRED"),
    Case("label-too-long", "create", setting((*BUTTON0, "label"), "l" * 81), (*BUTTON0, "label"),
         "BASE_TYPE_MAX_LENGTH"),
    Case("no-label-no-emoji", "create", deleting((*BUTTON0, "label")), BUTTON0,
         "BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED"),
    Case("emoji-empty", "create", setting((*ROW0, 3, "emoji"), {}), (*ROW0, 3, "emoji", "name"), "BASE_TYPE_REQUIRED"),
    Case("disabled-not-bool", "create", setting((*BUTTON0, "disabled"), 1), (*BUTTON0, "disabled"),
         "BOOLEAN_TYPE_CONVERT"),
    Case("custom-id-duplicated", "create", setting((*ROW0, 1, "custom_id"), "answer:a"), (*ROW0, 1, "custom_id"),
         "COMPONENT_CUSTOM_ID_DUPLICATED"),
    # components: selects
    Case("select-no-custom-id", "create", deleting((*SELECT, "custom_id")), (*SELECT, "custom_id"),
         "BASE_TYPE_REQUIRED"),
    Case("select-placeholder-too-long", "create", setting((*SELECT, "placeholder"), "p" * 151),
         (*SELECT, "placeholder"), "BASE_TYPE_MAX_LENGTH"),
    Case("select-min-values-too-big", "create", setting((*SELECT, "min_values"), 26), (*SELECT, "min_values"),
         "NUMBER_TYPE_MAX"),
    Case("select-max-values-zero", "create", setting((*SELECT, "max_values"), 0), (*SELECT, "max_values"),
         "NUMBER_TYPE_MIN"),
    Case("select-max-values-over-options", "create", setting((*SELECT, "max_values"), 3), (*SELECT, "max_values"),
         "NUMBER_TYPE_MAX"),
    Case("select-min-over-max", "create",
         chain(setting((*SELECT, "min_values"), 2), setting((*SELECT, "max_values"), 1)), (*SELECT, "min_values"),
         "NUMBER_TYPE_MAX"),
    Case("select-no-options", "create", setting((*SELECT, "options"), []), (*SELECT, "options"),
         "BASE_TYPE_BAD_LENGTH"),
    Case("select-options-too-many", "create",
         setting((*SELECT, "options"), [{"label": str(i), "value": str(i)} for i in range(MANY)]),
         (*SELECT, "options"), "BASE_TYPE_BAD_LENGTH"),
    Case("option-label-empty", "create", setting((*SELECT, "options", 0, "label"), ""),
         (*SELECT, "options", 0, "label"), "BASE_TYPE_BAD_LENGTH"),
    Case("option-value-too-long", "create", setting((*SELECT, "options", 0, "value"), "v" * 101),
         (*SELECT, "options", 0, "value"), "BASE_TYPE_BAD_LENGTH"),
    Case("option-description-too-long", "create", setting((*SELECT, "options", 0, "description"), "d" * 101),
         (*SELECT, "options", 0, "description"), "BASE_TYPE_MAX_LENGTH"),
    Case("option-default-not-bool", "create", setting((*SELECT, "options", 0, "default"), "true"),
         (*SELECT, "options", 0, "default"), "BOOLEAN_TYPE_CONVERT"),
    Case("option-value-duplicated", "create", setting((*SELECT, "options", 1, "value"), "1"), (*SELECT, "options", 1),
         "SELECT_COMPONENT_OPTION_VALUE_DUPLICATED"),
    Case("user-select-default-role", "create", setting(("components", 2, "components", 0, "default_values", 0, "type"),
         "role"), ("components", 2, "components", 0, "default_values", 0, "type"), "BASE_TYPE_CHOICES"),
    Case("channel-select-bad-type", "create", setting(("components", 3, "components", 0, "channel_types"), [99]),
         ("components", 3, "components", 0, "channel_types", 0), "BASE_TYPE_CHOICES"),
    # flags, attachments, stickers, nonce, reference, poll
    Case("flags-ephemeral-on-channel", "create", setting(("flags",), 64), ("flags",), "MESSAGE_FLAGS_INVALID"),
    Case("flags-not-int", "create", setting(("flags",), "abc"), ("flags",), "NUMBER_TYPE_COERCE"),
    Case("attachments-too-many", "create", setting(("attachments",), [{"id": i} for i in range(11)]), ("attachments",),
         "BASE_TYPE_MAX_LENGTH"),
    Case("files-too-many", "create", lambda p: p, ("attachments",), "BASE_TYPE_MAX_LENGTH", {"attachments_count": 11}),
    Case("attachment-no-id", "create", deleting(("attachments", 0, "id")), ("attachments", 0, "id"),
         "BASE_TYPE_REQUIRED"),
    Case("attachment-description-too-long", "create", setting(("attachments", 0, "description"), "d" * 1025),
         ("attachments", 0, "description"), "BASE_TYPE_MAX_LENGTH"),
    Case("stickers-too-many", "create", setting(("sticker_ids",), ["1", "2", "3", "4"]), ("sticker_ids",),
         "BASE_TYPE_MAX_LENGTH"),
    Case("nonce-too-long", "create", setting(("nonce",), "n" * 26), ("nonce",), "NONCE_TYPE_TOO_LONG"),
    Case("nonce-wrong-type", "create", setting(("nonce",), [1]), ("nonce",), "NONCE_TYPE_INVALID_TYPE"),
    Case("reference-no-message", "create", setting(("message_reference",), {"channel_id": "1"}),
         ("message_reference", "message_id"), "BASE_TYPE_REQUIRED"),
    Case("poll-no-answers", "create", setting(("poll",), {"question": {"text": "¿?"}, "answers": []}),
         ("poll", "answers"), "BASE_TYPE_BAD_LENGTH"),
    Case("poll-question-text-missing", "create", setting(("poll",), {"question": {}, "answers": [{"poll_media": {
        "text": "a"}}]}), ("poll", "question", "text"), "BASE_TYPE_REQUIRED"),
    # components v2
    Case("v2-with-content", "create_v2", setting(("content",), "hola"), ("content",),
         "MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2"),
    Case("v2-text-empty", "create_v2", setting(("components", 0, "components", 0, "content"), ""),
         ("components", 0, "components", 0, "content"), "BASE_TYPE_BAD_LENGTH"),
    Case("v2-too-many-top", "create_v2", setting(("components",), [{"type": 14}] * 41), ("components",),
         "BASE_TYPE_MAX_LENGTH"),
    Case("v2-too-many-total", "create_v2",
         setting(("components",), [{"type": 17, "components": [{"type": 14}] * 39}, {"type": 14}]), ("components",),
         "MAX_COMPONENTS_EXCEEDED"),
    Case("v2-section-no-accessory", "create_v2", deleting(("components", 0, "components", 2, "accessory")),
         ("components", 0, "components", 2, "accessory"), "BASE_TYPE_REQUIRED"),
    Case("v2-container-in-container", "create_v2", appending(("components", 0, "components"),
         {"type": 17, "components": [{"type": 14}]}), ("components", 0, "components", 5), "UNION_TYPE_CHOICES"),
    Case("v2-file-not-attachment", "create_v2", setting(("components", 0, "components", 4, "file", "url"),
         "https://x.y/f"), ("components", 0, "components", 4, "file", "url"), "URL_TYPE_INVALID_SCHEME"),
    # edits and webhooks
    Case("edit-content-too-long", "edit", setting(("content",), "x" * 2001), ("content",), "BASE_TYPE_MAX_LENGTH"),
    Case("webhook-flags", "webhook", setting(("flags",), 64 | 2), ("flags",), "MESSAGE_FLAGS_INVALID"),
    Case("webhook-username-empty", "webhook", setting(("username",), ""), ("username",), "BASE_TYPE_BAD_LENGTH"),
    Case("webhook-edit-embed", "webhook_edit", setting((*E0, "title"), "t" * 257), (*E0, "title"),
         "BASE_TYPE_MAX_LENGTH"),
    # interaction callbacks
    Case("callback-type-10", "cb_message", setting(("type",), 10), ("type",), "BASE_TYPE_CHOICES"),
    Case("callback-type-missing", "cb_message", deleting(("type",)), ("type",), "BASE_TYPE_REQUIRED"),
    Case("callback-content-too-long", "cb_message", setting(("data", "content"), "x" * 2001), ("data", "content"),
         "BASE_TYPE_MAX_LENGTH"),
    Case("callback-data-not-object", "cb_message", setting(("data",), [1]), ("data",), "MODEL_TYPE_CONVERT"),
    Case("callback-update-bad-row", "cb_update", setting(("data", "components", 0, "components"), []),
         ("data", "components", 0, "components"), "BASE_TYPE_BAD_LENGTH"),
    Case("callback-deferred-flags", "cb_message", setting((), {"type": 5, "data": {"flags": 2}}), ("data", "flags"),
         "MESSAGE_FLAGS_INVALID"),
    Case("autocomplete-too-many", "cb_autocomplete",
         setting(("data", "choices"), [{"name": str(i), "value": str(i)} for i in range(MANY)]), ("data", "choices"),
         "BASE_TYPE_MAX_LENGTH"),
    Case("autocomplete-name-empty", "cb_autocomplete", setting(("data", "choices", 0, "name"), ""),
         ("data", "choices", 0, "name"), "BASE_TYPE_BAD_LENGTH"),
    Case("autocomplete-name-too-long", "cb_autocomplete", setting(("data", "choices", 0, "name"), "n" * 101),
         ("data", "choices", 0, "name"), "BASE_TYPE_BAD_LENGTH"),
    Case("autocomplete-no-value", "cb_autocomplete", deleting(("data", "choices", 0, "value")),
         ("data", "choices", 0, "value"), "BASE_TYPE_REQUIRED"),
    Case("autocomplete-value-object", "cb_autocomplete", setting(("data", "choices", 0, "value"), {}),
         ("data", "choices", 0, "value"), "NUMBER_TYPE_COERCE"),
    Case("autocomplete-no-data", "cb_autocomplete", deleting(("data",)), ("data",), "BASE_TYPE_REQUIRED"),
    # modals
    Case("modal-title-too-long", "cb_modal", setting(("data", "title"), "t" * 46), ("data", "title"),
         "BASE_TYPE_BAD_LENGTH"),
    Case("modal-title-missing", "cb_modal", deleting(("data", "title")), ("data", "title"), "BASE_TYPE_REQUIRED"),
    Case("modal-custom-id-too-long", "cb_modal", setting(("data", "custom_id"), "c" * 101), ("data", "custom_id"),
         "BASE_TYPE_BAD_LENGTH"),
    Case("modal-too-many-rows", "cb_modal", appending(("data", "components"), {"type": 10, "content": "a"},
         {"type": 10, "content": "b"}), ("data", "components"), "BASE_TYPE_BAD_LENGTH"),
    Case("modal-no-rows", "cb_modal", setting(("data", "components"), []), ("data", "components"),
         "BASE_TYPE_BAD_LENGTH"),
    Case("modal-button", "cb_modal", setting(TEXT_INPUT, button("b")), TEXT_INPUT, "UNION_TYPE_CHOICES"),
    Case("modal-two-inputs-in-row", "cb_modal",
         appending(("data", "components", 0, "components"), {"type": 4, "custom_id": "x", "style": 1, "label": "X"}),
         ("data", "components", 0, "components", 1), "COMPONENT_LAYOUT_WIDTH_EXCEEDED"),
    Case("input-style", "cb_modal", setting((*TEXT_INPUT, "style"), 3), (*TEXT_INPUT, "style"), "BASE_TYPE_CHOICES"),
    Case("input-label-too-long", "cb_modal", setting((*TEXT_INPUT, "label"), "l" * 46), (*TEXT_INPUT, "label"),
         "BASE_TYPE_BAD_LENGTH"),
    Case("input-label-missing-in-row", "cb_modal", deleting((*TEXT_INPUT, "label")), (*TEXT_INPUT, "label"),
         "BASE_TYPE_REQUIRED"),
    Case("input-min-length-too-big", "cb_modal", setting((*TEXT_INPUT, "min_length"), 4001),
         (*TEXT_INPUT, "min_length"), "NUMBER_TYPE_MAX"),
    Case("input-max-length-zero", "cb_modal", setting((*TEXT_INPUT, "max_length"), 0), (*TEXT_INPUT, "max_length"),
         "NUMBER_TYPE_MIN"),
    Case("input-min-over-max", "cb_modal", setting((*TEXT_INPUT, "min_length"), 501), (*TEXT_INPUT, "min_length"),
         "NUMBER_TYPE_MAX"),
    Case("input-value-too-long", "cb_modal", setting((*TEXT_INPUT, "value"), "v" * 4001), (*TEXT_INPUT, "value"),
         "BASE_TYPE_MAX_LENGTH"),
    Case("input-placeholder-too-long", "cb_modal", setting((*TEXT_INPUT, "placeholder"), "p" * 101),
         (*TEXT_INPUT, "placeholder"), "BASE_TYPE_MAX_LENGTH"),
    Case("input-required-not-bool", "cb_modal", setting((*TEXT_INPUT, "required"), "yes"), (*TEXT_INPUT, "required"),
         "BOOLEAN_TYPE_CONVERT"),
    Case("label-without-text", "cb_modal", deleting((*LABEL, "label")), (*LABEL, "label"), "BASE_TYPE_REQUIRED"),
    Case("label-without-component", "cb_modal", deleting((*LABEL, "component")), (*LABEL, "component"),
         "BASE_TYPE_REQUIRED"),
    Case("modal-custom-id-duplicated", "cb_modal", setting((*LABEL, "component", "custom_id"), "why"),
         (*LABEL, "component", "custom_id"), "COMPONENT_CUSTOM_ID_DUPLICATED"),
    # application commands
    Case("commands-not-list", "commands", setting((), {"name": "x"}), (), "LIST_TYPE_CONVERT"),
    Case("commands-too-many", "commands", setting((), [{"name": f"c{i}", "description": "d"} for i in range(131)]), (),
         "BASE_TYPE_MAX_LENGTH"),
    Case("name-uppercase", "commands", setting((0, "name"), "Jugar"), (0, "name"), "APPLICATION_COMMAND_INVALID_NAME"),
    Case("name-space", "commands", setting((0, "name"), "dos palabras"), (0, "name"),
         "APPLICATION_COMMAND_INVALID_NAME"),
    Case("name-too-long", "commands", setting((0, "name"), "n" * 33), (0, "name"), "BASE_TYPE_BAD_LENGTH"),
    Case("name-missing", "commands", deleting((0, "name")), (0, "name"), "BASE_TYPE_REQUIRED"),
    Case("description-missing", "commands", deleting((0, "description")), (0, "description"), "BASE_TYPE_REQUIRED"),
    Case("description-empty", "commands", setting((0, "description"), ""), (0, "description"), "BASE_TYPE_BAD_LENGTH"),
    Case("command-description-too-long", "commands", setting((0, "description"), "d" * 101), (0, "description"),
         "BASE_TYPE_BAD_LENGTH"),
    Case("context-menu-description", "commands", setting((3, "description"), "no"), (3, "description"),
         "BASE_TYPE_MAX_LENGTH"),
    Case("command-type-unknown", "commands", setting((0, "type"), 9), (0, "type"), "BASE_TYPE_CHOICES"),
    Case("duplicate-names", "commands", setting((1, "name"), "jugar"), (1,), "APPLICATION_COMMANDS_DUPLICATE_NAME"),
    Case("locale-unknown", "commands", setting((0, "name_localizations"), {"xx": "jugar"}), (0, "name_localizations",
         "xx"), "BASE_TYPE_CHOICES"),
    Case("localized-name-invalid", "commands", setting((0, "name_localizations", "es-ES"), "Mal Nombre"),
         (0, "name_localizations", "es-ES"), "APPLICATION_COMMAND_INVALID_NAME"),
    Case("localized-description-empty", "commands", setting((0, "description_localizations"), {"fr": ""}),
         (0, "description_localizations", "fr"), "BASE_TYPE_BAD_LENGTH"),
    Case("localizations-not-object", "commands", setting((0, "name_localizations"), ["es-ES"]),
         (0, "name_localizations"), "DICT_TYPE_CONVERT"),
    Case("options-too-many", "commands", setting((*OPT,), [{"type": 5, "name": f"o{i}", "description": "d"}
         for i in range(MANY)]), OPT, "BASE_TYPE_MAX_LENGTH"),
    Case("option-type-unknown", "commands", setting((*OPT, 0, "type"), 12), (*OPT, 0, "type"), "BASE_TYPE_CHOICES"),
    Case("option-description-missing", "commands", deleting((*OPT, 0, "description")), (*OPT, 0, "description"),
         "BASE_TYPE_REQUIRED"),
    Case("required-after-optional", "commands", setting((*OPT, 2, "required"), True), (*OPT, 2),
         "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID"),
    Case("subcommand-mixed-with-values", "commands",
         appending(OPT, {"type": 1, "name": "sub", "description": "d"}), OPT,
         "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID"),
    Case("group-holds-value", "commands", setting((1, "options", 0, "options", 0, "type"), 3),
         (1, "options", 0, "options", 0, "type"), "BASE_TYPE_CHOICES"),
    Case("subcommand-holds-subcommand", "commands", setting((1, "options", 1, "options"),
         [{"type": 1, "name": "x", "description": "d"}]), (1, "options", 1, "options", 0, "type"), "BASE_TYPE_CHOICES"),
    Case("subcommand-required", "commands", setting((1, "options", 1, "required"), True),
         (1, "options", 1, "required"), "APPLICATION_COMMAND_REQUIRED_INVALID"),
    Case("option-name-duplicated", "commands", setting((*OPT, 1, "name"), "respuesta"), (*OPT, 1, "name"),
         "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS"),
    Case("option-name-invalid", "commands", setting((*OPT, 1, "name"), "Nivel"), (*OPT, 1, "name"),
         "APPLICATION_COMMAND_INVALID_NAME"),
    Case("choices-too-many", "commands", setting((*OPT, 1, "choices"), [{"name": str(i), "value": i}
         for i in range(MANY)]), (*OPT, 1, "choices"), "BASE_TYPE_MAX_LENGTH"),
    Case("choice-name-too-long", "commands", setting((*OPT, 1, "choices", 0, "name"), "n" * 101),
         (*OPT, 1, "choices", 0, "name"), "BASE_TYPE_BAD_LENGTH"),
    Case("choice-int-value-text", "commands", setting((*OPT, 1, "choices", 0, "value"), "abc"),
         (*OPT, 1, "choices", 0, "value"), "NUMBER_TYPE_COERCE"),
    Case("choice-int-value-too-big", "commands", setting((*OPT, 1, "choices", 0, "value"), 2**53),
         (*OPT, 1, "choices", 0, "value"), "NUMBER_TYPE_MAX"),
    Case("choice-string-value-too-long", "commands",
         setting((*OPT, 0, "choices"), [{"name": "a", "value": "v" * 6001}]), (*OPT, 0, "choices", 0, "value"),
         "BASE_TYPE_MAX_LENGTH"),
    Case("choice-string-value-number", "commands", setting((*OPT, 0, "choices"), [{"name": "a", "value": 1}]),
         (*OPT, 0, "choices", 0, "value"), "STRING_TYPE_CONVERT"),
    Case("choices-and-autocomplete", "commands", setting((*OPT, 1, "autocomplete"), True), (*OPT, 1, "autocomplete"),
         "APPLICATION_COMMAND_AUTOCOMPLETE_CHOICES_EXCLUSIVE"),
    Case("autocomplete-on-channel", "commands", setting((*OPT, 2, "autocomplete"), True), (*OPT, 2, "autocomplete"),
         "APPLICATION_COMMAND_AUTOCOMPLETE_INVALID"),
    Case("min-value-over-max", "commands", setting((*OPT, 3, "min_value"), 11), (*OPT, 3, "min_value"),
         "NUMBER_TYPE_MAX"),
    Case("min-value-not-number", "commands", setting((*OPT, 3, "min_value"), "low"), (*OPT, 3, "min_value"),
         "NUMBER_TYPE_COERCE"),
    Case("min-length-too-big", "commands", setting((*OPT, 0, "min_length"), 6001), (*OPT, 0, "min_length"),
         "NUMBER_TYPE_MAX"),
    Case("channel-types-unknown", "commands", setting((*OPT, 2, "channel_types"), [99]), (*OPT, 2, "channel_types", 0),
         "BASE_TYPE_CHOICES"),
    Case("permissions-not-digits", "commands", setting((1, "default_member_permissions"), "admin"),
         (1, "default_member_permissions"), "NUMBER_TYPE_COERCE"),
    Case("dm-permission-not-bool", "commands", setting((0, "dm_permission"), "yes"), (0, "dm_permission"),
         "BOOLEAN_TYPE_CONVERT"),
    Case("contexts-empty", "commands", setting((0, "contexts"), []), (0, "contexts"), "BASE_TYPE_MIN_LENGTH"),
    Case("contexts-repeated", "commands", setting((0, "contexts"), [0, 0]), (0, "contexts", 1),
         "SET_TYPE_ALREADY_CONTAINS_VALUE"),
    Case("integration-type-unknown", "commands", setting((0, "integration_types"), [2]), (0, "integration_types", 0),
         "BASE_TYPE_CHOICES"),
    Case("nsfw-not-bool", "commands", setting((0, "nsfw"), 1), (0, "nsfw"), "BOOLEAN_TYPE_CONVERT"),
    Case("command-too-large", "commands", setting((*OPT, 0, "choices"),
         [{"name": "n" * 100, "value": "v" * 300} for _ in range(25)]), (0,), "APPLICATION_COMMAND_TOO_LARGE"),
]  # fmt: skip


def errors_at(body: dict[str, Any], path: tuple[Any, ...]) -> list[str]:
    node = body["errors"]
    for part in path:
        assert str(part) in node, f"no errors under {part!r} of {path}: {json.dumps(body)[:600]}"
        node = node[str(part)]
    return [error["code"] for error in node.get("_errors", [])]


def test_cases_are_many_and_distinct() -> None:
    assert len(CASES) >= 50
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_broken_body_is_rejected_at_its_path(case: Case) -> None:
    factory, validator = BASELINES[case.base]
    payload = case.mutate(factory())
    with pytest.raises(FormError) as caught:
        validator(payload, **case.kwargs)
    body = caught.value.body
    assert body["code"] == 50035
    assert body["message"] == "Invalid Form Body"
    assert case.code in errors_at(body, case.path)
    assert caught.value.status == 400


def test_error_texts_match_discord() -> None:
    """Spot checks of the exact wording clients (and people) read."""
    bad = message()
    bad["embeds"][0]["title"] = "t" * 257
    bad["components"][0]["components"].append(button("x1"))
    bad["components"][0]["components"].append(button("x2"))
    with pytest.raises(FormError) as caught:
        create(bad)
    errors = caught.value.body["errors"]
    assert errors["embeds"]["0"]["title"] == {
        "_errors": [{"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 256 or fewer in length."}]
    }
    assert errors["components"]["0"]["components"]["_errors"] == [
        {"code": "BASE_TYPE_BAD_LENGTH", "message": "Must be between 1 and 5 in length."}
    ]
    with pytest.raises(FormError) as caught:
        validate_interaction_callback({"type": 3})
    assert (
        caught.value.body["errors"]["type"]["_errors"][0]["message"]
        == "Value must be one of {1, 4, 5, 6, 7, 8, 9, 12, 13}."
    )


def test_all_errors_of_a_body_are_reported() -> None:
    bad = message()
    bad["content"] = "x" * 2001
    bad["embeds"][0]["fields"][0]["name"] = ""
    bad["flags"] = 64
    bad["components"][1]["components"][0]["options"] = []
    bad["allowed_mentions"]["parse"] = ["users"]
    with pytest.raises(FormError) as caught:
        create(bad)
    body = caught.value.body
    assert "BASE_TYPE_MAX_LENGTH" in errors_at(body, ("content",))
    assert "BASE_TYPE_REQUIRED" in errors_at(body, ("embeds", 0, "fields", 0, "name"))
    assert "MESSAGE_FLAGS_INVALID" in errors_at(body, ("flags",))
    assert "BASE_TYPE_BAD_LENGTH" in errors_at(body, ("components", 1, "components", 0, "options"))
    assert "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE" in errors_at(body, ("allowed_mentions",))

    cmds = commands()
    cmds[0]["name"] = "Jugar"
    cmds[0]["options"][2]["required"] = True
    cmds[1]["options"][0]["description"] = "d" * 101
    with pytest.raises(FormError) as caught:
        validate_application_commands(cmds)
    body = caught.value.body
    assert "APPLICATION_COMMAND_INVALID_NAME" in errors_at(body, (0, "name"))
    assert "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID" in errors_at(body, (0, "options", 2))
    assert "BASE_TYPE_BAD_LENGTH" in errors_at(body, (1, "options", 0, "description"))


# --- Empty messages and other non-50035 answers ----------------------------------------------------------

EMPTY = {"code": 50006, "message": "Cannot send an empty message"}


@pytest.mark.parametrize(
    "send",
    [
        lambda: validate_message_create({}),
        lambda: validate_message_create(None),  # type: ignore[arg-type]
        lambda: validate_message_create({"content": "", "embeds": [], "components": [], "tts": False}),
        lambda: validate_message_create({"content": "   \n"}),
        lambda: validate_webhook_message({"flags": 64}),
        lambda: validate_interaction_callback({"type": 4}),
        lambda: validate_interaction_callback({"type": 4, "data": {"content": ""}}),
    ],
)
def test_empty_message_is_50006(send: Callable[[], None]) -> None:
    with pytest.raises(FormError) as caught:
        send()
    assert caught.value.body == EMPTY
    assert caught.value.code == 50006


@pytest.mark.parametrize(
    "payload",
    [
        {"embeds": [{"title": "t"}]},
        {"components": [row(button("a"))]},
        {"sticker_ids": ["1"]},
        {"poll": {"question": {"text": "¿?"}, "answers": [{"poll_media": {"text": "Sí"}}]}},
    ],
)
def test_anything_shown_is_not_empty(payload: dict[str, Any]) -> None:
    validate_message_create(payload)


def test_files_alone_are_not_empty_and_edits_may_be_empty() -> None:
    validate_message_create({}, attachments_count=2)
    validate_message_edit({})
    validate_webhook_message({}, edit=True)
    validate_interaction_callback({"type": 7, "data": {}})


def test_channel_edit_ignores_flags_discord_ignores() -> None:
    """discord.py's suppress edit resends the message's existing flags; Discord ignores the unsettable ones."""
    validate_message_edit({"flags": 4 | 2 | 32})


def test_too_many_commands_of_a_type() -> None:
    chat = [{"name": f"c{i}", "description": "d"} for i in range(101)]
    with pytest.raises(FormError) as caught:
        validate_application_commands(chat)
    assert caught.value.body == {"code": 30032, "message": "Maximum number of application commands reached (100)"}
    users = [{"name": f"U {i}", "type": 2} for i in range(16)]
    with pytest.raises(FormError):
        validate_application_commands(users)
    validate_application_commands(users[:15] + [{"name": f"M {i}", "type": 3} for i in range(15)])
    validate_application_commands(None)  # type: ignore[arg-type]
    validate_application_commands([])


# --- Garbage in, FormError (or nothing) out --------------------------------------------------------------

KEYS = sorted(
    {
        "content", "embeds", "components", "type", "custom_id", "options", "style", "label", "url", "data", "name",
        "value", "fields", "title", "description", "flags", "choices", "required", "min_values", "max_values",
        "allowed_mentions", "parse", "users", "roles", "attachments", "id", "emoji", "footer", "author", "text",
        "component", "min_length", "max_length", "autocomplete", "name_localizations", "channel_types", "poll",
        "accessory", "items", "media", "file", "sku_id", "default_values", "timestamp", "color", "nonce",
    }
)  # fmt: skip
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["", "https://x.y", "attachment://a.png", "1", "users", "es-ES", "x" * 300])
    | st.sampled_from([1, 2, 3, 4, 5, 7, 8, 9, 10, 17, 18, 64, 32768])
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=4), children, max_size=6)
    ),
    max_leaves=25,
)


def _slots(node: Json) -> list[tuple[Any, Any]]:
    """Every (container, key) of a JSON tree, so a mutation can land anywhere."""
    found: list[tuple[Any, Any]] = []
    keys = list(node) if isinstance(node, dict) else range(len(node)) if isinstance(node, list) else []
    for key in keys:
        found.append((node, key))
        found.extend(_slots(node[key]))
    return found


@st.composite
def mutated(draw: st.DrawFn, factory: Callable[[], Json]) -> Json:
    payload = factory()
    for _ in range(draw(st.integers(1, 3))):
        slots = _slots(payload)
        if not slots:
            break
        container, key = draw(st.sampled_from(slots))
        container[key] = draw(json_values)
    return payload


def _assert_discord_shaped(error: FormError) -> None:
    body = error.body
    json.dumps(body)
    assert isinstance(body["code"], int)
    assert isinstance(body["message"], str)
    if body["code"] != 50035:
        return

    def walk(node: Any) -> None:
        assert isinstance(node, dict)
        assert node
        for key, child in node.items():
            if key == "_errors":
                assert child
                assert all(set(e) == {"code", "message"} for e in child)
            else:
                walk(child)

    walk(body["errors"])


def _only_form_errors(validator: Validator, payload: Json, **kwargs: Any) -> None:
    try:
        validator(payload, **kwargs)
    except FormError as error:
        _assert_discord_shaped(error)


FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("name", sorted(BASELINES))
@FUZZ
@given(data=st.data())
def test_mutated_baselines_raise_only_form_errors(name: str, data: st.DataObject) -> None:
    factory, validator = BASELINES[name]
    _only_form_errors(validator, data.draw(mutated(factory)))


VALIDATORS: list[Validator] = [
    validate_message_create,
    validate_message_edit,
    validate_webhook_message,
    webhook_edit,
    validate_interaction_callback,
    validate_application_commands,
]


@pytest.mark.parametrize("validator", VALIDATORS, ids=lambda v: v.__name__)
@FUZZ
@given(payload=json_values, files=st.integers(0, 12))
def test_arbitrary_json_raises_only_form_errors(validator: Validator, payload: Json, files: int) -> None:
    kwargs = {} if validator is validate_application_commands else {"attachments_count": files}
    _only_form_errors(validator, payload, **kwargs)
