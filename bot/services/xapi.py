"""xAPI: a server's history as xAPI 1.0.3 statements (JSON lines) for an LMS's Learning Record Store.

Every answer to a daily post and every answered review becomes an `answered` statement about the item (a
`cmi.interaction` of type `choice`, its choices A–E, the right one as the correct response pattern, exactly as
the stored version showed it); every reflection becomes a `commented` statement whose response is its text.
The person is an Agent with a Discord account (`https://discord.com`, their user id): never a name or an
email, since Momentos knows neither.

A statement is built only from what never changes once written — the answer, the item version it showed, the
ledger rows of that answer (append-only) — and its `id` is a UUID5 of the record's natural key. So exporting
the same period twice gives byte-identical statements with the same ids, and an LRS takes the second import
as the same statements (no duplicates, no 409 Conflict). That is why the team is a Group identified by
Momentos' team number rather than by its name (a team can be renamed) and why kudos and highlights, which
arrive later, are left out (they are in the CSV exports).

Activity ids live under a base IRI (`--xapi-base`, default https://momentos.app/xapi): the item
`promesas.fiesta-cancelada` is `<base>/items/promesas.fiesta-cancelada`. Extension keys are Momentos'
own vocabulary and stay under https://momentos.app/xapi/extensions/ whatever the base.
"""

from __future__ import annotations

import heapq
import re
import uuid
from collections.abc import AsyncGenerator, AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, Any
from urllib.parse import quote, urlsplit

import orjson

from bot.domain.model import Item, Text
from bot.domain.periods import Window
from bot.services.errors import storage_errors_as_unavailable
from bot.storage.exports import AttemptRecord, ExportRepository, ReflectionTextRecord

Statement = dict[str, Any]

XAPI_VERSION = "1.0.3"
DEFAULT_BASE = "https://momentos.app/xapi"
DISCORD_HOME = "https://discord.com"
PLATFORM = "Momentos"
# Fixed forever (uuid5 of DEFAULT_BASE in the URL namespace): a record's statement id hashes under it.
NAMESPACE = uuid.UUID("3724a5eb-06e5-500b-9fa4-5f74e66a7506")

ANSWERED = "http://adlnet.gov/expapi/verbs/answered"
COMMENTED = "http://adlnet.gov/expapi/verbs/commented"
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"

_EXTENSIONS = f"{DEFAULT_BASE}/extensions"
EXT_SERVER = f"{_EXTENSIONS}/server"  # the Discord server id, as a string (ids pass 2**53)
EXT_MODE = f"{_EXTENSIONS}/mode"  # "daily" (the team's post of the day) or "review" (a private review)
EXT_LOCAL_DATE = f"{_EXTENSIONS}/local-date"  # the challenge's day in the server's timezone
EXT_STEP = f"{_EXTENSIONS}/step"  # the step (1–10) the item trains
EXT_DIMENSIONS = f"{_EXTENSIONS}/dimensions"  # the item's service-quality dimensions, main one first

DAILY = "daily"
REVIEW = "review"
LETTERS = "ABCDE"

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*")
_NOT_IN_IRI = re.compile(r'[\x00-\x20\x7f-\x9f<>"{}|\\^`?#]|%(?![0-9A-Fa-f]{2})')


class BadBase(ValueError):
    """A --xapi-base that is not an absolute IRI the activity ids can be built under."""


def checked_base(text: str) -> str:
    """The base IRI without a trailing slash; BadBase unless it is absolute, hierarchical, with no query/fragment."""
    base = text.rstrip("/")
    try:
        parts = urlsplit(base)
    except ValueError:
        parts = None
    if parts is None or _NOT_IN_IRI.search(base) or not _SCHEME.fullmatch(parts.scheme) or not parts.netloc:
        raise BadBase(
            f"'{text}' is not an absolute IRI to put the activity ids under;"
            " e.g. https://lms.example.org/xapi/momentos (no spaces, query or fragment)"
        )
    return base


def statement_id(base: str, key: str) -> str:
    """The same record (its natural key) under the same base always gets the same statement id."""
    return str(uuid.uuid5(NAMESPACE, f"{base} {key}"))


def timestamp(instant: datetime) -> str:
    """ISO 8601 in UTC with milliseconds and `Z` (what an LRS keeps)."""
    return instant.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def item_iri(base: str, item_id: str) -> str:
    """The activity id of an item."""
    return f"{base}/items/{quote(item_id, safe='')}"


def choice_id(index: int) -> str:
    """A choice's interaction-component id: its button letter."""
    return LETTERS[index] if 0 <= index < len(LETTERS) else f"choice-{index + 1}"


def actor(user_id: int) -> Statement:
    """The person, by Discord account only."""
    return {"objectType": "Agent", "account": {"homePage": DISCORD_HOME, "name": str(user_id)}}


def _language_map(text: Text | None) -> dict[str, str]:
    return {language: value for language, value in text.by_language if value.strip()} if text else {}


def activity(base: str, item_id: str, item: Item | None) -> Statement:
    """The item as a choice interaction; with its texts, choices and right answer when its version is known."""
    definition: Statement = {"type": INTERACTION, "interactionType": "choice"}
    if item is not None:
        name, description = _language_map(item.title), _language_map(item.question or item.story)
        if name:
            definition["name"] = name
        if description:
            definition["description"] = description
        choices = [
            {"id": choice_id(index), **({"description": text} if (text := _language_map(choice.text)) else {})}
            for index, choice in enumerate(item.choices)
        ]
        if choices:
            definition["choices"] = choices
        if item.correct_index is not None:
            definition["correctResponsesPattern"] = [choice_id(item.correct_index)]
        definition["extensions"] = {EXT_STEP: item.step, EXT_DIMENSIONS: list(item.dimensions)}
    return {"objectType": "Activity", "id": item_iri(base, item_id), "definition": definition}


