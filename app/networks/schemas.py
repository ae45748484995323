from app.core.schemas import InputModel, LongText, Name, ResourcePublic


class NetworkBase(InputModel):
    name: Name
    description: LongText | None = None


class NetworkCreate(NetworkBase):
    pass


class NetworkUpdate(InputModel):
    name: Name | None = None
    description: LongText | None = None


class NetworkPublic(ResourcePublic):
    name: str
    description: str | None
