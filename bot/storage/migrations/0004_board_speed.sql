-- Momentos schema, version 4: boards that stay fast on a long history.
--
-- board_totals keeps, per guild, time bucket, step, team and member, the sums every board is made of:
-- ledger events and their points, answers and the correct ones, and sightings (the roster behind team
-- averages). Buckets are UTC calendar periods: 'all' (all time), 'M2026-11' (a month), 'W2026-11-16' (the
-- ISO week starting that Monday), 'D2026-11-20' (a day); step 0 holds the sums over every step. A board's
-- window is then a handful of buckets plus (or minus) the few raw rows between a bucket edge and the
-- window's own edge (a local midnight), read from the ledger itself (see bot/storage/boards.py).
--
-- The triggers below keep the table equal to a recomputation from point_events, answers and
-- member_sightings on every write: inserts, the deletions of /privacy forget, and updates. The table
-- holds nothing the ledger does not: the statements at the end rebuild it from scratch (they run here
-- for an existing history, and BoardRepository.rebuild runs them again on demand).
-- SQLite-specific (as the append-only trigger): WITHOUT ROWID, date() and triggers live here only.

CREATE TABLE board_totals (
    guild_id  BIGINT NOT NULL,
    bucket    TEXT NOT NULL,
    step      INTEGER NOT NULL,
    team_id   INTEGER NOT NULL,
    user_id   BIGINT NOT NULL,
    events    INTEGER NOT NULL DEFAULT 0,
    points    INTEGER NOT NULL DEFAULT 0,
    answers   INTEGER NOT NULL DEFAULT 0,
    correct   INTEGER NOT NULL DEFAULT 0,
    sightings INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (guild_id, bucket, step, team_id, user_id)
) WITHOUT ROWID;
-- One member's rows (for /me) without reading everyone's.
CREATE INDEX board_totals_member ON board_totals (guild_id, user_id, bucket, step);

-- A member's answers in a team (their streak, on every click and every /me) and their reflections (/me).
CREATE INDEX answers_team_member ON answers (team_id, user_id);
CREATE INDEX reflections_member ON reflections (guild_id, user_id, created_at);

-- Every write keeps the buckets of its timestamp (step 0 and its own step) in step with the raw rows.
-- (No code updates answers or sightings today; the UPDATE triggers keep the promise if some day it does.)

CREATE TRIGGER board_totals_event_added AFTER INSERT ON point_events
BEGIN
    INSERT INTO board_totals (guild_id, bucket, step, team_id, user_id, events, points) VALUES
        (NEW.guild_id, 'all', 0, NEW.team_id, NEW.user_id, 1, NEW.points),
        (NEW.guild_id, 'all', NEW.step, NEW.team_id, NEW.user_id, 1, NEW.points),
        (NEW.guild_id, 'M' || substr(NEW.created_at, 1, 7), 0, NEW.team_id, NEW.user_id, 1, NEW.points),
        (NEW.guild_id, 'M' || substr(NEW.created_at, 1, 7), NEW.step, NEW.team_id, NEW.user_id, 1, NEW.points),
        (NEW.guild_id, 'W' || date(substr(NEW.created_at, 1, 10), '-6 days', 'weekday 1'), 0, NEW.team_id, NEW.user_id, 1, NEW.points),
        (NEW.guild_id, 'W' || date(substr(NEW.created_at, 1, 10), '-6 days', 'weekday 1'), NEW.step, NEW.team_id, NEW.user_id, 1, NEW.points),
        (NEW.guild_id, 'D' || substr(NEW.created_at, 1, 10), 0, NEW.team_id, NEW.user_id, 1, NEW.points),
        (NEW.guild_id, 'D' || substr(NEW.created_at, 1, 10), NEW.step, NEW.team_id, NEW.user_id, 1, NEW.points)
    ON CONFLICT (guild_id, bucket, step, team_id, user_id)
    DO UPDATE SET events = events + excluded.events, points = points + excluded.points;
END;

