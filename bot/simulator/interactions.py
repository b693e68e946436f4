"""Interactions as a person experiences them: what they clicked or typed, and everything the bot answered."""

from __future__ import annotations

import asyncio
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from bot.simulator.world import Channel, Guild, Member, Message, Role, User

PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5
CALLBACK_MESSAGE, CALLBACK_DEFERRED_MESSAGE, CALLBACK_DEFERRED_UPDATE, CALLBACK_UPDATE = 4, 5, 6, 7
CALLBACK_AUTOCOMPLETE, CALLBACK_MODAL = 8, 9
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024

OPTION_SUBCOMMAND, OPTION_GROUP, OPTION_STRING, OPTION_INTEGER, OPTION_BOOLEAN = 1, 2, 3, 4, 5
OPTION_USER, OPTION_CHANNEL, OPTION_ROLE, OPTION_MENTIONABLE, OPTION_NUMBER, OPTION_ATTACHMENT = 6, 7, 8, 9, 10, 11


@dataclass(frozen=True)
class Upload:
    """A file a person attaches to a slash command's attachment option."""

    filename: str
    data: bytes
    content_type: str = "application/octet-stream"


class SimulatorUsageError(Exception):
    """A test or demo asked the simulator for something a Discord client could not send."""


@dataclass
class InteractionRecord:
    """One interaction and the bot's answers to it, for assertions on what the person saw."""

    id: int
    token: str
    type: int
    user: User
    guild_id: int
    channel_id: int
    payload: dict[str, Any]
    created: float = field(default_factory=time.monotonic)
    answered_at: float | None = None  # monotonic time of the first accepted callback (for latency figures)
    refused_callbacks: int = 0  # callbacks after the first one (Discord: 40060 already acknowledged)
    callback_type: int | None = None
    callback_data: dict[str, Any] | None = None
    late_callbacks: int = 0
    original: Message | None = None
    followups: list[Message] = field(default_factory=list)
    modal: dict[str, Any] | None = None
    choices: list[dict[str, Any]] | None = None
    component_message_id: int | None = None
    responded: asyncio.Event = field(default_factory=asyncio.Event)
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def acknowledged(self) -> bool:
        """Whether the bot answered within the deadline."""
        return self.callback_type is not None

    @property
    def deferred(self) -> bool:
        """A 'thinking…' answer still waiting for its edit."""
        return self.callback_type == CALLBACK_DEFERRED_MESSAGE and (
            self.original is None or bool(self.original.flags & 128)
        )

    @property
    def ephemeral(self) -> bool:
        """Whether the visible answer is only for the person who interacted."""
        message = self.original or (self.followups[0] if self.followups else None)
        return message is not None and message.ephemeral

    @property
    def messages(self) -> list[Message]:
        """Every message the bot showed in answer: the original response, then followups."""
        return ([self.original] if self.original is not None else []) + self.followups

    def text(self) -> str:
        """All visible text of the answers, joined, for 'the person saw X' assertions."""
        return "\n".join(message.text() for message in self.messages)

    def embeds(self) -> list[dict[str, Any]]:
        """Every embed shown in answer."""
        return [embed for message in self.messages for embed in message.embeds]

    async def settled(self, timeout: float = 5.0) -> InteractionRecord:
        """Wait until the answer is final: acknowledged and, if deferred, edited or followed up."""
        deadline = time.monotonic() + timeout
        await asyncio.wait_for(self.responded.wait(), timeout)
        while self.deferred and not self.followups:
            self.changed.clear()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("the bot deferred but never completed its answer")
            await asyncio.wait_for(self.changed.wait(), remaining)
        return self


def new_token() -> str:
    """An interaction token (opaque to the bot)."""
    return "sim." + secrets.token_urlsafe(48)


def member_payload(guild: Guild, member: Member, channel: Channel) -> dict[str, Any]:
    """The interaction's member object, with permissions resolved in the channel."""
    data = member.payload()
    data["permissions"] = str(guild.permissions_in(member.user.id, channel.id))
    return data


def base_payload(
    interaction_id: int, token: str, kind: int, application_id: int, guild: Guild, channel: Channel, member: Member
) -> dict[str, Any]:
    """The fields every guild interaction carries."""
    return {
        "id": str(interaction_id),
        "application_id": str(application_id),
        "type": kind,
        "token": token,
        "version": 1,
        "guild_id": str(guild.id),
        "guild": {"id": str(guild.id), "locale": guild.locale, "features": []},
        "channel_id": str(channel.id),
        "channel": {**channel.payload()},
        "member": member_payload(guild, member, channel),
        "locale": member.locale,
        "guild_locale": guild.locale,
        "app_permissions": str(guild.permissions_in(application_id, channel.id)),
        "entitlements": [],
        "authorizing_integration_owners": {"0": str(guild.id)},
        "context": 0,
        "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
    }


def find_command(commands: list[dict[str, Any]], path: str) -> tuple[dict[str, Any], list[str]]:
    """The top-level command for 'team add' and the subcommand names below it."""
    names = path.split()
    for command in commands:
        if command.get("name") == names[0] and command.get("type", 1) == 1:
            return command, names[1:]
    known = ", ".join(sorted(c.get("name", "?") for c in commands))
    raise SimulatorUsageError(f"no slash command /{names[0]} registered (registered: {known or 'none'})")


