"""Message bodies: channel messages, webhook (follow-up) messages and the message part of callbacks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from bot.simulator.validation import limits as L
from bot.simulator.validation._core import (
    EMPTY_MESSAGE,
    FormError,
    Path,
    Report,
    absent,
    choice_error,
    dict_items,
    duplicate_error,
    get,
    length_error,
    model_error,
    read_bool,
    read_choice,
    read_dict,
    read_int,
    read_list,
    read_number,
    read_snowflake,
    read_snowflakes,
    read_str,
    read_timestamp,
    read_url,
    show,
)
from bot.simulator.validation.components import check_message_components

HTTP: Final = ("http", "https")
MEDIA_SCHEMES: Final = ("http", "https", "attachment")
FLAG_NAMES: Final = {
    L.FLAG_SUPPRESS_EMBEDS: "SUPPRESS_EMBEDS",
    L.FLAG_EPHEMERAL: "EPHEMERAL",
    L.FLAG_SUPPRESS_NOTIFICATIONS: "SUPPRESS_NOTIFICATIONS",
    L.FLAG_IS_COMPONENTS_V2: "IS_COMPONENTS_V2",
}
LEGACY_FIELDS: Final = ("content", "embeds", "sticker_ids", "poll")  # forbidden with IS_COMPONENTS_V2


@dataclass(frozen=True, slots=True)
class MessageKind:
    """What one endpoint accepts; the message rules are otherwise the same everywhere."""

    flags: int | None  # settable flag bits; None when Discord ignores unsupported bits (channel edits)
    create: bool  # a body that sends nothing is answered 50006
    channel: bool  # nonce, enforce_nonce, message_reference, sticker_ids
    webhook: bool  # username, avatar_url, thread_name, applied_tags


CHANNEL_CREATE: Final = MessageKind(flags=L.CHANNEL_MESSAGE_FLAGS, create=True, channel=True, webhook=False)
CHANNEL_EDIT: Final = MessageKind(flags=None, create=False, channel=True, webhook=False)
WEBHOOK_CREATE: Final = MessageKind(flags=L.WEBHOOK_MESSAGE_FLAGS, create=True, channel=False, webhook=True)
WEBHOOK_EDIT: Final = MessageKind(flags=L.WEBHOOK_MESSAGE_FLAGS, create=False, channel=False, webhook=False)
CALLBACK_CREATE: Final = MessageKind(flags=L.WEBHOOK_MESSAGE_FLAGS, create=True, channel=False, webhook=False)
CALLBACK_EDIT: Final = MessageKind(flags=L.WEBHOOK_MESSAGE_FLAGS, create=False, channel=False, webhook=False)


def empty_message() -> FormError:
    """Discord answers a message with nothing to show with this, not with 50035."""
    return FormError({"code": EMPTY_MESSAGE, "message": "Cannot send an empty message"})


def root_object(r: Report, payload: Any) -> dict[str, Any] | None:
    """The body itself; a missing body (files only) counts as ``{}``."""
    if payload is None:
        return {}
    if not isinstance(payload, dict):
        model_error(r, ())
        return None
    return payload


def validate_message(payload: Any, kind: MessageKind, attachments_count: int) -> None:
    """Validates a whole message body for ``kind`` and raises the answer Discord would give."""
    r = Report()
    body = root_object(r, payload)
    sends_something = body is not None and check_message(r, body, (), kind, attachments_count)
    r.raise_if_any()
    if kind.create and not sends_something:
        raise empty_message()


def check_message(r: Report, body: dict[str, Any], path: Path, kind: MessageKind, attachments_count: int) -> bool:
    """Records every error of a message body; returns whether it would show anything."""
    files = attachments_count if isinstance(attachments_count, int) else 0
    flags = _flags(r, get(body, "flags"), (*path, "flags"), kind.flags)
    v2 = flags is not None and bool(flags & L.FLAG_IS_COMPONENTS_V2)
    content = read_str(r, get(body, "content"), (*path, "content"), max_len=L.CONTENT_MAX)
    embeds = _embeds(r, get(body, "embeds"), (*path, "embeds"))
    _allowed_mentions(r, get(body, "allowed_mentions"), (*path, "allowed_mentions"))
    check_message_components(r, get(body, "components"), (*path, "components"), v2=v2)
    _attachments(r, get(body, "attachments"), (*path, "attachments"), files)
    read_bool(r, get(body, "tts"), (*path, "tts"))
    has_poll = _poll(r, get(body, "poll"), (*path, "poll"))
    stickers: list[int] | None = None
    if kind.channel:
        stickers = read_snowflakes(
            r, get(body, "sticker_ids"), (*path, "sticker_ids"), max_items=L.STICKER_IDS_MAX if kind.create else None
        )
        _nonce(r, get(body, "nonce"), (*path, "nonce"))
        read_bool(r, get(body, "enforce_nonce"), (*path, "enforce_nonce"))
        _message_reference(r, get(body, "message_reference"), (*path, "message_reference"))
    if kind.webhook:
        read_str(r, get(body, "username"), (*path, "username"), min_len=1, max_len=L.WEBHOOK_USERNAME_MAX)
        read_url(r, get(body, "avatar_url"), (*path, "avatar_url"), max_len=L.WEBHOOK_AVATAR_URL_MAX, schemes=HTTP)
        read_str(r, get(body, "thread_name"), (*path, "thread_name"), max_len=L.WEBHOOK_THREAD_NAME_MAX)
        read_snowflakes(r, get(body, "applied_tags"), (*path, "applied_tags"), max_items=L.WEBHOOK_APPLIED_TAGS_MAX)
    if v2:
        _no_legacy_fields(r, body, path)
    components = get(body, "components")
    return bool(
        (content is not None and content.strip())
        or embeds
        or (isinstance(components, list) and components)
        or files > 0
        or stickers
        or has_poll
    )


def _flags(r: Report, value: Any, path: Path, allowed: int | None) -> int | None:
    flags = read_int(r, value, path)
    if flags is None or allowed is None or not flags & ~allowed:
        return flags
    names = ", ".join(name for bit, name in FLAG_NAMES.items() if bit & allowed)
    r.add(path, "MESSAGE_FLAGS_INVALID", f"Invalid flags {show(flags)}: only {names} can be set here.")
    return flags & allowed


def _no_legacy_fields(r: Report, body: dict[str, Any], path: Path) -> None:
    """IS_COMPONENTS_V2 messages carry everything in components: content, embeds, stickers, polls are out."""
    for key in LEGACY_FIELDS:
        value = get(body, key)
        if absent(value) or value in ("", []):
            continue
        r.add(
            (*path, key),
            "MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2",
            f"The '{key}' field cannot be used when using MessageFlags.IS_COMPONENTS_V2",
        )


# --- Embeds ----------------------------------------------------------------------------------------------


def _embeds(r: Report, value: Any, path: Path) -> int:
    """Validates the embeds and their 6000-character total; returns how many there are."""
    items = read_list(r, value, path, max_items=L.EMBEDS_MAX)
    if items is None:
        return 0
    total = sum(_embed(r, embed, (*path, index)) for index, embed in dict_items(r, items, path))
    if total > L.EMBED_TOTAL_TEXT_MAX:
        r.add(path, "MAX_EMBED_SIZE_EXCEEDED", f"Embed size exceeds maximum size of {L.EMBED_TOTAL_TEXT_MAX}")
    return len(items)


def _text_size(*values: Any) -> int:
    return sum(len(value) for value in values if isinstance(value, str))


def _embed(r: Report, embed: dict[str, Any], path: Path) -> int:
    """Validates one embed; returns the characters it adds to the message's embed total."""
    read_str(r, get(embed, "type"), (*path, "type"), max_len=L.EMBED_TYPE_MAX)
    read_str(r, get(embed, "title"), (*path, "title"), max_len=L.EMBED_TITLE_MAX)
    read_str(r, get(embed, "description"), (*path, "description"), max_len=L.EMBED_DESCRIPTION_MAX)
    read_url(r, get(embed, "url"), (*path, "url"), max_len=L.EMBED_URL_MAX, schemes=HTTP)
    read_timestamp(r, get(embed, "timestamp"), (*path, "timestamp"))
    read_int(r, get(embed, "color"), (*path, "color"), minimum=0, maximum=L.EMBED_COLOR_MAX)
    size = _text_size(get(embed, "title"), get(embed, "description"))

    footer = read_dict(r, get(embed, "footer"), (*path, "footer"))
    if footer is not None:
        read_str(
            r,
            get(footer, "text"),
            (*path, "footer", "text"),
            required_=True,
            max_len=L.EMBED_FOOTER_TEXT_MAX,
            empty_is_missing=True,
        )
        read_url(
            r, get(footer, "icon_url"), (*path, "footer", "icon_url"), max_len=L.EMBED_URL_MAX, schemes=MEDIA_SCHEMES
        )
        size += _text_size(get(footer, "text"))

    author = read_dict(r, get(embed, "author"), (*path, "author"))
    if author is not None:
        read_str(
            r,
            get(author, "name"),
            (*path, "author", "name"),
            required_=True,
            max_len=L.EMBED_AUTHOR_NAME_MAX,
            empty_is_missing=True,
        )
        read_url(r, get(author, "url"), (*path, "author", "url"), max_len=L.EMBED_URL_MAX, schemes=HTTP)
        read_url(
            r, get(author, "icon_url"), (*path, "author", "icon_url"), max_len=L.EMBED_URL_MAX, schemes=MEDIA_SCHEMES
        )
        size += _text_size(get(author, "name"))

    provider = read_dict(r, get(embed, "provider"), (*path, "provider"))
    if provider is not None:
        read_str(r, get(provider, "name"), (*path, "provider", "name"), max_len=L.EMBED_PROVIDER_NAME_MAX)
        read_url(r, get(provider, "url"), (*path, "provider", "url"), max_len=L.EMBED_URL_MAX, schemes=HTTP)

    for key in ("image", "thumbnail", "video"):
        _embed_media(r, get(embed, key), (*path, key), url_required=key != "video")

    fields = read_list(r, get(embed, "fields"), (*path, "fields"), max_items=L.EMBED_FIELDS_MAX)
    for index, item in dict_items(r, fields or [], (*path, "fields")):
        where = (*path, "fields", index)
        name, value = get(item, "name"), get(item, "value")
        read_str(r, name, (*where, "name"), required_=True, max_len=L.EMBED_FIELD_NAME_MAX, empty_is_missing=True)
        read_str(r, value, (*where, "value"), required_=True, max_len=L.EMBED_FIELD_VALUE_MAX, empty_is_missing=True)
        read_bool(r, get(item, "inline"), (*where, "inline"))
        size += _text_size(name, value)
    return size


