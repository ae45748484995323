"""The audit trail: an append-only, hash-chained record of every write and admin action."""
