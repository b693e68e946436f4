"""The error collector and the typed field readers every validator is built from.

Each reader takes the raw JSON value, records Discord-shaped errors for it, and returns the value coerced to
the expected Python type (or ``None`` when it is absent or wrong), so validators never trip over garbage.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any, Final

from bot.simulator.validation import limits as L

Path = tuple[str | int, ...]


class _Missing:
    """Marks a key absent from its object, which Discord treats apart from an explicit null."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()

INVALID_FORM_BODY: Final = 50035
EMPTY_MESSAGE: Final = 50006


class FormError(Exception):
    """Discord's 400 'Invalid Form Body' (code 50035); .body is the JSON Discord would return.

    Also carries the other 400 answers a body can earn (50006 "Cannot send an empty message", 30032 for too
    many commands), so a handler needs a single ``except`` and always answers ``status`` with ``body``.
    """

    status: int = 400

    def __init__(self, body: dict[str, Any]) -> None:
        self.body: dict[str, Any] = body
        super().__init__(f"{body.get('code')}: {body.get('message')}")

    @property
    def code(self) -> int:
        """Discord's JSON error code (50035, 50006, ...)."""
        code = self.body.get("code")
        return code if isinstance(code, int) else INVALID_FORM_BODY


class Report:
    """Collects every error of one body, nested by path the way Discord nests them."""

    def __init__(self) -> None:
        self.errors: dict[str, Any] = {}

    def __bool__(self) -> bool:
        return bool(self.errors)

    def add(self, path: Path, code: str, message: str) -> None:
        """Records an error at ``path``; list indices become string keys, as in Discord's answer."""
        node = self.errors
        for part in path:
            key = str(part)
            if key == "_errors":  # a user-chosen key (a locale) must not clobber the error list
                continue
            child = node.get(key)
            if not isinstance(child, dict):
                child = {}
                node[key] = child
            node = child
        errors = node.setdefault("_errors", [])
        errors.append({"code": code, "message": message})

    def raise_if_any(self) -> None:
        """Raises the 50035 answer if anything was recorded."""
        if self.errors:
            raise FormError({"code": INVALID_FORM_BODY, "message": "Invalid Form Body", "errors": self.errors})


def show(value: Any) -> str:
    """Renders a bad value for a message; never fails (huge ints, deep nesting) and stays short."""
    try:
        text = value if isinstance(value, str) else str(value)
    except Exception:  # str() of a >4300-digit int or a pathologically deep list
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 100 else text[:97] + "..."


def choices_text(choices: Iterable[object]) -> str:
    """Discord prints allowed values as a Python set literal: ``{1, 2, 3}`` or ``{'users', 'roles'}``."""
    return "{" + ", ".join(repr(c) for c in choices) + "}"


# --- Error texts Discord uses ----------------------------------------------------------------------------


def required(r: Report, path: Path) -> None:
    r.add(path, "BASE_TYPE_REQUIRED", "This field is required")


def length_error(r: Report, path: Path, min_len: int, max_len: int | None) -> None:
    """Discord words a length error by which bounds exist; lists and strings alike."""
    if max_len is None:
        r.add(path, "BASE_TYPE_MIN_LENGTH", f"Must be {min_len} or more in length.")
    elif min_len > 0:
        r.add(path, "BASE_TYPE_BAD_LENGTH", f"Must be between {min_len} and {max_len} in length.")
    else:
        r.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {max_len} or fewer in length.")


