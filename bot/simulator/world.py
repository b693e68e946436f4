"""The simulated Discord: users, guilds with roles, channels and members, and the messages in them.

A world is described in a small YAML/dict (see `World.from_config`) and rendered into the JSON shapes
Discord's gateway and REST API use, so the unmodified discord.py client can be pointed at it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bot.simulator import permissions as perms
from bot.simulator.snowflake import Snowflakes, timestamp_of

TEXT_CHANNEL = 0
ANNOUNCEMENT_THREAD, PUBLIC_THREAD, PRIVATE_THREAD = 10, 11, 12
THREAD_TYPES = (ANNOUNCEMENT_THREAD, PUBLIC_THREAD, PRIVATE_THREAD)
HAS_THREAD = 1 << 5  # message flag: a thread was started from this message
THREAD_MEMBER_COUNT_CAP = 50  # member_count "stops counting at 50"


def iso(snowflake: int) -> str:
    """The ISO 8601 timestamp Discord shows for an object created with this id."""
    return datetime.fromtimestamp(timestamp_of(snowflake), UTC).isoformat()


def now_iso() -> str:
    """The current time as Discord writes timestamps."""
    return datetime.now(UTC).isoformat()


@dataclass
class User:
    """A Discord account (a person or the bot)."""

    id: int
    username: str
    global_name: str | None = None
    bot: bool = False

    def payload(self) -> dict[str, Any]:
        """The user object."""
        return {
            "id": str(self.id),
            "username": self.username,
            "global_name": self.global_name or self.username,
            "discriminator": "0",
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
            "flags": 0,
        }

    @property
    def mention(self) -> str:
        """How to write a mention of this user."""
        return f"<@{self.id}>"


@dataclass
class Role:
    """A role; the @everyone role has the guild's id."""

    id: int
    name: str
    permissions: int = 0
    position: int = 1
    managed: bool = False
    mentionable: bool = False

    def payload(self) -> dict[str, Any]:
        """The role object."""
        return {
            "id": str(self.id),
            "name": self.name,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "position": self.position,
            "permissions": str(self.permissions),
            "managed": self.managed,
            "mentionable": self.mentionable,
            "flags": 0,
        }


@dataclass
class Overwrite:
    """A channel permission overwrite for a role (type 0) or a member (type 1)."""

    id: int
    type: int
    allow: int = 0
    deny: int = 0

    def payload(self) -> dict[str, Any]:
        """The overwrite object."""
        return {"id": str(self.id), "type": self.type, "allow": str(self.allow), "deny": str(self.deny)}


