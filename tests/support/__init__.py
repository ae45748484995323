"""Shared helpers for the tests: HTTP callers, real servers and processes, the clock, SMTP,
OpenID Connect, webhook receivers and calendar parsers. Test modules import from here (or
from a module of this package), never from one another.

Importing this package reads no settings, so `tests/conftest.py` may import it before it sets
the environment.
"""

from tests.support.api import Api
from tests.support.database import BACKEND, DATABASE_URL, reset_database
from tests.support.paths import ROOT, VUOSIKELLO
from tests.support.ports import free_port
from tests.support.servers import live_server, start_worker, stop

__all__ = [
    "BACKEND",
    "DATABASE_URL",
    "ROOT",
    "VUOSIKELLO",
    "Api",
    "free_port",
    "live_server",
    "reset_database",
    "start_worker",
    "stop",
]
