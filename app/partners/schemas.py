import uuid
from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator, Field

from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.schemas import InputModel, Name, ResourcePublic
from app.kernel.business_id import normalise_business_id
from app.kernel.wellbeing_counties import normalise_wellbeing_county_code
from app.partners.models import PartnerKind

BusinessId = Annotated[
    str,
    Field(max_length=20, examples=["0187690-1"], description="Y-tunnus, check digit validated"),
    AfterValidator(normalise_business_id),
]
MunicipalityCode = Annotated[
    str,
    Field(
        pattern=r"^[0-9]{3}$", examples=["564"], description="Statistics Finland municipality code"
    ),
]

WellbeingCountyCode = Annotated[
    str,
    Field(
        max_length=3, examples=["19"],
        description="A wellbeing county's code, as Sotkanet's region category HYVINVOINTIALUE "
        "gives it (1-21, 90 Helsinki, 91 Ahvenanmaa; a leading zero is dropped): the region "
        "the network's indicators follow for this partner. Only for kind `wellbeing_county`",
    ),
    AfterValidator(normalise_wellbeing_county_code),
]  # fmt: skip


class PartnerCreate(InputModel):
    network_id: uuid.UUID
    name: Name
    kind: PartnerKind
    business_id: BusinessId | None = None
    municipality_code: MunicipalityCode | None = None
    wellbeing_county_code: WellbeingCountyCode | None = None


class PartnerUpdate(InputModel):
    name: Name | None = None
    kind: PartnerKind | None = None
    business_id: BusinessId | None = None
    municipality_code: MunicipalityCode | None = None
    wellbeing_county_code: WellbeingCountyCode | None = None


class PartnerPublic(ResourcePublic):
    network_id: uuid.UUID
    name: str
    kind: PartnerKind
    business_id: str | None
    municipality_code: str | None
    wellbeing_county_code: str | None


@dataclass
class PartnerQuery:
    """The query string of `GET /v1/partners`."""

    network_id: uuid.UUID | None = None
    kind: PartnerKind | None = None
    municipality_code: str | None = None
    q: str | None = None
    limit: LimitParam = DEFAULT_LIMIT
    cursor: CursorParam = None
