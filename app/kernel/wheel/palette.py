"""Colours: the Okabe-Ito palette, safe for the common kinds of colour blindness."""

import re

OKABE_ITO = (
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#F0E442",  # yellow
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
)
NO_CATEGORY = "#999999"
HEX_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")


def colours_for(keys: list[str], chosen: dict[str, str]) -> dict[str, str]:
    """A colour per key: the network's choice, else the palette in order of the sorted keys."""
    result = {}
    free = [c for c in OKABE_ITO if c.upper() not in {v.upper() for v in chosen.values()}]
    free = free or list(OKABE_ITO)
    position = 0
    for key in sorted(set(keys)):
        if key in chosen:
            result[key] = chosen[key]
        else:
            result[key] = free[position % len(free)]
            position += 1
    return result


def _luminance(colour: str) -> float:
    channels = []
    for i in (1, 3, 5):
        c = int(colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def text_on(colour: str) -> str:
    """Black or white, whichever contrasts more with the colour (WCAG relative luminance)."""
    light = _luminance(colour)
    return "#000000" if (light + 0.05) / 0.05 >= 1.05 / (light + 0.05) else "#FFFFFF"
