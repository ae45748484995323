"""One route builder for the plain network-scoped resources: list, get, create, patch, delete."""

import uuid
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from typing import Annotated, Any, Protocol, TypeVar

from fastapi import APIRouter, Depends, Path, Response, status
from pydantic import BaseModel

from app.core.db.session import SessionDep
from app.core.etag import IfMatchHeader, Versioned, check_if_match, set_etag
from app.core.repository import NetworkScope
from app.core.schemas import Page

M = TypeVar("M", bound=Versioned)
C = TypeVar("C", bound=BaseModel, contravariant=True)
U = TypeVar("U", bound=BaseModel, contravariant=True)
Q = TypeVar("Q", contravariant=True)

OPERATIONS = ("create", "get_all", "get", "update", "delete")


class Identified(Versioned, Protocol):
    id: uuid.UUID


class CrudService(Protocol[M, C, U, Q]):
    """The verbs a domain's service module offers for a plain resource (Dispatch's names)."""

    async def get(self, session: Any, principal: Any, id: uuid.UUID, /) -> M: ...

    async def get_writable(self, session: Any, principal: Any, id: uuid.UUID, /) -> M: ...

    async def get_all(
        self, session: Any, principal: Any, query: Q, /
    ) -> tuple[Sequence[M], str | None]: ...

    async def create(self, session: Any, principal: Any, data: C, /) -> M: ...

    async def update(self, session: Any, principal: Any, obj: M, data: U, /) -> list[str]: ...

    async def delete(self, session: Any, principal: Any, obj: M, /) -> None: ...


def add_crud_routes(
    router: APIRouter,
    service: CrudService[Any, Any, Any, Any],
    *,
    principal: Callable[..., Awaitable[NetworkScope]],
    id_param: str,
    public: type[BaseModel],
    create: type[BaseModel],
    update: type[BaseModel],
    query: type[object],
    docs: Mapping[str, str] | None = None,
    operations: Collection[str] = OPERATIONS,
) -> None:
    """Add the plain routes to `router` (its prefix is the collection's path).

    The path parameter keeps the resource's own name (`partner_id`), the endpoint names give
    the operationIds (`partners-get-all`), and `docs` the descriptions, so the OpenAPI document
    reads as if each route were written out by hand.
    """
    docs = docs or {}
    Caller = Annotated[NetworkScope, Depends(principal)]
    ItemId = Annotated[uuid.UUID, Path(alias=id_param, title=id_param.replace("_", " ").title())]

    async def create_item(
        body: BaseModel, session: SessionDep, caller: Caller, response: Response
    ) -> Any:
        obj = await service.create(session, caller, body)
        set_etag(response, obj)
        response.headers["Location"] = f"{router.prefix}/{obj.id}"
        return obj

    async def get_all(
        session: SessionDep, caller: Caller, params: Annotated[Any, Depends(query)]
    ) -> Any:
        rows, next_cursor = await service.get_all(session, caller, params)
        return Page[Any](data=list(rows), next_cursor=next_cursor)

    async def get(item_id: ItemId, session: SessionDep, caller: Caller, response: Response) -> Any:
        obj = await service.get(session, caller, item_id)
        set_etag(response, obj)
        return obj

    async def update_item(
        item_id: ItemId,
        body: BaseModel,
        session: SessionDep,
        caller: Caller,
        response: Response,
        if_match: IfMatchHeader = None,
    ) -> Any:
        obj = await service.get_writable(session, caller, item_id)
        check_if_match(if_match, obj)
        await service.update(session, caller, obj, body)
        set_etag(response, obj)
        return obj

    async def delete(item_id: ItemId, session: SessionDep, caller: Caller) -> None:
        obj = await service.get_writable(session, caller, item_id)
        await service.delete(session, caller, obj)

    # The body types are the domain's own schemas; FastAPI reads them from the signature.
    create_item.__annotations__["body"] = create
    update_item.__annotations__["body"] = update

    item = "/{" + id_param + "}"
    routes: dict[str, tuple[str, str, Callable[..., Awaitable[Any]], dict[str, Any]]] = {
        "create": (
            "",
            "POST",
            create_item,
            {"status_code": status.HTTP_201_CREATED, "response_model": public},
        ),
        "get_all": ("", "GET", get_all, {"response_model": Page[public]}),  # type: ignore[valid-type]
        "get": (item, "GET", get, {"response_model": public}),
        "update": (item, "PATCH", update_item, {"response_model": public}),
        "delete": (item, "DELETE", delete, {"status_code": status.HTTP_204_NO_CONTENT}),
    }
    for name in OPERATIONS:
        if name not in operations:
            continue
        path, method, endpoint, options = routes[name]
        router.add_api_route(
            path,
            endpoint,
            methods=[method],
            name=name,
            description=docs.get(name),
            **options,
        )