def _resolve_value(
    option: dict[str, Any], value: Any, guild: Guild, resolved: dict[str, dict[str, Any]], viewer_id: int
) -> Any:
    kind = option["type"]
    name = option["name"]
    if kind == OPTION_STRING:
        if not isinstance(value, str):
            raise SimulatorUsageError(f"option {name!r} takes text")
        return value
    if kind == OPTION_INTEGER:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SimulatorUsageError(f"option {name!r} takes an integer")
        return value
    if kind == OPTION_NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise SimulatorUsageError(f"option {name!r} takes a number")
        return value
    if kind == OPTION_BOOLEAN:
        if not isinstance(value, bool):
            raise SimulatorUsageError(f"option {name!r} takes true/false")
        return value
    if kind == OPTION_CHANNEL:
        channel = value if isinstance(value, Channel) else guild.channels.get(int(value))
        if channel is None:
            raise SimulatorUsageError(f"option {name!r}: no such channel {value!r} in {guild.name}")
        types = option.get("channel_types")
        if types and channel.type not in types:
            raise SimulatorUsageError(f"option {name!r} does not accept channel type {channel.type}")
        payload = channel.payload()
        payload["permissions"] = str(guild.permissions_in(viewer_id, channel.id))
        resolved.setdefault("channels", {})[str(channel.id)] = payload
        return str(channel.id)
    if kind == OPTION_ROLE:
        role = value if isinstance(value, Role) else guild.roles.get(int(value))
        if role is None:
            raise SimulatorUsageError(f"option {name!r}: no such role {value!r} in {guild.name}")
        resolved.setdefault("roles", {})[str(role.id)] = role.payload()
        return str(role.id)
    if kind == OPTION_ATTACHMENT:
        if not isinstance(value, dict) or "id" not in value:
            raise SimulatorUsageError(f"option {name!r} takes an Upload")
        resolved.setdefault("attachments", {})[str(value["id"])] = value
        return str(value["id"])
    if kind in (OPTION_USER, OPTION_MENTIONABLE):
        user_id = value.user.id if isinstance(value, Member) else value.id if isinstance(value, User) else int(value)
        member = guild.members.get(user_id)
        if member is None:
            raise SimulatorUsageError(f"option {name!r}: no such member {value!r} in {guild.name}")
        resolved.setdefault("users", {})[str(user_id)] = member.user.payload()
        member_data = member.payload()
        member_data.pop("user")
        resolved.setdefault("members", {})[str(user_id)] = member_data
        return str(user_id)
    raise SimulatorUsageError(f"option type {kind} of {name!r} is not simulated")


def build_options(
    schema: list[dict[str, Any]],
    values: dict[str, Any],
    guild: Guild,
    resolved: dict[str, dict[str, Any]],
    viewer_id: int,
    focused: str | None = None,
) -> list[dict[str, Any]]:
    """Typed interaction options from plain values, checked against the command's registered options."""
    by_name = {option["name"]: option for option in schema}
    for name in values:
        if name not in by_name:
            raise SimulatorUsageError(f"unknown option {name!r}; options are {', '.join(by_name) or 'none'}")
    built = []
    for option in schema:
        name = option["name"]
        if name not in values:
            if option.get("required") and focused is None:
                raise SimulatorUsageError(f"required option {name!r} missing")
            continue
        if name == focused:
            built.append({"name": name, "type": option["type"], "value": str(values[name]), "focused": True})
            continue
        value = _resolve_value(option, values[name], guild, resolved, viewer_id)
        choices = option.get("choices")
        if choices and value not in [choice["value"] for choice in choices]:
            allowed = ", ".join(repr(choice["value"]) for choice in choices)
            raise SimulatorUsageError(f"option {name!r} must be one of {allowed}")
        built.append({"name": name, "type": option["type"], "value": value})
    return built


def command_data(
    command: dict[str, Any],
    subpath: list[str],
    values: dict[str, Any],
    guild: Guild,
    viewer_id: int,
    focused: str | None = None,
) -> dict[str, Any]:
    """The `data` of an APPLICATION_COMMAND (or AUTOCOMPLETE) interaction."""
    resolved: dict[str, dict[str, Any]] = {}
    options_schema = command.get("options") or []
    nest: list[dict[str, Any]] = []
    container = nest
    for name in subpath:
        sub = next(
            (o for o in options_schema if o["name"] == name and o["type"] in (OPTION_SUBCOMMAND, OPTION_GROUP)), None
        )
        if sub is None:
            raise SimulatorUsageError(f"/{command['name']} has no subcommand {name!r}")
        entry: dict[str, Any] = {"name": name, "type": sub["type"], "options": []}
        container.append(entry)
        container = entry["options"]
        options_schema = sub.get("options") or []
    if any(o["type"] in (OPTION_SUBCOMMAND, OPTION_GROUP) for o in options_schema):
        raise SimulatorUsageError(f"/{command['name']} {' '.join(subpath)} needs a subcommand")
    container.extend(build_options(options_schema, values, guild, resolved, viewer_id, focused))
    data: dict[str, Any] = {
        "id": command["id"],
        "name": command["name"],
        "type": command.get("type", 1),
        "options": nest,
        "guild_id": str(guild.id),
    }
    if resolved:
        data["resolved"] = resolved
    return data
