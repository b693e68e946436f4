"""Content problems reported as `file:line:column: key.path: what is expected`, all at once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from bot.content.problems import english

PathPart = str | int
Path = tuple[PathPart, ...]


def format_path(path: Sequence[PathPart]) -> str:
    """`('items', 2, 'choices')` → `items[2].choices`; the empty path is the document itself."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or "(document)"


@dataclass(frozen=True, slots=True)
class Problem:
    """One precise thing wrong with a content file.

    `code` and `values` say what is wrong in any language (see `bot/content/problems.py`); `message` is
    their English rendering, what the command line prints.
    """

    file: str
    line: int
    column: int
    path: Path
    message: str
    code: str
    values: Mapping[str, str | int] = field(default_factory=dict, hash=False)

    @classmethod
    def of(cls, file: str, line: int, column: int, path: Path, code: str, /, **values: str | int) -> Problem:
        """The problem `code` at this place, its English message rendered from `values`."""
        return cls(file, line, column, path, english(code, values), code, values)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {format_path(self.path)}: {self.message}"


class ContentError(Exception):
    """Content that must not be loaded; carries every problem found so authors fix them in one pass."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = sorted(
            problems, key=lambda p: (p.file, p.line, p.column, format_path(p.path), p.message)
        )
        super().__init__(self.report())

    def report(self) -> str:
        """Every problem on its own line, in file and line order."""
        return "\n".join(str(problem) for problem in self.problems)
