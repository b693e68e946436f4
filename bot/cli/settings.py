"""Configuration from the environment (and an optional .env file), checked before anything starts."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import bot
from bot.domain.shards import ShardError, ShardScope, parse_ids
from bot.storage.database import StorageError, is_postgres_url, redact, sqlite_path

DEFAULT_DB = "./data/momentos.db"
SETUP_HELP = (
    "DISCORD_TOKEN is not set. Create an application at https://discord.com/developers/applications, "
    "open Bot → Reset Token, and put DISCORD_TOKEN=<token> in the environment or in a .env file "
    "(see .env.example). To try Momentos without Discord, run `make demo`."
)


def load_env_file() -> None:
    """Read `.env` from the working directory (never over real environment variables), as the README says.

    python-dotenv's default looks beside the calling module instead, which an installed package never has.
    """
    from dotenv import find_dotenv, load_dotenv

    load_dotenv(find_dotenv(usecwd=True), override=False)


def database_url_setting(source: Mapping[str, str]) -> str | None:
    """MOMENTOS_DATABASE_URL, else DATABASE_URL (as many platforms name it); None when neither is set."""
    return (source.get("MOMENTOS_DATABASE_URL") or source.get("DATABASE_URL") or "").strip() or None


class SettingsError(ValueError):
    """A configuration value that cannot work; the message says which variable and what is expected."""


def bundled_scenarios() -> Path:
    """The content shipped with Momentos: the repository's scenarios/ or the copy inside the wheel."""
    package = Path(bot.__file__).resolve().parent
    for candidate in (package.parent / "scenarios", package / "_bundled" / "scenarios"):
        if (candidate / "steps.yaml").is_file():
            return candidate
    return package.parent / "scenarios"


@dataclass(frozen=True)
class Settings:
    """Everything `momentos run` needs. The token is kept out of repr so it never reaches a log."""

    token: str | None = field(repr=False)
    db_path: str = DEFAULT_DB
    database_url: str | None = field(default=None, repr=False)  # may carry a password: shown only redacted
    scenarios: Path = field(default_factory=bundled_scenarios)
    api_url: str | None = None
    gateway_url: str | None = None
    log_level: str = "INFO"
    heartbeat: Path | None = None
    shards: ShardScope = field(default_factory=ShardScope)

    @property
    def database(self) -> str:
        """What Storage.open takes: MOMENTOS_DATABASE_URL (or DATABASE_URL) when set, else the MOMENTOS_DB file."""
        return self.database_url or self.db_path

    @property
    def database_shown(self) -> str:
        """The database for logs and messages: a URL's password never appears."""
        return redact(self.database)

    @property
    def uses_postgres(self) -> bool:
        """Whether the database is a PostgreSQL server (no local file to back up, check or export from)."""
        return is_postgres_url(self.database)

    @property
    def heartbeat_path(self) -> Path:
        """MOMENTOS_HEARTBEAT, else `heartbeat` beside the database file (the data volume in Docker)."""
        return self.heartbeat or Path(self.db_path).parent / "heartbeat"

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] | None = None, *, shard_count: int | None = None, shard_ids: str | None = None
    ) -> Settings:
        """Read MOMENTOS_* and DISCORD_TOKEN (command-line shard options win over the environment's);
        SettingsError for malformed values."""
        source = os.environ if env is None else env
        api_url = source.get("MOMENTOS_DISCORD_API_URL") or None
        gateway_url = source.get("MOMENTOS_DISCORD_GATEWAY_URL") or None
        if api_url and not api_url.startswith(("http://", "https://")):
            raise SettingsError(f"MOMENTOS_DISCORD_API_URL must start with http:// or https://, got {api_url!r}")
        if gateway_url and not gateway_url.startswith(("ws://", "wss://")):
            raise SettingsError(f"MOMENTOS_DISCORD_GATEWAY_URL must start with ws:// or wss://, got {gateway_url!r}")
        level = source.get("MOMENTOS_LOG_LEVEL", "INFO").upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise SettingsError(f"MOMENTOS_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, got {level!r}")
        scenarios = source.get("MOMENTOS_SCENARIOS")
        heartbeat = source.get("MOMENTOS_HEARTBEAT")
        url = database_url_setting(source)
        db_path = source.get("MOMENTOS_DB") or DEFAULT_DB
        if url is not None:
            if url.startswith("sqlite:"):
                try:
                    db_path, url = sqlite_path(url), None
                except StorageError as exc:
                    raise SettingsError(f"MOMENTOS_DATABASE_URL: {exc}") from exc
            elif not is_postgres_url(url):
                raise SettingsError(
                    f"MOMENTOS_DATABASE_URL must start with postgresql:// or sqlite:///, got {redact(url)!r}"
                )
        shards = _shards(source, shard_count, shard_ids)
        if not shards.whole and not (url and is_postgres_url(url)):
            raise SettingsError(
                f"this process would hold only {shards.describe()}: the other shards' processes must share its"
                " database, which needs PostgreSQL; set MOMENTOS_DATABASE_URL"
            )
        return cls(
            shards=shards,
            token=(source.get("DISCORD_TOKEN") or "").strip() or None,
            db_path=db_path,
            database_url=url,
            scenarios=Path(scenarios) if scenarios else bundled_scenarios(),
            api_url=api_url,
            gateway_url=gateway_url,
            log_level=level,
            heartbeat=Path(heartbeat) if heartbeat else None,
        )

    def require_token(self) -> str:
        """The token, or SettingsError with how to get one."""
        if not self.token:
            raise SettingsError(SETUP_HELP)
        return self.token


def _shards(source: Mapping[str, str], count: int | None, ids: str | None) -> ShardScope:
    """The shards this process holds: --shard-count/--shards, else MOMENTOS_SHARD_COUNT/MOMENTOS_SHARD_IDS."""
    if count is None and (text := source.get("MOMENTOS_SHARD_COUNT", "").strip()):
        if not text.isdigit():
            raise SettingsError(f"MOMENTOS_SHARD_COUNT must be a whole number, got {text!r}")
        count = int(text)
    ids = ids if ids is not None else (source.get("MOMENTOS_SHARD_IDS", "").strip() or None)
    try:
        held = parse_ids(ids) if ids is not None else None
        if held is None and count is not None:
            held = frozenset(range(count)) if count >= 1 else None
        return ShardScope(count, held)
    except ShardError as error:
        raise SettingsError(f"shards: {error}") from error
