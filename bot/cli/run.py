"""`momentos run`: the real bot, configured from the environment."""

from __future__ import annotations

import asyncio
import gc
import logging
import sys

from bot.app import open_app, run_until_signalled
from bot.cli.logs import configure_logging
from bot.cli.settings import Settings, SettingsError, load_env_file
from bot.content.errors import ContentError
from bot.content.loader import load_catalog
from bot.discord.client import StartupRefused
from bot.discord.endpoints import configure_endpoints
from bot.domain.clock import SystemClock
from bot.domain.model import Catalog
from bot.storage import StorageError

log = logging.getLogger("momentos.cli")


CONFIG_ERROR = 2  # retrying cannot help: the systemd unit does not restart on this exit status


def run(*, shard_count: int | None = None, shard_ids: str | None = None) -> int:
    """Check configuration, content and database, then run until SIGTERM; each failure is one clear line."""
    load_env_file()
    try:
        settings = Settings.from_env(shard_count=shard_count, shard_ids=shard_ids)
        token = settings.require_token()
    except SettingsError as error:
        print(f"momentos: {error}", file=sys.stderr)
        return CONFIG_ERROR
    configure_logging(settings.log_level, secrets=[token])
    try:
        catalog = load_catalog(settings.scenarios)
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        print(
            f"momentos: the content in {settings.scenarios} has problems; fix them or run `momentos validate`",
            file=sys.stderr,
        )
        return CONFIG_ERROR
    configure_endpoints(settings.api_url, settings.gateway_url)
    try:
        return asyncio.run(_serve(settings, token, catalog))
    except StorageError as error:  # unreadable, read-only, locked, full or damaged: a person must act first
        print(f"momentos: {error}", file=sys.stderr)
        return CONFIG_ERROR
    except StartupRefused as error:
        print(f"momentos: {error}", file=sys.stderr)
        return CONFIG_ERROR
    except Exception:  # e.g. Discord failing the login: logged, so its text is scrubbed of the token (never raw)
        log.exception("momentos stopped on an unexpected error")
        return 1


async def _serve(settings: Settings, token: str, catalog: Catalog) -> int:
    bot = (
        await open_app(
            database=settings.database,
            catalog=catalog,
            clock=SystemClock(),
            heartbeat=settings.heartbeat_path,
            shards=settings.shards,
        )
    ).bot
    # What is built by now (code, content, the bot) lives as long as the process: keep it out of the garbage
    # collector's full passes, which would walk all of it again and again (a ~20 ms stall every few boards).
    gc.freeze()
    log.info(
        "starting with database %s, %d items, %s",
        settings.database_shown,
        len(catalog.items),
        settings.shards.describe(),
    )
    await run_until_signalled(bot, token)
    return 0
