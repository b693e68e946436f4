"""Coaching insight for managers (`/insights`): which step each team is weakest at, who may need a conversation,
and which items mislead or fail to tell who knows from who does not.

Pure code over facts the caller reads from the ledger (`facts`); every figure is reproducible from those facts
alone (no clock, no randomness), and too little data is an explicit answer (`NotEnough`, a share whose value is
None, a discrimination of None), never a guess.
"""
