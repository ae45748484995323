"""Abuse limits (issue #6, Trust).

- `ratelimit`: fixed-window limits per client, per feed token and on the token endpoint;
  counted in memory, shared across replicas through `rate_limit_windows` on PostgreSQL.
- `middleware`: the request body cap (413), larger for the iCal import.
- `idempotency` and `routing`: Idempotency-Key on every authenticated POST, recorded in the
  request's own transaction and replayed for 24 h.
- `keys`: whom a limit or a key belongs to.

Page-size and timeline-window caps live with pagination (app/core/pagination.py) and the
window (app/occurrences/window.py); unknown body fields are refused by
app/core/schemas.py `InputModel`.
"""