CREATE TRIGGER board_totals_event_erased AFTER DELETE ON point_events
BEGIN
    UPDATE board_totals SET events = events - 1, points = points - OLD.points
    WHERE guild_id = OLD.guild_id AND team_id = OLD.team_id AND user_id = OLD.user_id
      AND step IN (0, OLD.step)
      AND bucket IN ('all', 'M' || substr(OLD.created_at, 1, 7), 'W' || date(substr(OLD.created_at, 1, 10), '-6 days', 'weekday 1'), 'D' || substr(OLD.created_at, 1, 10));
    DELETE FROM board_totals
    WHERE guild_id = OLD.guild_id AND team_id = OLD.team_id AND user_id = OLD.user_id
      AND step IN (0, OLD.step)
      AND bucket IN ('all', 'M' || substr(OLD.created_at, 1, 7), 'W' || date(substr(OLD.created_at, 1, 10), '-6 days', 'weekday 1'), 'D' || substr(OLD.created_at, 1, 10))
      AND events = 0 AND answers = 0 AND sightings = 0;
END;

CREATE TRIGGER board_totals_answer_added AFTER INSERT ON answers
BEGIN
    INSERT INTO board_totals (guild_id, bucket, step, team_id, user_id, answers, correct) VALUES
        (NEW.guild_id, 'all', 0, NEW.team_id, NEW.user_id, 1, NEW.correct),
        (NEW.guild_id, 'M' || substr(NEW.answered_at, 1, 7), 0, NEW.team_id, NEW.user_id, 1, NEW.correct),
        (NEW.guild_id, 'W' || date(substr(NEW.answered_at, 1, 10), '-6 days', 'weekday 1'), 0, NEW.team_id, NEW.user_id, 1, NEW.correct),
        (NEW.guild_id, 'D' || substr(NEW.answered_at, 1, 10), 0, NEW.team_id, NEW.user_id, 1, NEW.correct)
    ON CONFLICT (guild_id, bucket, step, team_id, user_id)
    DO UPDATE SET answers = answers + excluded.answers, correct = correct + excluded.correct;
END;

CREATE TRIGGER board_totals_answer_step_added AFTER INSERT ON answers
    WHEN NEW.step IS NOT NULL
BEGIN
    INSERT INTO board_totals (guild_id, bucket, step, team_id, user_id, answers, correct) VALUES
        (NEW.guild_id, 'all', NEW.step, NEW.team_id, NEW.user_id, 1, NEW.correct),
        (NEW.guild_id, 'M' || substr(NEW.answered_at, 1, 7), NEW.step, NEW.team_id, NEW.user_id, 1, NEW.correct),
        (NEW.guild_id, 'W' || date(substr(NEW.answered_at, 1, 10), '-6 days', 'weekday 1'), NEW.step, NEW.team_id, NEW.user_id, 1, NEW.correct),
        (NEW.guild_id, 'D' || substr(NEW.answered_at, 1, 10), NEW.step, NEW.team_id, NEW.user_id, 1, NEW.correct)
    ON CONFLICT (guild_id, bucket, step, team_id, user_id)
    DO UPDATE SET answers = answers + excluded.answers, correct = correct + excluded.correct;
END;

CREATE TRIGGER board_totals_answer_erased AFTER DELETE ON answers
BEGIN
    UPDATE board_totals SET answers = answers - 1, correct = correct - OLD.correct
    WHERE guild_id = OLD.guild_id AND team_id = OLD.team_id AND user_id = OLD.user_id
      AND step IN (0)
      AND bucket IN ('all', 'M' || substr(OLD.answered_at, 1, 7), 'W' || date(substr(OLD.answered_at, 1, 10), '-6 days', 'weekday 1'), 'D' || substr(OLD.answered_at, 1, 10));
    DELETE FROM board_totals
    WHERE guild_id = OLD.guild_id AND team_id = OLD.team_id AND user_id = OLD.user_id
      AND step IN (0)
      AND bucket IN ('all', 'M' || substr(OLD.answered_at, 1, 7), 'W' || date(substr(OLD.answered_at, 1, 10), '-6 days', 'weekday 1'), 'D' || substr(OLD.answered_at, 1, 10))
      AND events = 0 AND answers = 0 AND sightings = 0;
