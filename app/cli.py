"""The `vuosikello` command."""

import asyncio
import json
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from app.auth.models import Role
from app.cli_support import importing, print_credentials
from app.core.config import get_settings
from app.webhooks.listen import listen as listen_for_webhooks

if TYPE_CHECKING:
    from app.kernel.audit_chain import ChainVerifier

cli = typer.Typer(no_args_is_help=True, help="Vuosikello: the shared annual wheel service.")
clients_cli = typer.Typer(no_args_is_help=True, help="API clients (OAuth2 client credentials).")
cli.add_typer(clients_cli, name="clients")
audit_cli = typer.Typer(no_args_is_help=True, help="The hash-chained audit log.")
cli.add_typer(audit_cli, name="audit")
plans_cli = typer.Typer(no_args_is_help=True, help="Plan follow-up: goals, measures, rounds.")
cli.add_typer(plans_cli, name="plans")
indicators_cli = typer.Typer(no_args_is_help=True, help="Indicators from THL's Sotkanet.")
cli.add_typer(indicators_cli, name="indicators")
webhooks_cli = typer.Typer(no_args_is_help=True, help="Webhook tools for integrators.")
cli.add_typer(webhooks_cli, name="webhooks")

DEMO_CREDENTIALS = Path(".vuosikello-demo-credentials.json")


@cli.command()
def migrate() -> None:
    """Bring the database schema up to date (alembic upgrade head)."""
    from app.core.db.migrate import upgrade

    upgrade(get_settings().database_url)
    typer.echo("database is up to date")


@cli.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    with_worker: Annotated[
        bool, typer.Option("--with-worker", help="Also run the reminder worker in this process")
    ] = False,
) -> None:
    """Serve the API with uvicorn. On the embedded SQLite default, migrate first."""
    import os

    import uvicorn

    settings = get_settings()
    if settings.is_sqlite:
        migrate()
    if with_worker:
        # Read by the app's lifespan (app.main), which starts the worker's scheduler.
        os.environ["VUOSIKELLO_RUN_WORKER"] = "true"
        get_settings.cache_clear()
    from app.core.jsonlog import as_json
    from app.core.serving import BoundedHttpToolsProtocol
    from app.feeds.redact import log_config

    # The feed URL's token is a credential: the access log must not print it.
    uvicorn.run(
        "app.main:app",
        host=host,
        port=port,
        # Request heads of bounded size and header count (app/core/serving.py).
        http=BoundedHttpToolsProtocol,
        # Whom to believe about X-Forwarded-For is VUOSIKELLO_TRUSTED_PROXIES' decision
        # alone (app/audit/context.py): uvicorn must not rewrite the client address first.
        proxy_headers=False,
        server_header=False,
        # SIGTERM: stop accepting, finish in-flight requests for up to this long, then exit.
        timeout_graceful_shutdown=8,
        log_config=as_json(log_config()) if settings.log_format == "json" else log_config(),
    )


@cli.command()
def worker(
    list_jobs: Annotated[bool, typer.Option("--list", help="List the jobs and exit")] = False,
) -> None:
    """Run the reminder worker (APScheduler) on its own; any number may run at once."""
    from app.worker import scheduler

    if list_jobs:
        for job_id, seconds, _ in scheduler.Worker().job_table():
            typer.echo(f"{job_id:<22} every {seconds:g} s")
        return
    asyncio.run(scheduler.run())


async def _create_client(name: str, role: Role, networks: list[uuid.UUID]) -> dict[str, str]:
    from app.auth import service
    from app.flows.operator import operator_session

    async with operator_session() as session:
        client, secret = await service.create(session, name=name, role=role, network_ids=networks)
    return {"client_id": str(client.id), "client_secret": secret}


