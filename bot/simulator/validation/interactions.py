"""Interaction callbacks (``POST /interactions/{id}/{token}/callback``)."""

from __future__ import annotations

from typing import Any

from bot.simulator.validation import limits as L
from bot.simulator.validation._core import (
    Report,
    absent,
    get,
    model_error,
    read_bool,
    read_choice,
    read_dict,
    read_list,
    read_str,
)
from bot.simulator.validation.commands import check_choice
from bot.simulator.validation.components import check_modal
from bot.simulator.validation.messages import CALLBACK_CREATE, CALLBACK_EDIT, check_message, empty_message


def check_interaction_callback(payload: Any, attachments_count: int) -> None:
    """A callback body: its ``type`` decides what ``data`` must be (message, modal, choices...)."""
    r = Report()
    if not isinstance(payload, dict):
        model_error(r, ())
        r.raise_if_any()
        return
    kind = read_choice(r, get(payload, "type"), ("type",), L.CALLBACK_TYPES, required_=True)
    raw = get(payload, "data")
    path = ("data",)
    sends_something = True
    if kind == L.CALLBACK_MESSAGE:
        data = read_dict(r, raw, path)
        if data is not None or absent(raw):
            sends_something = check_message(r, data or {}, path, CALLBACK_CREATE, attachments_count)
    elif kind in (L.CALLBACK_DEFERRED_MESSAGE, L.CALLBACK_DEFERRED_UPDATE, L.CALLBACK_UPDATE):
        data = read_dict(r, raw, path)
        if data is not None:
            check_message(r, data, path, CALLBACK_EDIT, attachments_count)
    elif kind == L.CALLBACK_AUTOCOMPLETE:
        data = read_dict(r, raw, path, required_=True)
        if data is not None:
            choices = read_list(r, get(data, "choices"), (*path, "choices"), max_items=L.AUTOCOMPLETE_CHOICES_MAX)
            for index, choice in enumerate(choices or []):
                if choice is None:  # the spec allows null entries
                    continue
                if not isinstance(choice, dict):
                    model_error(r, (*path, "choices", index))
                    continue
                check_choice(r, choice, (*path, "choices", index), None)
    elif kind == L.CALLBACK_MODAL:
        data = read_dict(r, raw, path, required_=True)
        if data is not None:
            check_modal(r, data, path)
    elif kind == L.CALLBACK_SKU_ELIGIBILITY:
        data = read_dict(r, raw, path, required_=True)
        if data is not None:
            read_bool(r, get(data, "eligible"), (*path, "eligible"), required_=True)
            read_str(
                r,
                get(data, "ineligible_reason_description"),
                (*path, "ineligible_reason_description"),
                max_len=L.SKU_REASON_MAX,
            )
    r.raise_if_any()
    if kind == L.CALLBACK_MESSAGE and not sends_something:
        raise empty_message()
