-- Momentos schema, version 1. Portable SQL (SQLite now, PostgreSQL later): BIGINT snowflakes,
-- TEXT timestamps in UTC ('YYYY-MM-DD HH:MM:SS.ffffff'), uniqueness enforced here, not only in code.

CREATE TABLE guild_settings (
    guild_id              BIGINT PRIMARY KEY,
    timezone              TEXT NOT NULL DEFAULT 'UTC',
    post_time             TEXT,
    weekdays              TEXT NOT NULL DEFAULT '1,2,3,4,5',
    answer_window_minutes INTEGER NOT NULL DEFAULT 480 CHECK (answer_window_minutes BETWEEN 5 AND 1440),
    language              TEXT NOT NULL DEFAULT 'es' CHECK (language IN ('es', 'en')),
    manager_role_id       BIGINT,
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL
);

CREATE TABLE teams (
    team_id    INTEGER PRIMARY KEY,
    guild_id   BIGINT NOT NULL REFERENCES guild_settings (guild_id),
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL,
    channel_id BIGINT NOT NULL,
    role_id    BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    removed_at TEXT
);
CREATE UNIQUE INDEX teams_active_name ON teams (guild_id, name_key) WHERE removed_at IS NULL;
CREATE UNIQUE INDEX teams_active_channel ON teams (channel_id) WHERE removed_at IS NULL;

CREATE TABLE item_versions (
    item_id    TEXT NOT NULL,
    version    TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (item_id, version)
);

CREATE TABLE posts (
    post_id      INTEGER PRIMARY KEY,
    guild_id     BIGINT NOT NULL REFERENCES guild_settings (guild_id),
    team_id      INTEGER NOT NULL REFERENCES teams (team_id),
    local_date   TEXT NOT NULL,
    item_id      TEXT NOT NULL,
    item_version TEXT NOT NULL,
    channel_id   BIGINT NOT NULL,
    message_id   BIGINT,
    trigger_kind TEXT NOT NULL CHECK (trigger_kind IN ('schedule', 'manual')),
    status       TEXT NOT NULL CHECK (status IN ('sending', 'posted', 'failed')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL,
    posted_at    TEXT,
    closes_at    TEXT,
    retry_at     TEXT,
    last_error   TEXT,
    error_notified_at TEXT,
    UNIQUE (team_id, local_date),
    FOREIGN KEY (item_id, item_version) REFERENCES item_versions (item_id, version)
);
CREATE INDEX posts_guild_date ON posts (guild_id, local_date);
CREATE INDEX posts_status ON posts (status);

CREATE TABLE answers (
    answer_id    INTEGER PRIMARY KEY,
    post_id      INTEGER NOT NULL REFERENCES posts (post_id),
    guild_id     BIGINT NOT NULL,
    team_id      INTEGER NOT NULL REFERENCES teams (team_id),
    user_id      BIGINT NOT NULL,
    choice_index INTEGER NOT NULL CHECK (choice_index BETWEEN 0 AND 4),
    correct      INTEGER NOT NULL CHECK (correct IN (0, 1)),
    answered_at  TEXT NOT NULL,
    UNIQUE (post_id, user_id)
);
CREATE INDEX answers_guild_time ON answers (guild_id, answered_at);
CREATE INDEX answers_guild_user ON answers (guild_id, user_id);

-- The score record: rows are appended, never changed (the trigger refuses UPDATE). They are deleted only
-- when a member's data must be erased. Every board is a sum over a window of this table.
CREATE TABLE point_events (
    event_id   INTEGER PRIMARY KEY,
    event_key  TEXT NOT NULL UNIQUE,
    guild_id   BIGINT NOT NULL,
    team_id    INTEGER NOT NULL REFERENCES teams (team_id),
    user_id    BIGINT NOT NULL,
    post_id    INTEGER REFERENCES posts (post_id),
    item_id    TEXT,
    step       INTEGER NOT NULL CHECK (step BETWEEN 1 AND 10),
    dimension  TEXT NOT NULL,
    kind       TEXT NOT NULL,
    points     INTEGER NOT NULL CHECK (points >= 0),
    created_at TEXT NOT NULL
);
CREATE INDEX point_events_guild_time ON point_events (guild_id, created_at);
CREATE INDEX point_events_guild_user ON point_events (guild_id, user_id);

CREATE TRIGGER point_events_append_only BEFORE UPDATE ON point_events
BEGIN
    SELECT RAISE(ABORT, 'point_events is append-only');
END;

CREATE TABLE bot_meta (
    meta_key   TEXT PRIMARY KEY,
    meta_value TEXT NOT NULL
);
