"""Logging: one line per event, discord.py's HTTP chatter quiet, and secrets scrubbed from every record."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterable
from typing import Any


class RedactSecrets(logging.Filter):
    """Replace any secret that slipped into a log message or traceback with '[redacted]'."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._secrets = [secret for secret in secrets if secret and len(secret) >= 8]

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        message = record.getMessage()
        cleaned = message
        for secret in self._secrets:
            cleaned = cleaned.replace(secret, "[redacted]")
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and record.exc_info[1] is not None:
            text = logging.Formatter().formatException(record.exc_info)
            for secret in self._secrets:
                text = text.replace(secret, "[redacted]")
            record.exc_text, record.exc_info = text, None
        return True


def configure_logging(level: str, secrets: Iterable[str] = ()) -> None:
    """Set up the root logger once for a CLI command."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("discord.http").setLevel(logging.WARNING)
    route_uncaught_errors()
    logging.getLogger("discord.gateway").setLevel(max(logging.INFO, logging.getLevelName(level)))


def route_uncaught_errors() -> None:
    """Python prints "Exception ignored in…" and uncaught thread errors straight to stderr, past the scrubber;
    send them through logging instead, so they are one scrubbed record like everything else."""
    log = logging.getLogger("momentos.uncaught")

    def unraisable(hook: Any) -> None:
        exc_info = (hook.exc_type, hook.exc_value, hook.exc_traceback) if hook.exc_value is not None else None
        log.error("%s: %r", hook.err_msg or "Exception ignored in", hook.object, exc_info=exc_info)

    def thread_error(hook: threading.ExceptHookArgs) -> None:
        if hook.exc_type is SystemExit:
            return
        name = hook.thread.name if hook.thread is not None else "?"
        exc_info = (hook.exc_type, hook.exc_value, hook.exc_traceback) if hook.exc_value is not None else None
        log.error("uncaught exception in thread %s", name, exc_info=exc_info)

    sys.unraisablehook = unraisable
    threading.excepthook = thread_error
