"""Faults the simulator can inject into REST calls: rate limits (route or global), 5xx and 4xx errors.

A fault normally refuses the call (nothing happens). `performed=True` models the nastier case Discord's edge
sometimes produces: the request was carried out, but the client gets the error anyway (a 502 or 504 from a
proxy that timed out), so a client that resends it must not make it happen twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Fault:
    """Answer the next `times` matching calls with an error instead of serving them."""

    method: str
    path: re.Pattern[str]
    status: int
    times: int = 1
    retry_after: float = 0.05
    is_global: bool = False
    code: int = 0
    message: str = ""
    performed: bool = False
    hits: int = 0

    def matches(self, method: str, path: str) -> bool:
        """Whether this fault applies to a call."""
        return self.times > 0 and (self.method in ("*", method)) and bool(self.path.search(path))


@dataclass
class Faults:
    """The injected faults, consumed in order."""

    pending: list[Fault] = field(default_factory=list)

    def add(
        self,
        path: str,
        *,
        method: str = "*",
        status: int = 429,
        times: int = 1,
        retry_after: float = 0.05,
        is_global: bool = False,
        code: int = 0,
        message: str = "",
        performed: bool = False,
    ) -> Fault:
        """Inject a fault for calls whose path (after /api/v10) matches the regex `path`."""
        fault = Fault(method.upper(), re.compile(path), status, times, retry_after, is_global, code, message, performed)
        self.pending.append(fault)
        return fault

    def take(self, method: str, path: str) -> Fault | None:
        """The fault to apply to this call, if any (consuming one use of it)."""
        for fault in self.pending:
            if fault.matches(method, path):
                fault.times -= 1
                fault.hits += 1
                return fault
        return None

    def clear(self) -> None:
        """Remove every pending fault."""
        self.pending.clear()


def error_body(fault: Fault) -> dict[str, Any]:
    """The JSON Discord sends with such an error."""
    if fault.status == 429:
        return {"message": "You are being rate limited.", "retry_after": fault.retry_after, "global": fault.is_global}
    defaults = {
        403: (50013, "Missing Permissions"),
        404: (10003, "Unknown Channel"),
        500: (0, "500: Internal Server Error"),
        502: (0, "502: Bad Gateway"),
    }
    code, message = defaults.get(fault.status, (0, f"{fault.status}: Simulated error"))
    return {"code": fault.code or code, "message": fault.message or message}
