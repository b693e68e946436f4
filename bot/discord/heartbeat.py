"""The heartbeat file: proof for a supervisor (Docker HEALTHCHECK, a systemd timer) that the bot still works.

The scheduler loop writes it after every tick that ran while the gateway was connected, so a stale file
means the loop is stuck, crashed, or the bot has been cut off from Discord — all worth a restart.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime
from pathlib import Path

log = logging.getLogger("momentos.heartbeat")


class Heartbeat:
    """Writes the time of the last good tick to `path` (atomically, so a reader never sees half a file)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._warned = False

    def beat(self, now: datetime) -> None:
        """Record a good tick; a write failure is logged once and never stops the loop."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            scratch = self.path.with_name(self.path.name + ".tmp")
            scratch.write_text(now.isoformat() + "\n", encoding="utf-8")
            os.replace(scratch, self.path)
            self._warned = False
        except OSError as error:
            if not self._warned:
                log.warning("cannot write the heartbeat file %s: %s", self.path, error)
                self._warned = True