@dataclass
class Channel:
    """A guild text channel or thread.

    Threads (type 11, `parent_id` = the text channel) carry the thread-only fields below; their id is the
    id of the message they were started from, and their permissions are the parent's.
    """

    id: int
    guild_id: int
    name: str
    position: int = 0
    type: int = TEXT_CHANNEL
    overwrites: list[Overwrite] = field(default_factory=list)
    parent_id: int | None = None
    last_message_id: int | None = None
    rate_limit_per_user: int = 0
    flags: int = 0
    # Threads only.
    owner_id: int | None = None
    archived: bool = False
    locked: bool = False
    auto_archive_duration: int = 1440
    archive_timestamp: str | None = None
    create_timestamp: str | None = None
    message_count: int = 0
    total_message_sent: int = 0
    thread_members: dict[int, str] = field(default_factory=dict)  # user id -> join timestamp

    @property
    def is_thread(self) -> bool:
        """Whether this is a thread rather than a standalone channel."""
        return self.type in THREAD_TYPES

    def payload(self) -> dict[str, Any]:
        """The channel object (for a thread: the thread channel object, without `member`)."""
        if self.is_thread:
            return self._thread_payload()
        data: dict[str, Any] = {
            "id": str(self.id),
            "type": self.type,
            "guild_id": str(self.guild_id),
            "name": self.name,
            "position": self.position,
            "permission_overwrites": [overwrite.payload() for overwrite in self.overwrites],
            "nsfw": False,
            "topic": None,
            "last_message_id": str(self.last_message_id) if self.last_message_id else None,
            "rate_limit_per_user": self.rate_limit_per_user,
            "parent_id": str(self.parent_id) if self.parent_id else None,
            "flags": self.flags,
        }
        return data

    def _thread_payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "type": self.type,
            "guild_id": str(self.guild_id),
            "parent_id": str(self.parent_id) if self.parent_id else None,
            "owner_id": str(self.owner_id) if self.owner_id else None,
            "name": self.name,
            "last_message_id": str(self.last_message_id) if self.last_message_id else None,
            "rate_limit_per_user": self.rate_limit_per_user,
            "flags": self.flags,
            "message_count": self.message_count,
            "member_count": min(len(self.thread_members), THREAD_MEMBER_COUNT_CAP),
            "total_message_sent": self.total_message_sent,
            "thread_metadata": {
                "archived": self.archived,
                "auto_archive_duration": self.auto_archive_duration,
                "archive_timestamp": self.archive_timestamp,
                "locked": self.locked,
                "create_timestamp": self.create_timestamp,
            },
        }

    def thread_member_payload(self, user_id: int, *, in_guild_create: bool = False) -> dict[str, Any] | None:
        """The thread member object of a user who joined this thread (GUILD_CREATE omits `id` and `user_id`)."""
        joined = self.thread_members.get(user_id)
        if joined is None:
            return None
        data: dict[str, Any] = {"join_timestamp": joined, "flags": 1}
        if not in_guild_create:
            data = {"id": str(self.id), "user_id": str(user_id), **data}
        return data


@dataclass
class Member:
    """A user's membership in a guild."""

    user: User
    roles: list[int]
    joined_at: str
    locale: str = "es-ES"
    nick: str | None = None

    def payload(self) -> dict[str, Any]:
        """The guild member object."""
        return {
            "user": self.user.payload(),
            "nick": self.nick,
            "avatar": None,
            "banner": None,
            "roles": [str(role) for role in self.roles],
            "joined_at": self.joined_at,
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "pending": False,
            "flags": 0,
            "communication_disabled_until": None,
        }


@dataclass
class Message:
    """A message as stored by the simulator, with what it would do to people (pings) precomputed."""

    id: int
    channel_id: int
    guild_id: int | None
    author: User
    content: str = ""
    embeds: list[dict[str, Any]] = field(default_factory=list)
    components: list[dict[str, Any]] = field(default_factory=list)
    attachments: list[dict[str, Any]] = field(default_factory=list)
    flags: int = 0
    webhook_id: int | None = None
    application_id: int | None = None
    interaction_id: int | None = None
    edited_timestamp: str | None = None
    pinged_users: list[int] = field(default_factory=list)
    pinged_roles: list[int] = field(default_factory=list)
    pinged_everyone: bool = False
    message_type: int = 0
    deleted: bool = False
    files: dict[str, bytes] = field(default_factory=dict)
    thread: Channel | None = None  # the thread started from this message (same id)

    @property
    def ephemeral(self) -> bool:
        """Whether only the interacting person sees it."""
        return bool(self.flags & 64)

    @property
    def custom_ids(self) -> list[str]:
        """Every component custom_id on the message, in order."""
        found: list[str] = []

        def walk(components: list[dict[str, Any]]) -> None:
            for component in components:
                if "custom_id" in component:
                    found.append(component["custom_id"])
                walk(component.get("components", []))

        walk(self.components)
        return found

    def text(self) -> str:
        """Everything a person reads in the message: content, then each embed's text."""
        parts = [self.content] if self.content else []
        for embed in self.embeds:
            for key in ("title", "description"):
                if embed.get(key):
                    parts.append(str(embed[key]))
            for embed_field in embed.get("fields", []):
                parts.append(f"{embed_field.get('name', '')}: {embed_field.get('value', '')}")
            if embed.get("footer", {}).get("text"):
                parts.append(embed["footer"]["text"])
        return "\n".join(parts)

    def payload(self) -> dict[str, Any]:
        """The message object."""
        data: dict[str, Any] = {
            "id": str(self.id),
            "channel_id": str(self.channel_id),
            "author": self.author.payload(),
            "content": self.content,
            "timestamp": iso(self.id),
            "edited_timestamp": self.edited_timestamp,
            "tts": False,
            "mention_everyone": self.pinged_everyone,
            "mentions": [],
            "mention_roles": [str(role) for role in self.pinged_roles],
            "attachments": self.attachments,
            "embeds": self.embeds,
            "pinned": False,
            "type": self.message_type,
            "flags": self.flags,
            "components": self.components,
        }
        if self.guild_id is not None:
            data["guild_id"] = str(self.guild_id)
        if self.webhook_id is not None:
            data["webhook_id"] = str(self.webhook_id)
        if self.application_id is not None:
            data["application_id"] = str(self.application_id)
        if self.thread is not None:
            data["thread"] = self.thread.payload()
        return data


