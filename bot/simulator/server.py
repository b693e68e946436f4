"""The local Discord: an aiohttp app on loopback speaking enough REST and gateway for discord.py.

Everything a person would see is recorded (channel messages, ephemeral answers, pings), every call is
logged, and an endpoint the simulator does not implement fails loudly instead of pretending.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from aiohttp import BodyPartReader, web

from bot.simulator import permissions as perms
from bot.simulator.faults import Faults, error_body
from bot.simulator.gateway import IDENTIFY_INTERVAL, MAX_GUILDS_PER_SHARD, Gateway, Session, shard_for
from bot.simulator.interactions import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    CALLBACK_AUTOCOMPLETE,
    CALLBACK_DEFERRED_MESSAGE,
    CALLBACK_DEFERRED_UPDATE,
    CALLBACK_MESSAGE,
    CALLBACK_MODAL,
    CALLBACK_UPDATE,
    MESSAGE_COMPONENT,
    MODAL_SUBMIT,
    InteractionRecord,
    SimulatorUsageError,
    Upload,
    base_payload,
    command_data,
    find_command,
    new_token,
)
from bot.simulator.ratelimits import RateLimiter, RateLimits
from bot.simulator.world import (
    HAS_THREAD,
    TEXT_CHANNEL,
    Channel,
    Guild,
    Member,
    Message,
    Overwrite,
    Role,
    World,
    now_iso,
    pings,
)

log = logging.getLogger("momentos.simulator")

API_PREFIX = "/api/v10"
EPHEMERAL = 64
LOADING = 128
SERVER_KEPT_FLAGS = EPHEMERAL | HAS_THREAD  # flags a message edit cannot change
CHANNEL_NAME_CHANGE = 4  # message type Discord posts in a thread when it is renamed
WEBHOOK_TOKEN_LIFETIME = 15 * 60
NONCE_WINDOW = 120.0

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
PAYLOAD: web.RequestKey[Any] = web.RequestKey("payload", object)
FILES: web.RequestKey[list[tuple[str, bytes]]] = web.RequestKey("files", list)


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """JSON with the content type exactly `application/json`, as Discord sends it (discord.py relies on that)."""
    response = web.Response(body=json.dumps(data).encode(), status=status, headers=headers)
    response.headers["Content-Type"] = "application/json"
    return response


def discord_error(status: int, code: int, message: str) -> web.Response:
    """A Discord error body."""
    return json_response({"code": code, "message": message}, status)


@dataclass
class Call:
    """One REST request the bot made, as the simulator saw it."""

    method: str
    path: str
    query: dict[str, str]
    body: Any = None
    files: list[str] = field(default_factory=list)
    status: int = 0
    at: float = field(default_factory=time.monotonic)
    done: float | None = None  # when the answer was ready (monotonic)
    limited: str | None = None  # the scope of the simulator's rate limit that refused it ('global', 'user')


class Simulator:
    """A Discord stand-in for one bot application; drive it with `click`, `command` and friends."""

    def __init__(
        self,
        world: World | None = None,
        *,
        token: str = "simulated-bot-token",  # noqa: S107 - the simulator's own fake token
        host: str = "127.0.0.1",
        port: int = 0,
        interaction_timeout: float = 3.0,
        validate: bool = True,
        rate_limits: RateLimits | None = None,
        max_guilds_per_shard: int = MAX_GUILDS_PER_SHARD,
        max_concurrency: int = 1,
        identify_interval: float = IDENTIFY_INTERVAL,
        enforce_identify_limit: bool | None = None,
    ) -> None:
        """`max_guilds_per_shard` (Discord: 2,500) sets when IDENTIFY needs more shards (close 4011) and the
        `shards` /gateway/bot recommends; `max_concurrency` and `identify_interval` set the IDENTIFY rate limit
        (one per `identify_interval` seconds per `shard_id % max_concurrency` bucket, else INVALID_SESSION).
        `enforce_identify_limit`: True refuses every IDENTIFY over it, False only records it
        (`gateway.rate_limited`), None (default) refuses those of sharded sessions (num_shards > 1) and records the
        rest, so unsharded bots behave as before sharding was simulated.
        """
        self.world = world or World()
        self.token = token
        self.host = host
        self.port = port
        self.interaction_timeout = interaction_timeout
        self.validate = validate
        self.calls: list[Call] = []
        self.unhandled: list[Call] = []
        self.faults = Faults()
        self.rate_limiter = RateLimiter(rate_limits) if rate_limits is not None else None
        self.commands: dict[int | None, list[dict[str, Any]]] = {}
        self.interactions: dict[int, InteractionRecord] = {}
        self.uploads: dict[int, Upload] = {}
        self._by_token: dict[str, InteractionRecord] = {}
        self._nonces: dict[tuple[int, str], tuple[float, int]] = {}
        self.gateway = Gateway(
            token=lambda: self.token,
            ready_payload=self._ready_payload,
            guild_payloads=self._guild_payloads,
            guild_count=lambda: len(self.world.guilds),
            max_guilds_per_shard=max_guilds_per_shard,
            max_concurrency=max_concurrency,
            identify_interval=identify_interval,
            enforce_identify_limit=enforce_identify_limit,
        )
        self._runner: web.AppRunner | None = None

    # ----------------------------------------------------------------- lifecycle

    @property
    def base_url(self) -> str:
        """http://host:port of the running simulator."""
        return f"http://{self.host}:{self.port}"

    @property
    def api_url(self) -> str:
        """The REST base to give the bot (MOMENTOS_DISCORD_API_URL)."""
        return f"{self.base_url}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        """The gateway URL to give the bot (MOMENTOS_DISCORD_GATEWAY_URL)."""
        return f"ws://{self.host}:{self.port}/gateway"

    def app(self) -> web.Application:
        """The aiohttp application (routes and the recording middleware)."""
        app = web.Application(middlewares=[self._middleware], client_max_size=30 * 1024 * 1024)
        route = app.router.add_route
        api = API_PREFIX
        route("GET", "/gateway", self.gateway.handle)
        route("GET", f"{api}/gateway", self._get_gateway)
        route("GET", f"{api}/gateway/bot", self._get_gateway_bot)
        route("GET", f"{api}/users/@me", self._get_me)
        route("GET", f"{api}/oauth2/applications/@me", self._get_application)
        route("GET", f"{api}/applications/@me", self._get_application)
        route("GET", f"{api}/applications/{{app}}/commands", self._get_commands)
        route("PUT", f"{api}/applications/{{app}}/commands", self._put_commands)
        route("GET", f"{api}/applications/{{app}}/guilds/{{guild}}/commands", self._get_commands)
        route("PUT", f"{api}/applications/{{app}}/guilds/{{guild}}/commands", self._put_commands)
        route("GET", f"{api}/channels/{{channel}}", self._get_channel)
        route("PATCH", f"{api}/channels/{{channel}}", self._edit_channel)
        route("GET", f"{api}/channels/{{channel}}/messages", self._list_messages)
        route("POST", f"{api}/channels/{{channel}}/messages", self._post_message)
        route("GET", f"{api}/channels/{{channel}}/messages/{{message}}", self._get_message)
        route("PATCH", f"{api}/channels/{{channel}}/messages/{{message}}", self._edit_message)
        route("DELETE", f"{api}/channels/{{channel}}/messages/{{message}}", self._delete_message)
        route("POST", f"{api}/channels/{{channel}}/messages/{{message}}/threads", self._start_thread)
        route("POST", f"{api}/interactions/{{interaction}}/{{token}}/callback", self._callback)
        route("POST", f"{api}/webhooks/{{app}}/{{token}}", self._followup)
        route("GET", f"{api}/webhooks/{{app}}/{{token}}/messages/{{message}}", self._webhook_get)
        route("PATCH", f"{api}/webhooks/{{app}}/{{token}}/messages/{{message}}", self._webhook_edit)
        route("DELETE", f"{api}/webhooks/{{app}}/{{token}}/messages/{{message}}", self._webhook_delete)
        route("GET", f"{api}/guilds/{{guild}}", self._get_guild)
        route("GET", f"{api}/guilds/{{guild}}/channels", self._get_guild_channels)
        route("GET", f"{api}/guilds/{{guild}}/roles", self._get_guild_roles)
        route("GET", f"{api}/guilds/{{guild}}/members/{{user}}", self._get_member)
        route("GET", "/attachments/uploads/{upload}/{filename}", self._get_upload)
        route("GET", "/attachments/{channel}/{message}/{filename}", self._get_attachment)
        route("*", "/{tail:.*}", self._unknown)
        return app

    async def start(self) -> None:
        """Listen on host:port (port 0 picks a free one)."""
        self._runner = web.AppRunner(self.app(), access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        log.info("Discord simulator listening on %s (gateway %s)", self.api_url, self.gateway_url)

    async def stop(self) -> None:
        """Close every socket and stop listening."""
        await self.gateway.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Simulator:
        await self.start()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.stop()

    # ----------------------------------------------------------------- middleware

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if not request.path.startswith(API_PREFIX):
            return await handler(request)
        path = request.path[len(API_PREFIX) :]
        call = Call(request.method, path, dict(request.query))
        self.calls.append(call)
        try:
            request[PAYLOAD], request[FILES] = await self._read_body(request)
        except ValueError:
            call.status = 400
            return discord_error(400, 50109, "The request body contains invalid JSON.")
        call.body, call.files = request[PAYLOAD], [name for name, _ in request[FILES]]
        public = path.startswith(("/interactions/", "/webhooks/"))
        if not public and request.headers.get("Authorization") != f"Bot {self.token}":
            call.status = 401
            return discord_error(401, 0, "401: Unauthorized")
        limited = self.rate_limiter.check(request.method, path) if self.rate_limiter is not None else None
        if limited is not None and not limited.allowed:
            call.status, call.done, call.limited = 429, time.monotonic(), limited.scope
            log.info("rate limited (%s) %s %s", limited.scope, request.method, path)
            return json_response(limited.body, 429, limited.headers)
        fault = self.faults.take(request.method, path)
        if fault is not None:
            call.status = fault.status
            headers = {"Via": "1.1 google"}
            if fault.status == 429:
                headers.update({"Retry-After": str(max(1, round(fault.retry_after))), "X-RateLimit-Scope": "user"})
                if fault.is_global:
                    headers["X-RateLimit-Global"] = "true"
            if fault.performed:
                await handler(request)  # done, but the client is told it failed
            log.info("injected %s on %s %s", fault.status, request.method, path)
            return json_response(error_body(fault), fault.status, headers)
        response = await handler(request)
        call.status, call.done = response.status, time.monotonic()
        if limited is not None:
            response.headers.update(limited.headers)
        return response

    async def _read_body(self, request: web.Request) -> tuple[Any, list[tuple[str, bytes]]]:
        if not request.can_read_body:
            return None, []
        if request.content_type == "multipart/form-data":
            payload: Any = None
            files: list[tuple[str, bytes]] = []
            reader = await request.multipart()
            async for part in reader:
                if not isinstance(part, BodyPartReader):
                    continue
                if part.name == "payload_json":
                    payload = json.loads(await part.text())
                elif part.name and part.name.startswith("files["):
                    files.append((part.filename or part.name, bytes(await part.read())))
            return payload, files
        raw = await request.read()
        return (json.loads(raw) if raw else None), []

    async def _unknown(self, request: web.Request) -> web.StreamResponse:
        call = (
            self.calls[-1]
            if self.calls and request.path.startswith(API_PREFIX)
            else Call(request.method, request.path, {})
        )
        self.unhandled.append(call)
        log.error(
            "SIMULATOR: unimplemented endpoint %s %s — the bot called something the simulator does not speak",
            request.method,
            request.path,
        )
        return discord_error(404, 0, "404: Not Found")

    # ----------------------------------------------------------------- gateway payloads

    def _ready_payload(self, session: Session) -> dict[str, Any]:
        return {
            "v": 10,
            "user": {**self.world.bot.payload(), "verified": True, "mfa_enabled": False, "email": None},
            "guilds": [
                {"id": str(guild_id), "unavailable": True} for guild_id in self.world.guilds if session.serves(guild_id)
            ],
            "session_id": session.session_id,
            "session_type": "normal",
            "resume_gateway_url": self.gateway_url,
            "shard": [session.shard_id, session.num_shards],
            "application": {"id": str(self.world.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "user_settings": {},
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "auth": {},
        }

    def _guild_payloads(self, session: Session) -> list[dict[str, Any]]:
        return [guild.payload(self.world.bot.id) for guild in self.world.guilds.values() if session.serves(guild.id)]

    # ----------------------------------------------------------------- simple REST

    async def _get_gateway(self, request: web.Request) -> web.Response:
        return json_response({"url": self.gateway_url})

    async def _get_gateway_bot(self, request: web.Request) -> web.Response:
        remaining = max(0, 1000 - self.gateway.identify_count)
        return json_response(
            {
                "url": self.gateway_url,
                "shards": self.gateway.recommended_shards,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": remaining,
                    "reset_after": 86_400_000,
                    "max_concurrency": self.gateway.max_concurrency,
                },
            }
        )

    async def _get_me(self, request: web.Request) -> web.Response:
        return json_response({**self.world.bot.payload(), "verified": True, "mfa_enabled": False, "locale": "en-US"})

    async def _get_application(self, request: web.Request) -> web.Response:
        owner = next(iter(self.world.users.values()))
        return json_response(
            {
                "id": str(self.world.application_id),
                "name": self.world.bot.username,
                "icon": None,
                "description": "",
                "summary": "",
                "type": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "verify_key": "0" * 64,
                "flags": 0,
                "owner": owner.payload(),
                "team": None,
                "bot": self.world.bot.payload(),
                "rpc_origins": [],
                "tags": [],
                "redirect_uris": [],
                "interactions_endpoint_url": None,
                "approximate_guild_count": len(self.world.guilds),
            }
        )

    def _check_application(self, request: web.Request) -> web.Response | None:
        if request.match_info.get("app") != str(self.world.application_id):
            return discord_error(404, 10002, "Unknown Application")
        return None

    def _guild_from(self, request: web.Request) -> Guild | None:
        raw = request.match_info.get("guild")
        return self.world.guilds.get(int(raw)) if raw and raw.isdigit() else None

    async def _get_commands(self, request: web.Request) -> web.Response:
        error = self._check_application(request)
        if error:
            return error
        scope = self._scope(request)
        if scope is False:
            return discord_error(404, 10004, "Unknown Guild")
        return json_response(self.commands.get(scope, []))

    def _scope(self, request: web.Request) -> int | bool | None:
        """None for global commands, the guild id for guild commands, False for an unknown guild."""
        if "guild" not in request.match_info:
            return None
        guild = self._guild_from(request)
        return guild.id if guild else False

    async def _put_commands(self, request: web.Request) -> web.Response:
        error = self._check_application(request)
        if error:
            return error
        scope = self._scope(request)
        if scope is False:
            return discord_error(404, 10004, "Unknown Guild")
        payload = request[PAYLOAD]
        if not isinstance(payload, list):
            return json_response(
                {
                    "code": 50035,
                    "message": "Invalid Form Body",
                    "errors": {"_errors": [{"code": "LIST_TYPE_CONVERT", "message": "Must be an array."}]},
                },
                400,
            )
        invalid = self._validate("validate_application_commands", payload)
        if invalid:
            return invalid
        previous = {(c["name"], c.get("type", 1)): c for c in self.commands.get(scope, [])}
        stored = []
        for command in payload:
            key = (command["name"], command.get("type", 1))
            old = previous.get(key)
            entry = {
                "id": old["id"] if old else str(self.world.ids.next()),
                "application_id": str(self.world.application_id),
                "version": str(self.world.ids.next()),
                "type": 1,
                "description": "",
                "options": [],
                "default_member_permissions": None,
                "dm_permission": True,
                "nsfw": False,
                "contexts": None,
                "integration_types": [0],
                **command,
            }
            if scope is not None:
                entry["guild_id"] = str(scope)
            stored.append(entry)
        self.commands[scope] = stored
        return json_response(stored)

    def _validate(self, name: str, payload: Any, **kwargs: Any) -> web.Response | None:
        """Run one of the validation module's checks; a FormError becomes Discord's 400."""
        if not self.validate:
            return None
        from bot.simulator import validation

        try:
            getattr(validation, name)(payload, **kwargs)
        except validation.FormError as exc:
            log.warning("simulator rejected %s: %s", name, json.dumps(exc.body)[:2000])
            return json_response(exc.body, 400)
        return None

    def _bot_channel(
        self, request: web.Request, need: tuple[str, ...] = ("view_channel",)
    ) -> tuple[Guild, Channel] | web.Response:
        raw = request.match_info["channel"]
        found = self.world.channel(int(raw)) if raw.isdigit() else None
        if found is None:
            return discord_error(404, 10003, "Unknown Channel")
        guild, channel = found
        granted = guild.permissions_in(self.world.bot.id, channel.id)
        if not perms.has(granted, "view_channel"):
            return discord_error(403, 50001, "Missing Access")
        if not all(perms.has(granted, name) for name in need):
            return discord_error(403, 50013, "Missing Permissions")
        return guild, channel

    async def _get_channel(self, request: web.Request) -> web.Response:
        found = self._bot_channel(request)
        if isinstance(found, web.Response):
            return found
        return json_response(self._channel_for_bot(found[1]))

    def _channel_for_bot(self, channel: Channel) -> dict[str, Any]:
        """The channel object as REST returns it to the bot: threads carry the bot's thread member object."""
        data = channel.payload()
        member = channel.thread_member_payload(self.world.bot.id) if channel.is_thread else None
        if member is not None:
            data["member"] = member
        return data

    async def _get_guild(self, request: web.Request) -> web.Response:
        guild = self._guild_from(request)
        if guild is None:
            return discord_error(404, 10004, "Unknown Guild")
        data = guild.payload(self.world.bot.id)
        for key in ("channels", "threads", "members", "voice_states", "presences"):
            data.pop(key, None)
        return json_response(data)

    async def _get_guild_channels(self, request: web.Request) -> web.Response:
        guild = self._guild_from(request)
        if guild is None:
            return discord_error(404, 10004, "Unknown Guild")
        return json_response([channel.payload() for channel in guild.channels.values() if not channel.is_thread])

    async def _get_guild_roles(self, request: web.Request) -> web.Response:
        guild = self._guild_from(request)
        if guild is None:
            return discord_error(404, 10004, "Unknown Guild")
        return json_response([role.payload() for role in guild.roles.values()])

    async def _get_member(self, request: web.Request) -> web.Response:
        guild = self._guild_from(request)
        raw = request.match_info["user"]
        member = guild.members.get(int(raw)) if guild and raw.isdigit() else None
        if member is None:
            return discord_error(404, 10007, "Unknown Member")
        return json_response(member.payload())

    async def _get_upload(self, request: web.Request) -> web.StreamResponse:
        raw = request.match_info["upload"]
        upload = self.uploads.get(int(raw)) if raw.isdigit() else None
        if upload is None or upload.filename != request.match_info["filename"]:
            return web.Response(status=404)
        return web.Response(body=upload.data, content_type=upload.content_type)

    def _attach(self, upload: Upload) -> dict[str, Any]:
        """Store a file a person attached to a command; returns the attachment object Discord would resolve."""
        upload_id = self.world.ids.next()
        self.uploads[upload_id] = upload
        url = f"{self.base_url}/attachments/uploads/{upload_id}/{upload.filename}"
        return {
            "id": str(upload_id),
            "filename": upload.filename,
            "size": len(upload.data),
            "url": url,
            "proxy_url": url,
            "content_type": upload.content_type,
            "ephemeral": True,
        }

    async def _get_attachment(self, request: web.Request) -> web.StreamResponse:
        raw = request.match_info["message"]
        message = self.world.messages.get(int(raw)) if raw.isdigit() else None
        data = message.files.get(request.match_info["filename"]) if message else None
        if data is None:
            return web.Response(status=404)
        return web.Response(body=data, content_type="application/octet-stream")

    # ----------------------------------------------------------------- messages

    def _make_message(
        self,
        guild: Guild | None,
        channel_id: int,
        payload: dict[str, Any],
        files: list[tuple[str, bytes]],
        *,
        flags: int = 0,
        webhook: bool = False,
        interaction_id: int | None = None,
        allow_embeds: bool = True,
    ) -> Message:
        message_id = self.world.ids.next()
        content = str(payload.get("content") or "")
        may_mention_everyone = guild is not None and perms.has(
            guild.permissions_in(self.world.bot.id, channel_id) if channel_id in guild.channels else 0,
            "mention_everyone",
        )
        users, roles, everyone = pings(content, payload.get("allowed_mentions"), guild, may_mention_everyone)
        attachments = []
        stored_files = {}
        for index, (filename, data) in enumerate(files):
            attachments.append(
                {
                    "id": str(self.world.ids.next()),
                    "filename": filename,
                    "size": len(data),
                    "url": f"{self.base_url}/attachments/{channel_id}/{message_id}/{filename}",
                    "proxy_url": f"{self.base_url}/attachments/{channel_id}/{message_id}/{filename}",
                    "content_type": "image/png" if filename.endswith(".png") else "application/octet-stream",
                    "description": ((payload.get("attachments") or [{}] * (index + 1))[index] or {}).get("description"),
                }
            )
            stored_files[filename] = data
        message = Message(
            id=message_id,
            channel_id=channel_id,
            guild_id=guild.id if guild else None,
            author=self.world.bot,
            content=content,
            embeds=list(payload.get("embeds") or []) if allow_embeds else [],
            components=list(payload.get("components") or []),
            attachments=attachments,
            flags=flags | (int(payload.get("flags") or 0) & ~LOADING),
            webhook_id=self.world.application_id if webhook else None,
            application_id=self.world.application_id if webhook else None,
            interaction_id=interaction_id,
            pinged_users=users,
            pinged_roles=roles,
            pinged_everyone=everyone,
            files=stored_files,
        )
        self.world.messages[message_id] = message
        return message

    async def _announce(self, event: str, message: Message) -> None:
        if message.ephemeral:
            return
        found = self.world.channel(message.channel_id)
        if found is not None and event == "MESSAGE_CREATE":
            channel = found[1]
            channel.last_message_id = message.id
            if channel.is_thread:
                channel.message_count += 1
                channel.total_message_sent += 1
        await self.gateway.dispatch(event, message.payload())

    def _forget(self, message: Message) -> None:
        """Mark a message deleted (a thread's message_count goes down; total_message_sent does not)."""
        if not message.deleted and not message.ephemeral:
            found = self.world.channel(message.channel_id)
            if found is not None and found[1].is_thread:
                found[1].message_count = max(0, found[1].message_count - 1)
        message.deleted = True

    async def _post_message(self, request: web.Request) -> web.Response:
        files: list[tuple[str, bytes]] = request[FILES]
        found = self._bot_channel(request)
        if isinstance(found, web.Response):
            return found
        guild, channel = found
        granted = guild.permissions_in(self.world.bot.id, channel.id)
        # SEND_MESSAGES has no effect in threads: talking there needs SEND_MESSAGES_IN_THREADS.
        if not perms.has(granted, "send_messages_in_threads" if channel.is_thread else "send_messages"):
            return discord_error(403, 50013, "Missing Permissions")
        payload = request[PAYLOAD] or {}
        if not isinstance(payload, dict):
            return discord_error(400, 50109, "The request body contains invalid JSON.")
        if files and not perms.has(granted, "attach_files"):
            return discord_error(403, 50013, "Missing Permissions")
        refused = self._thread_refusal(channel, granted, "send")
        if refused:
            return refused
        invalid = self._validate("validate_message_create", payload, attachments_count=len(files))
        if invalid:
            return invalid
        nonce = payload.get("nonce")
        if nonce is not None and payload.get("enforce_nonce"):
            key = (channel.id, str(nonce))
            seen = self._nonces.get(key)
            if seen and time.monotonic() - seen[0] < NONCE_WINDOW and seen[1] in self.world.messages:
                return json_response(self.world.messages[seen[1]].payload())
        if channel.is_thread:
            await self._enter_thread(guild, channel)
        message = self._make_message(guild, channel.id, payload, files, allow_embeds=perms.has(granted, "embed_links"))
        if nonce is not None and payload.get("enforce_nonce"):
            self._nonces[(channel.id, str(nonce))] = (time.monotonic(), message.id)
        await self._announce("MESSAGE_CREATE", message)
        return json_response(message.payload())

    def _channel_message(self, request: web.Request) -> Message | web.Response:
        found = self._bot_channel(request, ("view_channel", "read_message_history"))
        if isinstance(found, web.Response):
            return found
        raw = request.match_info["message"]
        message = self.world.messages.get(int(raw)) if raw.isdigit() else None
        if message is None or message.channel_id != found[1].id or message.deleted or message.ephemeral:
            return discord_error(404, 10008, "Unknown Message")
        return message

    async def _get_message(self, request: web.Request) -> web.Response:
        message = self._channel_message(request)
        return message if isinstance(message, web.Response) else json_response(message.payload())

    async def _list_messages(self, request: web.Request) -> web.Response:
        found = self._bot_channel(request, ("view_channel", "read_message_history"))
        if isinstance(found, web.Response):
            return found
        try:
            limit = int(request.query.get("limit", "50"))
        except ValueError:
            limit = 0
        if not 1 <= limit <= 100:
            return json_response(
                {
                    "code": 50035,
                    "message": "Invalid Form Body",
                    "errors": {
                        "limit": {
                            "_errors": [
                                {"code": "NUMBER_TYPE_MAX", "message": "int value should be between 1 and 100."}
                            ]
                        }
                    },
                },
                400,
            )
        messages = sorted(self.world.channel_messages(found[1].id), key=lambda m: m.id, reverse=True)
        if "before" in request.query:
            messages = [m for m in messages if m.id < int(request.query["before"])]
        if "after" in request.query:
            messages = sorted((m for m in messages if m.id > int(request.query["after"])), key=lambda m: m.id)[:limit]
            messages.reverse()
        return json_response([m.payload() for m in messages[:limit]])

    def _apply_edit(self, message: Message, payload: dict[str, Any], files: list[tuple[str, bytes]]) -> None:
        from datetime import UTC, datetime

        for key in ("content", "embeds", "components"):
            if key in payload:
                setattr(message, key, payload[key] if payload[key] is not None else ("" if key == "content" else []))
        if "flags" in payload and payload["flags"] is not None:
            kept = message.flags & SERVER_KEPT_FLAGS
            message.flags = kept | (int(payload["flags"]) & ~LOADING & ~SERVER_KEPT_FLAGS)
        message.flags &= ~LOADING
        if files:
            message.files.update(dict(files))
            message.attachments = [
                {
                    "id": str(self.world.ids.next()),
                    "filename": name,
                    "size": len(data),
                    "url": f"{self.base_url}/attachments/{message.channel_id}/{message.id}/{name}",
                    "proxy_url": "",
                    "content_type": "image/png",
                }
                for name, data in message.files.items()
            ]
        guild = self.world.guilds.get(message.guild_id or 0)
        message.pinged_users, message.pinged_roles, message.pinged_everyone = pings(
            message.content, payload.get("allowed_mentions"), guild, False
        )
        message.edited_timestamp = datetime.now(UTC).isoformat()

    async def _edit_message(self, request: web.Request) -> web.Response:
        message = self._channel_message(request)
        if isinstance(message, web.Response):
            return message
        if message.author.id != self.world.bot.id:
            return discord_error(403, 50005, "Cannot edit a message authored by another user")
        refused = self._thread_refusal_for(message, "edit")
        if refused:
            return refused
        payload = request[PAYLOAD] or {}
        invalid = self._validate("validate_message_edit", payload, attachments_count=len(request[FILES]))
        if invalid:
            return invalid
        self._apply_edit(message, payload, request[FILES])
        await self._announce("MESSAGE_UPDATE", message)
        return json_response(message.payload())

    async def _delete_message(self, request: web.Request) -> web.StreamResponse:
        message = self._channel_message(request)
        if isinstance(message, web.Response):
            return message
        refused = self._thread_refusal_for(message, "delete")
        if refused:
            return refused
        self._forget(message)
        await self.gateway.dispatch(
            "MESSAGE_DELETE",
            {"id": str(message.id), "channel_id": str(message.channel_id), "guild_id": str(message.guild_id)},
        )
        return web.Response(status=204)

    # ----------------------------------------------------------------- threads

    def _thread_refusal(self, channel: Channel, granted: int, action: str) -> web.Response | None:
        """Discord's answer when the bot may not `action` ("send", "edit", "delete") a message in this thread.

        Archived threads: messages cannot be edited; sending unarchives the thread (see `_enter_thread`).
        Locked threads: without MANAGE_THREADS nothing may be sent or edited, and an archived locked thread
        cannot even have messages deleted.
        """
        if not channel.is_thread:
            return None
        if action == "edit" and channel.archived:
            return discord_error(400, 50083, "Thread is archived")
        if channel.locked and not perms.has(granted, "manage_threads"):
            if channel.archived:
                return discord_error(400, 50083, "Thread is archived")
            if action != "delete":
                return discord_error(400, 160005, "Thread is locked")
        return None

    def _thread_refusal_for(self, message: Message, action: str) -> web.Response | None:
        found = self.world.channel(message.channel_id)
        if found is None or not found[1].is_thread:
            return None
        guild, channel = found
        return self._thread_refusal(channel, guild.permissions_in(self.world.bot.id, channel.id), action)

    async def _enter_thread(self, guild: Guild, thread: Channel) -> None:
        """What sending a message does to a thread first: unarchive it, and add the sender as a member."""
        if thread.archived:
            thread.archived = False
            thread.archive_timestamp = now_iso()
            await self.gateway.dispatch("THREAD_UPDATE", thread.payload())
        if self.world.bot.id not in thread.thread_members:
            thread.thread_members[self.world.bot.id] = now_iso()
            await self._thread_members_update(guild, thread, self.world.bot.id)

    async def _thread_members_update(self, guild: Guild, thread: Channel, user_id: int) -> None:
        """THREAD_MEMBERS_UPDATE for a user added to a thread (sent to the bot when it is the one added)."""
        member = thread.thread_member_payload(user_id)
        if member is None:
            return
        guild_member = guild.members.get(user_id)
        added = {**member, "member": guild_member.payload() if guild_member else None, "presence": None}
        await self.gateway.dispatch(
            "THREAD_MEMBERS_UPDATE",
            {
                "id": str(thread.id),
                "guild_id": str(guild.id),
                "member_count": thread.payload()["member_count"],
                "added_members": [added],
            },
        )

    async def _start_thread(self, request: web.Request) -> web.Response:
        """POST /channels/{channel}/messages/{message}/threads: a public thread with the message's id."""
        found = self._bot_channel(request)
        if isinstance(found, web.Response):
            return found
        guild, channel = found
        raw = request.match_info["message"]
        message = self.world.messages.get(int(raw)) if raw.isdigit() else None
        if message is None or message.channel_id != channel.id or message.deleted or message.ephemeral:
            return discord_error(404, 10008, "Unknown Message")
        if channel.type != TEXT_CHANNEL:
            return discord_error(400, 50024, "Cannot execute action on this channel type")
        if not perms.has(guild.permissions_in(self.world.bot.id, channel.id), "create_public_threads"):
            return discord_error(403, 50013, "Missing Permissions")
        payload = request[PAYLOAD]
        invalid = self._validate("validate_thread_create", payload)
        if invalid:
            return invalid
        if message.id in guild.channels:
            return discord_error(400, 160004, "A thread has already been created for this message")
        body = payload if isinstance(payload, dict) else {}
        thread = self.world.start_thread(
            guild,
            channel,
            message,
            str(body.get("name") or "thread")[:100],
            auto_archive_duration=int(body.get("auto_archive_duration") or 1440),
            rate_limit_per_user=int(body.get("rate_limit_per_user") or 0),
        )
        log.info("thread %s (%r) started from message %s in #%s", thread.id, thread.name, message.id, channel.name)
        await self.gateway.dispatch("THREAD_CREATE", {**thread.payload(), "newly_created": True})
        await self._thread_members_update(guild, thread, self.world.bot.id)
        await self.gateway.dispatch("MESSAGE_UPDATE", message.payload())
        return json_response(self._channel_for_bot(thread), 201)

    async def _edit_channel(self, request: web.Request) -> web.StreamResponse:
        """PATCH /channels/{thread}: name, archived, locked, auto_archive_duration, slowmode of a thread.

        Editing other kinds of channel is not simulated and fails loudly like any unknown endpoint.
        """
        raw = request.match_info["channel"]
        known = self.world.channel(int(raw)) if raw.isdigit() else None
        if known is not None and not known[1].is_thread:
            return await self._unknown(request)
        found = self._bot_channel(request)
        if isinstance(found, web.Response):
            return found
        guild, thread = found
        payload = request[PAYLOAD]
        invalid = self._validate("validate_thread_edit", payload)
        if invalid:
            return invalid
        body: dict[str, Any] = payload if isinstance(payload, dict) else {}
        changes = {key: value for key, value in body.items() if value is not None}
        granted = guild.permissions_in(self.world.bot.id, thread.id)
        manager = perms.has(granted, "manage_threads")
        creator = thread.owner_id == self.world.bot.id
        unarchiving = thread.archived and changes.get("archived") is False
        if thread.archived and not unarchiving:
            return discord_error(400, 50083, "Thread is archived")
        if not manager:
            if {"locked", "rate_limit_per_user"} & changes.keys():
                return discord_error(403, 50013, "Missing Permissions")
            if not creator and {"name", "archived", "auto_archive_duration"} & changes.keys():
                return discord_error(403, 50013, "Missing Permissions")
            if thread.locked and {"name", "auto_archive_duration"} & changes.keys():
                return discord_error(403, 50013, "Missing Permissions")
        renamed = "name" in changes and changes["name"] != thread.name
        await self._change_thread(thread, changes)
        if renamed:
            quiet = {"content": thread.name, "allowed_mentions": {"parse": []}}
            notice = self._make_message(guild, thread.id, quiet, [])
            notice.message_type = CHANNEL_NAME_CHANGE
            await self._announce("MESSAGE_CREATE", notice)
        return json_response(self._channel_for_bot(thread))

    async def _change_thread(self, thread: Channel, changes: dict[str, Any]) -> None:
        """Apply thread field changes and send THREAD_UPDATE (archive_timestamp moves on (un)archive/duration)."""
        if "name" in changes:
            thread.name = str(changes["name"])
        if "rate_limit_per_user" in changes:
            thread.rate_limit_per_user = int(changes["rate_limit_per_user"])
        if "locked" in changes:
            thread.locked = bool(changes["locked"])
        touched = False
        if "auto_archive_duration" in changes:
            thread.auto_archive_duration = int(changes["auto_archive_duration"])
            touched = True
        if "archived" in changes and bool(changes["archived"]) != thread.archived:
            thread.archived = bool(changes["archived"])
            touched = True
        if touched:
            thread.archive_timestamp = now_iso()
        await self.gateway.dispatch("THREAD_UPDATE", thread.payload())

    # ----------------------------------------------------------------- interactions

    async def _callback(self, request: web.Request) -> web.StreamResponse:
        raw = request.match_info["interaction"]
        record = self.interactions.get(int(raw)) if raw.isdigit() else None
        if record is None or record.token != request.match_info["token"]:
            return discord_error(404, 10062, "Unknown interaction")
        if time.monotonic() - record.created > self.interaction_timeout:
            record.late_callbacks += 1
            log.warning(
                "interaction %s answered after %.1fs: Unknown interaction", record.id, time.monotonic() - record.created
            )
            return discord_error(404, 10062, "Unknown interaction")
        if record.callback_type is not None:
            record.refused_callbacks += 1
            return discord_error(400, 40060, "Interaction has already been acknowledged.")
        payload = request[PAYLOAD] or {}
        invalid = self._validate("validate_interaction_callback", payload, attachments_count=len(request[FILES]))
        if invalid:
            return invalid
        kind = payload.get("type")
        data = payload.get("data") or {}
        allowed = {
            APPLICATION_COMMAND: {CALLBACK_MESSAGE, CALLBACK_DEFERRED_MESSAGE, CALLBACK_MODAL},
            MESSAGE_COMPONENT: {
                CALLBACK_MESSAGE,
                CALLBACK_DEFERRED_MESSAGE,
                CALLBACK_DEFERRED_UPDATE,
                CALLBACK_UPDATE,
                CALLBACK_MODAL,
            },
            MODAL_SUBMIT: {CALLBACK_MESSAGE, CALLBACK_DEFERRED_MESSAGE, CALLBACK_DEFERRED_UPDATE, CALLBACK_UPDATE},
            AUTOCOMPLETE: {CALLBACK_AUTOCOMPLETE},
        }[record.type]
        if kind not in allowed:
            return discord_error(
                400, 50035, f"Interaction callback type {kind} is not valid for interaction type {record.type}"
            )
        guild = self.world.guilds.get(record.guild_id)
        message: Message | None = None
        if kind == CALLBACK_MESSAGE:
            message = self._make_message(
                guild, record.channel_id, data, request[FILES], webhook=True, interaction_id=record.id
            )
            record.original = message
        elif kind == CALLBACK_DEFERRED_MESSAGE:
            flags = LOADING | (int(data.get("flags") or 0) & EPHEMERAL)
            message = self._make_message(
                guild, record.channel_id, {}, [], flags=flags, webhook=True, interaction_id=record.id
            )
            message.flags = flags
            record.original = message
        elif kind == CALLBACK_UPDATE:
            target = self.world.messages.get(record.component_message_id or 0)
            if target is not None:
                self._apply_edit(target, data, request[FILES])
                message = target
        elif kind == CALLBACK_AUTOCOMPLETE:
            record.choices = list(data.get("choices") or [])
        elif kind == CALLBACK_MODAL:
            record.modal = data
        record.callback_type = kind
        record.callback_data = data
        record.answered_at = time.monotonic()
        record.responded.set()
        record.changed.set()
        if message is not None and kind in (CALLBACK_MESSAGE, CALLBACK_UPDATE):
            await self._announce("MESSAGE_CREATE" if kind == CALLBACK_MESSAGE else "MESSAGE_UPDATE", message)
        if request.query.get("with_response") not in ("1", "true", "True"):
            return web.Response(status=204)
        body: dict[str, Any] = {
            "interaction": {
                "id": str(record.id),
                "type": record.type,
                "response_message_id": str(message.id) if message else None,
                "response_message_loading": kind == CALLBACK_DEFERRED_MESSAGE,
                "response_message_ephemeral": bool(message and message.ephemeral),
                "channel_id": str(record.channel_id),
                "guild_id": str(record.guild_id),
            }
        }
        if message is not None:
            body["resource"] = {"type": kind, "message": message.payload()}
        elif kind in (CALLBACK_DEFERRED_UPDATE, CALLBACK_AUTOCOMPLETE, CALLBACK_MODAL):
            body["resource"] = {"type": kind}
        return json_response(body)

    def _webhook_record(self, request: web.Request) -> InteractionRecord | web.Response:
        if request.match_info.get("app") != str(self.world.application_id):
            return discord_error(404, 10015, "Unknown Webhook")
        record = self._by_token.get(request.match_info["token"])
        if record is None or time.monotonic() - record.created > WEBHOOK_TOKEN_LIFETIME:
            return discord_error(401, 50027, "Invalid Webhook Token")
        if record.callback_type is None:
            return discord_error(404, 10015, "Unknown Webhook")
        return record

    def _webhook_message(self, record: InteractionRecord, raw: str) -> Message | None:
        if raw == "@original":
            if record.original is not None:
                return record.original
            if record.callback_type in (CALLBACK_DEFERRED_UPDATE, CALLBACK_UPDATE):
                return self.world.messages.get(record.component_message_id or 0)
            return None
        return next((m for m in record.followups if str(m.id) == raw), None)

    async def _followup(self, request: web.Request) -> web.Response:
        record = self._webhook_record(request)
        if isinstance(record, web.Response):
            return record
        payload = request[PAYLOAD] or {}
        invalid = self._validate("validate_webhook_message", payload, attachments_count=len(request[FILES]))
        if invalid:
            return invalid
        if record.deferred and not record.followups and record.original is not None:
            self._apply_edit(record.original, payload, request[FILES])
            message = record.original
        else:
            guild = self.world.guilds.get(record.guild_id)
            message = self._make_message(
                guild, record.channel_id, payload, request[FILES], webhook=True, interaction_id=record.id
            )
            record.followups.append(message)
            await self._announce("MESSAGE_CREATE", message)
        record.changed.set()
        return json_response(message.payload())

    async def _webhook_get(self, request: web.Request) -> web.Response:
        record = self._webhook_record(request)
        if isinstance(record, web.Response):
            return record
        message = self._webhook_message(record, request.match_info["message"])
        return json_response(message.payload()) if message else discord_error(404, 10008, "Unknown Message")

    async def _webhook_edit(self, request: web.Request) -> web.Response:
        record = self._webhook_record(request)
        if isinstance(record, web.Response):
            return record
        message = self._webhook_message(record, request.match_info["message"])
        if message is None:
            return discord_error(404, 10008, "Unknown Message")
        payload = request[PAYLOAD] or {}
        invalid = self._validate("validate_webhook_message", payload, attachments_count=len(request[FILES]), edit=True)
        if invalid:
            return invalid
        self._apply_edit(message, payload, request[FILES])
        record.changed.set()
        await self._announce("MESSAGE_UPDATE", message)
        return json_response(message.payload())

    async def _webhook_delete(self, request: web.Request) -> web.StreamResponse:
        record = self._webhook_record(request)
        if isinstance(record, web.Response):
            return record
        message = self._webhook_message(record, request.match_info["message"])
        if message is None:
            return discord_error(404, 10008, "Unknown Message")
        self._forget(message)
        record.changed.set()
        return web.Response(status=204)

    # ----------------------------------------------------------------- driving the bot as people

    async def wait_until_connected(self, timeout: float = 10.0) -> None:
        """Wait until the bot has identified on the gateway."""
        deadline = time.monotonic() + timeout
        while not self.gateway.connected:
            if time.monotonic() > deadline:
                raise TimeoutError("the bot never connected to the simulator's gateway")
            await asyncio.sleep(0.01)

    async def wait_for_shards(
        self, num_shards: int, shard_ids: Sequence[int] | None = None, *, timeout: float = 30.0
    ) -> None:
        """Wait until each of `shard_ids` (default: all of `num_shards`) has a live session identified with it."""
        wanted = range(num_shards) if shard_ids is None else shard_ids
        deadline = time.monotonic() + timeout
        while missing := [i for i in wanted if not self.gateway.live_sessions((i, num_shards))]:
            if time.monotonic() > deadline:
                raise TimeoutError(f"shards {missing} of {num_shards} never connected to the simulator's gateway")
            await asyncio.sleep(0.01)

    def shard_of(self, guild: Guild, num_shards: int) -> int:
        """The shard id that carries `guild`'s events when the bot runs `num_shards` shards."""
        return shard_for(guild.id, num_shards)

    def _place(self, member: Member, channel: Channel) -> Guild:
        found = self.world.channel(channel.id)
        if found is None:
            raise SimulatorUsageError(f"unknown channel {channel.id}")
        guild = found[0]
        if member.user.id not in guild.members:
            raise SimulatorUsageError(f"{member.user.username} is not in {guild.name}")
        if not perms.has(guild.permissions_in(member.user.id, channel.id), "view_channel"):
            raise SimulatorUsageError(f"{member.user.username} cannot see #{channel.name}")
        return guild

    async def _dispatch(self, record: InteractionRecord, wait: bool, timeout: float) -> InteractionRecord:
        self.interactions[record.id] = record
        self._by_token[record.token] = record
        await self.gateway.dispatch("INTERACTION_CREATE", record.payload)
        if wait:
            try:
                await asyncio.wait_for(record.responded.wait(), timeout)
            except TimeoutError:
                log.warning("interaction %s got no answer within %.1fs", record.id, timeout)
        return record

    async def click(
        self,
        member: Member,
        message: Message,
        custom_id: str | None = None,
        *,
        label: str | None = None,
        forge: bool = False,
        wait: bool = True,
        timeout: float = 5.0,
    ) -> InteractionRecord:
        """Press a button of `message` (by custom_id or label) as `member`.

        Discord only sends custom_ids that are on the message; `forge=True` rewrites the message's
        components as a hostile client could, to test that the bot distrusts custom_ids.
        """
        channel_found = self.world.channel(message.channel_id)
        if channel_found is None:
            raise SimulatorUsageError("message is not in a guild channel")
        guild = self._place(member, channel_found[1])
        if custom_id is None:
            custom_id = next(
                (
                    c["custom_id"]
                    for row in message.components
                    for c in row.get("components", [])
                    if c.get("label") == label and "custom_id" in c
                ),
                None,
            )
            if custom_id is None:
                raise SimulatorUsageError(f"no button labelled {label!r} on message {message.id}")
        payload_message = message.payload()
        if custom_id not in message.custom_ids:
            if not forge:
                raise SimulatorUsageError(f"message {message.id} has no component {custom_id!r} (use forge=True)")
            payload_message["components"] = [
                {"type": 1, "components": [{"type": 2, "style": 2, "label": "?", "custom_id": custom_id}]}
            ]
        else:
            for row in message.components:
                for component in row.get("components", []):
                    if component.get("custom_id") == custom_id and component.get("disabled"):
                        raise SimulatorUsageError(f"button {custom_id!r} is disabled")
        interaction_id = self.world.ids.next()
        payload = base_payload(
            interaction_id, new_token(), MESSAGE_COMPONENT, self.world.application_id, guild, channel_found[1], member
        )
        payload["message"] = payload_message
        payload["data"] = {"custom_id": custom_id, "component_type": 2}
        record = InteractionRecord(
            interaction_id, payload["token"], MESSAGE_COMPONENT, member.user, guild.id, message.channel_id, payload
        )
        record.component_message_id = message.id
        return await self._dispatch(record, wait, timeout)

    def _command(self, guild: Guild, path: str) -> tuple[dict[str, Any], list[str]]:
        return find_command(self.commands.get(guild.id, []) + self.commands.get(None, []), path)

    async def command(
        self,
        member: Member,
        channel: Channel,
        path: str,
        /,
        *,
        wait: bool = True,
        timeout: float = 5.0,
        ignore_default_permissions: bool = False,
        **options: Any,
    ) -> InteractionRecord:
        """Run a slash command such as `command(ana, general, "team add", name="Ventas", channel=ch, role=r)`.

        Like Discord, a command whose default_member_permissions the member lacks is not offered
        (SimulatorUsageError) unless `ignore_default_permissions` models an admin's override.
        """
        guild = self._place(member, channel)
        command, subpath = self._command(guild, path)
        required = command.get("default_member_permissions")
        if required is not None and not ignore_default_permissions:
            granted = guild.permissions_in(member.user.id, channel.id)
            if int(required) & ~granted and not granted & perms.FLAGS["administrator"]:
                raise SimulatorUsageError(f"/{path} is hidden from {member.user.username} (default_member_permissions)")
        interaction_id = self.world.ids.next()
        payload = base_payload(
            interaction_id, new_token(), APPLICATION_COMMAND, self.world.application_id, guild, channel, member
        )
        options = {key: self._attach(value) if isinstance(value, Upload) else value for key, value in options.items()}
        payload["data"] = command_data(command, subpath, options, guild, member.user.id)
        record = InteractionRecord(
            interaction_id, payload["token"], APPLICATION_COMMAND, member.user, guild.id, channel.id, payload
        )
        return await self._dispatch(record, wait, timeout)

    async def autocomplete(
        self, member: Member, channel: Channel, path: str, focused: str, /, *, timeout: float = 5.0, **options: Any
    ) -> list[dict[str, Any]]:
        """The choices the bot offers while `member` types option `focused`."""
        guild = self._place(member, channel)
        command, subpath = self._command(guild, path)
        interaction_id = self.world.ids.next()
        payload = base_payload(
            interaction_id, new_token(), AUTOCOMPLETE, self.world.application_id, guild, channel, member
        )
        payload["data"] = command_data(command, subpath, options, guild, member.user.id, focused=focused)
        record = InteractionRecord(
            interaction_id, payload["token"], AUTOCOMPLETE, member.user, guild.id, channel.id, payload
        )
        await self._dispatch(record, True, timeout)
        return record.choices or []

    async def submit_modal(
        self,
        member: Member,
        opened_by: InteractionRecord,
        values: dict[str, str],
        *,
        timeout: float = 5.0,
        forge: bool = False,
    ) -> InteractionRecord:
        """Fill in and submit the modal the bot opened in answer to `opened_by`.

        Discord's client enforces each field's required flag and length limits; `forge=True` skips them as a
        hostile client could, to test that the bot distrusts what a form sends.
        """
        modal = opened_by.modal
        if modal is None:
            raise SimulatorUsageError("that interaction did not open a modal")
        found = self.world.channel(opened_by.channel_id)
        assert found is not None
        guild, channel = found
        rows: list[dict[str, Any]] = []
        submitted: set[str] = set()
        for row in modal.get("components", []):
            inner = row.get("component") if row.get("type") == 18 else None
            inputs = [inner] if inner else row.get("components", [])
            for text_input in inputs:
                custom_id = text_input["custom_id"]
                value = values.get(custom_id, text_input.get("value") or "")  # untouched fields keep their prefill
                if text_input.get("required", True) and not value and not forge:
                    raise SimulatorUsageError(f"modal field {custom_id!r} is required")
                too_long = len(value) > int(text_input.get("max_length", 4000))
                if (too_long or len(value) < int(text_input.get("min_length", 0))) and not forge:
                    raise SimulatorUsageError(f"modal field {custom_id!r}: length {len(value)} outside its limits")
                answered = {"type": 4, "custom_id": custom_id, "value": value}
                if row.get("type") == 18:  # a label wraps one input and comes back the same way
                    rows.append({"type": 18, "id": row.get("id", 0), "component": answered})
                else:
                    rows.append({"type": 1, "components": [answered]})
                submitted.add(custom_id)
        unknown = set(values) - submitted
        if unknown:
            raise SimulatorUsageError(f"modal has no fields {sorted(unknown)}")
        interaction_id = self.world.ids.next()
        payload = base_payload(
            interaction_id, new_token(), MODAL_SUBMIT, self.world.application_id, guild, channel, member
        )
        payload["data"] = {"custom_id": modal["custom_id"], "components": rows}
        if opened_by.component_message_id:
            message = self.world.messages.get(opened_by.component_message_id)
            if message is not None:
                payload["message"] = message.payload()
        record = InteractionRecord(
            interaction_id, payload["token"], MODAL_SUBMIT, member.user, guild.id, channel.id, payload
        )
        record.component_message_id = opened_by.component_message_id
        return await self._dispatch(record, True, timeout)

    async def join_guild(self, config: dict[str, Any]) -> Guild:
        """The bot is invited to a new server: create it and send GUILD_CREATE, as Discord does on a join."""
        guild = self.world.add_guild(config)
        payload = guild.payload(self.world.bot.id)
        payload.pop("unavailable")  # a join carries no 'unavailable' (false there would mean an outage ended)
        await self.gateway.dispatch("GUILD_CREATE", payload)
        return guild

    async def set_permissions(
        self, channel: Channel, target: Role | Member, *, allow: Sequence[str] = (), deny: Sequence[str] = ()
    ) -> None:
        """Replace `target`'s overwrite on `channel` (empty allow and deny removes it) and tell the bot."""
        target_id, kind = (target.id, 0) if isinstance(target, Role) else (target.user.id, 1)
        channel.overwrites = [o for o in channel.overwrites if (o.type, o.id) != (kind, target_id)]
        if allow or deny:
            channel.overwrites.append(Overwrite(target_id, kind, perms.bits(allow), perms.bits(deny)))
        await self.gateway.dispatch("CHANNEL_UPDATE", channel.payload())

    def messages(self, channel: Channel) -> list[Message]:
        """What members see in a channel or thread, oldest first."""
        return self.world.channel_messages(channel.id)

    def thread_of(self, message: Message) -> Channel | None:
        """The thread started from `message`, if any (its messages: `messages(thread)`)."""
        return self.world.thread_of(message)

    async def update_thread(
        self,
        thread: Channel,
        *,
        name: str | None = None,
        archived: bool | None = None,
        locked: bool | None = None,
    ) -> None:
        """Change a thread as a moderator (or Discord's auto-archive) would, and tell the bot (THREAD_UPDATE)."""
        if not thread.is_thread:
            raise SimulatorUsageError(f"#{thread.name} is not a thread")
        if self.world.channel(thread.id) is None:
            raise SimulatorUsageError(f"unknown thread {thread.id}")
        changes = {"name": name, "archived": archived, "locked": locked}
        await self._change_thread(thread, {k: v for k, v in changes.items() if v is not None})

    async def wait_for_message(
        self, channel: Channel, predicate: Callable[[Message], bool] | None = None, *, timeout: float = 5.0
    ) -> Message:
        """The first visible message in `channel` matching `predicate`, waiting for it to appear."""
        deadline = time.monotonic() + timeout
        while True:
            for message in self.messages(channel):
                if predicate is None or predicate(message):
                    return message
            if time.monotonic() > deadline:
                raise TimeoutError(f"no matching message appeared in #{channel.name}")
            await asyncio.sleep(0.01)
