-- Momentos schema, version 3 (PostgreSQL 15; the SQLite original is ../0003_custom.sql): a server's own
-- scenarios (versioned), retired and scheduled items, form drafts.

-- The current version of each custom item of a guild; every version's body stays in item_versions.
CREATE TABLE custom_items (
    guild_id   BIGINT NOT NULL,
    item_id    TEXT NOT NULL,
    version    TEXT NOT NULL,
    source     TEXT NOT NULL CHECK (source IN ('form', 'upload')),
    created_by BIGINT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (guild_id, item_id),
    FOREIGN KEY (item_id, version) REFERENCES item_versions (item_id, version)
);

-- Items (bundled or custom) a guild no longer wants picked; history keeps them.
CREATE TABLE retired_items (
    guild_id   BIGINT NOT NULL,
    item_id    TEXT NOT NULL,
    retired_by BIGINT,
    retired_at TEXT NOT NULL,
    PRIMARY KEY (guild_id, item_id)
);

-- An item a manager wants on a given local date, for one team (team_id) or all teams (team_id 0).
CREATE TABLE scheduled_items (
    guild_id   BIGINT NOT NULL,
    team_id    BIGINT NOT NULL DEFAULT 0,
    local_date TEXT NOT NULL,
    item_id    TEXT NOT NULL,
    created_by BIGINT,
    created_at TEXT NOT NULL,
    PRIMARY KEY (guild_id, team_id, local_date)
);

-- What a manager typed in the scenario form, kept until it is valid so nothing typed is lost.
CREATE TABLE scenario_drafts (
    guild_id   BIGINT NOT NULL,
    user_id    BIGINT NOT NULL,
    body       TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);
