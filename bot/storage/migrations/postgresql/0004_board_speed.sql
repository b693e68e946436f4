-- Momentos schema, version 4 (PostgreSQL 15; the SQLite original is ../0004_board_speed.sql): boards that stay
-- fast on a long history.
--
-- board_totals keeps, per guild, time bucket, step, team and member, the sums every board is made of:
-- ledger events and their points, answers and the correct ones, and sightings (the roster behind team
-- averages). Buckets are UTC calendar periods: 'all' (all time), 'M2026-11' (a month), 'W2026-11-16' (the
-- ISO week starting that Monday), 'D2026-11-20' (a day); step 0 holds the sums over every step.
--
-- The triggers below keep the table equal to a recomputation from point_events, answers and
-- member_sightings on every write: inserts, the deletions of /privacy forget, and updates. They are the
-- SQLite triggers one for one (same names, same events, same UPDATE OF columns, same WHEN conditions, same
-- arithmetic), each running its SQLite body from a PL/pgSQL function of the same name.
-- The statements after the rebuild marker (the comment line that opens them; its text appears nowhere else
-- in this file) rebuild the table from scratch. They must stay the file's trailing part, each ending with ';'
-- at the end of a line and holding no other ';': bot/storage/boards.py rebuild_statements() splits them on
-- ';\n'. They run here for an existing history, and BoardRepository.rebuild runs them again on demand.

