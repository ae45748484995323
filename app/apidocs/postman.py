"""The Postman collection and environment, generated from the OpenAPI description: folders by
area with every operation, a "Getting started" folder with the coordinator's day in order, and
collection-level OAuth2 client credentials that fetch and renew the token themselves."""

import json
import re
from typing import Any

from app.apidocs import examples
from app.apidocs.getting_started import GETTING_STARTED, ID_VARIABLES, Step
from app.apidocs.operations import TAGS

SCHEMA_URL = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
COLLECTION_ID = "7f3c2a10-5b8e-4c1d-9e2f-0a1b2c3d4e5f"
ENVIRONMENT_ID = "8a4d3b21-6c9f-4d2e-8f30-1b2c3d4e5f60"
# The example ids in the OpenAPI stand for the ids the collection saves as it runs.
ID_PLACEHOLDERS = {
    value: "{{" + name + "}}"
    for name, value in examples.PARAMETERS.items()
    if name.endswith("_id") and name not in ("source_id", "assignee_id", "resource_id", "actor")
}
DESTRUCTIVE = ("delete", "erase")

# Fetch a token by the client-credentials flow when there is none or it is about to expire:
# Postman's own OAuth2 helper does not run in newman, this script runs in both.
SIGN_IN_SCRIPT = """const expires = Number(pm.collectionVariables.get('accessTokenExpires') || 0);
if (pm.collectionVariables.get('accessToken') && Date.now() < expires) { return; }
pm.sendRequest({
  url: pm.variables.replaceIn('{{baseUrl}}/v1/auth/token'),
  method: 'POST',
  header: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: { mode: 'urlencoded', urlencoded: [
    { key: 'grant_type', value: 'client_credentials' },
    { key: 'client_id', value: pm.variables.get('clientId') },
    { key: 'client_secret', value: pm.variables.get('clientSecret') }
  ] }
}, (error, response) => {
  if (error || response.code !== 200) {
    console.error('token request failed: check clientId and clientSecret',
      error || response.text());
    return;
  }
  const token = response.json();
  pm.collectionVariables.set('accessToken', token.access_token);
  pm.collectionVariables.set('accessTokenExpires', Date.now() + (token.expires_in - 60) * 1000);
});"""


def _script(kind: str, lines: str) -> dict[str, Any]:
    return {"listen": kind, "script": {"type": "text/javascript", "exec": lines.split("\n")}}


def _placeholders(text: str) -> str:
    for value, variable in ID_PLACEHOLDERS.items():
        text = text.replace(value, variable)
    return text


def _variable_for(path: str, name: str) -> str:
    if name == "recurrence_id" and path.startswith("/v1/deadlines"):
        return "{{deadline_recurrence_id}}"
    return "{{" + name + "}}"


def _url(path: str, operation: dict[str, Any], query: dict[str, Any]) -> dict[str, Any]:
    postman_path = re.sub(r"\{(\w+)\}", r":\1", path)
    parameters = operation.get("parameters", [])
    variables = [
        {
            "key": p["name"],
            "value": _variable_for(path, p["name"]),
            "description": p.get("description", ""),
        }
        for p in parameters
        if p["in"] == "path"
    ]
    queries = []
    for p in parameters:
        if p["in"] != "query":
            continue
        value = query.get(p["name"], p.get("example", ""))
        queries.append(
            {
                "key": p["name"],
                "value": _placeholders(str(value)),
                "description": p.get("description", ""),
                "disabled": not (p.get("required") or p["name"] in query),
            }
        )
    url: dict[str, Any] = {"raw": "{{baseUrl}}" + postman_path, "host": ["{{baseUrl}}"]}
    url["path"] = [segment for segment in postman_path.split("/") if segment]
    if queries:
        url["query"] = queries
        enabled = "&".join(f"{q['key']}={q['value']}" for q in queries if not q["disabled"])
        url["raw"] += f"?{enabled}" if enabled else ""
    if variables:
        url["variable"] = variables
    return url


def _headers(operation: dict[str, Any]) -> list[dict[str, Any]]:
    headers = []
    for p in operation.get("parameters", []):
        if p["in"] != "header":
            continue
        idempotent = p["name"] == "Idempotency-Key"
        headers.append(
            {
                "key": p["name"],
                "value": "{{$guid}}" if idempotent else str(p.get("example", "")),
                "description": p.get("description", ""),
                "disabled": not idempotent,
            }
        )
    return headers


def _body(operation: dict[str, Any], override: Any) -> tuple[dict[str, Any] | None, str | None]:
    content = operation.get("requestBody", {}).get("content", {})
    if not content:
        return None, None
    media_type = next(iter(content))
    example = override if override is not None else content[media_type].get("example")
    if media_type == "application/x-www-form-urlencoded":
        fields = [{"key": k, "value": v, "type": "text"} for k, v in (example or {}).items()]
        return {"mode": "urlencoded", "urlencoded": fields}, media_type
    if media_type == "application/json":
        raw = _placeholders(json.dumps(example, ensure_ascii=False, indent=2))
        return {"mode": "raw", "raw": raw, "options": {"raw": {"language": "json"}}}, media_type
    return {"mode": "raw", "raw": example or ""}, media_type


