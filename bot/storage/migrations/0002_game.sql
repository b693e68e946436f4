-- Momentos schema, version 2: the game rules (reflections, kudos, streak pauses, fair team averages,
-- closing the day and announcing the week). Portable SQL, as version 1.

ALTER TABLE guild_settings ADD COLUMN scoring TEXT;
ALTER TABLE guild_settings ADD COLUMN announce_channel_id BIGINT;
ALTER TABLE guild_settings ADD COLUMN announce_weekday INTEGER NOT NULL DEFAULT 5 CHECK (announce_weekday BETWEEN 1 AND 7);
ALTER TABLE guild_settings ADD COLUMN announce_time TEXT NOT NULL DEFAULT '17:00';
ALTER TABLE guild_settings ADD COLUMN reminders INTEGER NOT NULL DEFAULT 0 CHECK (reminders IN (0, 1));

ALTER TABLE posts ADD COLUMN closed_at TEXT;
ALTER TABLE posts ADD COLUMN reminded_at TEXT;
ALTER TABLE posts ADD COLUMN thread_id BIGINT;
CREATE INDEX posts_open ON posts (status, closed_at, closes_at);

-- Answers know the step they trained, so every board can be cut by step.
ALTER TABLE answers ADD COLUMN step INTEGER;
UPDATE answers SET step = (
    SELECT point_events.step FROM point_events
    WHERE point_events.event_key = 'answer:' || answers.post_id || ':' || answers.user_id
);

-- A member's written answer to a scenario: one per post; shown in the post's thread.
CREATE TABLE reflections (
    reflection_id  INTEGER PRIMARY KEY,
    post_id        INTEGER NOT NULL REFERENCES posts (post_id),
    guild_id       BIGINT NOT NULL,
    team_id        INTEGER NOT NULL REFERENCES teams (team_id),
    user_id        BIGINT NOT NULL,
    body           TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    message_id     BIGINT,
    highlighted_by BIGINT,
    highlighted_at TEXT,
    UNIQUE (post_id, user_id)
);

-- One kudos per giver per reflection; `counted` says whether it earned the author points.
CREATE TABLE kudos (
    reflection_id INTEGER NOT NULL REFERENCES reflections (reflection_id),
    giver_id      BIGINT NOT NULL,
    guild_id      BIGINT NOT NULL,
    local_date    TEXT NOT NULL,
    counted       INTEGER NOT NULL CHECK (counted IN (0, 1)),
    created_at    TEXT NOT NULL,
    PRIMARY KEY (reflection_id, giver_id)
);
CREATE INDEX kudos_giver_day ON kudos (guild_id, giver_id, local_date);

-- Who the bot saw holding a team's role, per local day: the roster behind a team's average.
CREATE TABLE member_sightings (
    guild_id   BIGINT NOT NULL,
    team_id    INTEGER NOT NULL REFERENCES teams (team_id),
    user_id    BIGINT NOT NULL,
    local_date TEXT NOT NULL,
    seen_at    TEXT NOT NULL,
    PRIMARY KEY (team_id, user_id, local_date)
);
CREATE INDEX member_sightings_guild_time ON member_sightings (guild_id, seen_at);

-- The last thing the bot knows about a member: whether they are a manager (for excluding managers).
CREATE TABLE members (
    guild_id   BIGINT NOT NULL,
    user_id    BIGINT NOT NULL,
    is_manager INTEGER NOT NULL CHECK (is_manager IN (0, 1)),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);

-- Days a member is away without losing their streak (inclusive local dates).
CREATE TABLE pauses (
    guild_id   BIGINT NOT NULL,
    user_id    BIGINT NOT NULL,
    start_date TEXT NOT NULL,
    end_date   TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (guild_id, user_id, start_date),
    CHECK (end_date >= start_date)
);

-- The weekly announcement: reserved before sending (one per guild and ISO week), results frozen as JSON.
CREATE TABLE announcements (
    guild_id     BIGINT NOT NULL REFERENCES guild_settings (guild_id),
    week         TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('sending', 'posted', 'failed')),
    trigger_kind TEXT NOT NULL CHECK (trigger_kind IN ('schedule', 'manual')),
    channel_id   BIGINT,
    message_id   BIGINT,
    results      TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT NOT NULL,
    posted_at    TEXT,
    retry_at     TEXT,
    last_error   TEXT,
    PRIMARY KEY (guild_id, week)
);
