"""Application commands as sent by a bulk overwrite (``PUT .../commands``), and choice lists."""

from __future__ import annotations

import unicodedata
from collections import Counter
from typing import Any, Final, Literal

from bot.simulator.validation import limits as L
from bot.simulator.validation._core import (
    FormError,
    Path,
    Report,
    absent,
    choice_error,
    dict_items,
    get,
    length_error,
    list_error,
    read_bool,
    read_choice,
    read_int,
    read_int_set,
    read_list,
    read_number,
    read_snowflake,
    read_str,
    show,
)

Level = Literal["command", "group", "subcommand"]

VALUE_OPTION_TYPES: Final = tuple(t for t in L.OPTION_TYPES if t not in (L.SUB_COMMAND, L.SUB_COMMAND_GROUP))
CHOICE_OPTION_TYPES: Final = (L.STRING, L.INTEGER, L.NUMBER)  # the options that take choices / autocomplete
ALLOWED_AT: Final[dict[Level, tuple[int, ...]]] = {
    "command": L.OPTION_TYPES,  # ApplicationCommandUpdateRequest.options
    "group": (L.SUB_COMMAND,),  # ApplicationCommandSubcommandGroupOption.options
    "subcommand": VALUE_OPTION_TYPES,  # ApplicationCommandSubcommandOption.options
}
MAX_COMMANDS: Final = 30032  # Discord's JSON error code "Maximum number of application commands reached"


def check_application_commands(commands: Any) -> None:
    """PUT /applications/{app}/commands (and the guild variant): the whole list Discord would store."""
    r = Report()
    if commands is None:  # a null body clears every command
        return
    if not isinstance(commands, list):
        list_error(r, ())
        r.raise_if_any()
        return
    if len(commands) > L.COMMANDS_PUT_MAX:
        length_error(r, (), 0, L.COMMANDS_PUT_MAX)
    seen: set[tuple[int, str]] = set()
    per_type: Counter[int] = Counter()
    for index, command in dict_items(r, commands, ()):
        kind, name = _command(r, command, (index,))
        if kind is None:
            continue
        per_type[kind] += 1
        if name is not None:
            if (kind, name) in seen:
                r.add((index,), "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique")
            seen.add((kind, name))
    r.raise_if_any()
    for kind, limit in L.COMMAND_TYPE_LIMITS.items():
        if per_type[kind] > limit:
            raise FormError(
                {"code": MAX_COMMANDS, "message": f"Maximum number of application commands reached ({limit})"}
            )


def _command(r: Report, command: dict[str, Any], path: Path) -> tuple[int | None, str | None]:
    """Validates one command; returns its type and name for the uniqueness and count checks."""
    raw_type = get(command, "type")
    kind = L.CHAT_INPUT if absent(raw_type) else read_choice(r, raw_type, (*path, "type"), L.COMMAND_TYPES)
    slash = kind in (L.CHAT_INPUT, L.PRIMARY_ENTRY_POINT)
    name = _name(r, get(command, "name"), (*path, "name"), strict=slash)
    _localizations(r, get(command, "name_localizations"), (*path, "name_localizations"), L.COMMAND_NAME_MAX, slash)
    description = get(command, "description")
    if slash:
        read_str(r, description, (*path, "description"), required_=True, min_len=1, max_len=L.COMMAND_DESCRIPTION_MAX)
    else:  # USER / MESSAGE commands show no description: Discord wants it empty
        read_str(r, description, (*path, "description"), max_len=0 if kind is not None else None)
    _localizations(
        r, get(command, "description_localizations"), (*path, "description_localizations"), L.COMMAND_DESCRIPTION_MAX
    )
    read_int(
        r,
        get(command, "default_member_permissions"),
        (*path, "default_member_permissions"),
        minimum=0,
        maximum=L.PERMISSIONS_MAX,
    )
    read_bool(r, get(command, "dm_permission"), (*path, "dm_permission"))
    read_bool(r, get(command, "nsfw"), (*path, "nsfw"))
    read_int_set(r, get(command, "contexts"), (*path, "contexts"), L.INTERACTION_CONTEXT_TYPES, min_items=1)
    read_int_set(r, get(command, "integration_types"), (*path, "integration_types"), L.INTEGRATION_TYPES, min_items=1)
    read_choice(r, get(command, "handler"), (*path, "handler"), L.COMMAND_HANDLERS)
    read_snowflake(r, get(command, "id"), (*path, "id"))
    if kind == L.CHAT_INPUT:
        _options(r, get(command, "options"), (*path, "options"), "command")
        if _size(command, depth=0) > L.COMMAND_MAX_SIZE:
            r.add(path, "APPLICATION_COMMAND_TOO_LARGE", f"Command exceeds maximum size ({L.COMMAND_MAX_SIZE})")
    else:
        read_list(r, get(command, "options"), (*path, "options"), max_items=L.COMMAND_OPTIONS_MAX)
    return kind, name


