"""Reminders: what is said before a meeting, when, and the ledger that makes it exactly once."""
