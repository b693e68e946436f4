"""The gateway side of the simulator: HELLO, IDENTIFY/READY, heartbeats, RESUME, dispatch, zlib-stream."""

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


@dataclass
class Session:
    """A gateway session: survives a dropped socket so the client can RESUME it."""

    session_id: str
    intents: int
    sequence: int = 0
    buffer: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=RESUME_BUFFER))
    socket: Connection | None = None


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
        guild_payloads: Callable[[], list[dict[str, Any]]],
        heartbeat_interval_ms: int = 41_250,
        allowed_privileged_intents: int = 0,
    ) -> None:
        self._token = token
        self._ready_payload = ready_payload
        self._guild_payloads = guild_payloads
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.allowed_privileged_intents = allowed_privileged_intents
        self.sessions: dict[str, Session] = {}
        self.connections: set[Connection] = set()
        self.identify_count = 0
        self.identified_at: list[float] = []  # monotonic instant of every accepted IDENTIFY
        self.opened_at: list[float] = []  # monotonic instant of every websocket a client opened
        self.resume_count = 0
        self.invalidate_after_ready = 0  # fault: invalidate this many new sessions right after their READY
        self.ready = asyncio.Event()

    @property
    def connected(self) -> bool:
        """Whether a client holds an identified, open session."""
        return any(s.socket is not None and not s.socket.websocket.closed for s in self.sessions.values())

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

    async def _identify(self, connection: Connection, data: Any) -> None:
        if connection.session is not None:
            await connection.close(CLOSE_ALREADY_AUTHENTICATED, "Already authenticated")
            return
        if not isinstance(data, dict) or data.get("token") != self._token():
            await connection.close(CLOSE_AUTHENTICATION_FAILED, "Authentication failed")
            return
        intents = data.get("intents")
        if not isinstance(intents, int) or intents < 0:
            await connection.close(CLOSE_INVALID_INTENTS, "Invalid intent(s)")
            return
        disallowed = [
            name
            for bit, name in PRIVILEGED_INTENTS.items()
            if intents & bit and not self.allowed_privileged_intents & bit
        ]
        if disallowed:
            await connection.close(CLOSE_DISALLOWED_INTENTS, f"Disallowed intent(s): {', '.join(disallowed)}")
            return
        self.identify_count += 1
        self.identified_at.append(time.monotonic())
        session = Session(secrets.token_hex(16), intents)
        self.sessions[session.session_id] = session
        session.socket = connection
        connection.session = session
        await self._send_event(session, "READY", self._ready_payload(session))
        for guild in self._guild_payloads():
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
        """Send an event to every session that wants it; returns how many live sockets got it."""
        needed = EVENT_INTENTS.get(event, 0)
        delivered = 0
        for session in list(self.sessions.values()):
            if needed and not session.intents & needed:
                continue
            live = session.socket is not None and not session.socket.websocket.closed
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