def _name_char(char: str) -> bool:
    """One character of ``^[-_\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}$`` (the scripts by their blocks)."""
    if char in "-_" or unicodedata.category(char)[0] in "LN":
        return True
    code = ord(char)
    return (
        0x0900 <= code <= 0x097F  # Devanagari
        or 0xA8E0 <= code <= 0xA8FF  # Devanagari Extended
        or 0x11B00 <= code <= 0x11B5F  # Devanagari Extended-A
        or 0x0E00 <= code <= 0x0E7F  # Thai
    )


def valid_slash_name(name: str) -> bool:
    """Chat-input command and option names: the regex above, in lower case where a case exists."""
    return 0 < len(name) <= L.COMMAND_NAME_MAX and all(_name_char(c) for c in name) and name == name.lower()


def _name(r: Report, value: Any, path: Path, *, strict: bool) -> str | None:
    name = read_str(r, value, path, required_=True, min_len=1, max_len=L.COMMAND_NAME_MAX)
    if name is None:
        return None
    if strict and 0 < len(name) <= L.COMMAND_NAME_MAX and not valid_slash_name(name):
        r.add(path, "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
    return name


def _localizations(r: Report, value: Any, path: Path, max_len: int, names: bool = False) -> None:
    """A locale -> text map: keys from AvailableLocalesEnum, texts with the field's own limits."""
    if absent(value):
        return
    if not isinstance(value, dict):
        r.add(path, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")
        return
    for locale, text in value.items():
        where = (*path, locale if isinstance(locale, str) else show(locale))
        if locale not in L.LOCALES:
            choice_error(r, where, L.LOCALES)
            continue
        if names:
            _name(r, text, where, strict=True)
        else:
            read_str(r, text, where, required_=True, min_len=1, max_len=max_len)


def _options(r: Report, value: Any, path: Path, level: Level) -> None:
    """An options list at ``level``: subcommands/groups exclusive of values, required ones first."""
    items = read_list(r, value, path, max_items=L.COMMAND_OPTIONS_MAX)
    if items is None:
        return
    names: set[str] = set()
    kinds: list[int] = []
    seen_optional = False
    for index, option in dict_items(r, items, path):
        where = (*path, index)
        kind = read_choice(r, get(option, "type"), (*where, "type"), ALLOWED_AT[level], required_=True)
        name = _name(r, get(option, "name"), (*where, "name"), strict=True)
        if name is not None:
            if name in names:
                r.add(
                    (*where, "name"), "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS", "Option names must be unique"
                )
            names.add(name)
        read_str(
            r,
            get(option, "description"),
            (*where, "description"),
            required_=True,
            min_len=1,
            max_len=L.COMMAND_DESCRIPTION_MAX,
        )
        _localizations(r, get(option, "name_localizations"), (*where, "name_localizations"), L.COMMAND_NAME_MAX, True)
        _localizations(
            r,
            get(option, "description_localizations"),
            (*where, "description_localizations"),
            L.COMMAND_DESCRIPTION_MAX,
        )
        is_required = read_bool(r, get(option, "required"), (*where, "required"))
        if kind is None:
            continue
        kinds.append(kind)
        if kind in (L.SUB_COMMAND, L.SUB_COMMAND_GROUP):
            if is_required:
                r.add(
                    (*where, "required"),
                    "APPLICATION_COMMAND_REQUIRED_INVALID",
                    "Required cannot be configured for this type of option",
                )
            _options(
                r, get(option, "options"), (*where, "options"), "group" if kind == L.SUB_COMMAND_GROUP else "subcommand"
            )
            continue
        _value_option(r, option, where, kind)
        if not is_required:
            seen_optional = True
        elif seen_optional:
            r.add(
                where,
                "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                "Required options must be placed before non-required options",
            )
    nested = [k in (L.SUB_COMMAND, L.SUB_COMMAND_GROUP) for k in kinds]
    if any(nested) and not all(nested):
        r.add(
            path,
            "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
            "Sub-command and sub-command group option types are mutually exclusive to all other types",
        )


def _value_option(r: Report, option: dict[str, Any], path: Path, kind: int) -> None:
    """The per-type extras of a value option: choices/autocomplete, bounds, channel types."""
    autocomplete = read_bool(r, get(option, "autocomplete"), (*path, "autocomplete"))
    if kind in CHOICE_OPTION_TYPES:
        choices = read_list(r, get(option, "choices"), (*path, "choices"), max_items=L.CHOICES_MAX)
        for index, choice in dict_items(r, choices or [], (*path, "choices")):
            check_choice(r, choice, (*path, "choices", index), kind)
        if autocomplete and choices:
            r.add(
                (*path, "autocomplete"),
                "APPLICATION_COMMAND_AUTOCOMPLETE_CHOICES_EXCLUSIVE",
                "Autocomplete and choices are mutually exclusive",
            )
    elif autocomplete:
        r.add(
            (*path, "autocomplete"),
            "APPLICATION_COMMAND_AUTOCOMPLETE_INVALID",
            "Autocomplete cannot be configured for this type of option",
        )
    if kind == L.INTEGER:
        low = read_int(r, get(option, "min_value"), (*path, "min_value"), minimum=L.INT53_MIN, maximum=L.INT53_MAX)
        high = read_int(r, get(option, "max_value"), (*path, "max_value"), minimum=L.INT53_MIN, maximum=L.INT53_MAX)
        _ordered(r, low, high, (*path, "min_value"))
    elif kind == L.NUMBER:
        low_n = read_number(r, get(option, "min_value"), (*path, "min_value"), minimum=L.INT53_MIN, maximum=L.INT53_MAX)
        high_n = read_number(
            r, get(option, "max_value"), (*path, "max_value"), minimum=L.INT53_MIN, maximum=L.INT53_MAX
        )
        _ordered(r, low_n, high_n, (*path, "min_value"))
    elif kind == L.STRING:
        top = L.STRING_OPTION_LENGTH_MAX
        low = read_int(r, get(option, "min_length"), (*path, "min_length"), minimum=0, maximum=top)
        high = read_int(r, get(option, "max_length"), (*path, "max_length"), minimum=1, maximum=top)
        _ordered(r, low, high, (*path, "min_length"))
    elif kind == L.CHANNEL:
        read_int_set(r, get(option, "channel_types"), (*path, "channel_types"), L.CHANNEL_TYPES)


def _ordered(r: Report, low: float | None, high: float | None, path: Path) -> None:
    if low is not None and high is not None and low > high:
        r.add(path, "NUMBER_TYPE_MAX", f"int value should be less than or equal to {high}.")


def check_choice(r: Report, choice: dict[str, Any], path: Path, kind: int | None) -> None:
    """A choice: name 1..100 (+ localizations) and a value of the option's type (any type if ``kind`` is None)."""
    read_str(r, get(choice, "name"), (*path, "name"), required_=True, min_len=1, max_len=L.CHOICE_NAME_MAX)
    _localizations(r, get(choice, "name_localizations"), (*path, "name_localizations"), L.CHOICE_NAME_MAX)
    value = get(choice, "value")
    where = (*path, "value")
    if kind is None:  # autocomplete results: a string, or a number for INTEGER / NUMBER options
        kind = L.STRING if isinstance(value, str) else L.NUMBER
    if kind == L.STRING:
        read_str(r, value, where, required_=True, max_len=L.CHOICE_STRING_VALUE_MAX)
    elif kind == L.INTEGER:
        read_int(r, value, where, required_=True, minimum=L.INT53_MIN, maximum=L.INT53_MAX)
    else:
        read_number(r, value, where, required_=True)


def _longest(default: Any, localized: Any) -> int:
    """Size of a localisable field for the 8000 rule: only its longest locale counts."""
    sizes = [len(default)] if isinstance(default, str) else [0]
    if isinstance(localized, dict):
        sizes.extend(len(text) for text in localized.values() if isinstance(text, str))
    return max(sizes)


def _size(node: dict[str, Any], depth: int) -> int:
    """Characters of names, descriptions and choice values in a command and its (≤ 3 levels of) options."""
    total = _longest(get(node, "name"), get(node, "name_localizations"))
    total += _longest(get(node, "description"), get(node, "description_localizations"))
    choices = get(node, "choices")
    for choice in choices if isinstance(choices, list) else []:
        if isinstance(choice, dict):
            total += _longest(get(choice, "name"), get(choice, "name_localizations"))
            value = get(choice, "value")
            total += len(value) if isinstance(value, str) else 0
    options = get(node, "options")
    if depth < 3 and isinstance(options, list):
        total += sum(_size(option, depth + 1) for option in options if isinstance(option, dict))
    return total
