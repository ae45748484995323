"""The notification catalogue: every CloudEvents type, with the schema of its `data`.

It is published as OpenAPI `webhooks`, one entry per type, so integrators can generate
receivers from the same document as the API.
"""

from typing import Any, Literal

from fastapi import FastAPI
from pydantic import BaseModel, Field, create_model

from app.deadlines.schemas import DeadlinePublic, DecisionPublic
from app.events.schemas import EventPublic, OccurrencePublic
from app.feeds.schemas import FeedPublic
from app.groups.schemas import GroupPublic, MembershipPublic
from app.indicators.schemas import IndicatorPublic, MeasureIndicatorPublic, ValuesUpdated
from app.networks.schemas import NetworkPublic
from app.notifications.schemas import CloudEvent
from app.partners.schemas import PartnerPublic
from app.people.schemas import PersonPublic
from app.plans.schemas import EvaluationPublic, GoalPublic, MeasurePublic, PlanPublic, RoundPublic
from app.plans.term_schemas import CycleTemplatePublic, TermApplied, TermPublic
from app.reminders.schemas import ReminderPublic
from app.tasks.schemas import PreparationPublic, TaskPublic, TemplatePublic
from app.webhooks.schemas import WebhookPublic
from app.wheel.schemas import CategoryColorsPublic, EmbedPublic

CRUD = ("created", "updated", "deleted")


class WebhookDisabled(BaseModel):
    id: str
    url: str
    reason: str


class WebhookPing(BaseModel):
    webhook_id: str


CATALOGUE: dict[str, tuple[type[BaseModel], str]] = {}


def register(resource: str, verbs: tuple[str, ...], schema: type[BaseModel], what: str) -> None:
    for verb in verbs:
        CATALOGUE[f"fi.vuosikello.{resource}.{verb}"] = (schema, f"{what} {verb}")


register("network", CRUD, NetworkPublic, "A network was")
register("partner", CRUD, PartnerPublic, "A partner was")
register("person", CRUD, PersonPublic, "A person was")
register("person", ("erased",), PersonPublic, "A person (pseudonymised) was")
register("group", CRUD, GroupPublic, "A group was")
register("membership", CRUD, MembershipPublic, "A group membership was")
register("event", (*CRUD, "cancelled"), EventPublic, "An event series was")
register("occurrence", ("updated", "cancelled"), OccurrencePublic, "One occurrence was")
register("webhook", ("disabled",), WebhookDisabled, "A webhook endpoint was")
register("webhook", ("ping",), WebhookPing, "A test ping was")
register("webhook", (*CRUD, "rotated"), WebhookPublic, "A webhook endpoint was")
register("feed", ("created", "deleted"), FeedPublic, "An iCal subscription was")
# Deadlines, preparation and reminders (app/deadlines, app/tasks, app/reminders).
register("deadline", CRUD, DeadlinePublic, "A decision deadline was")
register("deadline", ("decided",), DecisionPublic, "An outcome was recorded for a deadline")
register("deadline", ("approaching",), ReminderPublic, "A milestone reminder of a deadline")
# The wheel as a picture (app/wheel).
register("wheel_embed", ("created", "deleted"), EmbedPublic, "An embeddable wheel page was")
register("category_colors", ("updated",), CategoryColorsPublic, "A network's wheel colours were")
register("preparation_template", CRUD, TemplatePublic, "A preparation template was")
register("preparation", ("created",), PreparationPublic, "A template was applied to an event:")
register("task", ("updated", "overdue"), TaskPublic, "A preparation task was")
register("task", ("due",), ReminderPublic, "A preparation task's reminder")
register("reminder", ("due",), ReminderPublic, "A reminder")
# Plan follow-up (app/plans).
register("plan", CRUD, PlanPublic, "A plan was")
register("goal", CRUD, GoalPublic, "A goal of a plan was")
register("measure", CRUD, MeasurePublic, "A measure of a plan was")
register("evaluation", CRUD, EvaluationPublic, "An evaluation of a measure was")
register("round", (*CRUD, "opened"), RoundPublic, "A follow-up round was")
register("term", CRUD, TermPublic, "A council term was")
register("term", ("applied",), TermApplied, "A cycle template was applied to a council term:")
register("cycle_template", CRUD, CycleTemplatePublic, "A council-term cycle template was")
# Indicators and the situational picture (app/indicators).
register("indicator", CRUD, IndicatorPublic, "An indicator was")
register("indicator", ("values_updated",), ValuesUpdated, "Values of an indicator were changed:")
register("measure_indicator", ("created", "deleted"), MeasureIndicatorPublic,
         "A measure's indicator reference was")  # fmt: skip


def _with_changed_fields(schema: type[BaseModel]) -> type[BaseModel]:
    return create_model(
        f"{schema.__name__}Changed",
        __base__=schema,
        changed_fields=(list[str], Field(description="The fields this update changed")),
    )


def _event_model(type_name: str, schema: type[BaseModel]) -> type[BaseModel]:
    data_schema = _with_changed_fields(schema) if type_name.endswith(".updated") else schema
    name = "".join(part.capitalize() for part in type_name.split(".")[2:]) + "Event"
    fields: dict[str, Any] = {
        "type": (Literal[type_name], type_name),
        "data": (data_schema, ...),
    }
    return create_model(name, __base__=CloudEvent, **fields)


def document(app: FastAPI) -> None:
    """Add one OpenAPI webhook per notification type."""
    for type_name, (schema, summary) in sorted(CATALOGUE.items()):
        model = _event_model(type_name, schema)

        async def receiver(body: model) -> None:  # type: ignore[valid-type]
            """Delivered as `application/cloudevents+json` with Standard Webhooks headers."""

        app.webhooks.add_api_route(
            type_name,
            receiver,
            methods=["POST"],
            summary=summary,
            name=type_name,
            operation_id=f"webhook-{type_name.removeprefix('fi.vuosikello.').replace('.', '-')}",
            tags=["notification catalogue"],
        )
