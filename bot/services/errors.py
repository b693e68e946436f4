"""What a service raises when the database cannot do what was asked: one type the Discord side knows.

Storage errors (SQLite's own, and the store's `StorageError`) never cross into the Discord layer as they
are: every public coroutine of a service turns them into `Unavailable`, keeping the original as the cause
for the logs. The person then reads "the data is unavailable, nothing was changed", not a traceback.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar

from bot.storage import DATABASE_ERRORS

P = ParamSpec("P")
R = TypeVar("R")
C = TypeVar("C", bound=type)


class Unavailable(Exception):
    """The database refused or failed the operation (locked, read-only, full, damaged); it was not done."""


def _translated(method: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    @functools.wraps(method)
    async def call(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return await method(*args, **kwargs)
        except DATABASE_ERRORS as error:
            raise Unavailable(str(error) or type(error).__name__) from error

    return call


def storage_errors_as_unavailable(cls: C) -> C:
    """Class decorator: every public coroutine method raises `Unavailable` instead of a storage error."""
    for name, member in list(vars(cls).items()):
        if not name.startswith("_") and inspect.iscoroutinefunction(member):
            setattr(cls, name, _translated(member))
    return cls
