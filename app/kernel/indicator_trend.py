"""Trend and direction-aware status of an indicator's values (pure, no database).

A trend compares the latest value with the one before it; a status compares the latest value
with a measure's target, taking the indicator's direction into account (for
`lower_is_better`, a fall is an improvement)."""

from collections.abc import Sequence
from dataclasses import dataclass

HIGHER = "higher_is_better"
LOWER = "lower_is_better"
# A change smaller than this share of the earlier value is no change at all.
FLAT_SHARE = 0.005


@dataclass(frozen=True)
class Point:
    year: int
    value: float


def series(points: Sequence[tuple[int, float | None]]) -> list[Point]:
    """Points with a value, one per year (the last given wins), in year order."""
    by_year = {year: value for year, value in points if value is not None}
    return [Point(year, float(by_year[year])) for year in sorted(by_year)]


def trend(points: Sequence[Point]) -> str | None:
    """`up`, `down` or `flat` from the previous value to the latest; None below two points."""
    if len(points) < 2:
        return None
    before, latest = points[-2].value, points[-1].value
    change = latest - before
    if abs(change) <= abs(before) * FLAT_SHARE or change == 0:
        return "flat"
    return "up" if change > 0 else "down"


def better(direction: str, a: float, b: float) -> bool:
    """Whether `a` is strictly better than `b` for an indicator of this direction."""
    return a < b if direction == LOWER else a > b


def assessment(direction: str, trend_: str | None) -> str:
    """The trend read against the direction: `improving`, `worsening`, `stable`, `unknown`."""
    if trend_ is None:
        return "unknown"
    if trend_ == "flat":
        return "stable"
    rising = trend_ == "up"
    return "improving" if rising == (direction != LOWER) else "worsening"


def status(
    direction: str,
    latest: float | None,
    *,
    target: float | None,
    baseline: float | None = None,
) -> str:
    """Against a target: `target_met`, `improving` (better than the baseline, target not yet
    met), `worsening` (worse than the baseline), `unchanged`, `no_target` or `no_data`."""
    if latest is None:
        return "no_data"
    if target is None:
        return "no_target"
    if latest == target or better(direction, latest, target):
        return "target_met"
    if baseline is None:
        return "not_met"
    if better(direction, latest, baseline):
        return "improving"
    if better(direction, baseline, latest):
        return "worsening"
    return "unchanged"