@dataclass
class Guild:
    """A server with its roles, channels and members."""

    id: int
    name: str
    owner_id: int
    roles: dict[int, Role] = field(default_factory=dict)
    channels: dict[int, Channel] = field(default_factory=dict)
    members: dict[int, Member] = field(default_factory=dict)
    locale: str = "es-ES"
    system_channel_id: int | None = None

    def role(self, name: str) -> Role:
        """A role by name."""
        for role in self.roles.values():
            if role.name == name:
                return role
        raise KeyError(f"no role {name!r} in guild {self.name!r}")

    def channel(self, name: str) -> Channel:
        """A channel by name."""
        for channel in self.channels.values():
            if channel.name == name:
                return channel
        raise KeyError(f"no channel {name!r} in guild {self.name!r}")

    def member(self, name: str) -> Member:
        """A member by username."""
        for member in self.members.values():
            if member.user.username == name:
                return member
        raise KeyError(f"no member {name!r} in guild {self.name!r}")

    def base_permissions(self, user_id: int) -> int:
        """The member's guild-wide permissions."""
        member = self.members[user_id]
        everyone = self.roles[self.id].permissions
        return perms.base_permissions(
            everyone, [self.roles[r].permissions for r in member.roles if r in self.roles], user_id == self.owner_id
        )

    def permissions_in(self, user_id: int, channel_id: int) -> int:
        """The member's permissions in a channel (threads use their parent's overwrites)."""
        channel = self.channels[channel_id]
        if channel.parent_id is not None and channel.parent_id in self.channels:
            channel = self.channels[channel.parent_id]
        member = self.members[user_id]
        by_id = {(o.type, o.id): (o.allow, o.deny) for o in channel.overwrites}
        return perms.apply_overwrites(
            self.base_permissions(user_id),
            by_id.get((0, self.id)),
            [by_id[(0, role)] for role in member.roles if (0, role) in by_id],
            by_id.get((1, user_id)),
        )

    def active_threads_payload(self, bot_user_id: int) -> list[dict[str, Any]]:
        """GUILD_CREATE's `threads`: active (unarchived) threads the bot can see, with its membership if joined."""
        threads = []
        for channel in self.channels.values():
            if not channel.is_thread or channel.archived:
                continue
            if bot_user_id not in self.members or not perms.has(
                self.permissions_in(bot_user_id, channel.id), "view_channel"
            ):
                continue
            data = channel.payload()
            member = channel.thread_member_payload(bot_user_id, in_guild_create=True)
            if member is not None:
                data["member"] = member
            threads.append(data)
        return threads

    def payload(self, bot_user_id: int) -> dict[str, Any]:
        """The GUILD_CREATE object for the bot."""
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(self.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 1,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "premium_progress_bar_enabled": False,
            "preferred_locale": self.locale,
            "system_channel_id": str(self.system_channel_id) if self.system_channel_id else None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "max_members": 500000,
            "max_video_channel_users": 25,
            "vanity_url_code": None,
            "features": [],
            "roles": [role.payload() for role in self.roles.values()],
            "emojis": [],
            "stickers": [],
            "soundboard_sounds": [],
            "channels": [c.payload() for c in self.channels.values() if not c.is_thread],
            "threads": self.active_threads_payload(bot_user_id),
            "members": [self.members[bot_user_id].payload()] if bot_user_id in self.members else [],
            "member_count": len(self.members),
            "large": False,
            "unavailable": False,
            "joined_at": self.members[bot_user_id].joined_at if bot_user_id in self.members else iso(self.id),
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "application_id": None,
            "incidents_data": None,
        }


