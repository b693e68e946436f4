-- Momentos schema, version 9: an answer remembers the Discord interaction (the click) that made it.
--
-- During a hand-off two processes may hold the same shard and Discord delivers the click to both: the schema
-- keeps one answer, and the process that lost can tell its own click from a second one by the id, and stay
-- silent instead of telling the member "you already answered". Answers stored before have none.

ALTER TABLE answers ADD COLUMN interaction_id BIGINT;
