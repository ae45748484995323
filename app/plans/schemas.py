"""Request and response shapes of plan follow-up (examples from the seed documents)."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, AnyHttpUrl, Field, StringConstraints

from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.schemas import InputModel, LongText, PublicModel, ResourcePublic
from app.kernel.timefields import DateOrDateTime, TimeZoneName, in_supported_range
from app.plans.models import EvaluationStatus, PlanKind, PlanStatus
from app.reminders.schemas import ReminderRules

PlanDate = Annotated[date, AfterValidator(in_supported_range)]
Text1000 = Annotated[str, StringConstraints(min_length=1, max_length=1000, strip_whitespace=True)]
Title = Annotated[str, StringConstraints(min_length=1, max_length=300, strip_whitespace=True)]
Body = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
Weight = Annotated[float, Field(ge=0, le=1000, description="Relative weight in the roll-up")]
Position = Annotated[int, Field(ge=0, le=10_000, description="Order among siblings")]
Ids = Annotated[list[uuid.UUID], Field(max_length=100)]


class RollupPublic(PublicModel):
    """Computed from evaluations, never stored: yes = 1, partly = 0.5, no / none = 0."""

    yes: int
    partly: int
    no: int
    not_evaluated: int = Field(description="Measures with no evaluation or `not_evaluated`")
    share_realised: float | None = Field(
        description="Weighted share realised, 0 to 1; null when there are no measures",
        examples=[0.5833],
    )


class PlanCreate(InputModel):
    network_id: uuid.UUID
    title: Title = Field(examples=["Lasten ja nuorten hyvinvointisuunnitelma 2023-2025"])
    kind: PlanKind = Field(examples=["children_youth_welfare_plan"])
    period_start: PlanDate | None = Field(None, examples=["2023-01-01"])
    period_end: PlanDate | None = Field(None, examples=["2025-12-31"])
    party_ids: Ids = Field(default_factory=list, description="Partners who signed or own it")
    approving_body: Body | None = Field(None, examples=["Aluevaltuusto"])
    approved_on: PlanDate | None = None
    status: PlanStatus = PlanStatus.draft
    document_url: AnyHttpUrl | None = None


class PlanUpdate(InputModel):
    title: Title | None = None
    kind: PlanKind | None = None
    period_start: PlanDate | None = None
    period_end: PlanDate | None = None
    party_ids: Ids | None = None
    approving_body: Body | None = None
    approved_on: PlanDate | None = None
    status: PlanStatus | None = None
    document_url: AnyHttpUrl | None = None


class PlanPublic(ResourcePublic):
    network_id: uuid.UUID
    title: str
    kind: PlanKind
    period_start: date | None
    period_end: date | None
    party_ids: list[uuid.UUID]
    approving_body: str | None
    approved_on: date | None
    status: PlanStatus
    document_url: str | None
    rollup: RollupPublic = Field(description="Over the plan's latest round")


class GoalCreate(InputModel):
    title: Text1000 = Field(examples=["Yhteensovittava johtaminen"])
    description: LongText | None = None
    parent_id: uuid.UUID | None = Field(None, description="The goal this is a sub-goal of")
    weight: Weight = 1.0
    position: Position = 0


class GoalUpdate(InputModel):
    title: Text1000 | None = None
    description: LongText | None = None
    weight: Weight | None = None
    position: Position | None = None


class GoalPublic(ResourcePublic):
    network_id: uuid.UUID
    plan_id: uuid.UUID
    parent_id: uuid.UUID | None
    title: str
    description: str | None
    weight: float
    position: int


class MeasureCreate(InputModel):
    title: Text1000 = Field(examples=["Suunnitelmat ja niiden tavoitteet ovat yhteensovitettuja"])
    description: LongText | None = None
    responsible_partner_ids: Ids = Field(default_factory=list, description="e.g. Peso, Tesa")
    responsible_group_ids: Ids = Field(default_factory=list, description="e.g. Lanupe-työryhmä")
    metric: LongText | None = Field(
        None, examples=["Yhteensovitetut päätavoitteet lasten ja nuorten suunnitelmissa"]
    )
    weight: Weight = 1.0
    position: Position = 0


class MeasureUpdate(InputModel):
    title: Text1000 | None = None
    description: LongText | None = None
    responsible_partner_ids: Ids | None = None
    responsible_group_ids: Ids | None = None
    metric: LongText | None = None
    weight: Weight | None = None
    position: Position | None = None


class MeasurePublic(ResourcePublic):
    network_id: uuid.UUID
    plan_id: uuid.UUID
    goal_id: uuid.UUID
    title: str
    description: str | None
    responsible_partner_ids: list[uuid.UUID]
    responsible_group_ids: list[uuid.UUID]
    metric: str | None
    weight: float
    position: int


class MeasureInTree(MeasurePublic):
    evaluation: "EvaluationPublic | None" = Field(description="In the round shown")


class GoalTree(GoalPublic):
    rollup: RollupPublic
    measures: list[MeasureInTree]
    goals: list["GoalTree"] = Field(description="Sub-goals")


class GoalTreePublic(PublicModel):
    plan_id: uuid.UUID
    round_id: uuid.UUID | None = Field(description="The round whose evaluations are shown")
    rollup: RollupPublic
    goals: list[GoalTree]


class EvaluationCreate(InputModel):
    round_id: uuid.UUID
    status: EvaluationStatus = Field(examples=["partly"])
    narrative: LongText | None = Field(
        None, examples=["Osittain, valitut mittarit ja palautejärjestelmä puutteellisia"]
    )
    evidence_urls: list[AnyHttpUrl] = Field(default_factory=list, max_length=20)
    evaluated_by: uuid.UUID | None = Field(None, description="The person who evaluated")
    evaluated_on: PlanDate | None = Field(None, examples=["2025-05-08"])


class EvaluationUpdate(InputModel):
    status: EvaluationStatus | None = None
    narrative: LongText | None = None
    evidence_urls: list[AnyHttpUrl] | None = Field(None, max_length=20)
    evaluated_by: uuid.UUID | None = None
    evaluated_on: PlanDate | None = None


class EvaluationPublic(ResourcePublic):
    network_id: uuid.UUID
    measure_id: uuid.UUID
    round_id: uuid.UUID
    status: EvaluationStatus
    narrative: str | None
    evidence_urls: list[str]
    evaluated_by: uuid.UUID | None
    evaluated_on: date | None


class RoundCreate(InputModel):
    name: Body = Field(examples=["Väliraportointi 2025"])
    due: DateOrDateTime = Field(
        description="When the board handles it: a date, or local date-time in `timezone`",
        examples=["2025-05-08"],
    )
    timezone: TimeZoneName = "Europe/Helsinki"
    decision_body: Body | None = Field(
        None, examples=["Hyvinvoinnin ja terveyden edistämisen lautakunta"]
    )
    deadline: bool = Field(
        True,
        description="Put a decision deadline on the wheel with milestones: responsible "
        "parties submit -P30D, the coordinator compiles -P14D, the board handles it on `due`",
    )
    reminders: ReminderRules | None = Field(
        None,
        description="Reminders of each evaluation task; default: 7 days and 1 day before, "
        "to the assignee and the measure's responsible parties",
    )


class RoundUpdate(InputModel):
    name: Body | None = None
    decision_body: Body | None = None


class RoundPublic(ResourcePublic):
    network_id: uuid.UUID
    plan_id: uuid.UUID
    name: str
    decision_body: str | None
    due: date | datetime = Field(description="Local time with offset, or a date")
    timezone: str
    deadline_id: uuid.UUID | None = Field(description="The decision deadline on the wheel")
    event_id: uuid.UUID | None = Field(description="The board meeting that carries the tasks")
    opened_at: datetime | None
    state: Literal["planned", "open", "complete"]
    rollup: RollupPublic


class OverdueTask(PublicModel):
    task_id: uuid.UUID
    measure_id: uuid.UUID
    assignee_id: uuid.UUID | None
    due: datetime


class RoundStatusPublic(RoundPublic):
    measures: int
    evaluated: int
    missing: list[uuid.UUID] = Field(description="Measures without an evaluation")
    overdue: list[OverdueTask] = Field(description="Open evaluation tasks past their due time")


class RoundTaskPublic(PublicModel):
    measure_id: uuid.UUID
    task_id: uuid.UUID | None
    assignee_id: uuid.UUID | None
    due: datetime | None
    status: str | None


class RoundOpened(RoundPublic):
    tasks: list[RoundTaskPublic] = Field(description="One evaluation task per measure")


GoalTree.model_rebuild()
MeasureInTree.model_rebuild()


@dataclass
class PlanQuery:
    """The query string of `GET /v1/plans`."""

    network_id: uuid.UUID | None = None
    kind: PlanKind | None = None
    status: PlanStatus | None = None
    q: str | None = None
    limit: LimitParam = DEFAULT_LIMIT
    cursor: CursorParam = None


@dataclass
class EvaluationQuery:
    """The query string of `GET /v1/measures/{measure_id}/evaluations`."""

    round_id: uuid.UUID | None = None
    limit: LimitParam = DEFAULT_LIMIT
    cursor: CursorParam = None
