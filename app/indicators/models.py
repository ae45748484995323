"""Indicators (indikaattorit): a number with a trend beside a plan's measures, manual or
imported from THL's Sotkanet; their values per region and year; measures' references."""

import uuid
from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field

from app.core.db.base import TableBase, fk
from app.core.db.types import UTCDateTime


class Direction(StrEnum):
    higher_is_better = "higher_is_better"
    lower_is_better = "lower_is_better"


class Source(StrEnum):
    manual = "manual"
    sotkanet = "sotkanet"


class Gender(StrEnum):
    total = "total"
    male = "male"
    female = "female"


class Indicator(TableBase, table=True):
    """An indicator a network follows, for the regions of its partners."""

    __tablename__ = "indicators"

    network_id: uuid.UUID = fk("networks.id")
    name: str = Field(max_length=300)
    name_sv: str | None = Field(default=None, max_length=300)
    name_en: str | None = Field(default=None, max_length=300)
    unit: str | None = Field(default=None, max_length=100)
    direction: str = Field(default=Direction.higher_is_better, max_length=20)
    description: str | None = Field(default=None, max_length=10_000)
    source: str = Field(default=Source.manual, max_length=20)
    sotkanet_id: int | None = None
    gender: str = Field(default=Gender.total, max_length=10)
    # From the source's metadata: who produced the numbers, and when they last changed.
    organization: str | None = Field(default=None, max_length=300)
    organization_id: int | None = None
    data_updated: date | None = None
    last_refreshed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_error: str | None = Field(default=None, max_length=2000)


class IndicatorValue(TableBase, table=True):
    """One value: an indicator for a region, a year and a gender."""

    __tablename__ = "indicator_values"
    __table_args__ = (
        sa.UniqueConstraint("indicator_id", "region_category", "region_code", "year", "gender"),
    )

    network_id: uuid.UUID = fk("networks.id")
    indicator_id: uuid.UUID = fk("indicators.id", ondelete="CASCADE", index=False)
    region_code: str = Field(max_length=20)
    region_category: str = Field(max_length=30)
    region_title: str | None = Field(default=None, max_length=300)
    year: int
    gender: str = Field(default=Gender.total, max_length=10)
    value: float | None = None
    absolute_value: float | None = None
    source: str = Field(max_length=20)
    imported_at: datetime = Field(sa_type=UTCDateTime)


class MeasureIndicator(TableBase, table=True):
    """A measure's follow-up metric as an indicator, with a baseline and a target."""

    __tablename__ = "measure_indicators"

    network_id: uuid.UUID = fk("networks.id")
    measure_id: uuid.UUID = fk("measures.id", ondelete="CASCADE")
    indicator_id: uuid.UUID = fk("indicators.id", ondelete="CASCADE")
    region_code: str | None = Field(default=None, max_length=20)
    baseline_year: int | None = None
    baseline_value: float | None = None
    target_year: int | None = None
    target_value: float | None = None
