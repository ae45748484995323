"""One route builder for the plain network-scoped resources: list, get, create, patch, delete,
and for the resources that live under a parent (`POST /v1/plans/{plan_id}/goals`)."""

import inspect
import uuid
from collections.abc import Awaitable, Callable, Collection, Coroutine, Mapping, Sequence
from dataclasses import dataclass
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
Verb = Callable[..., Coroutine[Any, Any, Any]]
# (session, row) -> the public model, or an awaitable of it; without one the row itself is
# answered and `response_model` picks its public fields.
Present = Callable[[Any, Any], Any]
# row -> the public model: a domain's views function that needs nothing but the row.
View = Callable[[Any], BaseModel]
Principal = Callable[..., Awaitable[NetworkScope]]


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


@dataclass(frozen=True)
class Verbs:
    """The same verbs where one module serves several resources (plans: plans, goals,
    measures) or a flow does a verb's work. Children take their parent after the principal:
    `create(session, principal, plan, body)`, `get_all(session, principal, plan, query)`."""

    get: Verb
    get_writable: Verb
    get_all: Verb | None = None
    create: Verb | None = None
    update: Verb | None = None
    delete: Verb | None = None

    @classmethod
    def of(cls, module: object, **others: Verb) -> "Verbs":
        """The verbs a module names plainly (`get`, `get_all`, ...), with `others` (a flow's
        functions) in place of the module's own."""
        verbs = {name: getattr(module, name, None) for name in (*OPERATIONS, "get_writable")}
        verbs.update(others)
        return cls(**{name: verb for name, verb in verbs.items() if verb is not None})

    @classmethod
    def named(cls, module: object, noun: str, plural: str | None = None) -> "Verbs":
        """The verbs a module names after `noun`: `get_template`, `get_all_templates`, ..."""
        verbs = {name: getattr(module, f"{name}_{noun}", None) for name in OPERATIONS}
        verbs["get_all"] = getattr(module, f"get_all_{plural or noun + 's'}", None)
        verbs["get_writable"] = getattr(module, f"get_writable_{noun}")
        return cls(**{name: verb for name, verb in verbs.items() if verb is not None})


Service = CrudService[Any, Any, Any, Any] | Verbs


def _verb(service: Service, name: str) -> Verb:
    verb: Verb | None = getattr(service, name, None)
    assert verb is not None, f"{service} has no {name}"
    return verb


def _presenter(present: Present | None, view: View | None) -> Present | None:
    """One way to show a row: `present` (with the session) or `view` (the row alone)."""
    assert present is None or view is None, "give present or view, not both"
    if view is None:
        return present
    return lambda _session, obj: view(obj)


async def _shown(present: Present | None, session: Any, obj: Any) -> Any:
    if present is None:
        return obj
    shown = present(session, obj)
    return await shown if inspect.isawaitable(shown) else shown


def _names(noun: str | None, plural: str | None) -> dict[str, str]:
    """Endpoint names, hence operationIds: `get` or, with a noun, `get_goal`/`get_all_goals`."""
    if noun is None:
        return {name: name for name in OPERATIONS}
    names = {name: f"{name}_{noun}" for name in OPERATIONS}
    names["get_all"] = f"get_all_{plural or noun + 's'}"
    return names


@dataclass(frozen=True)
class _Docs:
    router: APIRouter
    names: dict[str, str]
    docs: Mapping[str, str]
    summaries: Mapping[str, str]

    def add(self, op: str, path: str, method: str, endpoint: Verb, **options: Any) -> None:
        self.router.add_api_route(
            path,
            endpoint,
            methods=[method],
            name=self.names[op],
            summary=self.summaries.get(op),
            description=self.docs.get(op),
            **options,
        )