-- The ISO-week bucket of a timestamp or date text ('W' and the Monday on or before its first 10 characters):
-- SQLite's 'W' || date(substr(x, 1, 10), '-6 days', 'weekday 1'). Through timestamp (not timestamptz) and
-- to_char, so neither TimeZone nor DateStyle changes the result.
CREATE FUNCTION momentos_week_bucket(stamp TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT 'W' || to_char(date_trunc('week', substr(stamp, 1, 10)::timestamp), 'YYYY-MM-DD') $$;

CREATE TABLE board_totals (
    guild_id  BIGINT NOT NULL,
    bucket    TEXT NOT NULL,
    step      INTEGER NOT NULL,
    team_id   BIGINT NOT NULL,
    user_id   BIGINT NOT NULL,
    events    INTEGER NOT NULL DEFAULT 0,
    points    INTEGER NOT NULL DEFAULT 0,
    answers   INTEGER NOT NULL DEFAULT 0,
    correct   INTEGER NOT NULL DEFAULT 0,
    sightings INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (guild_id, bucket, step, team_id, user_id)
);
-- One member's rows (for /me) without reading everyone's.
CREATE INDEX board_totals_member ON board_totals (guild_id, user_id, bucket, step);

-- A member's answers in a team (their streak, on every click and every /me) and their reflections (/me).
CREATE INDEX answers_team_member ON answers (team_id, user_id);
CREATE INDEX reflections_member ON reflections (guild_id, user_id, created_at);

-- Every write keeps the buckets of its timestamp (step 0 and its own step) in step with the raw rows.
-- (No code updates answers or sightings today; the UPDATE triggers keep the promise if some day it does.)

CREATE FUNCTION board_totals_event_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO board_totals (guild_id, bucket, step, team_id, user_id, events, points) VALUES
        (NEW.guild_id, 'all', 0, NEW.team_id, NEW.user_id, 1, NEW.points),
        (NEW.guild_id, 'all', NEW.step, NEW.team_id, NEW.user_id, 1, NEW.points),
        (NEW.guild_id, 'M' || substr(NEW.created_at, 1, 7), 0, NEW.team_id, NEW.user_id, 1, NEW.points),
        (NEW.guild_id, 'M' || substr(NEW.created_at, 1, 7), NEW.step, NEW.team_id, NEW.user_id, 1, NEW.points),
        (NEW.guild_id, momentos_week_bucket(NEW.created_at), 0, NEW.team_id, NEW.user_id, 1, NEW.points),
        (NEW.guild_id, momentos_week_bucket(NEW.created_at), NEW.step, NEW.team_id, NEW.user_id, 1, NEW.points),
        (NEW.guild_id, 'D' || substr(NEW.created_at, 1, 10), 0, NEW.team_id, NEW.user_id, 1, NEW.points),
        (NEW.guild_id, 'D' || substr(NEW.created_at, 1, 10), NEW.step, NEW.team_id, NEW.user_id, 1, NEW.points)
    ON CONFLICT (guild_id, bucket, step, team_id, user_id)
    DO UPDATE SET events = board_totals.events + excluded.events, points = board_totals.points + excluded.points;
    RETURN NULL;
END;
$$;
CREATE TRIGGER board_totals_event_added AFTER INSERT ON point_events
    FOR EACH ROW EXECUTE FUNCTION board_totals_event_added();

CREATE FUNCTION board_totals_event_erased() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE board_totals SET events = events - 1, points = points - OLD.points
    WHERE guild_id = OLD.guild_id AND team_id = OLD.team_id AND user_id = OLD.user_id
      AND step IN (0, OLD.step)
      AND bucket IN ('all', 'M' || substr(OLD.created_at, 1, 7), momentos_week_bucket(OLD.created_at), 'D' || substr(OLD.created_at, 1, 10));
    DELETE FROM board_totals
    WHERE guild_id = OLD.guild_id AND team_id = OLD.team_id AND user_id = OLD.user_id
      AND step IN (0, OLD.step)
      AND bucket IN ('all', 'M' || substr(OLD.created_at, 1, 7), momentos_week_bucket(OLD.created_at), 'D' || substr(OLD.created_at, 1, 10))
      AND events = 0 AND answers = 0 AND sightings = 0;
    RETURN NULL;
END;
$$;
CREATE TRIGGER board_totals_event_erased AFTER DELETE ON point_events
    FOR EACH ROW EXECUTE FUNCTION board_totals_event_erased();

CREATE FUNCTION board_totals_answer_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO board_totals (guild_id, bucket, step, team_id, user_id, answers, correct) VALUES
        (NEW.guild_id, 'all', 0, NEW.team_id, NEW.user_id, 1, NEW.correct),
        (NEW.guild_id, 'M' || substr(NEW.answered_at, 1, 7), 0, NEW.team_id, NEW.user_id, 1, NEW.correct),
        (NEW.guild_id, momentos_week_bucket(NEW.answered_at), 0, NEW.team_id, NEW.user_id, 1, NEW.correct),
        (NEW.guild_id, 'D' || substr(NEW.answered_at, 1, 10), 0, NEW.team_id, NEW.user_id, 1, NEW.correct)
    ON CONFLICT (guild_id, bucket, step, team_id, user_id)
    DO UPDATE SET answers = board_totals.answers + excluded.answers, correct = board_totals.correct + excluded.correct;
    RETURN NULL;
END;
$$;
CREATE TRIGGER board_totals_answer_added AFTER INSERT ON answers
    FOR EACH ROW EXECUTE FUNCTION board_totals_answer_added();

CREATE FUNCTION board_totals_answer_step_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO board_totals (guild_id, bucket, step, team_id, user_id, answers, correct) VALUES
        (NEW.guild_id, 'all', NEW.step, NEW.team_id, NEW.user_id, 1, NEW.correct),
        (NEW.guild_id, 'M' || substr(NEW.answered_at, 1, 7), NEW.step, NEW.team_id, NEW.user_id, 1, NEW.correct),
        (NEW.guild_id, momentos_week_bucket(NEW.answered_at), NEW.step, NEW.team_id, NEW.user_id, 1, NEW.correct),
        (NEW.guild_id, 'D' || substr(NEW.answered_at, 1, 10), NEW.step, NEW.team_id, NEW.user_id, 1, NEW.correct)
    ON CONFLICT (guild_id, bucket, step, team_id, user_id)
    DO UPDATE SET answers = board_totals.answers + excluded.answers, correct = board_totals.correct + excluded.correct;
    RETURN NULL;
END;
$$;
CREATE TRIGGER board_totals_answer_step_added AFTER INSERT ON answers
    FOR EACH ROW WHEN (NEW.step IS NOT NULL) EXECUTE FUNCTION board_totals_answer_step_added();

CREATE FUNCTION board_totals_answer_erased() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE board_totals SET answers = answers - 1, correct = correct - OLD.correct
    WHERE guild_id = OLD.guild_id AND team_id = OLD.team_id AND user_id = OLD.user_id
      AND step IN (0)
      AND bucket IN ('all', 'M' || substr(OLD.answered_at, 1, 7), momentos_week_bucket(OLD.answered_at), 'D' || substr(OLD.answered_at, 1, 10));
    DELETE FROM board_totals
    WHERE guild_id = OLD.guild_id AND team_id = OLD.team_id AND user_id = OLD.user_id
      AND step IN (0)
      AND bucket IN ('all', 'M' || substr(OLD.answered_at, 1, 7), momentos_week_bucket(OLD.answered_at), 'D' || substr(OLD.answered_at, 1, 10))
      AND events = 0 AND answers = 0 AND sightings = 0;
    RETURN NULL;
END;
$$;
CREATE TRIGGER board_totals_answer_erased AFTER DELETE ON answers
    FOR EACH ROW EXECUTE FUNCTION board_totals_answer_erased();

CREATE FUNCTION board_totals_answer_step_erased() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE board_totals SET answers = answers - 1, correct = correct - OLD.correct
    WHERE guild_id = OLD.guild_id AND team_id = OLD.team_id AND user_id = OLD.user_id
      AND step IN (OLD.step)
      AND bucket IN ('all', 'M' || substr(OLD.answered_at, 1, 7), momentos_week_bucket(OLD.answered_at), 'D' || substr(OLD.answered_at, 1, 10));
    DELETE FROM board_totals
    WHERE guild_id = OLD.guild_id AND team_id = OLD.team_id AND user_id = OLD.user_id
      AND step IN (OLD.step)
      AND bucket IN ('all', 'M' || substr(OLD.answered_at, 1, 7), momentos_week_bucket(OLD.answered_at), 'D' || substr(OLD.answered_at, 1, 10))
      AND events = 0 AND answers = 0 AND sightings = 0;
    RETURN NULL;
END;
$$;
CREATE TRIGGER board_totals_answer_step_erased AFTER DELETE ON answers
    FOR EACH ROW WHEN (OLD.step IS NOT NULL) EXECUTE FUNCTION board_totals_answer_step_erased();

CREATE FUNCTION board_totals_answer_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE board_totals SET answers = answers - 1, correct = correct - OLD.correct
    WHERE guild_id = OLD.guild_id AND team_id = OLD.team_id AND user_id = OLD.user_id
      AND step IN (0)
      AND bucket IN ('all', 'M' || substr(OLD.answered_at, 1, 7), momentos_week_bucket(OLD.answered_at), 'D' || substr(OLD.answered_at, 1, 10));
    DELETE FROM board_totals
    WHERE guild_id = OLD.guild_id AND team_id = OLD.team_id AND user_id = OLD.user_id
      AND step IN (0)
      AND bucket IN ('all', 'M' || substr(OLD.answered_at, 1, 7), momentos_week_bucket(OLD.answered_at), 'D' || substr(OLD.answered_at, 1, 10))
      AND events = 0 AND answers = 0 AND sightings = 0;
    INSERT INTO board_totals (guild_id, bucket, step, team_id, user_id, answers, correct) VALUES
        (NEW.guild_id, 'all', 0, NEW.team_id, NEW.user_id, 1, NEW.correct),
        (NEW.guild_id, 'M' || substr(NEW.answered_at, 1, 7), 0, NEW.team_id, NEW.user_id, 1, NEW.correct),
        (NEW.guild_id, momentos_week_bucket(NEW.answered_at), 0, NEW.team_id, NEW.user_id, 1, NEW.correct),
        (NEW.guild_id, 'D' || substr(NEW.answered_at, 1, 10), 0, NEW.team_id, NEW.user_id, 1, NEW.correct)
    ON CONFLICT (guild_id, bucket, step, team_id, user_id)
    DO UPDATE SET answers = board_totals.answers + excluded.answers, correct = board_totals.correct + excluded.correct;
    RETURN NULL;
END;
$$;
CREATE TRIGGER board_totals_answer_changed AFTER UPDATE OF guild_id, team_id, user_id, correct, answered_at, step ON answers
    FOR EACH ROW EXECUTE FUNCTION board_totals_answer_changed();

CREATE FUNCTION board_totals_answer_step_changed_out() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE board_totals SET answers = answers - 1, correct = correct - OLD.correct
    WHERE guild_id = OLD.guild_id AND team_id = OLD.team_id AND user_id = OLD.user_id
      AND step IN (OLD.step)
      AND bucket IN ('all', 'M' || substr(OLD.answered_at, 1, 7), momentos_week_bucket(OLD.answered_at), 'D' || substr(OLD.answered_at, 1, 10));
    DELETE FROM board_totals
    WHERE guild_id = OLD.guild_id AND team_id = OLD.team_id AND user_id = OLD.user_id
      AND step IN (OLD.step)
      AND bucket IN ('all', 'M' || substr(OLD.answered_at, 1, 7), momentos_week_bucket(OLD.answered_at), 'D' || substr(OLD.answered_at, 1, 10))
      AND events = 0 AND answers = 0 AND sightings = 0;
    RETURN NULL;
END;
$$;
CREATE TRIGGER board_totals_answer_step_changed_out AFTER UPDATE OF guild_id, team_id, user_id, correct, answered_at, step ON answers
    FOR EACH ROW WHEN (OLD.step IS NOT NULL) EXECUTE FUNCTION board_totals_answer_step_changed_out();

CREATE FUNCTION board_totals_answer_step_changed_in() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO board_totals (guild_id, bucket, step, team_id, user_id, answers, correct) VALUES
        (NEW.guild_id, 'all', NEW.step, NEW.team_id, NEW.user_id, 1, NEW.correct),
        (NEW.guild_id, 'M' || substr(NEW.answered_at, 1, 7), NEW.step, NEW.team_id, NEW.user_id, 1, NEW.correct),
        (NEW.guild_id, momentos_week_bucket(NEW.answered_at), NEW.step, NEW.team_id, NEW.user_id, 1, NEW.correct),
        (NEW.guild_id, 'D' || substr(NEW.answered_at, 1, 10), NEW.step, NEW.team_id, NEW.user_id, 1, NEW.correct)
    ON CONFLICT (guild_id, bucket, step, team_id, user_id)
    DO UPDATE SET answers = board_totals.answers + excluded.answers, correct = board_totals.correct + excluded.correct;
    RETURN NULL;
END;
$$;
CREATE TRIGGER board_totals_answer_step_changed_in AFTER UPDATE OF guild_id, team_id, user_id, correct, answered_at, step ON answers
    FOR EACH ROW WHEN (NEW.step IS NOT NULL) EXECUTE FUNCTION board_totals_answer_step_changed_in();

CREATE FUNCTION board_totals_sighting_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO board_totals (guild_id, bucket, step, team_id, user_id, sightings) VALUES
        (NEW.guild_id, 'all', 0, NEW.team_id, NEW.user_id, 1),
        (NEW.guild_id, 'M' || substr(NEW.seen_at, 1, 7), 0, NEW.team_id, NEW.user_id, 1),
        (NEW.guild_id, momentos_week_bucket(NEW.seen_at), 0, NEW.team_id, NEW.user_id, 1),
        (NEW.guild_id, 'D' || substr(NEW.seen_at, 1, 10), 0, NEW.team_id, NEW.user_id, 1)
    ON CONFLICT (guild_id, bucket, step, team_id, user_id)
    DO UPDATE SET sightings = board_totals.sightings + excluded.sightings;
    RETURN NULL;
END;
$$;
CREATE TRIGGER board_totals_sighting_added AFTER INSERT ON member_sightings
    FOR EACH ROW EXECUTE FUNCTION board_totals_sighting_added();

CREATE FUNCTION board_totals_sighting_erased() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE board_totals SET sightings = sightings - 1
    WHERE guild_id = OLD.guild_id AND team_id = OLD.team_id AND user_id = OLD.user_id
      AND step IN (0)
      AND bucket IN ('all', 'M' || substr(OLD.seen_at, 1, 7), momentos_week_bucket(OLD.seen_at), 'D' || substr(OLD.seen_at, 1, 10));
    DELETE FROM board_totals
    WHERE guild_id = OLD.guild_id AND team_id = OLD.team_id AND user_id = OLD.user_id
      AND step IN (0)
      AND bucket IN ('all', 'M' || substr(OLD.seen_at, 1, 7), momentos_week_bucket(OLD.seen_at), 'D' || substr(OLD.seen_at, 1, 10))
      AND events = 0 AND answers = 0 AND sightings = 0;
    RETURN NULL;
END;
$$;
CREATE TRIGGER board_totals_sighting_erased AFTER DELETE ON member_sightings
    FOR EACH ROW EXECUTE FUNCTION board_totals_sighting_erased();

CREATE FUNCTION board_totals_sighting_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE board_totals SET sightings = sightings - 1
    WHERE guild_id = OLD.guild_id AND team_id = OLD.team_id AND user_id = OLD.user_id
      AND step IN (0)
      AND bucket IN ('all', 'M' || substr(OLD.seen_at, 1, 7), momentos_week_bucket(OLD.seen_at), 'D' || substr(OLD.seen_at, 1, 10));
    DELETE FROM board_totals
    WHERE guild_id = OLD.guild_id AND team_id = OLD.team_id AND user_id = OLD.user_id
      AND step IN (0)
      AND bucket IN ('all', 'M' || substr(OLD.seen_at, 1, 7), momentos_week_bucket(OLD.seen_at), 'D' || substr(OLD.seen_at, 1, 10))
      AND events = 0 AND answers = 0 AND sightings = 0;
    INSERT INTO board_totals (guild_id, bucket, step, team_id, user_id, sightings) VALUES
        (NEW.guild_id, 'all', 0, NEW.team_id, NEW.user_id, 1),
        (NEW.guild_id, 'M' || substr(NEW.seen_at, 1, 7), 0, NEW.team_id, NEW.user_id, 1),
        (NEW.guild_id, momentos_week_bucket(NEW.seen_at), 0, NEW.team_id, NEW.user_id, 1),
        (NEW.guild_id, 'D' || substr(NEW.seen_at, 1, 10), 0, NEW.team_id, NEW.user_id, 1)
    ON CONFLICT (guild_id, bucket, step, team_id, user_id)
    DO UPDATE SET sightings = board_totals.sightings + excluded.sightings;
    RETURN NULL;
END;
$$;
CREATE TRIGGER board_totals_sighting_changed AFTER UPDATE OF guild_id, team_id, user_id, seen_at ON member_sightings
    FOR EACH ROW EXECUTE FUNCTION board_totals_sighting_changed();

-- Rebuild: day buckets from the raw tables, then weeks, months and all time from the days.
DELETE FROM board_totals;

INSERT INTO board_totals (guild_id, bucket, step, team_id, user_id, events, points)
SELECT guild_id, 'D' || substr(created_at, 1, 10), step, team_id, user_id, COUNT(*), SUM(points)
FROM point_events WHERE true GROUP BY 1, 2, 3, 4, 5;

INSERT INTO board_totals (guild_id, bucket, step, team_id, user_id, events, points)
SELECT guild_id, 'D' || substr(created_at, 1, 10), 0, team_id, user_id, COUNT(*), SUM(points)
FROM point_events WHERE true GROUP BY 1, 2, 4, 5;

INSERT INTO board_totals (guild_id, bucket, step, team_id, user_id, answers, correct)
SELECT guild_id, 'D' || substr(answered_at, 1, 10), step, team_id, user_id, COUNT(*), SUM(correct)
FROM answers WHERE step IS NOT NULL GROUP BY 1, 2, 3, 4, 5
ON CONFLICT (guild_id, bucket, step, team_id, user_id)
DO UPDATE SET answers = board_totals.answers + excluded.answers, correct = board_totals.correct + excluded.correct;

INSERT INTO board_totals (guild_id, bucket, step, team_id, user_id, answers, correct)
SELECT guild_id, 'D' || substr(answered_at, 1, 10), 0, team_id, user_id, COUNT(*), SUM(correct)
FROM answers WHERE true GROUP BY 1, 2, 4, 5
ON CONFLICT (guild_id, bucket, step, team_id, user_id)
DO UPDATE SET answers = board_totals.answers + excluded.answers, correct = board_totals.correct + excluded.correct;

INSERT INTO board_totals (guild_id, bucket, step, team_id, user_id, sightings)
SELECT guild_id, 'D' || substr(seen_at, 1, 10), 0, team_id, user_id, COUNT(*)
FROM member_sightings WHERE true GROUP BY 1, 2, 4, 5
ON CONFLICT (guild_id, bucket, step, team_id, user_id)
DO UPDATE SET sightings = board_totals.sightings + excluded.sightings;

INSERT INTO board_totals (guild_id, bucket, step, team_id, user_id, events, points, answers, correct, sightings)
SELECT guild_id, momentos_week_bucket(substr(bucket, 2)), step, team_id, user_id,
       SUM(events), SUM(points), SUM(answers), SUM(correct), SUM(sightings)
FROM board_totals WHERE substr(bucket, 1, 1) = 'D' GROUP BY 1, 2, 3, 4, 5;

INSERT INTO board_totals (guild_id, bucket, step, team_id, user_id, events, points, answers, correct, sightings)
SELECT guild_id, 'M' || substr(bucket, 2, 7), step, team_id, user_id,
       SUM(events), SUM(points), SUM(answers), SUM(correct), SUM(sightings)
FROM board_totals WHERE substr(bucket, 1, 1) = 'D' GROUP BY 1, 2, 3, 4, 5;

INSERT INTO board_totals (guild_id, bucket, step, team_id, user_id, events, points, answers, correct, sightings)
SELECT guild_id, 'all', step, team_id, user_id, SUM(events), SUM(points), SUM(answers), SUM(correct), SUM(sightings)
FROM board_totals WHERE substr(bucket, 1, 1) = 'M' GROUP BY 1, 3, 4, 5;
