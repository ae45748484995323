"""Request and response shapes of indicators (examples: THL's Sotkanet indicators)."""

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from app.core.schemas import InputModel, LongText, PublicModel, ResourcePublic
from app.indicators.models import Direction, Gender, Source

Name = Annotated[str, StringConstraints(min_length=1, max_length=300, strip_whitespace=True)]
Unit = Annotated[str, StringConstraints(min_length=1, max_length=100, strip_whitespace=True)]
RegionCode = Annotated[
    str,
    StringConstraints(min_length=1, max_length=20, pattern=r"^[0-9A-Za-z_-]+$"),
    Field(description="The region's code in its category: a municipality code (564), a "
          "wellbeing county's code, or Sotkanet's code of the whole country", examples=["564"]),
]  # fmt: skip
RegionCategory = Annotated[
    str,
    StringConstraints(min_length=1, max_length=30, pattern=r"^[A-Z_]+$"),
    Field(description="Sotkanet's region category: KUNTA, HYVINVOINTIALUE, MAA, ...",
          examples=["KUNTA"]),
]  # fmt: skip
Year = Annotated[int, Field(ge=1900, le=2100, examples=[2024])]
Number = Annotated[float, Field(ge=-1e12, le=1e12, allow_inf_nan=False)]


class AttributionPublic(PublicModel):
    """Who produced the numbers and under which licence: shown wherever values are shown."""

    text: str = Field(
        examples=["Lähde: Terveyden ja hyvinvoinnin laitos (THL), Sotkanet.fi, indikaattori 1086"
                  " (CC BY 4.0)"]
    )  # fmt: skip
    organization: str | None = Field(examples=["Terveyden ja hyvinvoinnin laitos (THL)"])
    licence: str | None = Field(examples=["CC BY 4.0"])
    licence_url: str | None = Field(examples=["https://creativecommons.org/licenses/by/4.0/"])
    url: str | None = Field(
        description="The indicator's metadata page",
        examples=["https://sotkanet.fi/sotkanet/fi/metadata/indicators/1086"],
    )
    other_organization: bool = Field(
        description="The indicator is produced by an organisation other than THL: check its "
        "own terms before reuse"
    )


class IndicatorCreate(InputModel):
    network_id: uuid.UUID
    name: Name = Field(examples=["Lastensuojeluilmoitukset, % 0-17-vuotiaista"])
    name_sv: Name | None = None
    name_en: Name | None = None
    unit: Unit | None = Field(None, examples=["%"])
    direction: Direction = Direction.higher_is_better
    description: LongText | None = None
    source: Source = Source.manual
    sotkanet_id: int | None = Field(
        None, ge=1, le=1_000_000, description="Sotkanet's indicator id (source sotkanet)",
        examples=[1086],
    )  # fmt: skip
    gender: Gender = Gender.total

    @model_validator(mode="after")
    def _sotkanet_needs_id(self) -> "IndicatorCreate":
        if self.source == Source.sotkanet and self.sotkanet_id is None:
            raise ValueError("a sotkanet indicator needs `sotkanet_id` (e.g. 1086)")
        if self.source == Source.manual and self.sotkanet_id is not None:
            raise ValueError("`sotkanet_id` is only for source `sotkanet`")
        return self


class IndicatorUpdate(InputModel):
    name: Name | None = None
    name_sv: Name | None = None
    name_en: Name | None = None
    unit: Unit | None = None
    direction: Direction | None = None
    description: LongText | None = None
    gender: Gender | None = None


class IndicatorPublic(ResourcePublic):
    network_id: uuid.UUID
    name: str
    name_sv: str | None
    name_en: str | None
    unit: str | None
    direction: Direction
    description: str | None
    source: Source
    sotkanet_id: int | None
    gender: Gender
    organization: str | None = Field(description="Who produces the numbers (from Sotkanet)")
    data_updated: date | None = Field(description="When the source last changed the values")
    last_refreshed_at: datetime | None
    last_error: str | None = Field(description="Why the last refresh failed; null after success")
    attribution: AttributionPublic


class ValueIn(InputModel):
    region_code: RegionCode
    region_category: RegionCategory = "KUNTA"
    region_title: Name | None = Field(None, examples=["Oulu"])
    year: Year
    gender: Gender = Gender.total
    value: Number | None = Field(examples=[7.4])
    absolute_value: Number | None = Field(None, examples=[2563])


class ValuesCreate(InputModel):
    values: list[ValueIn] = Field(min_length=1, max_length=5000)


class ValuePublic(PublicModel):
    region_code: str
    region_category: str
    region_title: str | None
    year: int
    gender: Gender
    value: float | None
    absolute_value: float | None
    source: Source
    imported_at: datetime


class ValuesPublic(PublicModel):
    indicator_id: uuid.UUID
    attribution: AttributionPublic
    data: list[ValuePublic]


class ValuesUpdated(PublicModel):
    """What a write or an import of values changed (`indicator.values_updated`)."""

    id: uuid.UUID = Field(description="The indicator's id")
    network_id: uuid.UUID
    source: Source
    changed: int = Field(description="Values added or changed")
    years: list[int]
    regions: list[str] = Field(description="`CATEGORY:code` of each region that changed")
    attribution: AttributionPublic


class RefreshResult(PublicModel):
    outcome: Literal["imported", "unchanged", "failed", "empty"] = Field(
        description="`unchanged`: Sotkanet's `data-updated` did not move, nothing was fetched; "
        "`failed`: the source failed, values already imported are kept and `last_error` says "
        "why; `empty`: the source had no values for the regions and gender followed"
    )
    indicator: IndicatorPublic
    values: ValuesUpdated | None


class MeasureIndicatorCreate(InputModel):
    indicator_id: uuid.UUID
    region_code: RegionCode | None = Field(
        None, description="The region the target is for; default: every region followed"
    )
    baseline_year: Year | None = None
    baseline_value: Number | None = Field(None, examples=[8.1])
    target_year: Year | None = None
    target_value: Number | None = Field(None, examples=[7.0])


class MeasureIndicatorPublic(ResourcePublic):
    network_id: uuid.UUID
    measure_id: uuid.UUID
    indicator_id: uuid.UUID
    region_code: str | None
    baseline_year: int | None
    baseline_value: float | None
    target_year: int | None
    target_value: float | None
    indicator_name: str
    attribution: AttributionPublic
