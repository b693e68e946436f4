-- Momentos schema, version 6: reviews (an item a person met, offered again privately) and how sure people
-- said they were of an answer ("¿Seguro?").
--
-- A review is reserved when it is offered: one per person, item and local day (the UNIQUE constraint is what
-- keeps a double click or two processes from offering it twice), answered once. Its points go to the ledger
-- as kind 'review' with the key 'review:<review_id>'. A person's memory of each item is rebuilt from their
-- answers, their reviews and these confidence taps: nothing else is stored about it.

CREATE TABLE reviews (
    review_id    INTEGER PRIMARY KEY,
    guild_id     BIGINT NOT NULL,
    user_id      BIGINT NOT NULL,
    team_id      INTEGER NOT NULL REFERENCES teams (team_id),
    item_id      TEXT NOT NULL,
    item_version TEXT NOT NULL,
    local_date   TEXT NOT NULL,
    offered_at   TEXT NOT NULL,
    choice_index INTEGER,
    correct      INTEGER,
    answered_at  TEXT,
    UNIQUE (guild_id, user_id, item_id, local_date),
    FOREIGN KEY (item_id, item_version) REFERENCES item_versions (item_id, version)
);
CREATE INDEX reviews_member_day ON reviews (guild_id, user_id, local_date);

CREATE TABLE confidence (
    confidence_id INTEGER PRIMARY KEY,
    guild_id      BIGINT NOT NULL,
    user_id       BIGINT NOT NULL,
    answer_id     INTEGER UNIQUE REFERENCES answers (answer_id) ON DELETE CASCADE,
    review_id     INTEGER UNIQUE REFERENCES reviews (review_id) ON DELETE CASCADE,
    sure          INTEGER NOT NULL CHECK (sure IN (0, 1)),
    created_at    TEXT NOT NULL,
    CHECK ((answer_id IS NULL) <> (review_id IS NULL))
);
CREATE INDEX confidence_member ON confidence (guild_id, user_id);