def add_crud_routes(
    router: APIRouter,
    service: Service,
    *,
    principal: Principal,
    id_param: str,
    public: type[BaseModel],
    create: type[BaseModel] | None = None,
    update: type[BaseModel] | None = None,
    query: type[object] | None = None,
    docs: Mapping[str, str] | None = None,
    summaries: Mapping[str, str] | None = None,
    noun: str | None = None,
    plural: str | None = None,
    present: Present | None = None,
    view: View | None = None,
    operations: Collection[str] = OPERATIONS,
) -> None:
    """Add the plain routes to `router` (its prefix is the collection's path).

    The path parameter keeps the resource's own name (`partner_id`), the endpoint names give
    the operationIds (`partners-get-all`, or with `noun="goal"` `goals-get-goal`), and `docs`
    and `summaries` the texts, so the OpenAPI document reads as if each route were written out
    by hand.
    """
    present = _presenter(present, view)
    Caller = Annotated[NetworkScope, Depends(principal)]
    ItemId = Annotated[uuid.UUID, Path(alias=id_param, title=id_param.replace("_", " ").title())]
    add = _Docs(router, _names(noun, plural), docs or {}, summaries or {}).add

    async def create_item(
        body: BaseModel, session: SessionDep, caller: Caller, response: Response
    ) -> Any:
        obj = await _verb(service, "create")(session, caller, body)
        set_etag(response, obj)
        response.headers["Location"] = f"{router.prefix}/{obj.id}"
        return await _shown(present, session, obj)

    async def get_all(
        session: SessionDep, caller: Caller, params: Annotated[Any, Depends(query)]
    ) -> Any:
        rows, next_cursor = await _verb(service, "get_all")(session, caller, params)
        data = [await _shown(present, session, row) for row in rows]
        return Page[Any](data=data, next_cursor=next_cursor)

    async def get(item_id: ItemId, session: SessionDep, caller: Caller, response: Response) -> Any:
        obj = await service.get(session, caller, item_id)
        set_etag(response, obj)
        return await _shown(present, session, obj)

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
        await _verb(service, "update")(session, caller, obj, body)
        set_etag(response, obj)
        return await _shown(present, session, obj)

    async def delete(item_id: ItemId, session: SessionDep, caller: Caller) -> None:
        obj = await service.get_writable(session, caller, item_id)
        await _verb(service, "delete")(session, caller, obj)

    # The body types are the domain's own schemas; FastAPI reads them from the signature.
    create_item.__annotations__["body"] = create
    update_item.__annotations__["body"] = update

    item = "/{" + id_param + "}"
    if "create" in operations:
        add("create", "", "POST", create_item, status_code=status.HTTP_201_CREATED,
            response_model=public)  # fmt: skip
    if "get_all" in operations:
        add("get_all", "", "GET", get_all, response_model=Page[public])  # type: ignore[valid-type]
    if "get" in operations:
        add("get", item, "GET", get, response_model=public)
    if "update" in operations:
        add("update", item, "PATCH", update_item, response_model=public)
    if "delete" in operations:
        add("delete", item, "DELETE", delete, status_code=status.HTTP_204_NO_CONTENT)


def add_child_routes(
    router: APIRouter,
    parent: Service,
    children: Verbs,
    *,
    principal: Principal,
    parent_param: str,
    path: str,
    location: str,
    public: type[BaseModel],
    create: type[BaseModel] | None = None,
    query: type[object] | None = None,
    docs: Mapping[str, str] | None = None,
    summaries: Mapping[str, str] | None = None,
    noun: str | None = None,
    plural: str | None = None,
    present: Present | None = None,
    view: View | None = None,
) -> None:
    """`POST` and `GET` of the children under one parent of `router`
    (`/{plan_id}/goals`); `location` is the prefix of a child's own URL (`/v1/goals`).
    Creating needs the parent writable, listing readable; each verb is left out without its
    `children` function."""
    present = _presenter(present, view)
    Caller = Annotated[NetworkScope, Depends(principal)]
    ParentId = Annotated[
        uuid.UUID, Path(alias=parent_param, title=parent_param.replace("_", " ").title())
    ]
    add = _Docs(router, _names(noun, plural), docs or {}, summaries or {}).add
    under = "/{" + parent_param + "}/" + path

    async def create_item(
        parent_id: ParentId, body: BaseModel, session: SessionDep, caller: Caller,
        response: Response,
    ) -> Any:  # fmt: skip
        owner = await parent.get_writable(session, caller, parent_id)
        obj = await _verb(children, "create")(session, caller, owner, body)
        set_etag(response, obj)
        response.headers["Location"] = f"{location}/{obj.id}"
        return await _shown(present, session, obj)

    async def get_all(
        parent_id: ParentId,
        session: SessionDep,
        caller: Caller,
        params: Annotated[Any, Depends(query)],
    ) -> Any:
        owner = await parent.get(session, caller, parent_id)
        rows, next_cursor = await _verb(children, "get_all")(session, caller, owner, params)
        data = [await _shown(present, session, row) for row in rows]
        return Page[Any](data=data, next_cursor=next_cursor)

    create_item.__annotations__["body"] = create
    if children.create is not None:
        add("create", under, "POST", create_item, status_code=status.HTTP_201_CREATED,
            response_model=public)  # fmt: skip
    if children.get_all is not None:
        add("get_all", under, "GET", get_all, response_model=Page[public])  # type: ignore[valid-type]
