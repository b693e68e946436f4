"""Discord permission bits and the channel permission algorithm (base role permissions, then overwrites)."""

from __future__ import annotations

from collections.abc import Iterable

FLAGS: dict[str, int] = {
    "create_instant_invite": 1 << 0,
    "kick_members": 1 << 1,
    "ban_members": 1 << 2,
    "administrator": 1 << 3,
    "manage_channels": 1 << 4,
    "manage_guild": 1 << 5,
    "add_reactions": 1 << 6,
    "view_audit_log": 1 << 7,
    "view_channel": 1 << 10,
    "send_messages": 1 << 11,
    "manage_messages": 1 << 13,
    "embed_links": 1 << 14,
    "attach_files": 1 << 15,
    "read_message_history": 1 << 16,
    "mention_everyone": 1 << 17,
    "use_external_emojis": 1 << 18,
    "manage_roles": 1 << 28,
    "use_application_commands": 1 << 31,
    "manage_threads": 1 << 34,
    "create_public_threads": 1 << 35,
    "create_private_threads": 1 << 36,
    "send_messages_in_threads": 1 << 38,
}
ALL = (1 << 51) - 1

# What @everyone may do in a fresh Discord server (a practical subset).
EVERYONE_DEFAULT = sum(
    FLAGS[name]
    for name in (
        "create_instant_invite",
        "add_reactions",
        "view_channel",
        "send_messages",
        "embed_links",
        "attach_files",
        "read_message_history",
        "use_external_emojis",
        "use_application_commands",
        "create_public_threads",
        "send_messages_in_threads",
    )
)

# What the Momentos invite asks for (see README): post, embed, attach, read history, threads.
BOT_DEFAULT = sum(
    FLAGS[name]
    for name in (
        "view_channel",
        "send_messages",
        "embed_links",
        "attach_files",
        "read_message_history",
        "create_public_threads",
        "send_messages_in_threads",
        "use_application_commands",
    )
)


def bits(names: Iterable[str]) -> int:
    """Permission names → bit field; an unknown name is a configuration error."""
    value = 0
    for name in names:
        try:
            value |= FLAGS[name]
        except KeyError:
            raise ValueError(f"unknown permission {name!r}; known: {', '.join(sorted(FLAGS))}") from None
    return value


def has(value: int, name: str) -> bool:
    """Whether the bit field grants the named permission (administrator grants all)."""
    return bool(value & FLAGS["administrator"]) or bool(value & FLAGS[name])


def base_permissions(everyone: int, role_permissions: Iterable[int], is_owner: bool) -> int:
    """Guild-level permissions of a member."""
    if is_owner:
        return ALL
    value = everyone
    for permissions in role_permissions:
        value |= permissions
    return ALL if value & FLAGS["administrator"] else value


def apply_overwrites(
    base: int,
    everyone_overwrite: tuple[int, int] | None,
    role_overwrites: Iterable[tuple[int, int]],
    member_overwrite: tuple[int, int] | None,
) -> int:
    """Channel permissions: @everyone overwrite, then all role overwrites together, then the member's own."""
    if base & FLAGS["administrator"]:
        return ALL
    value = base
    if everyone_overwrite:
        allow, deny = everyone_overwrite
        value = (value & ~deny) | allow
    allow_all = deny_all = 0
    for allow, deny in role_overwrites:
        allow_all |= allow
        deny_all |= deny
    value = (value & ~deny_all) | allow_all
    if member_overwrite:
        allow, deny = member_overwrite
        value = (value & ~deny) | allow
    return value