END;

CREATE TRIGGER board_totals_answer_step_erased AFTER DELETE ON answers
    WHEN OLD.step IS NOT NULL
BEGIN
    UPDATE board_totals SET answers = answers - 1, correct = correct - OLD.correct
    WHERE guild_id = OLD.guild_id AND team_id = OLD.team_id AND user_id = OLD.user_id
      AND step IN (OLD.step)
      AND bucket IN ('all', 'M' || substr(OLD.answered_at, 1, 7), 'W' || date(substr(OLD.answered_at, 1, 10), '-6 days', 'weekday 1'), 'D' || substr(OLD.answered_at, 1, 10));
    DELETE FROM board_totals
    WHERE guild_id = OLD.guild_id AND team_id = OLD.team_id AND user_id = OLD.user_id
      AND step IN (OLD.step)
      AND bucket IN ('all', 'M' || substr(OLD.answered_at, 1, 7), 'W' || date(substr(OLD.answered_at, 1, 10), '-6 days', 'weekday 1'), 'D' || substr(OLD.answered_at, 1, 10))
      AND events = 0 AND answers = 0 AND sightings = 0;
END;

CREATE TRIGGER board_totals_answer_changed AFTER UPDATE OF guild_id, team_id, user_id, correct, answered_at, step ON answers
BEGIN
    UPDATE board_totals SET answers = answers - 1, correct = correct - OLD.correct
    WHERE guild_id = OLD.guild_id AND team_id = OLD.team_id AND user_id = OLD.user_id
      AND step IN (0)
      AND bucket IN ('all', 'M' || substr(OLD.answered_at, 1, 7), 'W' || date(substr(OLD.answered_at, 1, 10), '-6 days', 'weekday 1'), 'D' || substr(OLD.answered_at, 1, 10));
    DELETE FROM board_totals
    WHERE guild_id = OLD.guild_id AND team_id = OLD.team_id AND user_id = OLD.user_id
      AND step IN (0)
      AND bucket IN ('all', 'M' || substr(OLD.answered_at, 1, 7), 'W' || date(substr(OLD.answered_at, 1, 10), '-6 days', 'weekday 1'), 'D' || substr(OLD.answered_at, 1, 10))
      AND events = 0 AND answers = 0 AND sightings = 0;
    INSERT INTO board_totals (guild_id, bucket, step, team_id, user_id, answers, correct) VALUES
        (NEW.guild_id, 'all', 0, NEW.team_id, NEW.user_id, 1, NEW.correct),
        (NEW.guild_id, 'M' || substr(NEW.answered_at, 1, 7), 0, NEW.team_id, NEW.user_id, 1, NEW.correct),
        (NEW.guild_id, 'W' || date(substr(NEW.answered_at, 1, 10), '-6 days', 'weekday 1'), 0, NEW.team_id, NEW.user_id, 1, NEW.correct),
        (NEW.guild_id, 'D' || substr(NEW.answered_at, 1, 10), 0, NEW.team_id, NEW.user_id, 1, NEW.correct)
    ON CONFLICT (guild_id, bucket, step, team_id, user_id)
    DO UPDATE SET answers = answers + excluded.answers, correct = correct + excluded.correct;
END;

CREATE TRIGGER board_totals_answer_step_changed_out AFTER UPDATE OF guild_id, team_id, user_id, correct, answered_at, step ON answers
    WHEN OLD.step IS NOT NULL