def _embed_media(r: Report, value: Any, path: Path, *, url_required: bool) -> None:
    """image / thumbnail / video: a url (an uploaded file via attachment:// too) and optional sizes."""
    media = read_dict(r, value, path)
    if media is None:
        return
    read_url(
        r, get(media, "url"), (*path, "url"), max_len=L.EMBED_URL_MAX, schemes=MEDIA_SCHEMES, required_=url_required
    )
    read_int(r, get(media, "width"), (*path, "width"))
    read_int(r, get(media, "height"), (*path, "height"))
    read_str(r, get(media, "description"), (*path, "description"), max_len=L.EMBED_MEDIA_DESCRIPTION_MAX)
    read_str(r, get(media, "placeholder"), (*path, "placeholder"), max_len=L.EMBED_MEDIA_PLACEHOLDER_MAX)
    read_int(r, get(media, "placeholder_version"), (*path, "placeholder_version"), minimum=0, maximum=L.UINT31_MAX)
    read_bool(r, get(media, "is_animated"), (*path, "is_animated"))


# --- Mentions, attachments, references, nonce, polls ------------------------------------------------------


def _allowed_mentions(r: Report, value: Any, path: Path) -> None:
    mentions = read_dict(r, value, path)
    if mentions is None:
        return
    parse: list[str] = []
    items = read_list(r, get(mentions, "parse"), (*path, "parse"))
    for index, item in enumerate(items or []):
        if item is None:  # MessageAllowedMentionsRequest.parse items are nullable
            continue
        kind = read_str(r, item, (*path, "parse", index))
        if kind is None:
            continue
        if kind not in L.ALLOWED_MENTION_TYPES:
            choice_error(r, (*path, "parse", index), L.ALLOWED_MENTION_TYPES)
        elif kind in parse:
            duplicate_error(r, (*path, "parse", index))
        else:
            parse.append(kind)
    for key in ("users", "roles"):
        ids = read_snowflakes(r, get(mentions, key), (*path, key), max_items=L.ALLOWED_MENTION_IDS_MAX, unique=True)
        if ids is not None and key in parse:
            r.add(
                path,
                "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
                f'parse:["{key}"] and {key}: [ids...] are mutually exclusive.',
            )
    read_bool(r, get(mentions, "replied_user"), (*path, "replied_user"))


