"""What `momentos doctor` found: one finding per check, each fine or a problem with the fix beside it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Verdict(StrEnum):
    """How a check came out."""

    OK = "ok"
    PROBLEM = "PROBLEM"
    WARNING = "warning"  # works, but differs from what an operator would expect; not counted as a problem
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class Finding:
    """One check: what was looked at, what was seen, and (for a problem) how to fix it."""

    subject: str
    detail: str
    verdict: Verdict = Verdict.OK
    hint: str = ""

    @property
    def problem(self) -> bool:
        """Whether this finding stops `momentos run` from working as it should."""
        return self.verdict is Verdict.PROBLEM


def problem(subject: str, detail: str, hint: str) -> Finding:
    """A finding that needs fixing, with how."""
    return Finding(subject, detail, Verdict.PROBLEM, hint)


def warning(subject: str, detail: str, hint: str) -> Finding:
    """A finding that does not stop Momentos but deserves a look, with how to set it right."""
    return Finding(subject, detail, Verdict.WARNING, hint)
