"""Use cases of the game: what happens when a post is due, a member answers, a manager configures.

Between the pure rules (domain) and the Discord adapter: no discord import here, so every rule of the
daily loop can be tested with a clock and a database alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.clock import Clock
from bot.domain.model import Catalog
from bot.services.announcements import AnnouncementService
from bot.services.answers import AnswerService
from bot.services.boards import BoardService
from bot.services.challenges import ChallengeService
from bot.services.closing import ClosingService
from bot.services.erasure import ErasureService
from bot.services.exports import ExportService
from bot.services.presence import PresenceService
from bot.services.reflections import ReflectionService
from bot.services.scenarios import ScenarioService
from bot.services.setup import SetupService
from bot.storage import Storage


@dataclass(frozen=True, slots=True)
class Services:
    """Everything the Discord layer needs, built once at start-up."""

    storage: Storage
    catalog: Catalog
    clock: Clock
    challenges: ChallengeService
    answers: AnswerService
    boards: BoardService
    setup: SetupService
    presence: PresenceService
    reflections: ReflectionService
    closing: ClosingService
    announcements: AnnouncementService
    exports: ExportService
    erasure: ErasureService
    scenarios: ScenarioService

    @classmethod
    def build(cls, storage: Storage, catalog: Catalog, clock: Clock) -> Services:
        """Wire the services over one storage, catalog and clock."""
        scenarios = ScenarioService(storage, catalog)
        return cls(
            storage=storage,
            catalog=catalog,
            clock=clock,
            challenges=ChallengeService(storage, catalog, scenarios),
            answers=AnswerService(storage),
            boards=BoardService(storage),
            setup=SetupService(storage),
            presence=PresenceService(storage),
            reflections=ReflectionService(storage),
            closing=ClosingService(storage),
            announcements=AnnouncementService(storage),
            exports=ExportService(storage.exports),
            erasure=ErasureService(storage.erasure, storage.forgotten),
            scenarios=scenarios,
        )
