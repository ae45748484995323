"""Helpers of the indicator tests: bodies the way a coordinator sends them."""

from tests.support import Api


async def sotkanet_indicator(api: Api, network: dict, sotkanet_id: int = 127, **extra) -> dict:
    body = {
        "network_id": network["id"],
        "name": "Lastensuojelun avohuollon asiakkaat 0-17-vuotiaat, %",
        "unit": "%",
        "direction": "lower_is_better",
        "source": "sotkanet",
        "sotkanet_id": sotkanet_id,
        **extra,
    }
    return await api.create("/v1/indicators", body)