def _attachments(r: Report, value: Any, path: Path, files: int) -> None:
    """Attachment metadata (ids are upload indices or kept attachments' ids) and the uploaded-file count."""
    items = read_list(r, value, path, max_items=L.ATTACHMENTS_MAX)
    for index, item in dict_items(r, items or [], path):
        where = (*path, index)
        read_snowflake(r, get(item, "id"), (*where, "id"), required_=True)
        read_str(r, get(item, "filename"), (*where, "filename"), min_len=1, max_len=L.ATTACHMENT_FILENAME_MAX)
        read_str(r, get(item, "description"), (*where, "description"), max_len=L.ATTACHMENT_DESCRIPTION_MAX)
        read_str(r, get(item, "title"), (*where, "title"), max_len=L.ATTACHMENT_TITLE_MAX)
        read_str(r, get(item, "waveform"), (*where, "waveform"), max_len=L.ATTACHMENT_WAVEFORM_MAX)
        read_number(
            r, get(item, "duration_secs"), (*where, "duration_secs"), minimum=0, maximum=L.ATTACHMENT_DURATION_MAX
        )
        read_bool(r, get(item, "is_spoiler"), (*where, "is_spoiler"))
        read_bool(r, get(item, "is_remix"), (*where, "is_remix"))
    if files > L.ATTACHMENTS_MAX and not (items is not None and len(items) > L.ATTACHMENTS_MAX):
        length_error(r, path, 0, L.ATTACHMENTS_MAX)


