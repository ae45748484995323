"""The committed OpenAPI document is a build output of the app."""

import json

from app.main import create_app


def render_openapi() -> str:

    return json.dumps(create_app().openapi(), indent=2, ensure_ascii=False) + "\n"
