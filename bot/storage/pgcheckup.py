"""`momentos doctor`'s look at a PostgreSQL server, without ever writing: one read-only session, SELECTs only.

It answers what `momentos run` would run into: can it log in, is the server new enough, will it create,
upgrade or refuse the tables, may its user write them, and will names sort as they do on SQLite.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import asyncpg

from bot.domain.checkup import Finding, problem, warning
from bot.domain.state import Team
from bot.storage.checkup import DatabaseCheckup, settled_schema
from bot.storage.database import migrations, redact
from bot.storage.postgres import CLIENT_ERRORS, CONNECT_TIMEOUT, describe

MIN_SERVER = 130000  # server_version_num of PostgreSQL 13, the oldest the migrations are written for
BYTEWISE = frozenset({"C", "POSIX", "C.UTF-8", "C.UTF8"})  # collations that order text as SQLite does
RIGHTS = ("SELECT", "INSERT", "UPDATE", "DELETE")
# The tables the doctor reads and most use cases write: enough to tell a user that may write from one that may not.
USED = ("schema_migrations", "bot_meta", "teams", "posts", "answers", "point_events", "reflections", "members")
CREATE_HINT = (
    "create the database with `createdb --locale=C --encoding=UTF8 --template=template0 …` or `CREATE DATABASE …"
    " ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0`, then move the data over with `momentos"
    " backup` and pg_restore"
)


def _size(count: int) -> str:
    value = float(count)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:,.0f} {unit}" if unit == "bytes" else f"{value:,.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")


async def _connection(connection: asyncpg.Connection, url: str) -> Finding:
    row = await connection.fetchrow(
        "SELECT current_user AS who, current_database() AS name, pg_database_size(current_database()) AS size"
    )
    assert row is not None
    return Finding("database", f"{redact(url)}: connected as {row['who']} ({_size(int(row['size']))})")


async def _server(connection: asyncpg.Connection) -> Finding:
    number = int(await connection.fetchval("SHOW server_version_num"))
    shown = str(await connection.fetchval("SHOW server_version")).split(" ", 1)[0]
    if number < MIN_SERVER:
        return problem(
            "server",
            f"PostgreSQL {shown}; Momentos needs PostgreSQL 13 or newer",
            "upgrade the server, or point MOMENTOS_DATABASE_URL at one running PostgreSQL 13 or newer",
        )
    return Finding("server", f"PostgreSQL {shown} (13 or newer required)")


async def _present(connection: asyncpg.Connection) -> set[str]:
    """Which of Momentos' tables exist where the bot's statements would find them (its search_path)."""
    names = sorted({table for _, _, sql in migrations("postgresql") for table in _created(sql)} | {"schema_migrations"})
    rows = await connection.fetch(
        "SELECT name FROM unnest($1::text[]) AS name WHERE to_regclass(quote_ident(name)) IS NOT NULL", names
    )
    return {str(row["name"]) for row in rows}


def _created(sql: str) -> list[str]:
    """The tables a migration creates (`CREATE TABLE [IF NOT EXISTS] name`)."""
    found = []
    for statement in sql.split(";"):
        words = statement.replace("(", " ( ").split()
        upper = [word.upper() for word in words]
        for index in range(len(words) - 2):
            if upper[index : index + 2] == ["CREATE", "TABLE"]:
                rest = words[index + 2 :]
                if [word.upper() for word in rest[:3]] == ["IF", "NOT", "EXISTS"]:
                    rest = rest[3:]
                if rest:
                    found.append(rest[0].strip('"').lower())
    return found


def _clash(present: set[str]) -> Finding | None:
    """A problem when tables by Momentos' names exist without schema_migrations: another program's database."""
    if not present or "schema_migrations" in present:
        return None
    return problem(
        "schema",
        f"the database has tables named like Momentos' ({', '.join(sorted(present)[:4])}) but no schema_migrations:"
        " not a Momentos database, and `momentos run` would fail to create its tables",
        "point MOMENTOS_DATABASE_URL at the bot's own database (an empty one for a new install)",
    )


def _schema(version: int) -> Finding:
    newest = migrations("postgresql")[-1][0]
    if version == 0:
        return Finding("schema", f"no tables yet: `momentos run` will create the tables (version {newest})")
    if (settled := settled_schema(version, newest)) is not None:
        return settled
    return Finding(
        "schema",
        f"version {version} of {newest}: `momentos run` will upgrade it (not tried: the doctor never writes to a"
        " server; take a `momentos backup` first)",
    )


@dataclass(frozen=True, slots=True)
class Rights:
    """What the user may do: create in the schema, and read and write the tables the bot uses."""

    who: str
    schema: str | None  # where CREATE TABLE lands (current_schema()); None when no schema of the search_path exists
    can_create: bool
    denied: list[str]  # e.g. "INSERT on answers"
    owners: list[str]  # other roles owning Momentos' tables (an upgrade must run as them)

    @property
    def unreadable(self) -> bool:
        """Whether the schema version or the teams cannot even be read."""
        return any(entry in self.denied for entry in ("SELECT on schema_migrations", "SELECT on teams"))


async def _rights(connection: asyncpg.Connection, present: set[str]) -> Rights:
    row = await connection.fetchrow(
        "SELECT current_user AS who, current_schema() AS schema,"
        " COALESCE(has_schema_privilege(current_schema(), 'CREATE'), false) AS can_create"
    )
    assert row is not None
    tables = await connection.fetch(
        "SELECT name, pg_has_role(c.relowner, 'USAGE') AS owned, pg_get_userbyid(c.relowner) AS owner,"
        " has_table_privilege(c.oid, 'SELECT') AS can_select, has_table_privilege(c.oid, 'INSERT') AS can_insert,"
        " has_table_privilege(c.oid, 'UPDATE') AS can_update, has_table_privilege(c.oid, 'DELETE') AS can_delete"
        " FROM unnest($1::text[]) AS name JOIN pg_class c ON c.oid = to_regclass(quote_ident(name)) ORDER BY name",
        sorted(present & set(USED)),
    )
    denied = [f"{kind} on {table['name']}" for table in tables for kind in RIGHTS if not table[f"can_{kind.lower()}"]]
    owners = sorted({str(table["owner"]) for table in tables if not table["owned"]})
    return Rights(str(row["who"]), row["schema"], bool(row["can_create"]), denied, owners)


def _privileges(rights: Rights, version: int | None) -> Finding:
    """May the user create the tables (or upgrade them) and write every row the bot writes? (None: unread)"""
    who, schema = rights.who, rights.schema
    if schema is None:
        return problem(
            "privileges",
            f"no schema of user {who}'s search_path exists, so there is nowhere to create the tables",
            "create the schema public (or reset the user's search_path: ALTER ROLE … RESET search_path)",
        )
    newest = migrations("postgresql")[-1][0]
    grant_create = (
        f"as the database's owner: GRANT CREATE ON SCHEMA {schema} TO {who}; or make {who} the owner of the database"
    )
    if version == 0:
        if not rights.can_create:
            return problem(
                "privileges",
                f"user {who} may not create tables in schema {schema}; `momentos run` must create them",
                grant_create,
            )
        return Finding("privileges", f"user {who} may create the tables in schema {schema}")
    if rights.denied:
        denied = rights.denied
        shown = ", ".join(denied[:4]) + (f" (and {len(denied) - 4} more)" if len(denied) > 4 else "")
        return problem(
            "privileges",
            f"user {who} may not {shown}; `momentos run` would fail",
            f"run Momentos as the owner of the tables, or GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA"
            f" {schema} TO {who}",
        )
    owners = rights.owners
    if version is not None and version < newest and (owners or not rights.can_create):
        needed = f"the tables belong to {', '.join(owners)}" if owners else f"{who} may not CREATE in schema {schema}"
        return problem(
            "privileges",
            f"user {who} may write the tables but not upgrade them ({needed}); the upgrade to {newest} would fail",
            f"run the first `momentos run` of this version as the owner ({', '.join(owners) or 'of the database'}),"
            f" or {grant_create}",
        )
    if owners or not rights.can_create:
        limits = [f"the tables belong to {', '.join(owners)}"] if owners else []
        limits += [] if rights.can_create else [f"it may not CREATE in schema {schema}"]
        return warning(
            "privileges",
            f"user {who} may read and write the tables, but {' and '.join(limits)}: a future upgrade will need more",
            f"run Momentos as the tables' owner, or ALTER TABLE … OWNER TO {who} for each table",
        )
    return Finding("privileges", f"user {who} owns the tables and may create more in schema {schema}")


async def _collation(connection: asyncpg.Connection) -> Finding:
    """Bytewise (C, POSIX, builtin C.UTF-8) or a language's order (another libc locale, any ICU one)?"""
    # to_jsonb: the columns differ by version (datlocprovider since 15, daticulocale renamed datlocale in 17).
    text = await connection.fetchval("SELECT to_jsonb(d)::text FROM pg_database d WHERE datname = current_database()")
    settings = json.loads(text)
    provider = settings.get("datlocprovider") or "c"
    if provider == "i":
        collate = f"ICU locale {settings.get('daticulocale') or settings.get('datlocale')}"
    elif provider == "b":
        collate = f"builtin locale {settings.get('datlocale')}"
    else:
        collate = str(settings.get("datcollate"))
    if provider == "b" or (provider == "c" and collate.upper() in BYTEWISE):
        return Finding("collation", f"{collate}: names sort byte by byte, as on SQLite")
    return warning(
        "collation",
        f"the database sorts text by {collate}, not byte by byte as on SQLite: team and member names may be listed"
        " in another order than with a SQLite file",
        CREATE_HINT,
    )


