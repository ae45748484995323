"""A file sent as the multipart field `file`: its OpenAPI request body and its reading.

The form is read in the handler, after the Idempotency-Key check has read (and so kept) the
raw body; a `File()` parameter would consume the stream before that check runs."""

from typing import Any

from fastapi import Request
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException

from app.core.errors import ValidationFailed


def upload_body(description: str, example: str) -> dict[str, Any]:
    """`openapi_extra` for an operation whose body is the multipart field `file`."""
    return {
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["file"],
                        "properties": {
                            "file": {
                                "type": "string",
                                "format": "binary",
                                "description": description,
                            }
                        },
                    },
                    "example": {"file": example},
                }
            },
        }
    }


async def uploaded_file(request: Request, what: str) -> tuple[bytes, str | None]:
    """The bytes and file name of the field `file` (a plain field gives no name); 422 naming
    `file` when the form cannot be read or lacks it."""
    try:
        form = await request.form()
    except MultiPartException as exc:
        raise ValidationFailed.field("file", f"the form cannot be read: {exc.message}") from exc
    value = form.get("file")
    if isinstance(value, UploadFile):
        return await value.read(), value.filename
    if isinstance(value, str):
        return value.encode(), None
    raise ValidationFailed.field("file", f"send {what} as the multipart field `file`")
