import uuid
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field

from app.core.db.base import TableBase, fk


class PartnerKind(StrEnum):
    municipality = "municipality"
    wellbeing_county = "wellbeing_county"
    regional_council = "regional_council"
    state_agency = "state_agency"
    ngo = "ngo"
    parish = "parish"
    school = "school"
    university = "university"
    company = "company"
    other = "other"


class Partner(TableBase, table=True):
    """An organisation in the network (kumppani, toimija)."""

    __tablename__ = "partners"
    __table_args__ = (sa.UniqueConstraint("network_id", "business_id"),)

    network_id: uuid.UUID = fk("networks.id")
    name: str = Field(max_length=200, index=True)
    kind: PartnerKind = Field(sa_type=sa.String(30))
    business_id: str | None = Field(default=None, max_length=9)
    municipality_code: str | None = Field(default=None, max_length=3)
    # Sotkanet's HYVINVOINTIALUE code ("19"), only on a partner of kind wellbeing_county.
    wellbeing_county_code: str | None = Field(default=None, max_length=2)