def model_error(r: Report, path: Path) -> None:
    r.add(path, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType")


def list_error(r: Report, path: Path) -> None:
    r.add(path, "LIST_TYPE_CONVERT", "Only iterables may be used in a ListType")


def choice_error(r: Report, path: Path, choices: Iterable[object]) -> None:
    r.add(path, "BASE_TYPE_CHOICES", f"Value must be one of {choices_text(choices)}.")


def union_error(r: Report, path: Path, types: Iterable[int]) -> None:
    """A component whose ``type`` is not allowed where it stands (reported on the component itself)."""
    r.add(path, "UNION_TYPE_CHOICES", f'Value of field "type" must be one of {tuple(types)!r}.')


def duplicate_error(r: Report, path: Path) -> None:
    r.add(path, "SET_TYPE_ALREADY_CONTAINS_VALUE", "The set already contains this value")


# --- Readers ---------------------------------------------------------------------------------------------


def get(obj: dict[str, Any], key: str) -> Any:
    """The raw value of ``key`` or MISSING."""
    return obj.get(key, MISSING)


def absent(value: Any) -> bool:
    """Missing or null: both mean 'not given' for Discord's optional fields."""
    return value is MISSING or value is None


def read_dict(r: Report, value: Any, path: Path, *, required_: bool = False) -> dict[str, Any] | None:
    if absent(value):
        if required_:
            required(r, path)
        return None
    if not isinstance(value, dict):
        model_error(r, path)
        return None
    return value


def read_list(
    r: Report,
    value: Any,
    path: Path,
    *,
    required_: bool = False,
    min_items: int = 0,
    max_items: int | None = None,
) -> list[Any] | None:
    """A list, with its length checked; returned even when too long so items still get validated."""
    if absent(value):
        if required_:
            required(r, path)
        return None
    if not isinstance(value, list):
        list_error(r, path)
        return None
    if len(value) < min_items or (max_items is not None and len(value) > max_items):
        length_error(r, path, min_items, max_items)
    return value


def dict_items(r: Report, items: list[Any], path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yields the object items of a list; nulls and non-objects are reported and skipped."""
    for index, item in enumerate(items):
        if item is None:
            r.add((*path, index), "LIST_ITEM_VALUE_REQUIRED", "List item values of ModelType are required")
        elif not isinstance(item, dict):
            model_error(r, (*path, index))
        else:
            yield index, item


def read_str(
    r: Report,
    value: Any,
    path: Path,
    *,
    required_: bool = False,
    min_len: int = 0,
    max_len: int | None = None,
    empty_is_missing: bool = False,
) -> str | None:
    """A string within [min_len, max_len]; ``empty_is_missing`` makes "" count as absent (embed fields)."""
    if absent(value) or (empty_is_missing and value == ""):
        if required_:
            required(r, path)
        return None
    if not isinstance(value, str):
        r.add(path, "STRING_TYPE_CONVERT", f'Could not interpret "{show(value)}" as string.')
        return None
    if len(value) < min_len or (max_len is not None and len(value) > max_len):
        length_error(r, path, min_len, max_len)
    return value


def read_bool(r: Report, value: Any, path: Path, *, required_: bool = False) -> bool | None:
    if absent(value):
        if required_:
            required(r, path)
        return None
    if not isinstance(value, bool):
        r.add(path, "BOOLEAN_TYPE_CONVERT", f'Value "{show(value)}" is not boolean.')
        return None
    return value


_INT_TEXT = re.compile(r"-?[0-9]{1,40}", re.ASCII)
_FLOAT_TEXT = re.compile(r"-?[0-9]{1,40}(\.[0-9]{1,40})?([eE][-+]?[0-9]{1,3})?", re.ASCII)


def coerce_int(value: Any) -> int | None:
    """Discord's int coercion: JSON integers, integral floats and decimal strings; never booleans."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) and value.is_integer() else None
    if isinstance(value, str) and _INT_TEXT.fullmatch(value):
        return int(value)
    return None


def coerce_number(value: Any) -> int | float | None:
    """Like ``coerce_int`` for doubles; ints stay ints so huge values never overflow a float."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, str) and _FLOAT_TEXT.fullmatch(value):
        number = float(value)
        return number if math.isfinite(number) else None
    return None


def range_check(
    r: Report, number: float, path: Path, minimum: float | None, maximum: float | None, kind: str = "int"
) -> bool:
    """NUMBER_TYPE_MIN / NUMBER_TYPE_MAX, worded as Discord words them."""
    if minimum is not None and number < minimum:
        r.add(path, "NUMBER_TYPE_MIN", f"{kind} value should be greater than or equal to {minimum}.")
        return False
    if maximum is not None and number > maximum:
        r.add(path, "NUMBER_TYPE_MAX", f"{kind} value should be less than or equal to {maximum}.")
        return False
    return True


def read_int(
    r: Report,
    value: Any,
    path: Path,
    *,
    required_: bool = False,
    minimum: int | None = None,
    maximum: int | None = None,
) -> int | None:
    """An integer in range; returns None when out of range so later checks do not pile on."""
    if absent(value):
        if required_:
            required(r, path)
        return None
    number = coerce_int(value)
    if number is None:
        r.add(path, "NUMBER_TYPE_COERCE", f'Value "{show(value)}" is not int.')
        return None
    return number if range_check(r, number, path, minimum, maximum) else None


def read_number(
    r: Report,
    value: Any,
    path: Path,
    *,
    required_: bool = False,
    minimum: float | None = None,
    maximum: float | None = None,
) -> int | float | None:
    if absent(value):
        if required_:
            required(r, path)
        return None
    number = coerce_number(value)
    if number is None:
        r.add(path, "NUMBER_TYPE_COERCE", f'Value "{show(value)}" is not float.')
        return None
    return number if range_check(r, number, path, minimum, maximum, "float") else None


def read_choice(r: Report, value: Any, path: Path, choices: tuple[int, ...], *, required_: bool = False) -> int | None:
    """An integer enum member (component type, button style, ...)."""
    if absent(value):
        if required_:
            required(r, path)
        return None
    number = coerce_int(value)
    if number is None:
        r.add(path, "NUMBER_TYPE_COERCE", f'Value "{show(value)}" is not int.')
        return None
    if number not in choices:
        choice_error(r, path, choices)
        return None
    return number


def read_snowflake(r: Report, value: Any, path: Path, *, required_: bool = False) -> int | None:
    """An id: digits as a string, or a JSON integer (discord.py sends both)."""
    if absent(value):
        if required_:
            required(r, path)
        return None
    number = None if isinstance(value, float) else coerce_int(value)
    if number is None or not 0 <= number <= L.SNOWFLAKE_MAX:
        r.add(path, "NUMBER_TYPE_COERCE", f'Value "{show(value)}" is not snowflake.')
        return None
    return number


def read_snowflakes(
    r: Report, value: Any, path: Path, *, max_items: int | None = None, unique: bool = False
) -> list[int] | None:
    """A list of ids; nulls inside are allowed where the spec allows them and simply skipped."""
    items = read_list(r, value, path, max_items=max_items)
    if items is None:
        return None
    found: list[int] = []
    for index, item in enumerate(items):
        if item is None:
            continue
        snowflake = read_snowflake(r, item, (*path, index))
        if snowflake is None:
            continue
        if unique and snowflake in found:
            duplicate_error(r, (*path, index))
        found.append(snowflake)
    return found


def read_int_set(
    r: Report, value: Any, path: Path, choices: tuple[int, ...], *, min_items: int = 0
) -> list[int] | None:
    """A list of distinct enum members (contexts, integration_types, channel_types)."""
    items = read_list(r, value, path, min_items=min_items)
    if items is None:
        return None
    found: list[int] = []
    for index, item in enumerate(items):
        member = read_choice(r, item, (*path, index), choices, required_=True)
        if member is None:
            continue
        if member in found:
            duplicate_error(r, (*path, index))
        found.append(member)
    return found


_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://\S+")


def read_url(
    r: Report,
    value: Any,
    path: Path,
    *,
    max_len: int,
    schemes: tuple[str, ...],
    required_: bool = False,
) -> str | None:
    """A URL: a string of ``scheme://...`` whose scheme Discord accepts there."""
    url = read_str(r, value, path, required_=required_, max_len=max_len)
    if url is None or len(url) > max_len:
        return None
    match = _SCHEME.fullmatch(url)
    if match is None:
        r.add(path, "URL_TYPE_INVALID_URL", "Not a well formed URL.")
        return None
    scheme = match.group(1).lower()
    if scheme not in schemes:
        allowed = ", ".join(repr(s) for s in schemes)
        r.add(
            path,
            "URL_TYPE_INVALID_SCHEME",
            f'Scheme "{show(scheme)}" is not supported. Scheme must be one of ({allowed}).',
        )
        return None
    return url


def read_timestamp(r: Report, value: Any, path: Path) -> str | None:
    """An ISO 8601 date-time, as discord.py's ``datetime.isoformat()`` writes it."""
    text = read_str(r, value, path)
    if text is None:
        return None
    try:
        datetime.fromisoformat(text)
    except ValueError:
        r.add(path, "DATE_TIME_TYPE_PARSE", f"Could not parse {show(text)}. Should be ISO8601.")
        return None
    return text
