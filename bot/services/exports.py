"""Exports: a server's history as CSV for spreadsheets.

The CSV is what a manager opens in Excel, LibreOffice or Google Sheets: UTF-8 with a BOM (so accents show),
one row per event in a fixed column order, ISO 8601 UTC times with `Z`, booleans as true/false, and every
free-text cell defused against formula injection. Rows are written one by one into the sink, and the
export stops as soon as it would exceed the caller's size limit instead of building the whole file first.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import IO

from bot.domain.periods import Window
from bot.services.errors import storage_errors_as_unavailable
from bot.storage.exports import AnswerRecord, ExportRepository, PointRecord, ReflectionRecord

LETTERS = "ABCDE"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ExportKind(StrEnum):
    """The three files a manager can download."""

    ANSWERS = "answers"
    POINTS = "points"
    REFLECTIONS = "reflections"


COLUMNS: dict[ExportKind, tuple[str, ...]] = {
    ExportKind.ANSWERS: (
        "answered_at",
        "local_date",
        "guild_id",
        "team",
        "user_id",
        "post_id",
        "item_id",
        "item_version",
        "step",
        "choice",
        "correct",
    ),
    ExportKind.POINTS: (
        "created_at",
        "local_date",
        "guild_id",
        "team",
        "user_id",
        "kind",
        "points",
        "post_id",
        "item_id",
        "step",
        "dimension",
        "event_key",
    ),
    ExportKind.REFLECTIONS: (
        "created_at",
        "local_date",
        "guild_id",
        "team",
        "user_id",
        "post_id",
        "item_id",
        "kudos",
        "highlighted",
        "text",
    ),
}


class ExportTooLarge(Exception):
    """The file would pass the size limit; nothing usable was produced."""

    def __init__(self, limit: int, rows: int) -> None:
        super().__init__(f"the export passes {limit} bytes after {rows} rows")
        self.limit = limit
        self.rows = rows


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What was written."""

    kind: ExportKind
    rows: int
    size: int


def iso(instant: datetime) -> str:
    """A UTC instant as ISO 8601 with `Z` (seconds are enough for a spreadsheet)."""
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def safe_text(text: str) -> str:
    """Defuse a cell a spreadsheet would run as a formula (CSV injection): prefix it with an apostrophe."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _optional(value: object | None) -> str:
    return "" if value is None else str(value)


def answer_row(record: AnswerRecord) -> list[str]:
    """An answer in the order of COLUMNS[ANSWERS]."""
    return [
        iso(record.answered_at),
        record.local_date,
        str(record.guild_id),
        safe_text(record.team),
        str(record.user_id),
        str(record.post_id),
        record.item_id,
        record.item_version,
        _optional(record.step),
        LETTERS[record.choice_index] if 0 <= record.choice_index < len(LETTERS) else "",
        _flag(record.correct),
    ]


def point_row(record: PointRecord) -> list[str]:
    """A point event in the order of COLUMNS[POINTS]."""
    return [
        iso(record.created_at),
        _optional(record.local_date),
        str(record.guild_id),
        safe_text(record.team),
        str(record.user_id),
        record.kind,
        str(record.points),
        _optional(record.post_id),
        _optional(record.item_id),
        str(record.step),
        record.dimension,
        record.event_key,
    ]


def reflection_row(record: ReflectionRecord) -> list[str]:
    """A reflection in the order of COLUMNS[REFLECTIONS]."""
    return [
        iso(record.created_at),
        record.local_date,
        str(record.guild_id),
        safe_text(record.team),
        str(record.user_id),
        str(record.post_id),
        record.item_id,
        str(record.kudos),
        _flag(record.highlighted),
        safe_text(record.text),
    ]


class CsvSink:
    """Encodes one row at a time into a binary sink, counting bytes against an optional limit."""

    def __init__(self, sink: IO[bytes], limit: int | None) -> None:
        self._sink = sink
        self._limit = limit
        self._line = io.StringIO()
        self._writer = csv.writer(self._line, lineterminator="\r\n")
        self.size = 0
        self.rows = 0
        self._put(codecs.BOM_UTF8)

    def _put(self, data: bytes) -> None:
        if self._limit is not None and self.size + len(data) > self._limit:
            raise ExportTooLarge(self._limit, self.rows)
        self._sink.write(data)
        self.size += len(data)

    def row(self, cells: Sequence[str], *, header: bool = False) -> None:
        self._line.seek(0)
        self._line.truncate()
        self._writer.writerow(cells)
        self._put(self._line.getvalue().encode("utf-8"))
        self.rows += 0 if header else 1


@storage_errors_as_unavailable
class ExportService:
    """Exports a server's history."""

    def __init__(self, records: ExportRepository) -> None:
        self._records = records

    async def _rows(self, kind: ExportKind, guild_id: int | None, window: Window) -> AsyncIterator[list[str]]:
        if kind is ExportKind.ANSWERS:
            async for answer in self._records.answers(guild_id, window):
                yield answer_row(answer)
        elif kind is ExportKind.POINTS:
            async for point in self._records.points(guild_id, window):
                yield point_row(point)
        else:
            async for reflection in self._records.reflections(guild_id, window):
                yield reflection_row(reflection)

    async def export(
        self, kind: ExportKind, guild_id: int | None, window: Window, sink: IO[bytes], *, limit: int | None = None
    ) -> ExportResult:
        """Write the CSV of `kind` (one server, or all when `guild_id` is None) into `sink`.

        ExportTooLarge as soon as the file would pass `limit` bytes (the sink then holds a partial file).
        """
        out = CsvSink(sink, limit)
        out.row(COLUMNS[kind], header=True)
        async for cells in self._rows(kind, guild_id, window):
            out.row(cells)
        return ExportResult(kind, out.rows, out.size)
