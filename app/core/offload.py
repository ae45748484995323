"""CPU-bound pure work in a child process, off the event loop and out of its GIL.

A thread would still hold the GIL for seconds and stall every other request of the process;
a child process runs beside it, and one that overruns its time is killed: a hard bound.
Children are forked from a forkserver that has already imported the work's modules, so a
call costs a fork (milliseconds), not a Python start.
"""

import asyncio
import multiprocessing
from collections.abc import Callable
from functools import lru_cache
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext
from typing import Any

# Modules the forkserver imports once, so that a forked child has them already.
PRELOAD = ["app.kernel.ical.parse"]


class OffloadTimeout(TimeoutError):
    """The child did not finish within its time and was killed."""


class OffloadCrashed(RuntimeError):
    """The child died without an answer (killed, or out of memory)."""


@lru_cache(maxsize=1)
def _context() -> ForkServerContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def _child(connection: Connection, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        outcome: tuple[bool, Any] = (True, function(*args))
    except Exception as exc:  # sent back to be raised in the parent
        outcome = (False, exc)
    connection.send(outcome)
    connection.close()


def _wait(connection: Connection, timeout: float) -> tuple[bool, Any] | None:
    """Blocking: the child's answer, or None when there is none within `timeout`."""
    try:
        if not connection.poll(timeout):
            return None
        answer: tuple[bool, Any] = connection.recv()
        return answer
    except EOFError:
        raise OffloadCrashed("the worker process died without an answer") from None


async def run_in_process(function: Callable[..., Any], *args: Any, seconds: float) -> Any:
    """`function(*args)` in a child process; its exception is raised here. `function`, its
    arguments and its result must pickle."""
    receiver, sender = _context().Pipe(duplex=False)
    process = _context().Process(target=_child, args=(sender, function, args), daemon=True)
    await asyncio.to_thread(process.start)
    sender.close()
    answer = None
    try:
        answer = await asyncio.to_thread(_wait, receiver, seconds)
    finally:
        receiver.close()
        if answer is None and process.is_alive():
            process.kill()  # overran, or this request was cancelled
        await asyncio.to_thread(process.join, 5)
    if answer is None:
        raise OffloadTimeout(f"the work took longer than {seconds:g} s")
    ok, value = answer
    if not ok:
        raise value
    return value