def _request(
    path: str, method: str, operation: dict[str, Any], step: Step | None = None
) -> dict[str, Any]:
    body, media_type = _body(operation, step.body if step else None)
    headers = _headers(operation)
    if media_type and media_type != "multipart/form-data":
        headers.insert(0, {"key": "Content-Type", "value": media_type})
    request: dict[str, Any] = {
        "method": method.upper(),
        "header": headers,
        "url": _url(path, operation, step.query if step else {}),
        "description": operation.get("description", ""),
    }
    if body:
        request["body"] = body
    if not operation.get("security"):
        request["auth"] = {"type": "noauth"}
    return request


def _reference_tests(operation: dict[str, Any]) -> str:
    """Reference requests check the answer is one the description documents, and keep ids."""
    documented = sorted(int(code) for code in operation.get("responses", {}) if code.isdigit())
    lines = [
        f"pm.test('answers with a documented status ({', '.join(map(str, documented))})', () => {{",
        f"  pm.expect({json.dumps(documented)}).to.include(pm.response.code);",
        "});",
    ]
    saved = ID_VARIABLES.get(operation.get("operationId", ""))
    if saved:
        lines += [
            "if (pm.response.code === 201) {",
            f"  pm.collectionVariables.set('{saved}', pm.response.json().id);",
            "}",
        ]
    return "\n".join(lines)


def _item(name: str, request: dict[str, Any], tests: str) -> dict[str, Any]:
    return {"name": name, "request": request, "event": [_script("test", tests)]}


def build_collection(schema: dict[str, Any]) -> dict[str, Any]:
    """The whole collection: Getting started, then one folder per tag, then the deletes."""
    operations = {
        operation["operationId"]: (path, method, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }
    started = []
    for step in GETTING_STARTED:
        path, method, operation = operations[step.operation_id]
        request = _request(path, method, operation, step)
        if step.url:
            request["url"] = {"raw": step.url}
        started.append(_item(step.name, request, step.tests))
    folders: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in TAGS}
    cleanup = []
    for operation_id, (path, method, operation) in operations.items():
        item = _item(
            operation["summary"], _request(path, method, operation), _reference_tests(operation)
        )
        if any(word in operation_id for word in DESTRUCTIVE):
            cleanup.append(item)
        else:
            folders.setdefault(operation["tags"][0], []).append(item)
    descriptions = dict(TAGS)
    items = [
        {
            "name": "Getting started",
            "description": "A coordinator's first day, in order: run this folder first.",
            "item": started,
        }
    ]
    items += [
        {"name": name, "description": descriptions.get(name, ""), "item": entries}
        for name, entries in folders.items()
        if entries
    ]
    # Children before their parents, so that each delete finds what it deletes.
    cleanup.reverse()
    items.append(
        {"name": "Clean up", "description": "Deletes and erasure, children first.", "item": cleanup}
    )
    variables = sorted({*ID_VARIABLES.values(), "deadline_recurrence_id", "recurrence_id"})
    variables += ["feed_token", "feed_url", "notification_cursor", "accessToken"]
    variables += ["accessTokenExpires"]
    return {
        "info": {
            "_postman_id": COLLECTION_ID,
            "name": schema["info"]["title"],
            "description": "Generated from openapi/openapi.json by `vuosikello postman`. Import "
            "it with postman/vuosikello.postman_environment.json, put your client id and secret "
            "(`vuosikello clients create`) in the environment and run 'Getting started'.",
            "schema": SCHEMA_URL,
        },
        "auth": {
            "type": "oauth2",
            "oauth2": [
                {"key": "accessToken", "value": "{{accessToken}}", "type": "string"},
                {"key": "grant_type", "value": "client_credentials", "type": "string"},
                {"key": "accessTokenUrl", "value": "{{baseUrl}}/v1/auth/token", "type": "string"},
                {"key": "clientId", "value": "{{clientId}}", "type": "string"},
                {"key": "clientSecret", "value": "{{clientSecret}}", "type": "string"},
                {"key": "client_authentication", "value": "body", "type": "string"},
                {"key": "tokenName", "value": "Vuosikello", "type": "string"},
                {"key": "addTokenTo", "value": "header", "type": "string"},
                {"key": "headerPrefix", "value": "Bearer", "type": "string"},
            ],
        },
        "event": [_script("prerequest", SIGN_IN_SCRIPT)],
        "variable": [{"key": name, "value": ""} for name in variables],
        "item": items,
    }


def build_environment(public_url: str) -> dict[str, Any]:
    """baseUrl, clientId, clientSecret and the local webhook receiver's URL."""
    values = [
        ("baseUrl", public_url.rstrip("/"), "default"),
        ("clientId", "", "default"),
        ("clientSecret", "", "secret"),
        ("webhookUrl", "http://127.0.0.1:8081/hooks/vuosikello", "default"),
    ]
    return {
        "id": ENVIRONMENT_ID,
        "name": "Vuosikello (local)",
        "values": [{"key": k, "value": v, "type": t, "enabled": True} for k, v, t in values],
        "_postman_variable_scope": "environment",
    }
