-- Momentos schema, version 7 (PostgreSQL 15; the SQLite original is ../0007_insights.sql): coaching insight,
-- and each server's fitted memory parameters.
--
-- A team may have a lead role: its members see /insights for that team (server managers see every team).
-- A server may ask for a weekly coaching digest in a managers-only channel; like the weekly announcement it
-- is reserved before sending (one per guild and ISO week, by the primary key), its figures frozen as JSON,
-- so a crash or a second process can never post it twice, and a failed send is retried from the same figures.

ALTER TABLE teams ADD COLUMN lead_role_id BIGINT;

ALTER TABLE guild_settings ADD COLUMN insights_channel_id BIGINT;
ALTER TABLE guild_settings ADD COLUMN insights_weekday INTEGER NOT NULL DEFAULT 1 CHECK (insights_weekday BETWEEN 1 AND 7);
ALTER TABLE guild_settings ADD COLUMN insights_time TEXT NOT NULL DEFAULT '08:00';

CREATE TABLE digests (
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

-- What /insights reads: earlier posts of an item (is this a first attempt?), a server's reviews by time.
CREATE INDEX posts_guild_item ON posts (guild_id, item_id);
CREATE INDEX reviews_guild_answered ON reviews (guild_id, answered_at);

-- The memory model's parameters per server, fitted from its own answers and reviews once it has enough of them
-- (FSRS's defaults until then); `source` says which are in use, `reviews` how many reviews the fit read.
CREATE TABLE memory_parameters (
    guild_id   BIGINT PRIMARY KEY,
    parameters TEXT NOT NULL,
    source     TEXT NOT NULL CHECK (source IN ('defaults', 'fitted')),
    reviews    INTEGER NOT NULL,
    fitted_at  TEXT NOT NULL
);
