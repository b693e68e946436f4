-- Momentos schema, version 6: the answer path adds to board_totals once per row, not once per ledger row.
--
-- An answer and its point events (answer, speed, streak) used to fire ~32 trigger upserts onto the same 8
-- board_totals rows; at a burst's peak that cost ~10% of the answers per second and most of the latency. The
-- group commit (bot/storage/ledger.py) now marks its transaction in board_totals_batch, adds the batch's
-- sums itself (one upsert per row), and clears the mark before it commits, so no other writer ever sees it.
-- Every other writer (reflections, kudos, highlights, erasures, the seeder) still goes through the triggers;
-- the rebuild in migration 0004 stays the reference, and the tests compare both after every kind of write.

CREATE TABLE board_totals_batch (
    marked INTEGER NOT NULL
);

DROP TRIGGER board_totals_event_added;

CREATE TRIGGER board_totals_event_added AFTER INSERT ON point_events
    WHEN NOT EXISTS (SELECT 1 FROM board_totals_batch)
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

DROP TRIGGER board_totals_answer_added;

CREATE TRIGGER board_totals_answer_added AFTER INSERT ON answers
    WHEN NOT EXISTS (SELECT 1 FROM board_totals_batch)
BEGIN
    INSERT INTO board_totals (guild_id, bucket, step, team_id, user_id, answers, correct) VALUES
        (NEW.guild_id, 'all', 0, NEW.team_id, NEW.user_id, 1, NEW.correct),
        (NEW.guild_id, 'M' || substr(NEW.answered_at, 1, 7), 0, NEW.team_id, NEW.user_id, 1, NEW.correct),
        (NEW.guild_id, 'W' || date(substr(NEW.answered_at, 1, 10), '-6 days', 'weekday 1'), 0, NEW.team_id, NEW.user_id, 1, NEW.correct),
        (NEW.guild_id, 'D' || substr(NEW.answered_at, 1, 10), 0, NEW.team_id, NEW.user_id, 1, NEW.correct)
    ON CONFLICT (guild_id, bucket, step, team_id, user_id)
    DO UPDATE SET answers = answers + excluded.answers, correct = correct + excluded.correct;
END;

DROP TRIGGER board_totals_answer_step_added;

CREATE TRIGGER board_totals_answer_step_added AFTER INSERT ON answers
    WHEN NEW.step IS NOT NULL AND NOT EXISTS (SELECT 1 FROM board_totals_batch)
BEGIN
    INSERT INTO board_totals (guild_id, bucket, step, team_id, user_id, answers, correct) VALUES
        (NEW.guild_id, 'all', NEW.step, NEW.team_id, NEW.user_id, 1, NEW.correct),
        (NEW.guild_id, 'M' || substr(NEW.answered_at, 1, 7), NEW.step, NEW.team_id, NEW.user_id, 1, NEW.correct),
        (NEW.guild_id, 'W' || date(substr(NEW.answered_at, 1, 10), '-6 days', 'weekday 1'), NEW.step, NEW.team_id, NEW.user_id, 1, NEW.correct),
        (NEW.guild_id, 'D' || substr(NEW.answered_at, 1, 10), NEW.step, NEW.team_id, NEW.user_id, 1, NEW.correct)
    ON CONFLICT (guild_id, bucket, step, team_id, user_id)
    DO UPDATE SET answers = answers + excluded.answers, correct = correct + excluded.correct;
END;
