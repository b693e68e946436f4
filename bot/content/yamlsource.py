"""Parse YAML safely, within limits, remembering where every key and value sits in the file.

PyYAML's safe_load forgets line numbers and accepts duplicate keys, aliases (alias bombs) and unbounded
nesting. We compose the node graph with the safe loader ourselves, refuse those, and build plain Python
values plus a map from key path to (line, column) so validation errors can point at the exact spot.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from bot.content.errors import ContentError, Path, Problem

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 32
MAX_NODES = 100_000
_NEWLINE = re.compile("\r\n|\r|\n")
_OTHER_BREAKS = re.compile("[\x85\u2028\u2029]")


@dataclass(slots=True)
class Located:
    """A parsed document and where each of its parts is in the file (1-based line and column)."""

    data: Any
    file: str
    value_marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def mark(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """The position of `path`, or of its nearest ancestor that exists in the file."""
        marks = self.key_marks if key else self.value_marks
        probe = path
        while probe:
            if probe in marks:
                return marks[probe]
            if probe in self.value_marks:
                return self.value_marks[probe]
            probe = probe[:-1]
        return self.value_marks.get((), (1, 1))

    def problem(
        self, path: Path, code: str, /, *, key: bool = False, anchor: Path | None = None, **values: str | int
    ) -> Problem:
        """The problem `code` about `path`, placed at `anchor` (default: `path` itself) in this file."""
        line, column = self.mark(path if anchor is None else anchor, key=key)
        return Problem.of(self.file, line, column, path, code, **values)


class _Refused(yaml.MarkedYAMLError):
    """Something the limited loader refuses, as a problem code and its values."""

    def __init__(self, mark: yaml.Mark, code: str, **values: str | int) -> None:
        super().__init__(None, None, code, mark)
        self.code = code
        self.values = values


class _Limited(yaml.SafeLoader):
    """The safe loader, refusing aliases and counting nodes and depth while composing."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0
        self.nodes = 0
        # YAML also breaks lines at NEL, LS and PS (NEL is what a mis-decoded '…' becomes); editors do not.
        # Only then are positions recounted, from where each editor line starts.
        self.starts = [0, *(m.end() for m in _NEWLINE.finditer(stream))] if _OTHER_BREAKS.search(stream) else None

    def position(self, mark: yaml.Mark | None) -> tuple[int, int]:
        """1-based (line, column) of a mark as a text editor shows them (lines end at \n, \r\n or \r)."""
        if mark is None:
            return 1, 1
        if self.starts is None:
            return mark.line + 1, mark.column + 1
        line = bisect.bisect_right(self.starts, mark.index)
        return line, mark.index - self.starts[line - 1] + 1

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise _Refused(event.start_mark, "yaml.alias")
        self.depth += 1
        self.nodes += 1
        if self.depth > MAX_DEPTH or self.nodes > MAX_NODES:
            event = self.peek_event()  # type: ignore[no-untyped-call]
            if self.depth > MAX_DEPTH:
                raise _Refused(event.start_mark, "yaml.too_deep", max=MAX_DEPTH)
            raise _Refused(event.start_mark, "yaml.too_many", max=MAX_NODES)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def decode(raw: bytes, file: str, max_bytes: int = MAX_BYTES) -> str:
    """Bytes → text, refusing oversized, binary and non-UTF-8 input with a located error."""
    if len(raw) > max_bytes:
        raise ContentError([Problem.of(file, 1, 1, (), "file.too_big", size=len(raw), max=max_bytes)])
    if b"\x00" in raw:
        raise ContentError([Problem.of(file, 1, 1, (), "file.binary")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ContentError([Problem.of(file, line, column, (), "file.not_utf8")]) from None
    return text


def parse(text: str, file: str) -> Located:
    """Parse one YAML document into plain values with marks; ContentError on any syntax problem."""
    try:
        loader = _Limited(text)
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line, column = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        problem = Problem.of(file, line, column, (), "yaml.character", character=f"U+{exc.character:04X}")
        raise ContentError([problem]) from None
    try:
        node = loader.get_single_node()
        located = Located(data=None, file=file)
        if node is not None:
            located.data = _build(loader, node, (), located)
        return located
    except _Refused as exc:
        line, column = loader.position(exc.problem_mark)
        raise ContentError([Problem.of(file, line, column, (), exc.code, **exc.values)]) from None
    except yaml.MarkedYAMLError as exc:
        line, column = loader.position(exc.problem_mark or exc.context_mark)
        code, values = _syntax(exc)
        raise ContentError([Problem.of(file, line, column, (), code, **values)]) from None
    except yaml.YAMLError as exc:
        raise ContentError([Problem.of(file, 1, 1, (), "yaml.other", detail=str(exc))]) from None
    finally:
        loader.dispose()


# PyYAML's most common complaints, (problem, context) → a code of their own that says what to do.
_SYNTAX_CODES: dict[tuple[str | None, str | None], str] = {
    ("found character '\\t' that cannot start any token", "while scanning for the next token"): "yaml.tab",
    ("mapping values are not allowed here", None): "yaml.colon",
    ("could not find expected ':'", "while scanning a simple key"): "yaml.colon_missing",
    ("found unexpected end of stream", "while scanning a quoted scalar"): "yaml.quote",
}


def _syntax(exc: yaml.MarkedYAMLError) -> tuple[str, dict[str, str | int]]:
    """A YAML syntax error as a problem code and its values; PyYAML's own words when it has no code."""
    code = _SYNTAX_CODES.get((exc.problem, exc.context))
    if code is not None:
        return code, {}
    message = exc.problem or exc.context or "invalid YAML"
    if exc.context and exc.problem:
        message = f"{exc.problem} ({exc.context})"
    return "yaml.syntax", {"detail": message}


def _build(loader: _Limited, node: yaml.Node, path: Path, located: Located) -> Any:
    located.value_marks[path] = loader.position(node.start_mark)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _construct(loader, key_node, path, located)
            line, column = loader.position(key_node.start_mark)
            if not isinstance(key, str | int) or isinstance(key, bool):
                raise ContentError([Problem.of(located.file, line, column, path, "yaml.key_not_text")])
            if key in result:
                problem = Problem.of(located.file, line, column, (*path, key), "yaml.duplicate_key", name=repr(key))
                raise ContentError([problem])
            located.key_marks[(*path, key)] = loader.position(key_node.start_mark)
            result[key] = _build(loader, value_node, (*path, key), located)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, child, (*path, index), located) for index, child in enumerate(node.value)]
    return _construct(loader, node, path, located)


def _construct(loader: _Limited, node: yaml.Node, path: Path, located: Located) -> Any:
    """One scalar as a Python value; an impossible date, a huge number or a bad tag is a located problem."""
    try:
        return loader.construct_object(node, deep=True)
    except yaml.MarkedYAMLError:
        raise
    except (ValueError, KeyError, AttributeError, TypeError, OverflowError):
        kind = str(node.tag).rsplit(":", 1)[-1]
        value = str(node.value)
        shown = value if len(value) <= 40 else value[:37] + "..."
        line, column = loader.position(node.start_mark)
        problem = Problem.of(located.file, line, column, path, "yaml.unreadable", value=shown, tag=kind)
        raise ContentError([problem]) from None
