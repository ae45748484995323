"""Label fitting: shorten with an ellipsis to the space there is, and read upright."""

import re

CHAR_WIDTH = 0.56  # average glyph width of a sans-serif face, in ems
MIN_CHARS = 3  # fewer than this (ellipsis included) says nothing: no label at all
ELLIPSIS = "…"
# Characters XML 1.0 forbids; titles are user text and must not break the document.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def text_width(text: str, font_px: float) -> float:
    return len(text) * CHAR_WIDTH * font_px


def fit(text: str, width_px: float, font_px: float) -> str:
    """The text, or its start and an ellipsis, within `width_px`; "" when nothing fits."""
    text = " ".join(_NOT_XML.sub("", text).split())
    capacity = int(width_px / (CHAR_WIDTH * font_px)) if font_px > 0 else 0
    if len(text) <= capacity:
        return text
    if capacity < MIN_CHARS:
        return ""
    return text[: capacity - 1].rstrip() + ELLIPSIS


def flipped(start: float, end: float) -> bool:
    """Text along an arc whose middle is on the lower half would stand on its head."""
    middle = (start + end) / 2 % 360
    return 90 < middle < 270


def xml_text(text: str) -> str:
    """Escape for XML character data and attribute values."""
    text = _NOT_XML.sub("", text)
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )
