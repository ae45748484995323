"""SVG path data for the wheel's arcs, bands and marks."""

from app.kernel.wheel.geometry import degrees_for, point

FULL = 359.999  # an SVG arc cannot close on itself


def _p(angle: float, radius: float, c: float) -> str:
    x, y = point(angle, radius, c, c)
    return f"{x:.2f} {y:.2f}"


def band(a0: float, a1: float, outer: float, inner: float, c: float) -> str:
    """An annular sector from a0 to a1 (degrees): the outline starts at (a0, outer)."""
    a1 = min(a1, a0 + FULL)
    large = 1 if a1 - a0 > 180 else 0
    return (
        f"M{_p(a0, outer, c)}A{outer:.2f} {outer:.2f} 0 {large} 1 {_p(a1, outer, c)}"
        f"L{_p(a1, inner, c)}A{inner:.2f} {inner:.2f} 0 {large} 0 {_p(a0, inner, c)}Z"
    )


def arc(a0: float, a1: float, radius: float, c: float, *, reverse: bool = False) -> str:
    """An open arc for text to run along; reversed (counter-clockwise) on the lower half."""
    a1 = min(a1, a0 + FULL)
    large = 1 if a1 - a0 > 180 else 0
    if reverse:
        return f"M{_p(a1, radius, c)}A{radius:.2f} {radius:.2f} 0 {large} 0 {_p(a0, radius, c)}"
    return f"M{_p(a0, radius, c)}A{radius:.2f} {radius:.2f} 0 {large} 1 {_p(a1, radius, c)}"


def mark(kind: str, angle: float, outer: float, inner: float, half_px: float, c: float) -> str:
    """A deadline (diamond), milestone (triangle) or task (square); its first point is at the
    item's exact angle on the lane's outer edge."""
    middle = (outer + inner) / 2
    half = degrees_for(half_px, middle)
    if kind == "deadline":
        corners = [(angle, outer), (angle + half, middle), (angle, inner), (angle - half, middle)]
    elif kind == "milestone":
        corners = [(angle, outer), (angle + half, inner), (angle - half, inner)]
    else:
        corners = [
            (angle, outer),
            (angle + half, outer),
            (angle + half, inner),
            (angle - half, inner),
            (angle - half, outer),
        ]
    return "M" + "L".join(_p(a, r, c) for a, r in corners) + "Z"


def spoke(angle: float, inner: float, outer: float, c: float) -> tuple[str, str]:
    """The two ends of a radial line as SVG attributes."""
    x1, y1 = point(angle, inner, c, c)
    x2, y2 = point(angle, outer, c, c)
    return f'x1="{x1:.2f}" y1="{y1:.2f}"', f'x2="{x2:.2f}" y2="{y2:.2f}"'
