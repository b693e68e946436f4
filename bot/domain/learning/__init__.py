"""Learning rules: what a person remembers of each item, which items to review, and what counts as mastered.

Pure code, driven by the bot (from the ledger) and by the learning benchmark (from simulated learners) alike.
"""
