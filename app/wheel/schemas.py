"""The wheel's options, its colours, and embeddable wheel pages."""

import uuid
from typing import Annotated, Literal

from pydantic import AnyUrl, Field, StringConstraints, field_validator

from app.core.schemas import InputModel, Name, PublicModel, ResourcePublic
from app.feeds.models import FeedScope

RingKey = Literal["category", "group", "partner", "kind"]
Kind = Literal["event", "deadline", "milestone", "task"]
Lang = Literal["fi", "sv", "en"]
Category = Annotated[str, StringConstraints(min_length=1, max_length=100, strip_whitespace=True)]
HexColor = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]
MIN_SIZE, MAX_SIZE, DEFAULT_SIZE = 300, 2400, 900
DEFAULT_KINDS: tuple[Kind, ...] = ("event", "deadline", "milestone")


class WheelOptions(InputModel):
    """What a wheel shows and how: the same for the picture, the export and an embed."""

    rings: RingKey = Field("category", description="What the rings are")
    categories: list[Category] = Field(
        default_factory=list, max_length=100, description="Only these categories (empty: all)"
    )
    groups: list[uuid.UUID] = Field(
        default_factory=list, max_length=100, description="Only these groups' events"
    )
    partners: list[uuid.UUID] = Field(
        default_factory=list, max_length=100, description="Only items of these partners"
    )
    kinds: list[Kind] = Field(
        default_factory=lambda: list(DEFAULT_KINDS),
        max_length=4,
        description="Which kinds of item (default: events, deadlines, milestones)",
    )
    lang: Lang = Field("fi", description="Month names and words: Finnish, Swedish, English")
    size: int = Field(DEFAULT_SIZE, ge=MIN_SIZE, le=MAX_SIZE, description="Diameter in pixels")
    start_month: int = Field(
        1, ge=1, le=12, description="The month the wheel starts with (8: a school year)"
    )


class CategoryColors(InputModel):
    colors: dict[Category, HexColor] = Field(
        max_length=200,
        description="Category → colour as #RRGGBB; categories left out get the default "
        "colour-blind-safe palette",
        examples=[{"Hyvinvointi": "#E69F00", "Talous": "#0072B2"}],
    )


class CategoryColorsPublic(PublicModel):
    network_id: uuid.UUID
    colors: dict[str, str]


def _origin(value: AnyUrl) -> str:
    if value.scheme not in ("http", "https") or not value.host:
        raise ValueError("must be an http(s) origin such as https://intranet.example.fi")
    if (value.path not in (None, "", "/")) or value.query or value.fragment or value.username:
        raise ValueError("must be an origin only: scheme, host and port, no path")
    port = (
        f":{value.port}"
        if value.port and value.port != {"http": 80, "https": 443}[value.scheme]
        else ""
    )
    return f"{value.scheme}://{value.host}{port}"


class EmbedCreate(InputModel):
    scope: FeedScope = Field(description="network, group, partner, or person (their groups)")
    network_id: uuid.UUID
    group_id: uuid.UUID | None = Field(None, description="Required for scope `group`")
    partner_id: uuid.UUID | None = Field(None, description="Required for scope `partner`")
    person_id: uuid.UUID | None = Field(None, description="Required for scope `person`")
    name: Name | None = Field(None, description="The page's heading; defaults to the network")
    options: WheelOptions = Field(default_factory=WheelOptions)
    allowed_origins: list[AnyUrl] = Field(
        min_length=1,
        max_length=20,
        description="The intranet origins whose pages may frame the wheel (CSP "
        "frame-ancestors); every other origin is refused",
        examples=[["https://intranet.example.fi"]],
    )

    @field_validator("allowed_origins")
    @classmethod
    def _origins(cls, values: list[AnyUrl]) -> list[AnyUrl]:
        for value in values:
            _origin(value)
        return values

    def origins(self) -> list[str]:
        return sorted({_origin(v) for v in self.allowed_origins})


class EmbedPublic(ResourcePublic):
    """An embed as announced: never with its token."""

    network_id: uuid.UUID
    scope: FeedScope
    group_id: uuid.UUID | None
    partner_id: uuid.UUID | None
    person_id: uuid.UUID | None
    name: str | None
    options: WheelOptions
    allowed_origins: list[str]


class EmbedCreated(EmbedPublic):
    """Shown once, at creation: the URL holds the secret token."""

    url: str = Field(description="The page to put in the intranet's <iframe>; keep it secret")
