"""The committed OpenAPI document is a build output of the app."""

import json


def render_openapi() -> str:
    from app.main import create_app

    return json.dumps(create_app().openapi(), indent=2, ensure_ascii=False) + "\n"
