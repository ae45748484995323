"""The Prometheus metrics of every process (prometheus-client's default registry).

Counters and histograms are observed where things happen (requests here, the horizon job in
the worker); what many processes share (reminders, deliveries, backlog) is read from the
database at scrape time by app/flows/observe.py, so any replica's /metrics tells the same."""

from prometheus_client import Counter, Gauge, Histogram
from starlette.types import Scope

REQUESTS = Counter(
    "vuosikello_http_requests",
    "HTTP requests answered, by method, route template and status",
    ["method", "route", "status"],
)
REQUEST_SECONDS = Histogram(
    "vuosikello_http_request_duration_seconds",
    "Time to answer an HTTP request, by method and route template",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
REMINDERS = Gauge(
    "vuosikello_reminders", "Reminder rows by status (history within retention)", ["status"]
)
REMINDERS_DUE = Gauge("vuosikello_reminders_due", "Scheduled reminders whose due time has come")
REMINDERS_LATE = Gauge(
    "vuosikello_reminders_late",
    "Scheduled reminders more than a minute past due: no worker is keeping up",
)
WEBHOOK_DELIVERIES = Gauge(
    "vuosikello_webhook_deliveries",
    "Webhook delivery attempts in the delivery log, by outcome (succeeded, failed, gave_up)",
    ["outcome"],
)
WEBHOOK_FAILURES = Gauge(
    "vuosikello_webhook_failing_endpoints", "Enabled webhook endpoints that are failing now"
)
WEBHOOK_LAG = Gauge(
    "vuosikello_webhook_endpoint_lag_seconds",
    "Age of the oldest notification an enabled endpoint has not yet received (0: caught up)",
    ["endpoint"],
)
WEBHOOK_PENDING = Gauge(
    "vuosikello_webhook_endpoint_pending",
    "Notifications an enabled endpoint has not yet received",
    ["endpoint"],
)
OUTBOX_BACKLOG = Gauge(
    "vuosikello_outbox_backlog",
    "Pending (endpoint, notification) deliveries over all enabled endpoints",
)
HORIZON_SECONDS = Histogram(
    "vuosikello_horizon_job_duration_seconds",
    "Duration of a horizon run (re-materialising reminders and tasks)",
    buckets=(1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600),
)
POOL_CHECKED_OUT = Gauge(
    "vuosikello_db_pool_checked_out", "Database connections in use by this process"
)
POOL_SIZE = Gauge("vuosikello_db_pool_size", "Database connections this process's pool holds")
POOL_OVERFLOW = Gauge(
    "vuosikello_db_pool_overflow", "Connections opened beyond the pool size (negative: spare)"
)

UNMATCHED = "unmatched"  # a path no route knows: never the raw path, whose values are unbounded


def route_of(scope: Scope) -> str:
    """The route template (`/v1/events/{event_id}`), never the raw path."""
    route = scope.get("route")
    return getattr(route, "path", None) or UNMATCHED
