"""`momentos doctor`: can `momentos run` work here? One line per check, `ok`, `warning` or `PROBLEM` with a fix.

It reads the settings exactly as `momentos run` does (environment, then `.env` in the working directory),
looks at the database without changing it (the SQLite file, or the PostgreSQL server in a read-only
session), loads the content, and, with a token, asks Discord what the bot may do in every team channel.
Exit status 0 when all is well (warnings included), 1 on any problem, 2 when the settings themselves are
unusable (like every other command). Neither the token nor a database password is ever printed.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterable
from pathlib import Path

from bot.cli.settings import Settings, SettingsError, load_env_file
from bot.content.errors import ContentError
from bot.content.loader import load_catalog
from bot.domain.checkup import Finding, Verdict, problem
from bot.domain.coverage import coverage
from bot.domain.state import Team

CONFIG_ERROR = 2
HOW_TO_GET_ONE = (
    "in the Discord Developer Portal open your application › Bot › Reset Token, and put DISCORD_TOKEN=<token>"
    " in the environment or in .env"
)
WIDTH = len(Verdict.PROBLEM) + 2


def line(finding: Finding, secret: str | None) -> str:
    """The finding as one line for a person; the token, should any text ever carry it, is masked."""
    text = f"{finding.verdict.value:<{WIDTH}}{finding.subject}: {finding.detail}"
    if finding.verdict in (Verdict.PROBLEM, Verdict.WARNING) and finding.hint:
        text += f" — fix: {finding.hint}"
    return text.replace(secret, "[token]") if secret else text


def _configuration(settings: Settings) -> list[Finding]:
    api = settings.api_url or "Discord's own"
    content = settings.scenarios
    findings = [
        Finding(
            "configuration",
            f"database {settings.database_shown}, content {content}, Discord API {api}, log level {settings.log_level}",
        )
    ]
    if settings.token:
        findings.append(Finding("token", "DISCORD_TOKEN is set (not shown)"))
    else:
        findings.append(problem("token", "DISCORD_TOKEN is not set; `momentos run` needs it", HOW_TO_GET_ONE))
    return findings


def _content(scenarios: Path) -> Finding:
    try:
        catalog = load_catalog(scenarios)
    except ContentError as error:
        return problem(
            "content",
            f"{len(error.problems)} problem(s) in {scenarios}; `momentos run` would refuse to start",
            f"run `momentos validate {scenarios}` to see each one with its file and line",
        )
    shortfalls = coverage(catalog).shortfalls()
    note = f" (an incomplete library: {len(shortfalls)} gap(s); `momentos validate` lists them)" if shortfalls else ""
    return Finding("content", f"{len(catalog.items)} items in {scenarios}{note}")


def _teams(teams: list[Team], reached: bool = True) -> Finding:
    if not reached:
        return Finding("teams", "not checked: the database could not be read", verdict=Verdict.SKIPPED)
    if not teams:
        return Finding("teams", "none yet: a manager adds them with /team add in Discord")
    servers = len({team.guild_id for team in teams})
    names = ", ".join(team.name for team in teams)
    return Finding("teams", f"{len(teams)} in {servers} server(s): {names}")


async def _checks(settings: Settings) -> list[Finding]:
    from bot.discord.checkup import check_discord
    from bot.storage.checkup import check_database
    from bot.storage.pgcheckup import check_postgres

    findings = _configuration(settings)
    if settings.uses_postgres:
        database = await check_postgres(settings.database)
    else:
        database = await check_database(Path(settings.db_path))
    findings += database.findings
    findings.append(_teams(database.teams, database.reached))
    findings.append(_content(settings.scenarios))
    if settings.token:
        findings += await check_discord(settings.token, settings.api_url, settings.gateway_url, database.teams)
    else:
        findings.append(
            Finding("Discord", "not checked: there is no DISCORD_TOKEN to log in with", verdict=Verdict.SKIPPED)
        )
    return findings


def _print(findings: Iterable[Finding], secret: str | None) -> int:
    problems = warnings = 0
    for finding in findings:
        print(line(finding, secret))
        problems += finding.problem
        warnings += finding.verdict is Verdict.WARNING
    noted = f" ({warnings} warning(s) to read)" if warnings else ""
    print(f"all checks passed{noted}" if not problems else f"{problems} problem(s) found{noted}")
    return problems


def doctor() -> int:
    """Run every check and print one line each; 0 all well, 1 any problem, 2 unusable settings."""
    load_env_file()
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        print(line(problem("configuration", str(error), "correct it in the environment or in .env"), None))
        print("the settings are unusable; nothing else was checked", file=sys.stderr)
        return CONFIG_ERROR
    findings = asyncio.run(_checks(settings))
    return 1 if _print(findings, settings.token) else 0
