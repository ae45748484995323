"""Public mappers of indicators, with the attribution Sotkanet's licence asks for."""

from app.indicators.models import Indicator, IndicatorValue, MeasureIndicator, Source
from app.indicators.schemas import (
    AttributionPublic,
    IndicatorPublic,
    MeasureIndicatorPublic,
    ValuePublic,
)

THL = "Terveyden ja hyvinvoinnin laitos (THL)"
CC_BY = "CC BY 4.0"
CC_BY_URL = "https://creativecommons.org/licenses/by/4.0/"
METADATA_URL = "https://sotkanet.fi/sotkanet/fi/metadata/indicators/{id}"


def is_thl(organization: str | None) -> bool:
    text = (organization or "").lower()
    return "thl" in text or "terveyden ja hyvinvoinnin laitos" in text


def attribution(indicator: Indicator) -> AttributionPublic:
    if indicator.source != Source.sotkanet:
        return AttributionPublic(
            text="Verkoston itse kirjaamat arvot (manual values entered by the network)",
            organization=None, licence=None, licence_url=None, url=None,
            other_organization=False,
        )  # fmt: skip
    organization = indicator.organization or THL
    url = METADATA_URL.format(id=indicator.sotkanet_id)
    other = not is_thl(organization)
    text = f"Lähde: {organization}, Sotkanet.fi, indikaattori {indicator.sotkanet_id} ({CC_BY})"
    if other:
        text += "; tuottaja muu kuin THL: tarkista tuottajan käyttöehdot"
    return AttributionPublic(
        text=text, organization=organization, licence=CC_BY, licence_url=CC_BY_URL, url=url,
        other_organization=other,
    )  # fmt: skip


def indicator_public(indicator: Indicator) -> IndicatorPublic:
    return IndicatorPublic.model_validate(
        {**indicator.model_dump(), "attribution": attribution(indicator)}
    )


def value_public(row: IndicatorValue) -> ValuePublic:
    return ValuePublic.model_validate(row.model_dump())


def link_public(link: MeasureIndicator, indicator: Indicator) -> MeasureIndicatorPublic:
    return MeasureIndicatorPublic.model_validate(
        {
            **link.model_dump(),
            "indicator_name": indicator.name,
            "attribution": attribution(indicator),
        }
    )