@clients_cli.command("create")
def clients_create(
    name: Annotated[str, typer.Option("--name", help="Who or what the client is")],
    role: Annotated[Role, typer.Option("--role", help="admin, coordinator, member, integration")],
    network: Annotated[
        list[uuid.UUID] | None, typer.Option("--network", help="Network id; repeat for more")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Create an API client and print its id and secret (the secret is shown only once)."""
    from app.core.errors import VuosikelloError

    try:
        created = asyncio.run(_create_client(name, role, network or []))
    except VuosikelloError as exc:
        typer.echo(f"error: {exc.detail}", err=True)
        raise typer.Exit(2) from exc
    print_credentials(created, as_json)


async def _rotate_secret(client_id: uuid.UUID) -> dict[str, str]:
    from app.auth import service
    from app.flows.operator import operator_session

    async with operator_session() as session:
        client = await service.get(session, client_id)
        secret = await service.rotate_secret(session, client)
    return {"client_id": str(client.id), "client_secret": secret}


@clients_cli.command("rotate-secret")
def clients_rotate_secret(
    client_id: Annotated[uuid.UUID, typer.Argument(help="The client's id")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Give a client a new secret and print it (shown only once). The old secret and the
    tokens issued with it stop working at once."""
    from app.core.errors import VuosikelloError

    try:
        rotated = asyncio.run(_rotate_secret(client_id))
    except VuosikelloError as exc:
        typer.echo(f"error: {exc.detail}", err=True)
        raise typer.Exit(2) from exc
    print_credentials(rotated, as_json)


async def _verify_audit() -> "ChainVerifier":
    from app.audit import service
    from app.core.db.session import get_database

    database = get_database()
    try:
        async with database.sessionmaker() as session:
            return await service.verify(session)
    finally:
        await database.dispose()


@audit_cli.command("verify")
def audit_verify() -> None:
    """Recompute the audit log's hash chain; exit 1 at the first entry that does not chain."""
    verifier = asyncio.run(_verify_audit())
    if verifier.broken_at is not None:
        typer.echo(
            f"audit log BROKEN at seq {verifier.broken_at} "
            f"({verifier.count} entries before it chain)",
            err=True,
        )
        raise typer.Exit(1)
    typer.echo(f"audit log intact: {verifier.count} entries")


demo_cli = typer.Typer(
    help="Demo data: the demo network (no subcommand), or `national` for a synthetic Finland."
)
cli.add_typer(demo_cli, name="demo")


@demo_cli.callback(invoke_without_command=True)
def demo(
    context: typer.Context,
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Do nothing when the database has networks")
    ] = False,
) -> None:
    """Load the demo network (Pohjois-Pohjanmaa) and create a demo admin client."""
    if context.invoked_subcommand is not None:
        return
    from app.demo.loader import load_demo

    result = asyncio.run(load_demo(if_empty=if_empty))
    if result is None:
        typer.echo("database already has data; demo not loaded")
        return
    DEMO_CREDENTIALS.write_text(json.dumps(result.credentials, indent=2) + "\n")
    DEMO_CREDENTIALS.chmod(0o600)
    typer.echo(f"demo network loaded: {result.network_id}")
    typer.echo(f"demo admin credential (also in {DEMO_CREDENTIALS}):")
    typer.echo(json.dumps(result.credentials, indent=2))


@demo_cli.command("national")
def demo_national(
    seed: Annotated[int, typer.Option(help="The same seed gives the same set")] = 1,
    scale: Annotated[
        str, typer.Option(help="small (tests), medium, or national (10,000 partners)")
    ] = "small",
    webhook_url: Annotated[
        list[str] | None,
        typer.Option("--webhook-url", help="Give every network a webhook here; repeat for more"),
    ] = None,
    output: Annotated[
        Path, typer.Option(help="Where to write the credentials, feed tokens and ids (0600)")
    ] = Path(".vuosikello-national.json"),
) -> None:
    """Generate a synthetic national data set through the services (announced, audited):
    networks, partners with municipality codes, people, groups, events with yearly and
    monthly rules, deadlines, templates, feeds, webhooks and a coordinator per network."""
    import time

    from app.demo.national import generate
    from app.demo.national_data import SCALES

    if scale not in SCALES:
        typer.echo(f"error: --scale must be one of {', '.join(SCALES)}", err=True)
        raise typer.Exit(2)
    started = time.monotonic()

    def progress(done: int, total: int) -> None:
        typer.echo(f"network {done}/{total} ({time.monotonic() - started:.0f} s)", err=True)

    result = asyncio.run(generate(seed, scale, webhook_url or [], progress))  # type: ignore[arg-type]
    output.touch(mode=0o600)
    output.chmod(0o600)
    output.write_text(json.dumps(result.as_json(), indent=2) + "\n")
    summary: dict[str, float] = {**result.totals(), "seconds": round(time.monotonic() - started, 1)}
    typer.echo(json.dumps(summary))


@cli.command()
def openapi(
    output: Annotated[Path, typer.Option(help="Where to write")] = Path("openapi/openapi.json"),
) -> None:
    """Write the OpenAPI document the app serves."""
    from app.openapi_doc import render_openapi

    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render_openapi())
    typer.echo(f"wrote {output}")


