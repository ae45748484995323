"""/metrics: Prometheus text that prometheus-client's own parser reads, for the right callers."""

from collections.abc import Iterator

import pytest
from prometheus_client.parser import text_string_to_metric_families

from app.core.config import get_settings
from tests.support.webhooks import change, subscribe

FAMILIES = {
    "vuosikello_http_requests": "counter",
    "vuosikello_http_request_duration_seconds": "histogram",
    "vuosikello_reminders": "gauge",
    "vuosikello_reminders_due": "gauge",
    "vuosikello_reminders_late": "gauge",
    "vuosikello_webhook_deliveries": "gauge",
    "vuosikello_webhook_failing_endpoints": "gauge",
    "vuosikello_webhook_endpoint_lag_seconds": "gauge",
    "vuosikello_webhook_endpoint_pending": "gauge",
    "vuosikello_outbox_backlog": "gauge",
    "vuosikello_horizon_job_duration_seconds": "histogram",
    "vuosikello_db_pool_checked_out": "gauge",
    "vuosikello_db_pool_size": "gauge",
    "vuosikello_db_pool_overflow": "gauge",
}


def parse(text: str) -> dict:
    return {family.name: family for family in text_string_to_metric_families(text)}


@pytest.fixture
def metrics_token(monkeypatch) -> Iterator[str]:
    token = "scrape-" + "x" * 32
    monkeypatch.setenv("VUOSIKELLO_METRICS_TOKEN", token)
    get_settings.cache_clear()
    yield token
    monkeypatch.delenv("VUOSIKELLO_METRICS_TOKEN")
    get_settings.cache_clear()


async def test_metrics_hold_every_family_by_route_template(admin, coordinator, network, receiver):
    hook = await subscribe(admin, network, receiver)
    await receiver.stop()  # nothing is delivered: the endpoint lags behind
    partner_id = (await change(coordinator, network, "Mittari ry"))["id"]
    assert (await coordinator.get(f"/v1/partners/{partner_id}")).status_code == 200

    response = await admin.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    families = parse(response.text)
    for name, kind in FAMILIES.items():
        assert name in families, name
        assert families[name].type == kind, name

    requests = families["vuosikello_http_requests"].samples
    routes = {sample.labels["route"] for sample in requests}
    assert "/v1/partners/{partner_id}" in routes
    assert not any(partner_id in route for route in routes)  # never the raw path
    pending_samples = families["vuosikello_webhook_endpoint_pending"].samples
    pending = {s.labels["endpoint"]: s.value for s in pending_samples}
    assert pending[hook["id"]] >= 1
    lag = {
        s.labels["endpoint"]: s.value
        for s in families["vuosikello_webhook_endpoint_lag_seconds"].samples
    }
    assert lag[hook["id"]] >= 0
    assert families["vuosikello_outbox_backlog"].samples[0].value >= 1
    statuses = {s.labels["status"] for s in families["vuosikello_reminders"].samples}
    assert {"scheduled", "sent", "failed"} <= statuses
    await admin.delete(f"/v1/webhooks/{hook['id']}")


async def test_an_unknown_path_is_counted_without_its_path(admin, anon):
    assert (await anon.get("/no/such/thing-4711")).status_code == 404
    text = (await admin.get("/metrics")).text
    assert "thing-4711" not in text
    assert 'route="unmatched"' in text


async def test_metrics_need_the_metrics_token_or_an_admin(anon, coordinator, metrics_token):
    missing = await anon.get("/metrics")
    assert missing.status_code == 401
    assert "VUOSIKELLO_METRICS_TOKEN" in missing.json()["detail"]
    assert (await coordinator.get("/metrics")).status_code == 403
    wrong = await anon.get("/metrics", headers={"Authorization": "Bearer wrong"})
    assert wrong.status_code == 401
    scraped = await anon.get("/metrics", headers={"Authorization": f"Bearer {metrics_token}"})
    assert scraped.status_code == 200
    assert "vuosikello_outbox_backlog" in parse(scraped.text)
