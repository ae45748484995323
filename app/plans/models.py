"""Plan follow-up: plans, their goal tree, measures, follow-up rounds and evaluations."""

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field

from app.core.db.base import TableBase, fk
from app.core.db.types import UTCDateTime


class PlanKind(StrEnum):
    children_youth_welfare_plan = "children_youth_welfare_plan"
    welfare_report = "welfare_report"
    welfare_agreement = "welfare_agreement"
    partnership_promise = "partnership_promise"
    other = "other"


class PlanStatus(StrEnum):
    draft = "draft"
    approved = "approved"
    in_follow_up = "in_follow_up"
    closed = "closed"


class EvaluationStatus(StrEnum):
    yes = "yes"
    partly = "partly"
    no = "no"
    not_evaluated = "not_evaluated"


class Plan(TableBase, table=True):
    """A plan followed up on a cycle (suunnitelma, hyvinvointisopimus, kumppanuuslupaus)."""

    __tablename__ = "plans"

    network_id: uuid.UUID = fk("networks.id")
    title: str = Field(max_length=300)
    kind: str = Field(max_length=40)
    period_start: date | None = None
    period_end: date | None = None
    party_ids: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    approving_body: str | None = Field(default=None, max_length=200)
    approved_on: date | None = None
    status: str = Field(default=PlanStatus.draft, max_length=20)
    document_url: str | None = Field(default=None, max_length=2000)


class Goal(TableBase, table=True):
    """A goal (tavoite) in a plan's tree; `parent_id` makes it a sub-goal."""

    __tablename__ = "goals"

    network_id: uuid.UUID = fk("networks.id")
    plan_id: uuid.UUID = fk("plans.id", ondelete="CASCADE")
    parent_id: uuid.UUID | None = fk("goals.id", nullable=True, ondelete="CASCADE")
    title: str = Field(max_length=1000)
    description: str | None = Field(default=None, max_length=10_000)
    weight: float = 1.0
    position: int = 0


class Measure(TableBase, table=True):
    """A measure (toimenpide) under a goal, with its responsible parties and metric."""

    __tablename__ = "measures"

    network_id: uuid.UUID = fk("networks.id")
    plan_id: uuid.UUID = fk("plans.id", ondelete="CASCADE")
    goal_id: uuid.UUID = fk("goals.id", ondelete="CASCADE")
    title: str = Field(max_length=1000)
    description: str | None = Field(default=None, max_length=10_000)
    responsible_partner_ids: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    responsible_group_ids: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    metric: str | None = Field(default=None, max_length=2000)
    weight: float = 1.0
    position: int = 0


class Round(TableBase, table=True):
    """A follow-up round (seurantakierros): a deadline on the wheel, one task per measure."""

    __tablename__ = "plan_rounds"

    network_id: uuid.UUID = fk("networks.id")
    plan_id: uuid.UUID = fk("plans.id", ondelete="CASCADE")
    name: str = Field(max_length=200)
    decision_body: str | None = Field(default=None, max_length=200)
    timezone: str = Field(default="Europe/Helsinki", max_length=64)
    # Naive local wall time in `timezone` (midnight for an all-day due date).
    due_local: datetime = Field(sa_type=sa.DateTime(timezone=False))
    all_day: bool = True
    deadline_id: uuid.UUID | None = fk("deadlines.id", nullable=True, ondelete="SET NULL")
    event_id: uuid.UUID | None = fk("events.id", nullable=True, ondelete="SET NULL")
    reminders: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    opened_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class RoundTask(TableBase, table=True):
    """Which task asks for which measure's evaluation in a round."""

    __tablename__ = "plan_round_tasks"
    __table_args__ = (sa.UniqueConstraint("round_id", "measure_id"),)

    round_id: uuid.UUID = fk("plan_rounds.id", ondelete="CASCADE", index=False)
    measure_id: uuid.UUID = fk("measures.id", ondelete="CASCADE")
    task_id: uuid.UUID | None = fk("tasks.id", nullable=True, ondelete="SET NULL")


class Evaluation(TableBase, table=True):
    """A measure's status in one round (toteutuminen: kyllä / osittain / ei)."""

    __tablename__ = "evaluations"
    __table_args__ = (sa.UniqueConstraint("measure_id", "round_id"),)

    network_id: uuid.UUID = fk("networks.id")
    measure_id: uuid.UUID = fk("measures.id", ondelete="CASCADE", index=False)
    round_id: uuid.UUID = fk("plan_rounds.id", ondelete="CASCADE")
    status: str = Field(max_length=20)
    narrative: str | None = Field(default=None, max_length=10_000)
    evidence_urls: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    evaluated_by: uuid.UUID | None = fk("people.id", nullable=True, ondelete="SET NULL")
    evaluated_on: date | None = None


class Term(TableBase, table=True):
    """A council term (valtuustokausi)."""

    __tablename__ = "terms"

    network_id: uuid.UUID = fk("networks.id")
    name: str = Field(max_length=200)
    start: date
    end: date


class CycleTemplate(TableBase, table=True):
    """The statutory and customary items of a council term (valtuustokausikello)."""

    __tablename__ = "cycle_templates"

    network_id: uuid.UUID = fk("networks.id")
    name: str = Field(max_length=200)
    # [{"title", "decision_body", "term_year" | "every_year", "month", "day", "milestones"}]
    items: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)


class TermItem(TableBase, table=True):
    """A template item stamped onto a term as a deadline: applying again finds it here."""

    __tablename__ = "term_items"
    __table_args__ = (sa.UniqueConstraint("term_id", "template_id", "item_key"),)

    term_id: uuid.UUID = fk("terms.id", ondelete="CASCADE", index=False)
    template_id: uuid.UUID = fk("cycle_templates.id", ondelete="CASCADE")
    item_key: str = Field(max_length=300)
    deadline_id: uuid.UUID | None = fk("deadlines.id", nullable=True, ondelete="SET NULL")
