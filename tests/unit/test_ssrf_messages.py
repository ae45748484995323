"""A refused webhook receiver is told which setting would allow it."""

import ipaddress

import pytest

from app.webhooks.ssrf import Policy, UnsafeDestination, check_address


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "192.168.0.10", "::1"])
def test_private_receiver_refusal_names_the_settings_that_allow_it(address):
    with pytest.raises(UnsafeDestination) as refused:
        check_address(ipaddress.ip_address(address), Policy())
    message = str(refused.value)
    assert "VUOSIKELLO_WEBHOOK_ALLOW_PRIVATE_NETWORKS" in message
    assert "VUOSIKELLO_WEBHOOK_ALLOWED_CIDRS" in message
