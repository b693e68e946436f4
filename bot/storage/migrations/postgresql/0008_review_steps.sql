-- Momentos schema, version 8 (PostgreSQL 15; the SQLite original is ../0008_review_steps.sql): a review keeps
-- its item's step, so that insight reads and filters reviews by step without loading their items. Reviews stored
-- before this version take the step of the item version they were offered with (every offer stores that version
-- in the same transaction).

ALTER TABLE reviews ADD COLUMN step INTEGER;

UPDATE reviews SET step = (
    SELECT (v.body::jsonb ->> 'step')::integer FROM item_versions v
    WHERE v.item_id = reviews.item_id AND v.version = reviews.item_version
);
