"""Property-based API testing: schemathesis runs every operation of the served OpenAPI document
against a real server (`vuosikello serve`) and the test database, as an admin and again as a
coordinator of one network.

No input may produce a 5xx, and every response must match the document: status code, content
type and body schema; the server's log must stay free of tracebacks. Phases: explicit examples
(valid requests on real objects plus the inputs that broke services before), coverage (admin
pass) and fuzzing. Path, query and body ids are drawn partly from real seeded objects, so fuzzed
updates reach the services and the database instead of stopping at a 404, and a last test
fails if some operation never once succeeded.

`VUOSIKELLO_FUZZ_EXAMPLES=200 .venv/bin/pytest tests/contract/test_schemathesis.py` searches deeper
(and with a fresh random seed) than the quick default that `make test` runs.
"""

import os
import re
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.support.fuzz_seed import PATH_KINDS, Seed, install_hooks, seed_network, token_for

pytestmark = pytest.mark.system

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@dataclass(frozen=True)
class Pass:
    """How hard one role's pass works. The admin pass also runs the coverage phase (boundary
    values of every parameter); request validation does not depend on the role."""

    max_examples: int
    coverage: bool


# `VUOSIKELLO_FUZZ_EXAMPLES=200` runs a deeper search locally; the default keeps `make test` quick.
_DEEP = int(os.environ.get("VUOSIKELLO_FUZZ_EXAMPLES", "0"))
PASSES = {
    "admin": Pass(max_examples=_DEEP or 10, coverage=True),
    "coordinator": Pass(max_examples=_DEEP or 5, coverage=bool(_DEEP)),
}


def _schema(base_url: str, seed: Seed, run: Pass) -> Any:
    config = schemathesis.Config.from_dict(
        {
            "base-url": base_url,
            **({} if _DEEP else {"seed": 20261025}),
            "request-timeout": 30,
            "auth": {"openapi": {"HTTPBearer": {"bearer": seed.token}}},
            "generation": {
                "max-examples": run.max_examples,
                "with-security-parameters": False,
                "database": "none",
            },
            "phases": {
                "examples": {"enabled": True},
                "coverage": {
                    "enabled": run.coverage,
                    "unexpected-methods": [],
                    # Negative coverage cases (wrong types, missing fields) stop at request
                    # validation; fuzzing still sends negative cases.
                    "generation": {"mode": "positive"},
                },
                "fuzzing": {"enabled": True},
                "stateful": {"enabled": False},
            },
        }
    )
    schema = schemathesis.openapi.from_url(
        f"{base_url}/openapi.json",
        config=config,
        timeout=60,  # a busy machine is slow
    )
    install_hooks(schema, seed)
    return schema


@pytest.fixture(scope="module")
def seeds(server: str, admin_credentials: dict[str, str]) -> dict[str, Seed]:
    with httpx.Client(base_url=server, timeout=30) as http:
        admin_token = token_for(
            http, admin_credentials["client_id"], admin_credentials["client_secret"]
        )
        return {role: seed_network(http, admin_token, role, server) for role in PASSES}


@pytest.fixture(scope="module")
def admin_api(server: str, seeds: dict[str, Seed]):
    return _schema(server, seeds["admin"], PASSES["admin"])


@pytest.fixture(scope="module")
def coordinator_api(server: str, seeds: dict[str, Seed]):
    return _schema(server, seeds["coordinator"], PASSES["coordinator"])


@pytest.fixture(autouse=True)
def _lazy_schema_node_id(request: pytest.FixtureRequest) -> None:
    """schemathesis 4.32's lazy schemas read `item._nodeid`, which pytest 9.2 no longer has."""
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid


# Status codes each operation answered, per pass: the last test checks the run reached
# the services (a fuzzer that only ever gets 404 and 422 tests nothing).
SEEN: dict[str, dict[str, set[int]]] = {role: {} for role in PASSES}


def _settings(run: Pass) -> settings:
    return settings(
        max_examples=run.max_examples,
        deadline=None,
        database=None,
        derandomize=not _DEEP,  # reproducible in `make test`; deep runs explore anew
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )


def _call(role: str, case: Any) -> None:
    response = case.call_and_validate(checks=CHECKS)
    label = f"{case.operation.method.upper()} {case.operation.path}"
    SEEN[role].setdefault(label, set()).add(response.status_code)


admin_schema = schemathesis.pytest.from_fixture("admin_api")
coordinator_schema = schemathesis.pytest.from_fixture("coordinator_api")


@admin_schema.parametrize()
@_settings(PASSES["admin"])
def test_api_as_admin(case):
    _call("admin", case)


@coordinator_schema.parametrize()
@_settings(PASSES["coordinator"])
def test_api_as_coordinator(case):
    _call("coordinator", case)


# Operations whose success the seeded data cannot reach for a role.
NEVER_SUCCEED = {
    "coordinator": {
        "POST /v1/clients",
        "GET /v1/clients",
        "GET /v1/clients/{client_id}",
        "PATCH /v1/clients/{client_id}",
        "POST /v1/clients/{client_id}/rotate-secret",
        "POST /v1/networks",
        "DELETE /v1/networks/{network_id}",
    },
    "admin": set(),
}
ALWAYS_FAIL = {"POST /v1/auth/token"}  # no generated input knows a client secret


def _unseeded(seed: Seed, label: str) -> bool:
    names = re.findall(r"\{([^}]+)\}", label)
    return any(n != "recurrence_id" and PATH_KINDS.get(n) not in seed.ids for n in names)


@pytest.mark.parametrize("role", list(PASSES))
def test_the_fuzzer_reached_every_operation(role: str, seeds: dict[str, Seed]):
    seen = SEEN[role]
    if not seen:
        pytest.skip(f"the {role} pass did not run")
    missed = sorted(
        label
        for label, codes in seen.items()
        if label not in NEVER_SUCCEED[role] | ALWAYS_FAIL
        and not _unseeded(seeds[role], label)
        and not any(c < 300 for c in codes)
    )
    assert not missed, (
        f"as {role}, these operations never succeeded, so fuzzing did not reach their "
        f"services; fix the seed data or the explicit examples: {missed}"
    )
