"""What Momentos keeps about a member, counted: shown before erasure, and reported after it."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True, slots=True)
class Footprint:
    """What Momentos keeps about one member in one server (before erasure), or what erasure removed."""

    answers: int = 0
    points: int = 0
    reflections: int = 0
    kudos_received: int = 0
    kudos_given: int = 0
    sightings: int = 0
    pauses: int = 0
    member: int = 0
    announcements: int = 0
    reviews: int = 0
    confidence: int = 0  # "¿Seguro?" taps
    digests: int = 0  # weekly coaching digests that named them
    authored: int = 0  # custom challenges they wrote (kept, without an author)

    @property
    def total(self) -> int:
        """How many things there are at all."""
        return sum(getattr(self, field.name) for field in fields(self))
