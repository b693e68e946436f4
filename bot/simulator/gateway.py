"""The gateway side of the simulator: HELLO, IDENTIFY/READY, heartbeats, RESUME, dispatch, zlib-stream, sharding.

Sharding follows Discord's gateway documentation: IDENTIFY's `shard: [shard_id, num_shards]` makes a session
serve only the guilds with `(guild_id >> 22) % num_shards == shard_id` (events without a guild go to shard 0),
several sessions may hold the same shard (each gets its events), a bad shard closes with 4010, too few shards
for the bot's guilds with 4011, and IDENTIFYs faster than one per 5 s per `shard_id % max_concurrency`
bucket are recorded and answered with INVALID_SESSION (by default only for sharded sessions; see
`Gateway.enforce_identify_limit`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
import zlib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

log = logging.getLogger("momentos.simulator.gateway")

# Opcodes and close codes from Discord's gateway documentation.
DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE, VOICE, RESUME, RECONNECT, REQUEST_MEMBERS, INVALID_SESSION, HELLO, ACK = (
    0,
    1,
    2,
    3,
    4,
    6,
    7,
    8,
    9,
    10,
    11,
)
CLOSE_UNKNOWN_OPCODE = 4001
CLOSE_DECODE_ERROR = 4002
CLOSE_NOT_AUTHENTICATED = 4003
CLOSE_AUTHENTICATION_FAILED = 4004
CLOSE_ALREADY_AUTHENTICATED = 4005
CLOSE_INVALID_SHARD = 4010
CLOSE_SHARDING_REQUIRED = 4011
CLOSE_INVALID_API_VERSION = 4012
CLOSE_INVALID_INTENTS = 4013
CLOSE_DISALLOWED_INTENTS = 4014

PRIVILEGED_INTENTS = {1 << 1: "GUILD_MEMBERS", 1 << 8: "GUILD_PRESENCES", 1 << 15: "MESSAGE_CONTENT"}
INTENT_GUILDS = 1 << 0
INTENT_GUILD_MESSAGES = 1 << 9
EVENT_INTENTS = {
    "MESSAGE_CREATE": INTENT_GUILD_MESSAGES,
    "MESSAGE_UPDATE": INTENT_GUILD_MESSAGES,
    "THREAD_CREATE": INTENT_GUILDS,
    "THREAD_UPDATE": INTENT_GUILDS,
    "THREAD_MEMBERS_UPDATE": INTENT_GUILDS,
}
RESUME_BUFFER = 2000
MAX_GUILDS_PER_SHARD = 2500  # Discord: "each shard can only support a maximum of 2500 guilds"
IDENTIFY_INTERVAL = 5.0  # seconds: one IDENTIFY per max_concurrency bucket in this window
# Slack, as a fraction of the interval: a client that sleeps exactly the interval after sending an IDENTIFY (as
# discord.py does) can be read a hair sooner than that after the previous one was read (scheduling jitter).
IDENTIFY_SLACK = 0.05
GUILD_KEYED_EVENTS = {"GUILD_CREATE", "GUILD_UPDATE", "GUILD_DELETE"}  # the guild's id is the payload's `id`


def shard_for(guild_id: int, num_shards: int) -> int:
    """The shard that carries a guild's events, by Discord's sharding formula."""
    return (guild_id >> 22) % num_shards


def recommended_shards(guild_count: int, max_guilds_per_shard: int) -> int:
    """The `shards` /gateway/bot recommends: enough that no shard needs more than the per-shard maximum."""
    return max(1, -(-guild_count // max_guilds_per_shard))


def event_guild(event: str, data: dict[str, Any]) -> int | None:
    """The guild an event belongs to (None: a DM or an event without a guild, which goes to shard 0)."""
    raw = data.get("id") if event in GUILD_KEYED_EVENTS else data.get("guild_id")
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.isdigit():
        return int(raw)
    return None


@dataclass(frozen=True)
class Refusal:
    """An IDENTIFY the gateway objected to: its close code, or INVALID_SESSION (op 9) for the rate limit."""

    code: int
    reason: str
    shard: Any  # the `shard` field as the client sent it (None when absent)
    at: float  # monotonic instant
    enforced: bool = True  # False: over the rate limit but let through (see Gateway.enforce_identify_limit)


@dataclass
class Session:
    """A gateway session: survives a dropped socket so the client can RESUME it."""

    session_id: str
    intents: int
    shard_id: int = 0
    num_shards: int = 1
    sequence: int = 0
    buffer: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=RESUME_BUFFER))
    socket: Connection | None = None
    guild_ids: list[int] = field(default_factory=list)  # every guild a GUILD_CREATE was sent for, in order

    @property
    def shard(self) -> tuple[int, int]:
        """(shard_id, num_shards) as identified ([0, 1] when the client sent no shard)."""
        return self.shard_id, self.num_shards

    @property
    def live(self) -> bool:
        """Whether an open websocket holds this session."""
        return self.socket is not None and not self.socket.websocket.closed

    def serves(self, guild_id: int | None) -> bool:
        """Whether this session gets a guild's events (events without a guild go to shard 0)."""
        if guild_id is None:
            return self.shard_id == 0
        return shard_for(guild_id, self.num_shards) == self.shard_id

    def sent(self, event: str) -> list[dict[str, Any]]:
        """The data of the `event` dispatches among this session's last RESUME_BUFFER events."""
        return [payload["d"] for payload in self.buffer if payload["t"] == event]


