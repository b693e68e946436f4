"""`momentos health`: is the running bot's heartbeat fresh? For Docker's HEALTHCHECK and a systemd timer.

It reads only the heartbeat file, never the database, so it works the same with a SQLite file or a PostgreSQL
server (and never opens a connection the server would have to count).
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.cli.settings import Settings, SettingsError, load_env_file

# The scheduler ticks at least once a minute; three missed minutes is a stuck loop, not a slow one.
DEFAULT_MAX_AGE = 180.0


SAME_SETTINGS = "MOMENTOS_DB / MOMENTOS_HEARTBEAT"
# With PostgreSQL there is no database file to sit beside: the file's place is MOMENTOS_HEARTBEAT, or ./data.
SAME_SETTINGS_POSTGRES = "MOMENTOS_HEARTBEAT (or, without it, the same working directory)"


def check(path: Path, max_age: float, now: float, settings: str = SAME_SETTINGS) -> tuple[bool, str]:
    """(healthy, one line for the operator) from the heartbeat file's age at `now` (epoch seconds); `settings`
    names what must match between `momentos run` and this check for both to mean the same file."""
    try:
        written = path.stat().st_mtime
    except FileNotFoundError:
        return False, (
            f"unhealthy: no heartbeat at {path} (the bot has not completed a tick while connected to Discord;"
            f" is `momentos run` running with the same {settings}?)"
        )
    except OSError as error:
        return False, f"unhealthy: cannot read the heartbeat {path}: {error.strerror or error}"
    age = now - written
    stamp = datetime.fromtimestamp(written, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    if age > max_age:
        return False, (
            f"unhealthy: the last heartbeat is {age:.0f} s old ({stamp}), more than {max_age:.0f} s:"
            " the scheduler is stuck or the bot lost Discord; see its log"
        )
    return True, f"healthy: last heartbeat {max(age, 0):.0f} s ago ({stamp})"


def health(max_age: float = DEFAULT_MAX_AGE) -> int:
    """Exit 0 when the heartbeat is fresh, 1 when stale or missing, 2 for a bad setting."""
    load_env_file()
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        print(f"momentos: {error}", file=sys.stderr)
        return 2
    same = SAME_SETTINGS_POSTGRES if settings.uses_postgres and settings.heartbeat is None else SAME_SETTINGS
    healthy, line = check(settings.heartbeat_path, max_age, time.time(), same)
    print(line, file=sys.stdout if healthy else sys.stderr)
    return 0 if healthy else 1