def context(base: str, guild_id: int, team_id: int, local_date: str, mode: str, item_version: str) -> Statement:
    """The team (a Group by Momentos' team number), the server, the item version, and daily vs review."""
    found: Statement = {
        "team": {"objectType": "Group", "account": {"homePage": f"{base}/teams", "name": f"{guild_id}/{team_id}"}},
        "contextActivities": {"grouping": [{"objectType": "Activity", "id": f"{base}/servers/{guild_id}"}]},
        "platform": PLATFORM,
        "extensions": {EXT_SERVER: str(guild_id), EXT_MODE: mode, EXT_LOCAL_DATE: local_date},
    }
    if item_version:
        found["revision"] = item_version
    return found


def attempt_statement(base: str, record: AttemptRecord, item: Item | None) -> Statement:
    """An answer to a daily post, or a review's: `answered`, with success, the letter chosen and the score.

    score.scaled is 1 for the right choice and 0 for a wrong one; score.raw is the Momentos points the answer
    itself earned (answer and speed bonus, or the review's points; streak bonuses are not the answer's).
    """
    if record.review:
        key = f"review|{record.guild_id}|{record.user_id}|{record.item_id}|{record.local_date}"
    else:
        key = f"answer|{record.guild_id}|{record.team_id}|{record.local_date}|{record.user_id}"
    result: Statement = {
        "success": record.correct,
        "completion": True,
        "score": {"scaled": 1 if record.correct else 0, "raw": record.points, "min": 0},
    }
    if record.choice_index is not None:
        result["response"] = choice_id(record.choice_index)
    mode = REVIEW if record.review else DAILY
    return {
        "id": statement_id(base, key),
        "actor": actor(record.user_id),
        "verb": {"id": ANSWERED, "display": {"en-US": "answered"}},
        "object": activity(base, record.item_id, item),
        "result": result,
        "context": context(base, record.guild_id, record.team_id, record.local_date, mode, record.item_version),
        "timestamp": timestamp(record.answered_at),
        "version": XAPI_VERSION,
    }


def reflection_statement(base: str, record: ReflectionTextRecord, item: Item | None) -> Statement:
    """A reflection on a daily post's item: `commented`, the text as written as the response."""
    key = f"reflection|{record.guild_id}|{record.team_id}|{record.local_date}|{record.user_id}"
    result: Statement = {"completion": True}
    if record.text.strip():
        result["response"] = record.text
    return {
        "id": statement_id(base, key),
        "actor": actor(record.user_id),
        "verb": {"id": COMMENTED, "display": {"en-US": "commented"}},
        "object": activity(base, record.item_id, item),
        "result": result,
        "context": context(base, record.guild_id, record.team_id, record.local_date, DAILY, record.item_version),
        "timestamp": timestamp(record.created_at),
        "version": XAPI_VERSION,
    }


Record = AttemptRecord | ReflectionTextRecord


def _when(record: Record) -> datetime:
    return record.answered_at if isinstance(record, AttemptRecord) else record.created_at


async def merged(streams: Sequence[AsyncIterator[Record]]) -> AsyncIterator[Record]:
    """Records of several streams (each oldest first) as one stream, oldest first; ties in stream order."""
    heap: list[tuple[datetime, int, Record]] = []
    try:
        for index, stream in enumerate(streams):
            first = await anext(stream, None)
            if first is not None:
                heap.append((_when(first), index, first))
        heapq.heapify(heap)
        while heap:
            _, index, record = heap[0]
            yield record
            following = await anext(streams[index], None)
            if following is None:
                heapq.heappop(heap)
            else:
                heapq.heapreplace(heap, (_when(following), index, following))
    finally:  # left early (an error, a consumer that stopped): close the streams still open
        for stream in streams:
            if isinstance(stream, AsyncGenerator):
                await stream.aclose()


@dataclass(frozen=True, slots=True)
class XapiResult:
    """What was written, by kind."""

    answers: int
    reviews: int
    reflections: int

    @property
    def statements(self) -> int:
        """Every statement written."""
        return self.answers + self.reviews + self.reflections


@storage_errors_as_unavailable
class XapiExport:
    """Writes a server's history (or every server's) as xAPI statements, one JSON object per line."""

    def __init__(self, records: ExportRepository, base: str = DEFAULT_BASE) -> None:
        self._records = records
        self._base = checked_base(base)
        self._items: dict[tuple[str, str], Item | None] = {}

    async def _item(self, item_id: str, version: str) -> Item | None:
        key = (item_id, version)
        if key not in self._items:
            self._items[key] = await self._records.item_version(item_id, version)
        return self._items[key]

    async def export(self, guild_id: int | None, window: Window, sink: IO[bytes]) -> XapiResult:
        """Answers, reviews and reflections in the window, oldest first, as UTF-8 JSON lines into `sink`."""
        counts = {DAILY: 0, REVIEW: 0, "reflection": 0}
        streams: list[AsyncIterator[Record]] = [
            self._records.attempts(guild_id, window),
            self._records.review_attempts(guild_id, window),
            self._records.reflection_texts(guild_id, window),
        ]
        async for record in merged(streams):
            item = await self._item(record.item_id, record.item_version)
            if isinstance(record, AttemptRecord):
                statement = attempt_statement(self._base, record, item)
                counts[REVIEW if record.review else DAILY] += 1
            else:
                statement = reflection_statement(self._base, record, item)
                counts["reflection"] += 1
            sink.write(orjson.dumps(statement, option=orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE))
        return XapiResult(counts[DAILY], counts[REVIEW], counts["reflection"])