BEGIN
    UPDATE board_totals SET answers = answers - 1, correct = correct - OLD.correct
    WHERE guild_id = OLD.guild_id AND team_id = OLD.team_id AND user_id = OLD.user_id
      AND step IN (OLD.step)
      AND bucket IN ('all', 'M' || substr(OLD.answered_at, 1, 7), 'W' || date(substr(OLD.answered_at, 1, 10), '-6 days', 'weekday 1'), 'D' || substr(OLD.answered_at, 1, 10));
    DELETE FROM board_totals
    WHERE guild_id = OLD.guild_id AND team_id = OLD.team_id AND user_id = OLD.user_id
      AND step IN (OLD.step)
      AND bucket IN ('all', 'M' || substr(OLD.answered_at, 1, 7), 'W' || date(substr(OLD.answered_at, 1, 10), '-6 days', 'weekday 1'), 'D' || substr(OLD.answered_at, 1, 10))
      AND events = 0 AND answers = 0 AND sightings = 0;
END;

CREATE TRIGGER board_totals_answer_step_changed_in AFTER UPDATE OF guild_id, team_id, user_id, correct, answered_at, step ON answers
    WHEN NEW.step IS NOT NULL
BEGIN
    INSERT INTO board_totals (guild_id, bucket, step, team_id, user_id, answers, correct) VALUES
        (NEW.guild_id, 'all', NEW.step, NEW.team_id, NEW.user_id, 1, NEW.correct),
        (NEW.guild_id, 'M' || substr(NEW.answered_at, 1, 7), NEW.step, NEW.team_id, NEW.user_id, 1, NEW.correct),
        (NEW.guild_id, 'W' || date(substr(NEW.answered_at, 1, 10), '-6 days', 'weekday 1'), NEW.step, NEW.team_id, NEW.user_id, 1, NEW.correct),
        (NEW.guild_id, 'D' || substr(NEW.answered_at, 1, 10), NEW.step, NEW.team_id, NEW.user_id, 1, NEW.correct)
    ON CONFLICT (guild_id, bucket, step, team_id, user_id)
    DO UPDATE SET answers = answers + excluded.answers, correct = correct + excluded.correct;
END;

CREATE TRIGGER board_totals_sighting_added AFTER INSERT ON member_sightings
BEGIN
    INSERT INTO board_totals (guild_id, bucket, step, team_id, user_id, sightings) VALUES
        (NEW.guild_id, 'all', 0, NEW.team_id, NEW.user_id, 1),
        (NEW.guild_id, 'M' || substr(NEW.seen_at, 1, 7), 0, NEW.team_id, NEW.user_id, 1),
        (NEW.guild_id, 'W' || date(substr(NEW.seen_at, 1, 10), '-6 days', 'weekday 1'), 0, NEW.team_id, NEW.user_id, 1),
        (NEW.guild_id, 'D' || substr(NEW.seen_at, 1, 10), 0, NEW.team_id, NEW.user_id, 1)
    ON CONFLICT (guild_id, bucket, step, team_id, user_id)
    DO UPDATE SET sightings = sightings + excluded.sightings;
END;

CREATE TRIGGER board_totals_sighting_erased AFTER DELETE ON member_sightings
BEGIN
    UPDATE board_totals SET sightings = sightings - 1
    WHERE guild_id = OLD.guild_id AND team_id = OLD.team_id AND user_id = OLD.user_id
      AND step IN (0)
      AND bucket IN ('all', 'M' || substr(OLD.seen_at, 1, 7), 'W' || date(substr(OLD.seen_at, 1, 10), '-6 days', 'weekday 1'), 'D' || substr(OLD.seen_at, 1, 10));
    DELETE FROM board_totals
    WHERE guild_id = OLD.guild_id AND team_id = OLD.team_id AND user_id = OLD.user_id
      AND step IN (0)
      AND bucket IN ('all', 'M' || substr(OLD.seen_at, 1, 7), 'W' || date(substr(OLD.seen_at, 1, 10), '-6 days', 'weekday 1'), 'D' || substr(OLD.seen_at, 1, 10))
      AND events = 0 AND answers = 0 AND sightings = 0;
END;

