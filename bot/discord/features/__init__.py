"""One folder per feature, like python-discord's `bot/exts/<feature>/`: each holds its commands, buttons, forms
and jobs, and exposes `async def setup(bot)`. A feature may use another (`daily` shows `reflections` at the
close; `scenarios` previews posts as `daily` draws them) but never in a circle; tests/test_architecture.py checks.
"""
