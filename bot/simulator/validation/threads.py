"""Thread bodies: starting a thread from a message and editing a thread (``PATCH /channels/{thread.id}``)."""

from __future__ import annotations

from typing import Any

from bot.simulator.validation import limits as L
from bot.simulator.validation._core import (
    Report,
    get,
    model_error,
    read_bool,
    read_choice,
    read_int,
    read_snowflakes,
    read_str,
)


def _root(r: Report, payload: Any) -> dict[str, Any] | None:
    """The body itself; no body at all counts as ``{}`` (so a required field is reported missing)."""
    if payload is None:
        return {}
    if not isinstance(payload, dict):
        model_error(r, ())
        return None
    return payload


def _common(r: Report, body: dict[str, Any], *, name_required: bool) -> None:
    read_str(
        r,
        get(body, "name"),
        ("name",),
        required_=name_required,
        min_len=L.THREAD_NAME_MIN,
        max_len=L.THREAD_NAME_MAX,
    )
    read_choice(r, get(body, "auto_archive_duration"), ("auto_archive_duration",), L.THREAD_AUTO_ARCHIVE_DURATIONS)
    read_int(r, get(body, "rate_limit_per_user"), ("rate_limit_per_user",), minimum=0, maximum=L.THREAD_RATE_LIMIT_MAX)


def check_thread_create(payload: Any) -> None:
    """CreateTextThreadWithMessageRequest: ``name`` required, duration one of 60/1440/4320/10080, slowmode."""
    r = Report()
    body = _root(r, payload)
    if body is not None:
        _common(r, body, name_required=True)
    r.raise_if_any()


def check_thread_edit(payload: Any) -> None:
    """UpdateThreadRequestPartial: every field optional (null means unchanged)."""
    r = Report()
    body = _root(r, payload)
    if body is not None:
        _common(r, body, name_required=False)
        for key in ("archived", "locked", "invitable"):
            read_bool(r, get(body, key), (key,))
        read_int(r, get(body, "flags"), ("flags",), minimum=0)
        read_snowflakes(r, get(body, "applied_tags"), ("applied_tags",), max_items=L.THREAD_APPLIED_TAGS_MAX)
    r.raise_if_any()
