"""A server's own scenarios: write them in a form or upload a pack, preview, schedule, retire, export.

Custom items are validated exactly like bundled content (same schema, same rules, same messages), live in
the database as versions (posts keep the version they showed), and join the same rotation.
"""

from __future__ import annotations

import asyncio
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import yaml

from bot.content.errors import ContentError, Problem
from bot.content.export import pack_yaml
from bot.content.loader import to_item, validate_as, validate_pack
from bot.content.rules import check_pack
from bot.content.schema import PACK_FORMAT, PackFile
from bot.content.yamlsource import decode, parse
from bot.domain.cues import Cue, advice_for
from bot.domain.model import Catalog, Item
from bot.domain.schedule import local_date
from bot.domain.state import GuildConfig, Team
from bot.services.errors import storage_errors_as_unavailable
from bot.storage import Storage

MAX_UPLOAD = 256 * 1024
MAX_SCHEDULE_AHEAD = timedelta(days=366)
CUSTOM_PREFIX = "custom"
FORM_FIELDS = ("title", "story", "question", "choices", "explanation")


@dataclass(frozen=True, slots=True)
class Entry:
    """An item as a manager sees it in the library."""

    item: Item
    custom: bool
    retired: bool


@dataclass(frozen=True, slots=True)
class Saved:
    """A custom item was stored; `new_version` is False when nothing changed."""

    item: Item
    new_version: bool
    advice: list[tuple[str, Cue]] = field(default_factory=list)  # item-writing cues: told, never refused


@dataclass(frozen=True, slots=True)
class Invalid:
    """The form's content breaks the format; `problems` say where and why."""

    problems: list[Problem]


@dataclass(frozen=True, slots=True)
class Uploaded:
    """An uploaded pack was accepted all at once."""

    added: list[str]
    updated: list[str]
    unchanged: list[str]
    advice: list[tuple[str, Cue]] = field(default_factory=list)  # item-writing cues of the pack: told, never refused


class ScenarioError(ValueError):
    """A request that cannot be done (unknown item, a date in the past...); `code` names it for the catalogue."""

    def __init__(self, code: str, **values: str | int) -> None:
        super().__init__(code)
        self.code = code
        self.values = values


def slug(text: str) -> str:
    """'¿La fiesta especial?' → 'la-fiesta-especial' (ASCII, for ids)."""
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:40] or "reto"


def parse_choices(text: str, right: str, wrong: str) -> list[dict[str, Any]]:
    """One choice per line, the correct one starting with '*', optional feedback after ' | '."""
    choices = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        correct = stripped.startswith("*")
        body = stripped.lstrip("*").strip()
        answer, _, feedback = body.partition("|")
        choices.append(
            {"text": answer.strip(), "correct": correct, "feedback": feedback.strip() or (right if correct else wrong)}
        )
    return choices


def choices_text(item: Item, language: str) -> str:
    """The choices of an item as the form writes them (for editing)."""
    return "\n".join(
        f"{'*' if c.correct else ''}{c.text.get(language)} | {c.feedback.get(language)}" for c in item.choices
    )


