"""The committed OpenAPI document is the one the app serves, and it reads well."""

import json
import re
from collections import Counter

from tests.support import ROOT

COMMITTED = ROOT / "openapi" / "openapi.json"
METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
PUBLIC = {("post", "/v1/auth/token"), ("get", "/healthz"), ("get", "/readyz")}
PUBLIC_PREFIXES = ("/ical/", "/wheel/")  # feeds and embeds: the secret token is in the URL
OPERATION_ID = re.compile(r"^[a-z]+(-[a-z]+)+$")


def _operations(document: dict) -> list[tuple[str, str, dict]]:
    return [
        (method, path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def _diff(committed: dict, served: dict, path: str = "$") -> list[str]:
    """Where two JSON documents differ, as JSON paths (first few only)."""
    if isinstance(committed, dict) and isinstance(served, dict):
        out = []
        for key in sorted(set(committed) | set(served)):
            if key not in served:
                out.append(f"{path}.{key}: only in the committed file")
            elif key not in committed:
                out.append(f"{path}.{key}: only in the served document")
            else:
                out.extend(_diff(committed[key], served[key], f"{path}.{key}"))
        return out
    if committed != served:
        return [f"{path}: differs"]
    return []


async def test_committed_openapi_matches_the_served_document(anon):
    response = await anon.get("/openapi.json")
    assert response.status_code == 200
    served = response.json()
    assert COMMITTED.exists(), "openapi/openapi.json is missing: run `make openapi` and commit it"
    committed = json.loads(COMMITTED.read_text())
    differences = _diff(committed, served)
    assert not differences, (
        "openapi/openapi.json is out of date with the app: run `make openapi` and commit the "
        "result.\nFirst differences:\n  " + "\n  ".join(differences[:20])
    )


def test_committed_openapi_is_what_the_generator_writes():
    from app.openapi_doc import render_openapi

    assert COMMITTED.read_text() == render_openapi(), (
        "openapi/openapi.json is not byte-for-byte the output of `vuosikello openapi`: "
        "run `make openapi` and commit the result"
    )


def test_operation_ids_are_readable_and_unique():
    document = json.loads(COMMITTED.read_text())
    ids = [op.get("operationId") for _, _, op in _operations(document)]
    assert ids and all(ids), "every operation needs an operationId"
    unreadable = [i for i in ids if not OPERATION_ID.match(i)]
    assert not unreadable, f"operationIds should look like `partners-create`: {unreadable}"
    duplicates = [i for i, n in Counter(ids).items() if n > 1]
    assert not duplicates, f"duplicate operationIds: {duplicates}"
    assert "partners-create" in ids
    assert "events-get-all-occurrences" in ids


def test_every_operation_but_token_and_health_requires_a_bearer_token():
    document = json.loads(COMMITTED.read_text())
    schemes = document["components"]["securitySchemes"]
    bearer = {
        name
        for name, scheme in schemes.items()
        if scheme.get("type") == "http" and scheme.get("scheme", "").lower() == "bearer"
    }
    assert bearer, f"no HTTP bearer security scheme: {schemes}"
    unprotected = []
    for method, path, operation in _operations(document):
        if (method, path) in PUBLIC or path.startswith(PUBLIC_PREFIXES):
            continue
        requirements = operation.get("security", document.get("security", []))
        if not any(set(requirement) & bearer for requirement in requirements):
            unprotected.append(f"{method.upper()} {path}")
    assert not unprotected, f"operations without bearer security: {unprotected}"


def test_every_error_is_documented_as_problem_json():
    document = json.loads(COMMITTED.read_text())
    wrong = []
    for method, path, operation in _operations(document):
        for status, response in operation["responses"].items():
            if status.startswith(("4", "5")):
                content = set(response.get("content", {}))
                if content != {"application/problem+json"}:
                    wrong.append(f"{method.upper()} {path} {status}: {sorted(content)}")
    assert not wrong, "error responses must be application/problem+json:\n" + "\n".join(wrong)


async def test_unauthenticated_requests_get_401_problem(anon):
    document = json.loads(COMMITTED.read_text())
    for method, path, _ in _operations(document):
        if (method, path) in PUBLIC or path.startswith(PUBLIC_PREFIXES):
            continue
        url = re.sub(r"\{[^}]+\}", "00000000-0000-0000-0000-000000000000", path)
        response = await anon.request(method.upper(), url)
        assert response.status_code == 401, (method, path, response.status_code, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
