"""The learning benchmark: simulated people, forgetting models that are not FSRS, and every review policy on the
same draws (LEARNING.md). Run it with `momentos learning-bench` or `python -m bot.bench.learning`."""
