-- Momentos schema, version 5: when the bot started its gateway sessions (IDENTIFY; a RESUME is not one).
--
-- Discord resets a bot's token after 1,000 IDENTIFYs in a day. Keeping them here (not in memory) lets a
-- process that a supervisor restarts over and over see the sessions its predecessors started, and wait
-- (bot/domain/identify.py). Rows older than a day are pruned as new ones are written.

CREATE TABLE gateway_identifies (
    identify_id   INTEGER PRIMARY KEY,
    identified_at TEXT NOT NULL
);
CREATE INDEX gateway_identifies_at ON gateway_identifies (identified_at);
