"""Service settings, read from the environment with the ``VUOSIKELLO_`` prefix."""

import ipaddress
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import AliasChoices, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# The development key lets `make run` work out of the box; production refuses it.
DEVELOPMENT_SECRET_KEY = "vuosikello-development-secret-do-not-use-in-production"  # noqa: S105


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VUOSIKELLO_", env_file=".env", extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    database_url: str = "sqlite+aiosqlite:///./vuosikello.db"
    database_echo: bool = False
    secret_key: str = DEVELOPMENT_SECRET_KEY
    # The address clients use (behind nginx, the public https URL): OpenAPI `servers`, the
    # token URL of the OAuth2 flow, feed and link URLs. VUOSIKELLO_BASE_URL is its old name.
    public_url: str = Field(
        "http://127.0.0.1:8000",
        validation_alias=AliasChoices("VUOSIKELLO_PUBLIC_URL", "VUOSIKELLO_BASE_URL"),
    )

    jwt_issuer: str = "vuosikello"
    jwt_audience: str = "vuosikello-api"
    access_token_ttl_seconds: int = 3600

    # Access tokens from an external OpenID Connect provider (e.g. Microsoft Entra ID), next to
    # the service's own: off unless the issuer, audience and JWKS URL are all set.
    oidc_issuer: str | None = None
    oidc_audience: str | None = None
    oidc_jwks_url: str | None = None
    # Claims that carry the role (e.g. Entra app roles) and the network ids; a dotted name
    # that is not itself a claim walks into nested objects (``realm_access.roles``).
    oidc_role_claim: str = "roles"
    oidc_networks_claim: str = "vuosikello_networks"
    # An unknown `kid` refetches the provider's keys at most once per cooldown.
    oidc_jwks_cooldown_seconds: float = 300.0
    # Keys are refetched when older than this even without an unknown `kid`.
    oidc_jwks_max_age_seconds: float = 24 * 3600.0
    oidc_jwks_timeout_seconds: float = 5.0
    # Tolerated clock difference with the provider for `exp` and `nbf`.
    oidc_leeway_seconds: int = 30

    default_timezone: str = "Europe/Helsinki"
    # Occurrence expansion caps keep one request from expanding an unbounded series.
    max_window_days: int = 5 * 366
    max_expanded_occurrences: int = 20_000

    notification_retention_days: int = 30

    # Abuse limits (app/limits). Requests per minute; 0 turns a limit off. On PostgreSQL the
    # counts are shared by every replica, synchronised at most every `rate_limit_sync_seconds`.
    rate_limit_per_minute: int = 600  # per API client
    feed_rate_limit_per_minute: int = 120  # per iCal feed token
    token_rate_limit_per_minute: int = 60  # /v1/auth/token, per client_id and per address
    rate_limit_sync_seconds: float = 1.0
    # How long a replica may go on accepting the token of a client that was disabled, rotated
    # or moved out of a network elsewhere (app/auth/cache.py); 0 turns the cache off.
    principal_cache_seconds: float = 1.0
    max_request_bytes: int = 1024 * 1024
    max_import_bytes: int = 10 * 1024 * 1024
    max_import_components: int = 5000
    max_import_properties: int = 2000  # per component of an import
    import_parse_seconds: float = 120.0  # reading one import, in a child process killed after
    idempotency_ttl_hours: int = 24
    # Audit log (app/audit): X-Forwarded-For is believed only from these proxies (IPs/CIDRs).
    trusted_proxies: str = ""
    # /metrics: this bearer token (for the Prometheus scraper) or an admin's access token.
    metrics_token: str = ""
    # `serve` and `worker` log one JSON object a line; "text" for a developer's terminal.
    log_format: Literal["json", "text"] = "json"
    # `vuosikello worker` serves its own /metrics on this port when set (0: none).
    worker_metrics_port: int = 0

    # Indicators from THL's Sotkanet (app/flows/sotkanet.py): REST API 1.1, weekly refresh.
    sotkanet_url: str = "https://sotkanet.fi/rest/1.1"
    sotkanet_timeout_seconds: float = 20.0
    sotkanet_retries: int = 3  # further attempts after a timeout or a 5xx, with backoff
    sotkanet_backoff_seconds: float = 1.0  # doubled after each attempt
    sotkanet_years: int = 10  # the latest years of an indicator's range that are imported
    sotkanet_refresh_interval_seconds: int = 7 * 24 * 3600

    # Webhooks: open private networks (intranets) or CIDRs deliberately; see app/webhooks/ssrf.py.
    webhook_allow_private_networks: bool = False
    webhook_allowed_cidrs: str = ""
    webhook_timeout_seconds: float = 15.0
    webhook_max_concurrency: int = 16
    webhook_disable_after_days: int = 5
    webhook_tick_seconds: float = 0.2

    # Reminders (app/reminders) and the worker that fires them (app/worker).
    reminder_horizon_days: int = 400
    reminder_grace_seconds: int = 6 * 3600
    reminder_tick_seconds: float = 1.0
    reminder_batch_size: int = 500
    # How long a worker owns a claimed email reminder; a killed worker's claims expire.
    reminder_lease_seconds: int = 120
    reminder_max_attempts: int = 3
    reminder_retry_seconds: int = 60
    # Write amplification caps: reminder rules per item (each milestone is an item), and the
    # reminder rows one API request may materialise (a daily series times its rules).
    reminder_rules_per_item_max: int = 20
    reminder_rows_per_write_max: int = 2000
    # Rows an API request writes that cost as much as one request of the client's rate limit.
    rate_limit_rows_per_request: int = 100
    horizon_interval_seconds: int = 3600
    # Items per horizon transaction; a stopping worker waits for at most one chunk.
    horizon_chunk: int = 50
    cleanup_interval_seconds: int = 3600
    reminder_retention_days: int = 90
    # Webhook delivery attempts (the delivery log) are deleted after this many days.
    webhook_delivery_retention_days: int = 30
    run_worker: bool = False
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    smtp_from: str = "Vuosikello <vuosikello@localhost>"
    smtp_timeout_seconds: float = 10.0

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_are_addresses(cls, value: str) -> str:
        for part in filter(None, (p.strip() for p in value.split(","))):
            try:
                ipaddress.ip_network(part, strict=False)
            except ValueError as exc:
                raise ValueError(
                    f"VUOSIKELLO_TRUSTED_PROXIES: {part!r} is not an IP or CIDR"
                ) from exc
        return value

    @model_validator(mode="after")
    def _refuse_development_secret_in_production(self) -> "Settings":
        if self.env == "production":
            if self.secret_key == DEVELOPMENT_SECRET_KEY:
                raise ValueError(
                    "VUOSIKELLO_SECRET_KEY is the built-in development key; "
                    "set a random key of at least 32 characters in production"
                )
            if len(self.secret_key) < 32:
                raise ValueError("VUOSIKELLO_SECRET_KEY must be at least 32 characters")
        return self

    @model_validator(mode="after")
    def _check_oidc(self) -> "Settings":
        parts = {
            "VUOSIKELLO_OIDC_ISSUER": self.oidc_issuer,
            "VUOSIKELLO_OIDC_AUDIENCE": self.oidc_audience,
            "VUOSIKELLO_OIDC_JWKS_URL": self.oidc_jwks_url,
        }
        missing = [name for name, value in parts.items() if not value]
        if len(missing) == len(parts):
            return self
        if missing:
            raise ValueError(f"OpenID Connect needs all of {', '.join(parts)}; missing {missing}")
        if self.oidc_issuer == self.jwt_issuer:
            # Tokens are told apart by issuer: the two must never be confused.
            raise ValueError("VUOSIKELLO_OIDC_ISSUER must differ from VUOSIKELLO_JWT_ISSUER")
        if self.env == "production" and not str(self.oidc_jwks_url).startswith("https://"):
            raise ValueError("VUOSIKELLO_OIDC_JWKS_URL must be an https:// URL in production")
        return self

    @property
    def oidc_enabled(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_audience and self.oidc_jwks_url)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def default_zone(self) -> ZoneInfo:
        return ZoneInfo(self.default_timezone)


@lru_cache
def get_settings() -> Settings:
    return Settings()
