"""Shapes of the shared situational picture and of the indicator part of the board's report."""

import uuid
from typing import Literal

from pydantic import Field

from app.core.schemas import PublicModel
from app.indicators.schemas import AttributionPublic, IndicatorPublic
from app.plans.schemas import RollupPublic

Trend = Literal["up", "down", "flat"]
Assessment = Literal["improving", "worsening", "stable", "unknown"]
Status = Literal[
    "target_met", "improving", "worsening", "unchanged", "not_met", "no_target", "no_data"
]


class TargetStatus(PublicModel):
    measure_id: uuid.UUID
    baseline_year: int | None
    baseline_value: float | None
    target_year: int | None
    target_value: float | None
    status: Status = Field(description="The latest value against the target, direction-aware")


class RegionSituation(PublicModel):
    region_code: str
    region_category: str
    region_title: str | None
    latest_year: int | None
    latest_value: float | None
    previous_year: int | None
    previous_value: float | None
    trend: Trend | None = Field(description="From the previous value to the latest")
    assessment: Assessment = Field(description="The trend read against the direction")
    targets: list[TargetStatus] = Field(description="Measures' targets for this region")


class IndicatorSituation(PublicModel):
    indicator: IndicatorPublic
    regions: list[RegionSituation]


class PlanSituation(PublicModel):
    plan_id: uuid.UUID
    title: str
    status: str
    rollup: RollupPublic = Field(description="Over the plan's latest round")


class SituationPublic(PublicModel):
    network_id: uuid.UUID
    year: int | None = Field(description="Values up to this year; null: all years")
    indicators: list[IndicatorSituation]
    plans: list[PlanSituation]
    attributions: list[AttributionPublic] = Field(description="Sources of the values shown")


class ReportIndicatorRow(PublicModel):
    """One indicator of one measure for one region, as the board's report shows it."""

    goal: str
    measure: str
    measure_id: uuid.UUID
    indicator_id: uuid.UUID
    indicator: str
    unit: str | None
    region_code: str
    region_category: str
    region_title: str | None
    baseline_year: int | None
    baseline_value: float | None
    target_year: int | None
    target_value: float | None
    latest_year: int | None
    latest_value: float | None
    trend: Trend | None
    status: Status
    attribution: str


class ReportRow(PublicModel):
    """A row of the follow-up table, with the import's columns."""

    goal: str
    measure: str
    responsible: list[str]
    metric: str | None
    status: str | None
    comment: str | None


class GoalShare(PublicModel):
    goal_id: uuid.UUID
    goal: str
    share_realised: float | None


class ReportPublic(PublicModel):
    """The board's report as JSON: the same rows as the CSV and the XLSX sheets."""

    plan_id: uuid.UUID
    title: str
    round_id: uuid.UUID | None
    round_name: str | None
    language: str
    share_realised: float | None
    goals: list[GoalShare]
    rows: list[ReportRow]
    indicators: list[ReportIndicatorRow]
    attributions: list[AttributionPublic]