async def _encoding(connection: asyncpg.Connection) -> Finding | None:
    """None for UTF8; a warning otherwise (SQL_ASCII stores any bytes unchecked, others cannot hold every name)."""
    name = str(
        await connection.fetchval(
            "SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()"
        )
    )
    if name == "UTF8":
        return None
    return warning(
        "encoding",
        f"the database's encoding is {name}, not UTF8: names in other alphabets may be refused or stored unchecked",
        CREATE_HINT,
    )


async def _teams(connection: asyncpg.Connection, present: set[str]) -> list[Team]:
    if "teams" not in present:
        return []
    rows = await connection.fetch(
        "SELECT team_id, guild_id, name, channel_id, role_id FROM teams WHERE removed_at IS NULL"
        " ORDER BY guild_id, name_key"
    )
    return [Team(int(row[0]), int(row[1]), str(row[2]), int(row[3]), int(row[4])) for row in rows]


async def check_postgres(url: str) -> DatabaseCheckup:
    """Can `momentos run` use the PostgreSQL database at `url`? Read-only: the session refuses every write."""
    dsn = "postgresql://" + url.split("://", 1)[1]
    try:
        connection = await asyncpg.connect(
            dsn,
            timeout=CONNECT_TIMEOUT,
            server_settings={"default_transaction_read_only": "on", "application_name": "momentos doctor"},
        )
    except CLIENT_ERRORS as error:
        return DatabaseCheckup([problem("database", describe(error, url), "")], reached=False)
    findings: list[Finding] = []
    try:
        findings += [await _connection(connection, url), await _server(connection)]
        present = await _present(connection)
        clash = _clash(present)
        if clash is not None:
            return DatabaseCheckup([*findings, clash, await _collation(connection)], reached=False)
        rights = await _rights(connection, present)
        if rights.unreadable:
            return DatabaseCheckup([*findings, _privileges(rights, None), await _collation(connection)], reached=False)
        version = 0
        if "schema_migrations" in present:
            version = int(await connection.fetchval("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"))
        findings.append(_schema(version))
        findings.append(_privileges(rights, version))
        findings.append(await _collation(connection))
        encoding = await _encoding(connection)
        findings += [encoding] if encoding is not None else []
        return DatabaseCheckup(findings, await _teams(connection, present))
    except CLIENT_ERRORS as error:
        return DatabaseCheckup([*findings, problem("database", describe(error, url), "")], reached=False)
    finally:
        await connection.close()
