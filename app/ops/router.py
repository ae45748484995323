"""What operators and their tools call: liveness, readiness and Prometheus metrics."""

import hmac
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.security import HTTPAuthorizationCredentials
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.auth.deps import bearer_scheme, get_principal
from app.core.config import get_settings
from app.core.db.migrate import heads
from app.core.db.session import SessionDep, get_database
from app.core.errors import Forbidden, NotReady, Unauthorized
from app.flows.observe import refresh

router = APIRouter(tags=["health"])


@router.get("/healthz", name="live")
async def healthz() -> dict[str, str]:
    """Liveness: the process answers (it does not touch the database)."""
    return {"status": "ok"}


@router.get("/readyz", name="ready")
async def readyz(session: SessionDep) -> dict[str, str]:
    """Readiness: the database answers and its schema is at this code's migration head."""
    try:
        connection = await session.connection()
        rows = (await connection.execute(text("SELECT version_num FROM alembic_version"))).all()
    except SQLAlchemyError as exc:
        raise NotReady(
            "The database does not answer or has no schema: check VUOSIKELLO_DATABASE_URL "
            "and run `vuosikello migrate`.",
            check="database",
            reason=type(exc).__name__,
        ) from exc
    current = {row[0] for row in rows}
    if current != set(heads()):
        raise NotReady(
            "The database schema is not at this version's migration head: run "
            "`vuosikello migrate` (the one-shot vuosikello-migrate service).",
            check="migrations",
            current=sorted(current),
            head=sorted(heads()),
        )
    return {"status": "ok"}


@router.get("/metrics", name="metrics", include_in_schema=False)
async def metrics(
    request: Request,
    session: SessionDep,
    response: Response,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> Response:
    """Prometheus text format; for VUOSIKELLO_METRICS_TOKEN or an admin's access token."""
    token = get_settings().metrics_token
    presented = credentials.credentials if credentials is not None else ""
    if not (token and hmac.compare_digest(presented.encode(), token.encode())):
        if credentials is None:
            raise Unauthorized(
                "Send `Authorization: Bearer <VUOSIKELLO_METRICS_TOKEN>` or an admin's token",
                error=None,
            )
        principal = await get_principal(request, session, response, credentials)
        if not principal.is_admin:
            raise Forbidden("Metrics are for the metrics token or an admin client")
    await refresh(session, get_database().engine)
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