def _message_reference(r: Report, value: Any, path: Path) -> None:
    reference = read_dict(r, value, path)
    if reference is None:
        return
    read_snowflake(r, get(reference, "message_id"), (*path, "message_id"), required_=True)
    read_snowflake(r, get(reference, "channel_id"), (*path, "channel_id"))
    read_snowflake(r, get(reference, "guild_id"), (*path, "guild_id"))
    read_bool(r, get(reference, "fail_if_not_exists"), (*path, "fail_if_not_exists"))
    read_choice(r, get(reference, "type"), (*path, "type"), L.MESSAGE_REFERENCE_TYPES)


def _nonce(r: Report, value: Any, path: Path) -> None:
    """A nonce is an int64 or a string of at most 25 characters."""
    if absent(value):
        return
    if isinstance(value, str):
        if len(value) > L.NONCE_STRING_MAX:
            r.add(path, "NONCE_TYPE_TOO_LONG", f"Must be {L.NONCE_STRING_MAX} or fewer characters long.")
    elif isinstance(value, int) and not isinstance(value, bool):
        if not L.INT64_MIN <= value <= L.INT64_MAX:
            r.add(path, "NONCE_TYPE_OUT_OF_BOUNDS", f"Must be between {L.INT64_MIN} and {L.INT64_MAX}.")
    else:
        r.add(path, "NONCE_TYPE_INVALID_TYPE", "This field must be a string or integer.")


def _poll(r: Report, value: Any, path: Path) -> bool:
    """A poll to create; returns whether one is given (a poll alone makes a message non-empty)."""
    poll = read_dict(r, value, path)
    if poll is None:
        return False
    _poll_media(r, get(poll, "question"), (*path, "question"))
    answers = read_list(
        r, get(poll, "answers"), (*path, "answers"), required_=True, min_items=1, max_items=L.POLL_ANSWERS_MAX
    )
    for index, answer in dict_items(r, answers or [], (*path, "answers")):
        _poll_media(r, get(answer, "poll_media"), (*path, "answers", index, "poll_media"))
    read_bool(r, get(poll, "allow_multiselect"), (*path, "allow_multiselect"))
    read_choice(r, get(poll, "layout_type"), (*path, "layout_type"), L.POLL_LAYOUT_TYPES)
    read_int(r, get(poll, "duration"), (*path, "duration"), minimum=L.POLL_DURATION_MIN, maximum=L.POLL_DURATION_MAX)
    return True


def _poll_media(r: Report, value: Any, path: Path) -> None:
    media = read_dict(r, value, path, required_=True)
    if media is None:
        return
    read_str(r, get(media, "text"), (*path, "text"), required_=True, min_len=1, max_len=L.POLL_TEXT_MAX)
    emoji = read_dict(r, get(media, "emoji"), (*path, "emoji"))
    if emoji is not None:
        read_snowflake(r, get(emoji, "id"), (*path, "emoji", "id"))
        read_str(r, get(emoji, "name"), (*path, "emoji", "name"), max_len=L.POLL_EMOJI_NAME_MAX)
        read_bool(r, get(emoji, "animated"), (*path, "emoji", "animated"))
