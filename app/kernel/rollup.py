"""Roll-up of evaluation statuses through a plan's goal tree, as Decidim's accountability
module rolls up progress: a goal's share realised is the weighted mean of its children's."""

from collections.abc import Sequence
from dataclasses import dataclass, field

# What each status counts for; a measure not evaluated counts as nothing realised.
SCORES = {"yes": 1.0, "partly": 0.5, "no": 0.0, "not_evaluated": 0.0}
STATUSES = tuple(SCORES)


@dataclass(frozen=True)
class Node:
    """A measure (`status` set, or None when it has no evaluation) or a goal (`children`)."""

    weight: float = 1.0
    status: str | None = None
    children: Sequence["Node"] = field(default_factory=tuple)
    leaf: bool = False


@dataclass(frozen=True)
class Rollup:
    yes: int = 0
    partly: int = 0
    no: int = 0
    not_evaluated: int = 0
    share_realised: float | None = None

    @property
    def measures(self) -> int:
        return self.yes + self.partly + self.no + self.not_evaluated


def measure(status: str | None, weight: float = 1.0) -> Node:
    return Node(weight=weight, status=status, leaf=True)


def goal(children: Sequence[Node], weight: float = 1.0) -> Node:
    return Node(weight=weight, children=tuple(children))


def rollup(node: Node) -> Rollup:
    """Counts summed over the measures below; the share weighted over children that have
    measures at all (an empty sub-goal neither helps nor hurts), rounded to 4 places."""
    if node.leaf:
        status = node.status if node.status in SCORES else "not_evaluated"
        counts = {name: int(name == status) for name in STATUSES}
        return Rollup(**counts, share_realised=SCORES[status])
    parts = [(child.weight, rollup(child)) for child in node.children]
    counts = {name: sum(getattr(part, name) for _, part in parts) for name in STATUSES}
    weighted = [(w, part.share_realised) for w, part in parts if part.share_realised is not None]
    total = sum(w for w, _ in weighted)
    share = None
    if weighted:
        share = round(sum(w * s for w, s in weighted) / total, 4) if total > 0 else 0.0
    return Rollup(**counts, share_realised=share)
