"""The publication ledger: an append-only, hash-chained record of what was made public."""
