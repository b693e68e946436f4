"""Use cases of the game: what happens when a post is due, a member answers, a manager configures.

Between the pure rules (domain) and the Discord adapter: no discord import here, so every rule of the
daily loop can be tested with a clock and a database alone. The services are the Discord layer's only
door to storage: `Services` hands out use cases, never the repositories, and database failures come out
of every use case as `bot.services.errors.Unavailable`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.domain.clock import Clock
from bot.domain.identify import IdentifyBudget
from bot.domain.model import Catalog
from bot.domain.shards import ShardScope
from bot.services.announcements import AnnouncementService
from bot.services.answers import AnswerService
from bot.services.boards import BoardService
from bot.services.closing import ClosingService
from bot.services.commands import CommandsService
from bot.services.digests import DigestService
from bot.services.erasure import ErasureService
from bot.services.exports import ExportService
from bot.services.identify import IdentifyGate
from bot.services.insights import InsightService
from bot.services.members import MemberService
from bot.services.posting import PostingService
from bot.services.reflections import ReflectionService
from bot.services.reviews import ReviewService
from bot.services.scenarios import ScenarioService
from bot.services.setup import SetupService
from bot.storage import Storage


@dataclass(frozen=True, slots=True)
class Services:
    """Everything the Discord layer needs, built once at start-up over one storage, catalog and clock."""

    catalog: Catalog
    clock: Clock
    posting: PostingService
    answers: AnswerService
    boards: BoardService
    setup: SetupService
    members: MemberService
    reflections: ReflectionService
    reviews: ReviewService
    insights: InsightService
    digests: DigestService
    closing: ClosingService
    announcements: AnnouncementService
    exports: ExportService
    erasure: ErasureService
    scenarios: ScenarioService
    commands: CommandsService
    identify: IdentifyGate
    _storage: Storage = field(repr=False)

    @classmethod
    def build(
        cls,
        storage: Storage,
        catalog: Catalog,
        clock: Clock,
        *,
        identify_budget: IdentifyBudget | None = None,
        scope: ShardScope | None = None,
    ) -> Services:
        """Wire the services over one storage, catalog and clock; `scope`: the guilds this process serves."""
        scenarios = ScenarioService(storage, catalog)
        return cls(
            catalog=catalog,
            clock=clock,
            posting=PostingService(storage, catalog, scenarios, scope),
            answers=AnswerService(storage),
            boards=BoardService(storage),
            setup=SetupService(storage),
            members=MemberService(storage),
            reflections=ReflectionService(storage),
            reviews=ReviewService(storage, scenarios, scope),
            insights=(insights := InsightService(storage, scenarios)),
            digests=DigestService(storage, insights, scope),
            closing=ClosingService(storage, scope),
            announcements=AnnouncementService(storage, scope),
            exports=ExportService(storage.exports),
            erasure=ErasureService(storage.erasure, storage.forgotten),
            scenarios=scenarios,
            commands=CommandsService(storage),
            identify=IdentifyGate(storage, identify_budget),
            _storage=storage,
        )

    async def close(self) -> None:
        """Finish the writes in flight, then close the database (the bot owns it for its lifetime)."""
        await self._storage.close()
