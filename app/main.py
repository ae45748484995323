"""The ASGI application."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.routing import APIRoute

from app import apidocs
from app.audit.router import router as audit_router
from app.auth.router import router as auth_router
from app.core import problems
from app.core.config import get_settings
from app.core.db.session import get_database
from app.core.requests import RequestObserver
from app.deadlines.router import router as deadlines_router
from app.events.router import router as events_router
from app.feeds.router import import_router, public_router
from app.feeds.router import router as feeds_router
from app.groups.router import router as groups_router
from app.indicators import router as indicators
from app.limits.idempotency import Replay, replay_response
from app.limits.middleware import LimitsMiddleware
from app.limits.ratelimit import limiter
from app.networks.router import router as networks_router
from app.notifications import catalogue
from app.notifications.router import router as notifications_router
from app.occurrences.router import router as occurrences_router
from app.ops.router import router as ops_router
from app.partners.router import router as partners_router
from app.people.router import router as people_router
from app.plans import report_router as plan_reports
from app.plans import rounds_router as plan_rounds
from app.plans import router as plans
from app.plans import terms_router as plan_terms
from app.privacy.router import router as privacy_router
from app.reminders.router import router as reminders_router
from app.tasks.router import preparation_router, tasks_router, templates_router
from app.webhooks.router import router as webhooks_router
from app.wheel.router import public_router as wheel_page_router
from app.wheel.router import router as wheel_router
from app.worker.scheduler import Worker

API_DESCRIPTION = """\
Vuosikello keeps the shared annual wheel of a child, youth and family welfare network:
partners, steering groups, and the events, decisions and seminars of the year.

Authenticate with OAuth2 client credentials at `/v1/auth/token` and send
`Authorization: Bearer <token>`; where configured, access tokens of the organisation's OpenID
Connect provider (such as Microsoft Entra ID) are accepted too, with the role and networks
taken from their claims. Errors are RFC 9457 `application/problem+json`.

Each client may make 600 requests a minute (each feed URL 120): over that, `429` with
`Retry-After`; the `RateLimit` headers show what is left. Request bodies are at most 1 MiB
(imports 10 MiB). Every authenticated `POST` accepts an `Idempotency-Key`: a retry with the
same key and body returns the first response instead of creating twice.
"""


def operation_id(route: APIRoute) -> str:
    """Readable operationIds such as `partners-create` and `events-get-all-occurrences`."""
    return f"{route.tags[0]}-{route.name.replace('_', '-')}"


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    worker = None
    if get_settings().run_worker:  # `vuosikello serve --with-worker`
        worker = Worker()
        worker.start()
    yield
    if worker is not None:
        await worker.stop()
    await limiter.close()  # report the last rate-limit counts to the shared windows
    await get_database().dispose()


DOCUMENTED = (
    auth_router,
    networks_router,
    partners_router,
    people_router,
    groups_router,
    events_router,
    preparation_router,
    occurrences_router,
    deadlines_router,
    templates_router,
    tasks_router,
    reminders_router,
    feeds_router,
    import_router,
    public_router,
    notifications_router,
    webhooks_router,
    audit_router,
    privacy_router,
    wheel_router,
    wheel_page_router,
    plans.plans_router,
    plan_reports.router,
    plans.goals_router,
    plans.measures_router,
    plan_rounds.plan_rounds_router,
    plan_rounds.rounds_router,
    plan_rounds.measure_evaluations_router,
    plan_rounds.evaluations_router,
    plan_terms.terms_router,
    plan_terms.templates_router,
    indicators.router,
    indicators.measures_router,
    indicators.situation_router,
    ops_router,
)


def documented_order(paths: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI paths in the order of DOCUMENTED (then any others as they came)."""
    order: dict[str, int] = {}
    for router in DOCUMENTED:
        for route in router.routes:
            order.setdefault(getattr(route, "path", ""), len(order))
    return dict(sorted(paths.items(), key=lambda item: order.get(item[0], len(order))))


def create_app() -> FastAPI:
    app = FastAPI(
        title="Vuosikello API",
        version="1.0.0",
        description=API_DESCRIPTION,
        generate_unique_id_function=operation_id,
        lifespan=lifespan,
        # Starlette's redirect would be absolute, built from the Host header a caller chose;
        # a path with a trailing slash gets a 404 problem naming the right path instead.
        redirect_slashes=False,
        docs_url=None,
        redoc_url=None,
    )
    apidocs.install(app)
    problems.install(app)
    app.add_middleware(LimitsMiddleware)
    app.add_middleware(RequestObserver)  # outermost: ids, counts and logs refused ones too

    @app.exception_handler(Replay)
    async def _replay(_request: Request, exc: Replay) -> Response:
        return replay_response(exc)

    catalogue.document(app)
    # A request walks the routers in order until one matches: the hot paths (the feed, health
    # checks, networks, events) go first; networks (5 routes) before events (9), so the
    # network list does not walk every event route. No two routers share a path, so the order
    # changes nothing but the time to find a route; the API documents them in DOCUMENTED order.
    hot = (public_router, ops_router, networks_router, events_router)
    for router in hot + tuple(r for r in DOCUMENTED if r not in hot):
        app.include_router(router)

    generate_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            generated = generate_openapi()
            generated["paths"] = documented_order(generated.get("paths", {}))
            schema = problems.document(generated)
            schema = apidocs.describe_access(schema, get_settings().public_url)
            app.openapi_schema = apidocs.describe_operations(schema)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


app = create_app()
