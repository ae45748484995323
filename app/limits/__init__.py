"""Abuse limits: rate limits, request size caps and Idempotency-Key (issue #6, Trust)."""
