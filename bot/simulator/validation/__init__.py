"""Validation of the bodies the bot sends, so the simulator rejects what Discord rejects.

Pure functions: each takes the decoded JSON body and returns nothing when Discord would accept it, or raises
``FormError`` whose ``body`` is the JSON Discord answers with (HTTP 400). They never raise anything else,
whatever garbage they are given. Limits live in ``limits`` with the OpenAPI schema each comes from.
"""

from __future__ import annotations

from typing import Any

from bot.simulator.validation._core import FormError
from bot.simulator.validation.commands import check_application_commands
from bot.simulator.validation.interactions import check_interaction_callback
from bot.simulator.validation.messages import (
    CHANNEL_CREATE,
    CHANNEL_EDIT,
    WEBHOOK_CREATE,
    WEBHOOK_EDIT,
    validate_message,
)
from bot.simulator.validation.threads import check_thread_create, check_thread_edit

__all__ = [
    "FormError",
    "validate_application_commands",
    "validate_interaction_callback",
    "validate_message_create",
    "validate_message_edit",
    "validate_thread_create",
    "validate_thread_edit",
    "validate_webhook_message",
]


def validate_message_create(payload: dict[str, Any], *, attachments_count: int = 0) -> None:
    """POST /channels/{id}/messages (JSON body or multipart ``payload_json``); ``attachments_count`` files."""
    validate_message(payload, CHANNEL_CREATE, attachments_count)


def validate_message_edit(payload: dict[str, Any], *, attachments_count: int = 0) -> None:
    """PATCH /channels/{id}/messages/{id}: every field optional, same limits, nothing to be non-empty."""
    validate_message(payload, CHANNEL_EDIT, attachments_count)


def validate_webhook_message(payload: dict[str, Any], *, attachments_count: int = 0, edit: bool = False) -> None:
    """Follow-ups (POST /webhooks/{app}/{token}) and edits (PATCH .../messages/{id|@original}); EPHEMERAL allowed."""
    validate_message(payload, WEBHOOK_EDIT if edit else WEBHOOK_CREATE, attachments_count)


def validate_interaction_callback(payload: dict[str, Any], *, attachments_count: int = 0) -> None:
    """POST /interactions/{id}/{token}/callback: ``type`` decides what ``data`` must be."""
    check_interaction_callback(payload, attachments_count)


def validate_application_commands(commands: list[dict[str, Any]]) -> None:
    """PUT /applications/{app}/commands and /applications/{app}/guilds/{g}/commands (bulk overwrite)."""
    check_application_commands(commands)


def validate_thread_create(payload: dict[str, Any]) -> None:
    """POST /channels/{id}/messages/{id}/threads (start a public thread from a message)."""
    check_thread_create(payload)


def validate_thread_edit(payload: dict[str, Any]) -> None:
    """PATCH /channels/{id} on a thread: name, archived, locked, auto_archive_duration, slowmode..."""
    check_thread_edit(payload)