@storage_errors_as_unavailable
class ScenarioService:
    """The guild's library: bundled items plus its own, minus what it retired."""

    def __init__(self, storage: Storage, catalog: Catalog) -> None:
        self._storage = storage
        self._catalog = catalog

    async def library(self, guild: GuildConfig) -> dict[str, Entry]:
        """Every item the guild can see, bundled first, by id."""
        retired = await self._storage.custom.retired(guild.guild_id)
        entries = {item.id: Entry(item, False, item.id in retired) for item in self._catalog.items.values()}
        for item in await self._storage.custom.items(guild.guild_id):
            entries[item.id] = Entry(item, True, item.id in retired)
        return entries

    async def playable(self, guild: GuildConfig) -> list[Item]:
        """What the rotation may pick: answerable, in the guild's language, not retired; stable order."""
        entries = await self.library(guild)
        items = [
            e.item for e in entries.values() if not e.retired and e.item.answerable and e.item.speaks(guild.language)
        ]
        return sorted(items, key=lambda item: item.id)

    async def find(self, guild: GuildConfig, item_id: str) -> Entry:
        """An item of the guild's library, or ScenarioError('unknown')."""
        entry = (await self.library(guild)).get(item_id.strip())
        if entry is None:
            raise ScenarioError("unknown", id=item_id)
        return entry

    def _validate(self, document: dict[str, Any], name: str) -> tuple[PackFile, list[Item]]:
        text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
        located = parse(text, name)
        spec = validate_as(PackFile, located)
        problems = list(check_pack(spec, located, set(self._catalog.dimensions)))
        for index, item in enumerate(spec.items):
            if item.id in self._catalog.items:
                problems.append(located.problem(("items", index, "id"), "id.bundled", id=item.id))
        if problems:
            raise ContentError(problems)
        return spec, [to_item(item, spec) for item in spec.items]

    async def save_form(
        self, guild: GuildConfig, user_id: int, draft: dict[str, Any], right: str, wrong: str, note: str, now: datetime
    ) -> Saved | Invalid:
        """Validate a form draft like content and store it as a new (version of a) custom item."""
        fields = draft.get("fields", {})
        item_id = draft.get("id") or await self._free_id(guild, str(fields.get("title", "")))
        spec: dict[str, Any] = {
            "id": item_id,
            "kind": draft.get("kind", "quiz"),
            "title": fields.get("title", ""),
            "step": draft.get("step"),
            "dimensions": draft.get("dimensions", []),
        }
        for key in ("story", "question"):
            if str(fields.get(key, "")).strip():
                spec[key] = fields[key].strip()
        choices = parse_choices(str(fields.get("choices", "")), right, wrong)
        if choices or spec["kind"] == "quiz":
            spec["choices"] = choices
        spec["explanation"] = str(fields.get("explanation", "")).strip()
        if spec["kind"] == "scenario":
            spec["reflection"] = {"prompts": [draft.get("prompt") or ""]}
        spec["source"] = {"note": note}
        document = {
            "format": PACK_FORMAT,
            "pack": {"id": CUSTOM_PREFIX, "title": "Custom", "language": guild.language},
            "items": [spec],
        }
        try:
            _, items = self._validate(document, "form")
        except ContentError as error:
            return Invalid(error.problems)
        new = await self._storage.custom.save(guild.guild_id, items[0], "form", user_id, now)
        return Saved(items[0], new, advice_for(items, self._catalog))

    async def _free_id(self, guild: GuildConfig, title: str) -> str:
        taken = set(await self.library(guild))
        base = f"{CUSTOM_PREFIX}.{slug(title)}"
        candidate, number = base, 2
        while candidate in taken:
            candidate, number = f"{base}-{number}", number + 1
        return candidate

    async def upload(self, guild: GuildConfig, user_id: int, raw: bytes, name: str, now: datetime) -> Uploaded:
        """Validate a whole pack (all or nothing) and store its items; ContentError lists every problem."""
        bundled = Catalog(self._catalog.steps, self._catalog.dimensions, self._catalog.items)
        # Up to 256 KiB of YAML is seconds of pure Python: checked off the event loop, so every server's clicks
        # are still answered within Discord's 3 seconds meanwhile.
        items, advice = await asyncio.to_thread(self._check_upload, raw, name, bundled)
        existing = {item.id for item in await self._storage.custom.items(guild.guild_id)}
        added: list[str] = []
        updated: list[str] = []
        unchanged: list[str] = []
        for item in items:
            if not await self._storage.custom.save(guild.guild_id, item, "upload", user_id, now):
                unchanged.append(item.id)
            elif item.id in existing:
                updated.append(item.id)
            else:
                added.append(item.id)
        return Uploaded(added, updated, unchanged, advice)

    @staticmethod
    def _check_upload(raw: bytes, name: str, bundled: Catalog) -> tuple[list[Item], list[tuple[str, Cue]]]:
        items = validate_pack(parse(decode(raw, name, MAX_UPLOAD), name), bundled)
        return items, advice_for(items, bundled)

    async def retire(self, guild: GuildConfig, item_id: str, user_id: int, now: datetime) -> Entry:
        """No longer pick an item (its posts and points stay)."""
        entry = await self.find(guild, item_id)
        if not await self._storage.custom.retire(guild.guild_id, entry.item.id, user_id, now):
            raise ScenarioError("already_retired", id=entry.item.id)
        return entry

    async def restore(self, guild: GuildConfig, item_id: str) -> Entry:
        """Pick a retired item again."""
        entry = await self.find(guild, item_id)
        if not await self._storage.custom.restore(guild.guild_id, entry.item.id):
            raise ScenarioError("not_retired", id=entry.item.id)
        return entry

    async def schedule(
        self, guild: GuildConfig, item_id: str, day: date, team: Team | None, user_id: int, now: datetime
    ) -> Entry:
        """Ask for an item on a local date (instead of the rotation), for one team or every team."""
        entry = await self.find(guild, item_id)
        if entry.retired:
            raise ScenarioError("retired", id=entry.item.id)
        if not entry.item.answerable or not entry.item.speaks(guild.language):
            raise ScenarioError("not_playable", id=entry.item.id, language=guild.language)
        today = local_date(now, guild.timezone)
        if not today <= day <= today + MAX_SCHEDULE_AHEAD:
            raise ScenarioError("bad_date", date=day.isoformat())
        if guild.post_time is None or day.isoweekday() not in guild.weekdays:
            raise ScenarioError("not_a_post_day", date=day.isoformat())  # it would silently never be posted
        posted = await self._storage.posts.for_guild_day(guild.guild_id, day)
        if any(team is None or post.team_id == team.team_id for post in posted):
            raise ScenarioError("already_posted", date=day.isoformat())
        await self._storage.custom.schedule(
            guild.guild_id, team.team_id if team else None, day, entry.item.id, user_id, now
        )
        return entry

    async def unschedule(self, guild: GuildConfig, day: date, team: Team | None) -> None:
        """Let the rotation pick that day again (for one team's request, or the server-wide one)."""
        if not await self._storage.custom.unschedule(guild.guild_id, team.team_id if team else None, day):
            raise ScenarioError("not_scheduled", date=day.isoformat())

    async def upcoming(self, guild: GuildConfig, now: datetime) -> list[tuple[date, int, str]]:
        """What managers asked for from today on: (local date, team id or 0 for all, item id)."""
        return await self._storage.custom.upcoming(guild.guild_id, local_date(now, guild.timezone))

    async def scheduled_item(self, guild: GuildConfig, team: Team, day: date) -> Item | None:
        """The item a manager asked for on that day, if any and still usable."""
        item_id = await self._storage.custom.scheduled(guild.guild_id, team.team_id, day)
        if item_id is None:
            return None
        entry = (await self.library(guild)).get(item_id)
        return entry.item if entry and not entry.retired and entry.item.answerable else None

    async def export(self, guild: GuildConfig) -> list[tuple[str, str]]:
        """The guild's custom items as pack files, one per language set: (file name, YAML text)."""
        items = await self._storage.custom.items(guild.guild_id)
        groups: dict[tuple[str, ...], list[Item]] = {}
        for item in items:
            groups.setdefault(tuple(item.languages), []).append(item)
        files = []
        for languages, members in sorted(groups.items()):
            suffix = "-".join(languages)
            files.append(
                (
                    f"momentos-custom-{suffix}.yaml",
                    pack_yaml(f"{CUSTOM_PREFIX}-{suffix}", "Custom", list(languages), members),
                )
            )
        return files

    async def draft(self, guild: GuildConfig, user_id: int) -> dict[str, Any] | None:
        """What the manager typed into the scenario form last (kept until it is saved)."""
        return await self._storage.custom.draft(guild.guild_id, user_id)

    async def keep_draft(self, guild: GuildConfig, user_id: int, draft: dict[str, Any], now: datetime) -> None:
        """Keep the form's options and text, so a restart or a wrong field loses nothing."""
        await self._storage.custom.save_draft(guild.guild_id, user_id, draft, now)

    async def drop_draft(self, guild: GuildConfig, user_id: int) -> None:
        """The draft became a saved challenge."""
        await self._storage.custom.drop_draft(guild.guild_id, user_id)


def page(entries: Iterable[Entry], number: int, size: int = 15) -> tuple[list[Entry], int]:
    """One page of a listing (1-based) and the number of pages."""
    items = list(entries)
    pages = max(1, -(-len(items) // size))
    number = min(max(1, number), pages)
    return items[(number - 1) * size : number * size], pages