class Connection:
    """One websocket, with its own zlib stream and an ordered send lock."""

    def __init__(self, websocket: web.WebSocketResponse, compress: bool) -> None:
        self.websocket = websocket
        self._compressor = zlib.compressobj() if compress else None
        self._lock = asyncio.Lock()
        self.session: Session | None = None

    async def send(self, payload: dict[str, Any]) -> None:
        """Send one gateway payload, compressed into the stream when the client asked for zlib-stream."""
        text = json.dumps(payload, separators=(",", ":"))
        async with self._lock:
            if self.websocket.closed:
                return
            try:
                if self._compressor is not None:
                    data = self._compressor.compress(text.encode()) + self._compressor.flush(zlib.Z_SYNC_FLUSH)
                    await self.websocket.send_bytes(data)
                else:
                    await self.websocket.send_str(text)
            except (ConnectionError, RuntimeError):
                log.debug("gateway send on a closing socket dropped")

    async def close(self, code: int, message: str = "") -> None:
        """Close with a gateway close code."""
        await self.websocket.close(code=code, message=message.encode())


class Gateway:
    """Accepts bot connections and dispatches events to every live session."""

    def __init__(
        self,
        *,
        token: Callable[[], str],
        ready_payload: Callable[[Session], dict[str, Any]],
        guild_payloads: Callable[[Session], list[dict[str, Any]]],
        guild_count: Callable[[], int] = lambda: 0,
        heartbeat_interval_ms: int = 41_250,
        allowed_privileged_intents: int = 0,
        max_guilds_per_shard: int = MAX_GUILDS_PER_SHARD,
        max_concurrency: int = 1,
        identify_interval: float = IDENTIFY_INTERVAL,
        enforce_identify_limit: bool | None = None,
    ) -> None:
        if max_guilds_per_shard < 1 or max_concurrency < 1 or identify_interval < 0:
            raise ValueError("max_guilds_per_shard and max_concurrency must be >= 1, identify_interval >= 0")
        self._token = token
        self._ready_payload = ready_payload
        self._guild_payloads = guild_payloads
        self._guild_count = guild_count
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.allowed_privileged_intents = allowed_privileged_intents
        self.max_guilds_per_shard = max_guilds_per_shard
        self.max_concurrency = max_concurrency
        self.identify_interval = identify_interval
        # Refuse IDENTIFYs over the rate limit: True always (Discord), False never (only recorded), None (default)
        # only those of sharded sessions (num_shards > 1), so an unsharded bot keeps the pre-sharding simulator's
        # behaviour (drills replay restart storms in compressed time, faster than Discord would allow).
        self.enforce_identify_limit = enforce_identify_limit
        self.rate_limited: list[Refusal] = []  # every IDENTIFY over the limit, refused or let through
        self.sessions: dict[str, Session] = {}
        self.connections: set[Connection] = set()
        self.refusals: list[Refusal] = []  # every IDENTIFY turned down, with its close code (9: rate limited)
        self._bucket_identified: dict[int, float] = {}  # max_concurrency bucket -> last accepted IDENTIFY
        self.identify_count = 0
        self.identified_at: list[float] = []  # monotonic instant of every accepted IDENTIFY
        self.opened_at: list[float] = []  # monotonic instant of every websocket a client opened
        self.resume_count = 0
        self.invalidate_after_ready = 0  # fault: invalidate this many new sessions right after their READY
        self.ready = asyncio.Event()

    @property
    def connected(self) -> bool:
        """Whether a client holds an identified, open session."""
        return any(s.live for s in self.sessions.values())

    @property
    def recommended_shards(self) -> int:
        """The shard count /gateway/bot recommends for the world's guilds."""
        return recommended_shards(self._guild_count(), self.max_guilds_per_shard)

    def live_sessions(self, shard: tuple[int, int] | None = None) -> list[Session]:
        """Sessions with an open socket, optionally only those identified as `shard` = (shard_id, num_shards)."""
        return [s for s in self.sessions.values() if s.live and (shard is None or s.shard == shard)]

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """The websocket endpoint discord.py connects to."""
        websocket = web.WebSocketResponse(max_msg_size=4096 * 1024, autoping=True)
        await websocket.prepare(request)
        compress = request.query.get("compress")
        connection = Connection(websocket, compress == "zlib-stream")
        if request.query.get("v", "10") != "10":
            await connection.close(CLOSE_INVALID_API_VERSION, "Invalid API version")
            return websocket
        if request.query.get("encoding", "json") != "json" or compress not in (None, "zlib-stream"):
            await connection.close(CLOSE_DECODE_ERROR, "Only encoding=json and compress=zlib-stream are simulated")
            return websocket
        self.connections.add(connection)
        self.opened_at.append(time.monotonic())
        try:
            await connection.send({"op": HELLO, "d": {"heartbeat_interval": self.heartbeat_interval_ms}})
            async for message in websocket:
                if message.type is not WSMsgType.TEXT:
                    if message.type is WSMsgType.BINARY:
                        await connection.close(CLOSE_DECODE_ERROR, "Send JSON text frames")
                    break
                try:
                    payload = json.loads(message.data)
                    op = payload["op"]
                except (ValueError, KeyError, TypeError):
                    await connection.close(CLOSE_DECODE_ERROR, "Decode error")
                    break
                await self._on_payload(connection, op, payload.get("d"))
        finally:
            self.connections.discard(connection)
            if connection.session is not None and connection.session.socket is connection:
                connection.session.socket = None
        return websocket

    async def _on_payload(self, connection: Connection, op: int, data: Any) -> None:
        if op == HEARTBEAT:
            await connection.send({"op": ACK})
        elif op == IDENTIFY:
            await self._identify(connection, data)
        elif op == RESUME:
            await self._resume(connection, data)
        elif connection.session is None:
            await connection.close(CLOSE_NOT_AUTHENTICATED, "Not authenticated")
        elif op in (PRESENCE, VOICE, REQUEST_MEMBERS):
            return
        else:
            await connection.close(CLOSE_UNKNOWN_OPCODE, f"Unknown opcode {op}")

    async def _refuse(self, connection: Connection, code: int, reason: str, shard: Any) -> None:
        """Turn an IDENTIFY down with a close code, and remember it."""
        self.refusals.append(Refusal(code, reason, shard, time.monotonic()))
        await connection.close(code, reason)

    async def _identify(self, connection: Connection, data: Any) -> None:
        received = time.monotonic()
        shard = data.get("shard") if isinstance(data, dict) else None
        if connection.session is not None:
            await self._refuse(connection, CLOSE_ALREADY_AUTHENTICATED, "Already authenticated", shard)
            return
        if not isinstance(data, dict) or data.get("token") != self._token():
            await self._refuse(connection, CLOSE_AUTHENTICATION_FAILED, "Authentication failed", shard)
            return
        intents = data.get("intents")
        if not isinstance(intents, int) or intents < 0:
            await self._refuse(connection, CLOSE_INVALID_INTENTS, "Invalid intent(s)", shard)
            return
        disallowed = [
            name
            for bit, name in PRIVILEGED_INTENTS.items()
            if intents & bit and not self.allowed_privileged_intents & bit
        ]
        if disallowed:
            reason = f"Disallowed intent(s): {', '.join(disallowed)}"
            await self._refuse(connection, CLOSE_DISALLOWED_INTENTS, reason, shard)
            return
        parsed = _parse_shard(shard)
        if parsed is None:
            await self._refuse(connection, CLOSE_INVALID_SHARD, "Invalid shard", shard)
            return
        shard_id, num_shards = parsed
        if num_shards < self.recommended_shards:
            await self._refuse(connection, CLOSE_SHARDING_REQUIRED, "Sharding required", shard)
            return
        bucket = shard_id % self.max_concurrency
        last = self._bucket_identified.get(bucket)
        if last is not None and received - last < self.identify_interval * (1 - IDENTIFY_SLACK):
            enforced = self.enforce_identify_limit is True or (self.enforce_identify_limit is None and num_shards > 1)
            refusal = Refusal(INVALID_SESSION, "Identify rate limited", shard, received, enforced)
            self.rate_limited.append(refusal)
            log.log(
                logging.WARNING if enforced else logging.DEBUG,
                "IDENTIFY for shard %s came %.2fs after the last in its bucket (%s)",
                parsed,
                received - last,
                "refused with INVALID_SESSION" if enforced else "let through: enforce_identify_limit",
            )
            if enforced:
                # Discord: "If you hit this limit, the Gateway will respond with an Invalid Session (opcode 9)".
                self.refusals.append(refusal)
                await connection.send({"op": INVALID_SESSION, "d": False})
                return
        self._bucket_identified[bucket] = received
        self.identify_count += 1
        self.identified_at.append(received)
        session = Session(secrets.token_hex(16), intents, shard_id, num_shards)
        self.sessions[session.session_id] = session
        session.socket = connection
        connection.session = session
        await self._send_event(session, "READY", self._ready_payload(session))
        for guild in self._guild_payloads(session):
            session.guild_ids.append(int(guild["id"]))
            await self._send_event(session, "GUILD_CREATE", guild)
        self.ready.set()
        if self.invalidate_after_ready > 0:
            # A gateway in trouble: the session is refused as soon as it starts, so the client must IDENTIFY anew.
            self.invalidate_after_ready -= 1
            await connection.send({"op": INVALID_SESSION, "d": False})
            self.sessions.pop(session.session_id, None)
            await connection.close(1000, "Simulated invalid session")

    async def _resume(self, connection: Connection, data: Any) -> None:
        session = self.sessions.get(str(data.get("session_id"))) if isinstance(data, dict) else None
        if session is None or data.get("token") != self._token() or not isinstance(data.get("seq"), int | None):
            await connection.send({"op": INVALID_SESSION, "d": False})
            return
        seq = data.get("seq") or 0
        oldest = session.buffer[0]["s"] if session.buffer else session.sequence + 1
        if seq < oldest - 1:
            await connection.send({"op": INVALID_SESSION, "d": False})
            return
        self.resume_count += 1
        session.socket = connection
        connection.session = session
        for payload in list(session.buffer):
            if payload["s"] > seq:
                await connection.send(payload)
        session.sequence += 1
        await connection.send({"op": DISPATCH, "t": "RESUMED", "s": session.sequence, "d": {}})

    async def _send_event(self, session: Session, event: str, data: dict[str, Any]) -> None:
        session.sequence += 1
        payload = {"op": DISPATCH, "t": event, "s": session.sequence, "d": data}
        session.buffer.append(payload)
        if session.socket is not None:
            await session.socket.send(payload)

    async def dispatch(self, event: str, data: dict[str, Any]) -> int:
        """Send an event to every session of its guild's shard that wants it; returns how many live sockets got it.

        An event no session's shard serves is dropped, as Discord drops events for shards nobody runs.
        """
        needed = EVENT_INTENTS.get(event, 0)
        guild_id = event_guild(event, data)
        delivered = 0
        for session in list(self.sessions.values()):
            if needed and not session.intents & needed:
                continue
            if not session.serves(guild_id):
                continue
            live = session.live
            if event == "GUILD_CREATE" and guild_id is not None:
                session.guild_ids.append(guild_id)
            await self._send_event(session, event, data)
            delivered += int(live)
        return delivered

    async def drop(self, *, resumable: bool = True) -> None:
        """Cut every connection: resumable (close 4000, session kept) or not (op 9 then close)."""
        for connection in list(self.connections):
            if not resumable and connection.session is not None:
                await connection.send({"op": INVALID_SESSION, "d": False})
                self.sessions.pop(connection.session.session_id, None)
            await connection.close(4000 if resumable else 1000, "Simulated disconnect")

    async def request_reconnect(self) -> None:
        """Ask clients to reconnect (op 7), as Discord does during maintenance."""
        for connection in list(self.connections):
            await connection.send({"op": RECONNECT, "d": None})

    async def close(self) -> None:
        """Close every socket (simulator shutdown)."""
        for connection in list(self.connections):
            await connection.close(1001, "Simulator shutting down")


def _parse_shard(shard: Any) -> tuple[int, int] | None:
    """IDENTIFY's `shard` as (shard_id, num_shards); absent means (0, 1); None when it is not a valid shard."""
    if shard is None:
        return 0, 1
    if not isinstance(shard, list) or len(shard) != 2:
        return None
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in shard):
        return None
    shard_id, num_shards = shard
    if num_shards < 1 or not 0 <= shard_id < num_shards:
        return None
    return shard_id, num_shards
