"""CI's guard: with MOMENTOS_REQUIRE_POSTGRES=1 a run that should have tested PostgreSQL but did not fails."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

INI = """
[pytest]
asyncio_default_fixture_loop_scope = function
markers =
    postgres: needs PostgreSQL
"""
# Stand-ins: no server is started; the guard only looks at marks and outcomes.
TESTS = """
import os
import pytest

@pytest.fixture
def postgres_server():
    if os.environ.get("INNER_SKIP") == "1":
        pytest.skip("no PostgreSQL here")
    return "postgresql://nowhere"

def test_storage(postgres_server):
    assert postgres_server

def test_pure():
    assert True
"""
PURE = """
def test_pure():
    assert True
"""


@pytest.fixture
def suite(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    pytester.makeini(INI)
    pytester.makeconftest('pytest_plugins = ["tests.postgres"]')
    pytester.makepyfile(test_inner=TESTS)
    monkeypatch.delenv("MOMENTOS_TEST_DATABASE_URL", raising=False)
    return pytester


@pytest.mark.parametrize(
    ("required", "skip", "arguments", "code"),
    [
        ("1", "1", [], pytest.ExitCode.TESTS_FAILED),  # CI, and every PostgreSQL test skipped
        ("1", "0", [], pytest.ExitCode.OK),  # CI, and they ran
        ("1", "1", ["-m", "not postgres"], pytest.ExitCode.OK),  # deselected on purpose
        ("1", "1", ["-k", "pure"], pytest.ExitCode.OK),  # a selection without any
        ("0", "1", [], pytest.ExitCode.OK),  # a developer without PostgreSQL: skipped is fine
    ],
    ids=["ci-all-skipped", "ci-ran", "ci-not-postgres", "ci-selection-without", "local-skipped"],
)
def test_the_guard(
    suite: pytest.Pytester,
    monkeypatch: pytest.MonkeyPatch,
    required: str,
    skip: str,
    arguments: list[str],
    code: pytest.ExitCode,
) -> None:
    monkeypatch.setenv("MOMENTOS_REQUIRE_POSTGRES", required)
    monkeypatch.setenv("INNER_SKIP", skip)
    result = suite.runpytest("-p", "no:cacheprovider", *arguments)
    assert result.ret == code
    guard_line = "MOMENTOS_REQUIRE_POSTGRES=1: none of the 1 selected tests marked postgres passed"
    if code == pytest.ExitCode.TESTS_FAILED:
        result.stdout.fnmatch_lines([f"*{guard_line}*"])
    else:
        result.stdout.no_fnmatch_line(f"*{guard_line}*")


def test_the_guard_fails_a_whole_suite_without_postgres_tests(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makeini(INI)
    pytester.makeconftest('pytest_plugins = ["tests.postgres"]')
    pytester.makepyfile(test_inner=PURE)
    monkeypatch.setenv("MOMENTOS_REQUIRE_POSTGRES", "1")
    result = pytester.runpytest("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*the suite collected no test marked postgres*"])


def test_tests_using_the_server_get_the_marker(suite: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOMENTOS_REQUIRE_POSTGRES", "0")
    monkeypatch.setenv("INNER_SKIP", "0")
    result = suite.runpytest("-p", "no:cacheprovider", "-m", "postgres")
    result.assert_outcomes(passed=1, deselected=1)
