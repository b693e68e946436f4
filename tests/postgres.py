"""PostgreSQL for the tests: a server, a fresh database per test, and CI's guard that PostgreSQL was exercised.

Loaded by tests/conftest.py (`pytest_plugins`). The server is $MOMENTOS_TEST_DATABASE_URL when set (an admin URL
of a server someone provides), else a throwaway one (bot/storage/throwaway.py) started once per session. Without
either, tests that need it skip, or fail when MOMENTOS_REQUIRE_POSTGRES=1 (CI), which also fails a run in which
no test marked `postgres` passed.

Each test gets its own database from `databases.fresh()`, cloned from a template prepared once per session
(`databases.template(name, prepare)`), and dropped when the test ends. Measured on a 25-table schema with
indexes and triggers: CREATE DATABASE … TEMPLATE … STRATEGY = FILE_COPY plus DROP … WITH (FORCE) costs about
20 ms a test with the server's folder in memory (WAL_LOG about 27 ms), a TRUNCATE of every table about 15 to
20 ms but shares one database (sequences, migration rows and schema changes would leak between tests).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterator
from itertools import count
from typing import Any, NoReturn, TypeVar
from urllib.parse import quote, urlsplit, urlunsplit

import asyncpg
import pytest

from bot.storage.throwaway import ServerUnavailable, ThrowawayServer

URL_VARIABLE = "MOMENTOS_TEST_DATABASE_URL"
REQUIRE_VARIABLE = "MOMENTOS_REQUIRE_POSTGRES"
MARKER = "postgres"
HOW = f"install PostgreSQL (`apt-get install postgresql`) or set {URL_VARIABLE}"

T = TypeVar("T")


def required() -> bool:
    """Whether this run must test PostgreSQL (CI sets MOMENTOS_REQUIRE_POSTGRES=1)."""
    return os.environ.get(REQUIRE_VARIABLE, "") == "1"


def unavailable(reason: str) -> NoReturn:
    """Skip the test for want of PostgreSQL, or fail it where PostgreSQL is required."""
    if required():
        pytest.fail(f"{REQUIRE_VARIABLE}=1 but PostgreSQL is unavailable: {reason}", pytrace=False)
    first = reason.strip().splitlines()[0] if reason.strip() else "unavailable"
    how = "" if "apt-get install" in first else f"; {HOW}"
    pytest.skip(f"no PostgreSQL: {first}{how}")


def run_apart(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine to its end on a loop in another thread (a sync fixture must not touch the test's loop)."""
    results: list[T] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            results.append(asyncio.run(make()))
        except BaseException as error:
            errors.append(error)

    thread = threading.Thread(target=work, name="postgres-admin")
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    return results[0]


def database_url(admin_url: str, database: str) -> str:
    """The admin URL with another database in its path (keeping its host, user and query)."""
    parts = urlsplit(admin_url)
    return urlunsplit(parts._replace(path="/" + quote(database, safe="")))


def quote_identifier(name: str) -> str:
    """A database name as a quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


async def _probe(url: str) -> str | None:
    """None when the server at url answers, else why not."""
    try:
        connection = await asyncpg.connect(url, timeout=10)
    except (TimeoutError, OSError, asyncpg.PostgresError) as error:
        return f"{type(error).__name__}: {error}"
    await connection.close()
    return None


def start_throwaway() -> ThrowawayServer:
    """A throwaway server, or the test skips (fails in CI) saying why there is none."""
    try:
        return ThrowawayServer.start()
    except ServerUnavailable as error:
        reason = str(error)
    unavailable(reason)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The admin URL of a PostgreSQL server for this session ($MOMENTOS_TEST_DATABASE_URL or a throwaway one)."""
    provided = os.environ.get(URL_VARIABLE, "").strip()
    if provided:
        problem = run_apart(lambda: _probe(provided))
        if problem is not None:
            unavailable(f"{URL_VARIABLE} does not answer: {problem}")
        yield provided
        return
    server = start_throwaway()
    try:
        yield server.url
    finally:
        server.stop()


