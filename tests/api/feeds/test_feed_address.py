"""A new feed's address is on the service's public URL, under an honest name."""

from app.core.config import get_settings


async def test_feed_url_is_on_the_public_url(coordinator, network):
    created = await coordinator.create(
        "/v1/feeds", {"scope": "network", "network_id": network["id"]}
    )
    public = get_settings().public_url.rstrip("/")
    assert created["url"].startswith(public + "/ical/")
    assert created["url"].endswith(".ics")
    assert created["https_url"] == created["url"]  # the deprecated name, same address
    assert created["webcal_url"] == "webcal://" + created["url"].split("://", 1)[1]
    served = await coordinator.http.get(created["url"].removeprefix(public))
    assert served.status_code == 200
    assert served.text.startswith("BEGIN:VCALENDAR")
