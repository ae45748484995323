"""What the `vuosikello` commands share: printing a credential, running an import."""

import asyncio
import json
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

import typer
from rich.progress import Progress

from app.core.errors import VuosikelloError


def print_credentials(credentials: dict[str, str], as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(credentials))
    else:
        typer.echo(f"client_id:     {credentials['client_id']}")
        typer.echo(f"client_secret: {credentials['client_secret']}")


T = TypeVar("T")
Advance = Callable[[int, int], None]


def importing(file: Path, run: Callable[[Advance], Coroutine[Any, Any, T]]) -> T:
    """Run an import with a progress bar; on a bad file, the problem (and its rows) on stderr
    and exit status 2."""
    with Progress(transient=True) as progress:
        task = progress.add_task(f"importing {file.name}", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        try:
            return asyncio.run(run(advance))
        except (OSError, VuosikelloError) as exc:
            typer.echo(f"error: {getattr(exc, 'detail', exc)}", err=True)
            for error in getattr(exc, "errors", None) or []:
                if "row" in error:
                    typer.echo(
                        f"  row {error['row']}, {error['column']}: {error['message']}", err=True
                    )
            raise typer.Exit(2) from exc
