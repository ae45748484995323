"""Lanes within a ring so that overlapping items never hide each other."""

from collections.abc import Sequence

GAP_DEGREES = 0.25  # clear space between two items sharing a lane


def assign_lanes(spans: Sequence[tuple[float, float]]) -> tuple[list[int], int]:
    """Greedy interval colouring: each span (start, end in degrees) gets the lowest lane whose
    last item ended before it starts. Returns the lane of each span and the number of lanes."""
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0], -spans[i][1], i))
    lane_ends: list[float] = []
    lanes = [0] * len(spans)
    for index in order:
        start, end = spans[index]
        for lane, lane_end in enumerate(lane_ends):
            if lane_end + GAP_DEGREES <= start:
                lanes[index] = lane
                lane_ends[lane] = end
                break
        else:
            lanes[index] = len(lane_ends)
            lane_ends.append(end)
    return lanes, len(lane_ends)
