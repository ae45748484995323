"""Stateful and authorization testing with schemathesis: sequences of calls that follow the
links schemathesis infers from the OpenAPI document (create a partner, then read, change and
delete it; list events, then follow an id into its occurrences), against a real server.

Two runs, both deterministic (derandomized, bounded scenarios and steps):
- as an admin, with the stateful checks: a deleted object stays gone (`use_after_free`), a
  created one can be read (`ensure_resource_availability`), and no declared authentication is
  ignored (`ignored_auth`: every successful call is replayed without and with a bad token);
- as a coordinator of another network, whose calls are now and then pointed at network A's
  objects: none of A's objects may be reached or returned.

`VUOSIKELLO_FUZZ_EXAMPLES=200` runs more and longer scenarios with a fresh seed.
"""

import os
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import CheckContext, not_a_server_error
from schemathesis.core.failures import Failure
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ensure_resource_availability,
    ignored_auth,
    response_schema_conformance,
    status_code_conformance,
    use_after_free,
)

from tests.support.fuzz_seed import Seed, install_hooks, seed_network, token_for

pytestmark = pytest.mark.system

_DEEP = int(os.environ.get("VUOSIKELLO_FUZZ_EXAMPLES", "0"))
SCENARIOS = _DEEP or 12
STEPS = 8 if _DEEP else 5
BASE_CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
STATEFUL_CHECKS = [*BASE_CHECKS, use_after_free, ensure_resource_availability, ignored_auth]


class ForeignObjectReached(Failure):
    """A caller reached or received an object of a network it is not a member of."""

    def __init__(self, *, operation: str, message: str) -> None:
        super().__init__(operation=operation, title="Another network's object", message=message)
        self.code = "foreign_object"

    @property
    def _unique_key(self) -> str:
        return self.message


def _settings() -> settings:
    return settings(
        max_examples=SCENARIOS,
        stateful_step_count=STEPS,
        deadline=None,
        database=None,
        derandomize=not _DEEP,
        # No shrinking: the server's state moves on between runs, so a replay would report
        # "flaky data generation" instead of the failure itself.
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )


def _schema(base_url: str, seed: Seed) -> Any:

    config = schemathesis.Config.from_dict(
        {
            "base-url": base_url,
            **({} if _DEEP else {"seed": 20261123}),
            "request-timeout": 30,
            "auth": {"openapi": {"HTTPBearer": {"bearer": seed.token}}},
            "generation": {"with-security-parameters": False, "database": "none"},
            "phases": {"stateful": {"enabled": True, "max-steps": STEPS}},
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
    """Network A seeded by an admin; network B by its own coordinator."""
    with httpx.Client(base_url=server, timeout=30) as http:
        admin_token = token_for(
            http, admin_credentials["client_id"], admin_credentials["client_secret"]
        )
        return {
            "admin": seed_network(http, admin_token, "admin", server),
            "other": seed_network(http, admin_token, "coordinator", server),
        }


def _machine(schema: Any, checks: list[Any]) -> Any:
    """The state machine over the links schemathesis infers (ids in responses that name
    parameters of other operations, Location headers), validating with `checks`."""
    base = schema.as_state_machine()
    assert schema.statistic.transitions.total > 50, "schemathesis inferred (almost) no links"

    class Workflow(base):  # type: ignore[misc, valid-type]
        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(
                response,
                checks=checks,
                additional_checks=additional_checks,
                transport_kwargs=kwargs or None,
                recorder=self.recorder,
            )

    return Workflow


def test_stateful_workflows_as_admin(server: str, seeds: dict[str, Seed]):
    schema = _schema(server, seeds["admin"])
    _machine(schema, STATEFUL_CHECKS).run(settings=_settings())


def _foreign_ids(victim: Seed) -> dict[str, str]:
    """Network A's objects, by the path parameter that names them."""
    ids = victim.ids
    return {
        "network_id": ids["network"],
        "partner_id": ids["partner"],
        "person_id": ids["person"],
        "group_id": ids["group"],
        "membership_id": ids["membership"],
        "event_id": ids["event"],
        "deadline_id": ids["deadline"],
        "template_id": ids["template"],
        "task_id": ids.get("task", ids["event"]),
        "reminder_id": ids.get("reminder", ids["event"]),
        "webhook_id": ids["webhook"],
        "feed_id": ids["feed"],
    }


def test_stateful_as_another_networks_coordinator(server: str, seeds: dict[str, Seed]):
    victim = seeds["admin"]
    foreign = _foreign_ids(victim)
    secret_values = set(foreign.values()) | {victim.ids["feed_token"]}
    calls = {"pointed": 0}

    def no_foreign_objects(ctx: CheckContext, response: Any, case: Any) -> bool | None:
        """Nothing of network A comes back unless the caller sent it; a path naming one of
        A's objects never succeeds."""
        sent = str(response.request.url) + (response.request.body or b"").decode(errors="replace")
        # Pictures and spreadsheets are bytes; ids would show in them as ASCII all the same.
        text = response.content.decode("utf-8", errors="replace") if response.content else ""
        leaked = sorted(v for v in secret_values if v in text and v not in sent)
        operation = case.operation.label
        if leaked:
            raise ForeignObjectReached(operation=operation, message=f"returned {leaked}")
        named = [v for v in (case.path_parameters or {}).values() if str(v) in secret_values]
        if named and response.status_code < 400:
            raise ForeignObjectReached(
                operation=operation,
                message=f"{case.method} {case.formatted_path} answered {response.status_code}",
            )
        return None

    schema = _schema(server, seeds["other"])
    base = _machine(schema, [*BASE_CHECKS, no_foreign_objects])

    class PointedAtNetworkA(base):  # type: ignore[misc, valid-type]
        def setup(self):
            super().setup()
            self.naming_calls = 0

        def before_call(self, case):
            # Every second call of a scenario that names an object is pointed at network A's
            # object of the same kind (counted per scenario, so a failure replays the same).
            names = [n for n in (case.path_parameters or {}) if n in foreign]
            if names:
                self.naming_calls += 1
                if self.naming_calls % 2 == 0:
                    case.path_parameters[names[-1]] = foreign[names[-1]]
                    calls["pointed"] += 1
            super().before_call(case)

    PointedAtNetworkA.run(settings=_settings())
    assert calls["pointed"] > 0, "no call was pointed at network A"