_MENTION = re.compile(r"<@!?(\d{1,20})>|<@&(\d{1,20})>|(@everyone|@here)")


def pings(
    content: str, allowed: dict[str, Any] | None, guild: Guild | None, author_may_mention_everyone: bool
) -> tuple[list[int], list[int], bool]:
    """Who a message's content would really notify, following Discord's allowed_mentions rules."""
    users, roles, everyone = [], [], False
    parse = {"users", "roles", "everyone"} if allowed is None else set(allowed.get("parse") or [])
    allowed_users = {int(u) for u in (allowed or {}).get("users") or []}
    allowed_roles = {int(r) for r in (allowed or {}).get("roles") or []}
    for match in _MENTION.finditer(content):
        user, role, broadcast = match.groups()
        if user and ("users" in parse or int(user) in allowed_users):
            users.append(int(user))
        elif role and ("roles" in parse or int(role) in allowed_roles):
            mentionable = guild is not None and int(role) in guild.roles and guild.roles[int(role)].mentionable
            if mentionable or author_may_mention_everyone:
                roles.append(int(role))
        elif broadcast and "everyone" in parse and author_may_mention_everyone:
            everyone = True
    return users, roles, everyone


class World:
    """Every user, guild and message the simulator knows."""

    def __init__(self, snowflakes: Snowflakes | None = None) -> None:
        self.ids = snowflakes or Snowflakes()
        self.application_id = self.ids.next()
        self.bot = User(self.application_id, "Momentos", "Momentos", bot=True)
        self.users: dict[int, User] = {self.bot.id: self.bot}
        self.guilds: dict[int, Guild] = {}
        self.messages: dict[int, Message] = {}

    @classmethod
    def from_config(cls, config: dict[str, Any], snowflakes: Snowflakes | None = None) -> World:
        """Build a world from a description like:

        guilds:
          - name: Tienda Demo
            roles: [{name: Ventas}, {name: Gerencia, permissions: [manage_guild]}]
            channels: [{name: general}, {name: ventas, bot_deny: [send_messages]},
                       {name: gerencia, everyone_deny: [view_channel], bot_allow: [view_channel],
                        role_allow: {Gerencia: [view_channel]}}]
            members: [{name: ana, roles: [Ventas], locale: es-ES}, {name: luis, owner: true}]
        """
        world = cls(snowflakes)
        bot_name = (config.get("bot") or {}).get("name")
        if bot_name:
            world.bot.username = world.bot.global_name = str(bot_name)
        for guild_config in config.get("guilds") or []:
            world.add_guild(guild_config)
        return world

    def add_guild(self, config: dict[str, Any]) -> Guild:
        """Create a guild (with the bot as a member holding its invite permissions)."""
        guild_id = self.ids.next()
        owner_id = 0
        guild = Guild(guild_id, str(config["name"]), owner_id, locale=str(config.get("locale", "es-ES")))
        guild.roles[guild_id] = Role(guild_id, "@everyone", perms.EVERYONE_DEFAULT, position=0)
        bot_role = Role(self.ids.next(), self.bot.username, perms.BOT_DEFAULT, position=1, managed=True)
        guild.roles[bot_role.id] = bot_role
        for position, role_config in enumerate(config.get("roles") or [], start=2):
            role = Role(
                self.ids.next(),
                str(role_config["name"]),
                perms.bits(role_config.get("permissions") or []),
                position=position,
                mentionable=bool(role_config.get("mentionable", False)),
            )
            guild.roles[role.id] = role
        for position, channel_config in enumerate(config.get("channels") or []):
            channel = Channel(self.ids.next(), guild_id, str(channel_config["name"]), position)
            for key, target in (("bot_deny", bot_role.id), ("everyone_deny", guild_id)):
                if channel_config.get(key):
                    channel.overwrites.append(Overwrite(target, 0, 0, perms.bits(channel_config[key])))
            if channel_config.get("bot_allow"):
                channel.overwrites.append(Overwrite(bot_role.id, 0, perms.bits(channel_config["bot_allow"]), 0))
            for role_name, names in (channel_config.get("role_allow") or {}).items():
                allowed = next((r for r in guild.roles.values() if r.name == role_name), None)
                if allowed is None:
                    raise ValueError(f"channel {channel.name}: no role {role_name!r} to allow")
                channel.overwrites.append(Overwrite(allowed.id, 0, perms.bits(names), 0))
            guild.channels[channel.id] = channel
            if guild.system_channel_id is None and channel_config.get("system", position == 0):
                guild.system_channel_id = channel.id
        guild.members[self.bot.id] = Member(self.bot, [bot_role.id], iso(self.ids.next()))
        for member_config in config.get("members") or []:
            user = self.add_user(str(member_config["name"]))
            roles = [guild.role(name).id for name in member_config.get("roles") or []]
            member = Member(user, roles, iso(self.ids.next()), locale=str(member_config.get("locale", guild.locale)))
            guild.members[user.id] = member
            if member_config.get("owner"):
                guild.owner_id = user.id
        if guild.owner_id == 0:
            owner = self.add_user(f"owner-{guild.name}".lower().replace(" ", "-"))
            guild.members[owner.id] = Member(owner, [], iso(self.ids.next()))
            guild.owner_id = owner.id
        self.guilds[guild_id] = guild
        return guild

    def add_user(self, username: str) -> User:
        """A new person."""
        user = User(self.ids.next(), username)
        self.users[user.id] = user
        return user

    def guild(self, name: str) -> Guild:
        """A guild by name."""
        for guild in self.guilds.values():
            if guild.name == name:
                return guild
        raise KeyError(f"no guild {name!r}")

    def channel(self, channel_id: int) -> tuple[Guild, Channel] | None:
        """The guild and channel of a channel id."""
        for guild in self.guilds.values():
            if channel_id in guild.channels:
                return guild, guild.channels[channel_id]
        return None

    def thread_of(self, message: Message) -> Channel | None:
        """The thread started from `message` (threads share their starting message's id)."""
        found = self.channel(message.id)
        if found is None or not found[1].is_thread or found[1].parent_id != message.channel_id:
            return None
        return found[1]

    def start_thread(
        self,
        guild: Guild,
        parent: Channel,
        message: Message,
        name: str,
        *,
        owner: User | None = None,
        auto_archive_duration: int = 1440,
        rate_limit_per_user: int = 0,
    ) -> Channel:
        """A public thread started from `message` by `owner` (the bot unless given), who becomes its first member."""
        if message.id in guild.channels:
            raise ValueError(f"message {message.id} already has a thread")
        started = now_iso()
        creator = owner or self.bot
        thread = Channel(
            id=message.id,
            guild_id=guild.id,
            name=name,
            type=PUBLIC_THREAD,
            parent_id=parent.id,
            owner_id=creator.id,
            auto_archive_duration=auto_archive_duration,
            rate_limit_per_user=rate_limit_per_user,
            archive_timestamp=started,
            create_timestamp=started,
            thread_members={creator.id: started},
        )
        guild.channels[thread.id] = thread
        message.thread = thread
        message.flags |= HAS_THREAD
        return thread

    def channel_messages(self, channel_id: int) -> list[Message]:
        """Visible (non-ephemeral, not deleted) messages of a channel, oldest first."""
        return [m for m in self.messages.values() if m.channel_id == channel_id and not m.ephemeral and not m.deleted]