CREATE TRIGGER board_totals_sighting_changed AFTER UPDATE OF guild_id, team_id, user_id, seen_at ON member_sightings
BEGIN
    UPDATE board_totals SET sightings = sightings - 1
    WHERE guild_id = OLD.guild_id AND team_id = OLD.team_id AND user_id = OLD.user_id
      AND step IN (0)
      AND bucket IN ('all', 'M' || substr(OLD.seen_at, 1, 7), 'W' || date(substr(OLD.seen_at, 1, 10), '-6 days', 'weekday 1'), 'D' || substr(OLD.seen_at, 1, 10));
    DELETE FROM board_totals
    WHERE guild_id = OLD.guild_id AND team_id = OLD.team_id AND user_id = OLD.user_id
      AND step IN (0)
      AND bucket IN ('all', 'M' || substr(OLD.seen_at, 1, 7), 'W' || date(substr(OLD.seen_at, 1, 10), '-6 days', 'weekday 1'), 'D' || substr(OLD.seen_at, 1, 10))
      AND events = 0 AND answers = 0 AND sightings = 0;
    INSERT INTO board_totals (guild_id, bucket, step, team_id, user_id, sightings) VALUES
        (NEW.guild_id, 'all', 0, NEW.team_id, NEW.user_id, 1),
        (NEW.guild_id, 'M' || substr(NEW.seen_at, 1, 7), 0, NEW.team_id, NEW.user_id, 1),
        (NEW.guild_id, 'W' || date(substr(NEW.seen_at, 1, 10), '-6 days', 'weekday 1'), 0, NEW.team_id, NEW.user_id, 1),
        (NEW.guild_id, 'D' || substr(NEW.seen_at, 1, 10), 0, NEW.team_id, NEW.user_id, 1)
    ON CONFLICT (guild_id, bucket, step, team_id, user_id)
    DO UPDATE SET sightings = sightings + excluded.sightings;
END;

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
DO UPDATE SET answers = answers + excluded.answers, correct = correct + excluded.correct;

INSERT INTO board_totals (guild_id, bucket, step, team_id, user_id, answers, correct)
SELECT guild_id, 'D' || substr(answered_at, 1, 10), 0, team_id, user_id, COUNT(*), SUM(correct)
FROM answers WHERE true GROUP BY 1, 2, 4, 5
ON CONFLICT (guild_id, bucket, step, team_id, user_id)
DO UPDATE SET answers = answers + excluded.answers, correct = correct + excluded.correct;

INSERT INTO board_totals (guild_id, bucket, step, team_id, user_id, sightings)
SELECT guild_id, 'D' || substr(seen_at, 1, 10), 0, team_id, user_id, COUNT(*)
FROM member_sightings WHERE true GROUP BY 1, 2, 4, 5
ON CONFLICT (guild_id, bucket, step, team_id, user_id)
DO UPDATE SET sightings = sightings + excluded.sightings;

INSERT INTO board_totals (guild_id, bucket, step, team_id, user_id, events, points, answers, correct, sightings)
SELECT guild_id, 'W' || date(substr(bucket, 2), '-6 days', 'weekday 1'), step, team_id, user_id,
       SUM(events), SUM(points), SUM(answers), SUM(correct), SUM(sightings)
FROM board_totals WHERE bucket >= 'D' AND bucket < 'E' GROUP BY 1, 2, 3, 4, 5;

INSERT INTO board_totals (guild_id, bucket, step, team_id, user_id, events, points, answers, correct, sightings)
SELECT guild_id, 'M' || substr(bucket, 2, 7), step, team_id, user_id,
       SUM(events), SUM(points), SUM(answers), SUM(correct), SUM(sightings)
FROM board_totals WHERE bucket >= 'D' AND bucket < 'E' GROUP BY 1, 2, 3, 4, 5;

INSERT INTO board_totals (guild_id, bucket, step, team_id, user_id, events, points, answers, correct, sightings)
SELECT guild_id, 'all', step, team_id, user_id, SUM(events), SUM(points), SUM(answers), SUM(correct), SUM(sightings)
FROM board_totals WHERE bucket >= 'M' AND bucket < 'N' GROUP BY 1, 3, 4, 5;