@cli.command()
def postman(
    folder: Annotated[Path, typer.Option(help="Where to write")] = Path("postman"),
) -> None:
    """Write the Postman collection and environment generated from the OpenAPI."""
    from app.openapi_doc import render_postman

    folder.mkdir(parents=True, exist_ok=True)
    for name, content in render_postman().items():
        (folder / name).write_text(content)
        typer.echo(f"wrote {folder / name}")


@cli.command("import")
def import_ics(
    file: Annotated[Path, typer.Argument(help=".ics file (Outlook, Google, Plandisc, Radicale)")],
    network: Annotated[uuid.UUID, typer.Option("--network", help="Network id to import into")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON")] = False,
) -> None:
    """Import an .ics file into a network: events are created or updated by UID."""
    from app.flows.calendar_import import import_file

    report = importing(file, lambda advance: import_file(file.read_bytes(), network, advance))
    if as_json:
        typer.echo(report.model_dump_json(indent=2))
    else:
        for item in report.items:
            if item.result == "rejected":
                typer.echo(f"rejected {item.uid or '-'} ({item.title or '-'}): {item.reason}")
        typer.echo(
            f"created {report.created}, updated {report.updated}, "
            f"unchanged {report.unchanged}, rejected {report.rejected}"
        )


@plans_cli.command("import")
def plans_import(
    file: Annotated[Path, typer.Argument(help="Follow-up table: .csv or .xlsx")],
    plan: Annotated[uuid.UUID, typer.Option("--plan", help="Plan id to import into")],
    round_id: Annotated[
        uuid.UUID | None, typer.Option("--round", help="Round the statuses belong to")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only show what would change")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON")] = False,
) -> None:
    """Import a follow-up table (Tavoite, Toimenpide, Vastuutaho, ...) into a plan."""
    from app.flows.plan_import import import_file

    result = importing(file, lambda advance: import_file(
        file.read_bytes(), plan, round_id=round_id, dry_run=dry_run, progress=advance
    ))  # fmt: skip
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
    else:
        verb = "would create" if dry_run else "created"
        typer.echo(
            f"{result.rows} rows: {verb} {len(result.goals_created)} goals, "
            f"{len(result.measures_created)} measures, {result.evaluations_created} evaluations; "
            f"{result.evaluations_updated} evaluations updated"
        )


@indicators_cli.command("refresh")
def indicators_refresh(
    indicator: Annotated[
        uuid.UUID | None, typer.Option("--indicator", help="Only this indicator's id")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Fetch even if data-updated did not move")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON")] = False,
) -> None:
    """Refresh the Sotkanet indicators (all, or one); exit 1 if a source failed."""
    from app.flows.sotkanet import SourceError, refresh_committed

    try:
        results = asyncio.run(refresh_committed(indicator_id=indicator, force=force))
    except SourceError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    if as_json:
        typer.echo(json.dumps([r.model_dump(mode="json") for r in results], indent=2))
    else:
        for r in results:
            shown = r.indicator
            line = f"{shown.sotkanet_id} {shown.name}: {r.outcome}"
            if r.values:
                line += (
                    f" ({r.values.changed} values, years {r.values.years[0]}-{r.values.years[-1]})"
                )
            if shown.last_error:
                line += f": {shown.last_error}"
            typer.echo(line)
        if not results:
            typer.echo("no Sotkanet indicators are followed")
    if any(r.outcome == "failed" for r in results):
        raise typer.Exit(1)


def main() -> None:
    cli()


@webhooks_cli.command("listen")
def webhooks_listen(
    secret: Annotated[str, typer.Option(help="The endpoint's whsec_ secret, shown at creation")],
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8081,
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    count: Annotated[
        int | None, typer.Option(help="Stop after this many verified deliveries")
    ] = None,
    timeout: Annotated[float | None, typer.Option(help="Stop after this many seconds")] = None,
) -> None:
    """Receive webhooks on this machine, verify each with standardwebhooks, print them."""
    received = listen_for_webhooks(
        host, port, secret, count=count, timeout=timeout, echo=typer.echo
    )
    if count is not None and received < count:
        typer.echo(f"only {received} of {count} deliveries arrived", err=True)
        raise typer.Exit(1)
