"""The committed OpenAPI document and Postman files are build outputs of the app."""

import json
from typing import Any

from app.apidocs.postman import build_collection, build_environment
from app.main import create_app


def _dump(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_openapi() -> str:
    return _dump(create_app().openapi())


def render_postman() -> dict[str, str]:
    """postman/<file name> -> content: the collection and its environment."""
    schema = create_app().openapi()
    return {
        "vuosikello.postman_collection.json": _dump(build_collection(schema)),
        "vuosikello.postman_environment.json": _dump(
            build_environment(schema["servers"][0]["url"])
        ),
    }
