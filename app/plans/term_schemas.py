"""Request and response shapes of council terms and cycle templates."""

import uuid
from datetime import date
from typing import Annotated, Self

from pydantic import Field, model_validator

from app.core.schemas import InputModel, PublicModel, ResourcePublic
from app.deadlines.schemas import Milestone
from app.kernel.term_cycle import valid_day
from app.plans.schemas import Body, PlanDate, Title


class TermCreate(InputModel):
    network_id: uuid.UUID
    name: Body = Field(examples=["Valtuustokausi 2025-2029"])
    start: PlanDate = Field(examples=["2025-06-01"])
    end: PlanDate = Field(examples=["2029-05-31"])

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end <= self.start:
            raise ValueError("end must be after start")
        return self


class TermUpdate(InputModel):
    name: Body | None = None


class TermPublic(ResourcePublic):
    network_id: uuid.UUID
    name: str
    start: date
    end: date


class CycleItemIn(InputModel):
    """One item of the term: in term year 1-4, or every year, on a month and day."""

    title: Title = Field(examples=["Laaja hyvinvointikertomus ja -suunnitelma valtuustolle"])
    decision_body: Body | None = Field(None, examples=["Kunnanvaltuusto"])
    term_year: Annotated[int, Field(ge=1, le=4)] | None = Field(None, examples=[1])
    every_year: bool = False
    month: Annotated[int, Field(ge=1, le=12)] = Field(examples=[5])
    day: Annotated[int, Field(ge=1, le=31)] = Field(examples=[31])
    milestones: list[Milestone] = Field(default_factory=list, max_length=20)

    @model_validator(mode="after")
    def _when(self) -> Self:
        if (self.term_year is None) == (not self.every_year):
            raise ValueError("give either term_year (1-4) or every_year: true")
        if not valid_day(self.month, self.day):
            raise ValueError("month and day must be a day that exists every year")
        return self


def _unique_titles(items: list[CycleItemIn] | None) -> list[CycleItemIn] | None:
    if items is not None and len({i.title for i in items}) != len(items):
        raise ValueError("item titles must be unique within a template")
    return items


class CycleTemplateCreate(InputModel):
    network_id: uuid.UUID
    name: Body = Field(examples=["Valtuustokausikello"])
    items: list[CycleItemIn] = Field(min_length=1, max_length=100)

    @model_validator(mode="after")
    def _unique(self) -> Self:
        _unique_titles(self.items)
        return self


class CycleTemplateUpdate(InputModel):
    name: Body | None = None
    items: list[CycleItemIn] | None = Field(None, min_length=1, max_length=100)

    @model_validator(mode="after")
    def _unique(self) -> Self:
        _unique_titles(self.items)
        return self


class CycleTemplatePublic(ResourcePublic):
    network_id: uuid.UUID
    name: str
    items: list[CycleItemIn]


class TermApply(InputModel):
    template_id: uuid.UUID


class AppliedItem(PublicModel):
    title: str
    deadline_id: uuid.UUID | None
    due: list[date] = Field(description="The item's dates within the term")


class TermApplied(PublicModel):
    term_id: uuid.UUID
    template_id: uuid.UUID
    created: list[AppliedItem] = Field(description="Deadlines put on the wheel now")
    existing: list[AppliedItem] = Field(description="Items applied before: left as they are")
    outside_term: list[str] = Field(description="Items with no date within the term")


class ImportRowError(PublicModel):
    row: int = Field(description="As the spreadsheet numbers it: the header is row 1")
    column: str = Field(examples=["Toteutuminen"])
    message: str


class ImportResult(PublicModel):
    """What an import did (or, with `dry_run`, would do)."""

    dry_run: bool
    rows: int
    goals_created: list[str]
    measures_created: list[str]
    evaluations_created: int
    evaluations_updated: int