class Databases:
    """Creates a test's databases (empty or cloned from a template made once per session) and drops them."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self.session = f"{os.getpid()}_{secrets.token_hex(3)}"  # unique on a server others share too
        self._names = count(1)
        self._templates: dict[str, str] = {}
        self._created: list[str] = []
        self._strategy: str | None = None
        self._connection: asyncpg.Connection | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def url(self, database: str) -> str:
        """The URL of one database on the server."""
        return database_url(self.admin_url, database)

    async def _admin(self) -> asyncpg.Connection:
        """This test's admin connection (one per test: each test has its own event loop)."""
        loop = asyncio.get_running_loop()
        if self._connection is not None and self._loop is not loop:
            # Left open by a test that ended without drop_created(): its loop is gone, so it cannot be reused.
            with contextlib.suppress(Exception):
                self._connection.terminate()
            self._connection = None
        if self._connection is None or self._connection.is_closed():
            self._loop = loop
            self._connection = await asyncpg.connect(self.admin_url, timeout=30)
            if self._strategy is None:
                version = int(await self._connection.fetchval("SHOW server_version_num"))
                # FILE_COPY copies the template's files: cheaper than WAL-logging every page (15+'s default).
                self._strategy = " STRATEGY = FILE_COPY" if version >= 150000 else ""
        return self._connection

    async def fresh(self, template: str | None = None) -> str:
        """The URL of a new database for this test: empty, or a copy of a template made by template()."""
        admin = await self._admin()
        name = f"test_{self.session}_{next(self._names)}"
        source = self._templates.get(template, template) if template is not None else "template1"
        await admin.execute(
            f"CREATE DATABASE {quote_identifier(name)} TEMPLATE {quote_identifier(source)}{self._strategy}"
        )
        self._created.append(name)
        return self.url(name)

    async def template(self, name: str, prepare: Callable[[str], Awaitable[None]]) -> str:
        """Make the template database once per session (prepare(url) fills it) and return its name for fresh()."""
        if name in self._templates:
            return self._templates[name]
        actual = f"{name}_{self.session}"
        quoted = quote_identifier(actual)
        admin = await self._admin()
        await admin.execute(f"CREATE DATABASE {quoted}{self._strategy}")
        try:
            await prepare(self.url(actual))
            # A clone needs its template unused: end what prepare left open and let nobody in again.
            await admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
                actual,
            )
            await admin.execute(f"ALTER DATABASE {quoted} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false")
        except BaseException:
            await admin.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
            raise
        self._templates[name] = actual
        return actual

    async def drop_created(self) -> None:
        """Drop the databases this test created (even with connections still open) and close the admin one."""
        if self._created:
            admin = await self._admin()
            while self._created:
                await admin.execute(f"DROP DATABASE IF EXISTS {quote_identifier(self._created.pop())} WITH (FORCE)")
        if self._connection is not None:
            await self._connection.close()
            self._connection = None

    async def drop_templates(self) -> None:
        """Drop the session's templates (on a server someone provides, where they would otherwise stay)."""
        try:
            admin = await self._admin()
            for actual in self._templates.values():
                await admin.execute(f"ALTER DATABASE {quote_identifier(actual)} WITH IS_TEMPLATE false")
                await admin.execute(f"DROP DATABASE IF EXISTS {quote_identifier(actual)} WITH (FORCE)")
            self._templates.clear()
        finally:
            if self._connection is not None:
                await self._connection.close()
                self._connection = None


@pytest.fixture(scope="session")
def postgres_databases(postgres_server: str) -> Iterator[Databases]:
    """The session's Databases (its templates live as long as the session)."""
    databases = Databases(postgres_server)
    yield databases
    if databases._templates:
        run_apart(databases.drop_templates)


@pytest.fixture
async def databases(postgres_databases: Databases) -> AsyncIterator[Databases]:
    """Databases for one test: every database it creates is dropped when it ends."""
    yield postgres_databases
    await postgres_databases.drop_created()


# --- the marker and CI's guard --------------------------------------------------------------------------------


@pytest.hookimpl(tryfirst=True)  # before -m deselects: `pytest -m postgres` must see the marks added here
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that use the server (directly or through a fixture such as `databases`) are marked postgres."""
    for item in items:
        if "postgres_server" in getattr(item, "fixturenames", ()):
            item.add_marker(MARKER)


class Guard:
    """With MOMENTOS_REQUIRE_POSTGRES=1, a run that should have tested PostgreSQL but passed no such test fails."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.selected = 0
        self.passed = 0
        self.message: str | None = None

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.selected = sum(1 for item in session.items if item.get_closest_marker(MARKER) is not None)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "call" and report.passed and MARKER in report.keywords:
            self.passed += 1

    def _whole_suite(self) -> bool:
        """Whether the run was the default suite, not narrowed by paths, node ids, -k, -m, --lf or --deselect."""
        option = self.config.option
        narrowed = (
            self.config.args_source == pytest.Config.ArgsSource.ARGS
            or option.keyword
            or option.markexpr
            or getattr(option, "lf", False)
            or getattr(option, "deselect", None)
        )
        return not narrowed

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if not required() or self.config.option.collectonly or self.passed:
            return
        if self.selected:
            self.message = f"none of the {self.selected} selected tests marked {MARKER} passed"
        elif self._whole_suite():
            self.message = f"the suite collected no test marked {MARKER}"
        else:
            return  # deselected on purpose (-m "not postgres", or a selection without such tests)
        self.message = f"{REQUIRE_VARIABLE}=1: {self.message}; this run had to exercise PostgreSQL"
        session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if self.message:
            terminalreporter.write_line(self.message, red=True, bold=True)


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(Guard(config), "momentos-postgres-guard")
