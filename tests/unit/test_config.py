"""Settings refuse unsafe production configurations."""

import pytest
from pydantic import ValidationError

from app.core.config import DEVELOPMENT_SECRET_KEY, Settings


def test_production_refuses_the_development_secret(monkeypatch):
    monkeypatch.delenv("VUOSIKELLO_SECRET_KEY", raising=False)
    with pytest.raises(ValidationError, match="development key"):
        Settings(env="production", secret_key=DEVELOPMENT_SECRET_KEY)


def test_production_refuses_a_short_secret():
    with pytest.raises(ValidationError, match="at least 32"):
        Settings(env="production", secret_key="short")


def test_production_accepts_a_real_secret():
    # The suite configures a loopback (http) OIDC provider; production would refuse that.
    no_oidc = {"oidc_issuer": None, "oidc_audience": None, "oidc_jwks_url": None}
    settings = Settings(env="production", secret_key="k" * 48, **no_oidc)
    assert settings.env == "production"


def test_development_runs_with_the_built_in_secret():
    assert Settings(env="development", secret_key=DEVELOPMENT_SECRET_KEY).secret_key


def test_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("VUOSIKELLO_DATABASE_URL", "postgresql+psycopg://db/vuosikello")
    monkeypatch.setenv("VUOSIKELLO_ACCESS_TOKEN_TTL_SECONDS", "600")
    settings = Settings()
    assert settings.database_url == "postgresql+psycopg://db/vuosikello"
    assert settings.access_token_ttl_seconds == 600
    assert not settings.is_sqlite


def test_trusted_proxies_must_be_addresses():
    assert Settings(trusted_proxies="10.0.0.0/8, 192.0.2.1,::1").trusted_proxies
    with pytest.raises(ValidationError, match=r"'proxy\.example' is not an IP or CIDR"):
        Settings(trusted_proxies="10.0.0.0/8,proxy.example")
