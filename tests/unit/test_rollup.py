"""The roll-up of evaluation statuses through a goal tree (app/kernel/rollup.py)."""
# ruff: noqa: E501 - one case per line reads as a table

import pytest

from app.kernel.rollup import Rollup, goal, measure, rollup

CASES = [
    ("one yes", goal([measure("yes")]), Rollup(yes=1, share_realised=1.0)),
    ("one partly", goal([measure("partly")]), Rollup(partly=1, share_realised=0.5)),
    ("one no", goal([measure("no")]), Rollup(no=1, share_realised=0.0)),
    ("missing counts as not evaluated", goal([measure(None)]), Rollup(not_evaluated=1, share_realised=0.0)),
    ("explicit not evaluated", goal([measure("not_evaluated"), measure("yes")]), Rollup(yes=1, not_evaluated=1, share_realised=0.5)),
    ("no measures", goal([]), Rollup(share_realised=None)),
    ("empty sub-goal neither helps nor hurts", goal([measure("yes"), goal([])]), Rollup(yes=1, share_realised=1.0)),
    ("weights", goal([measure("yes", 3), measure("no", 1)]), Rollup(yes=1, no=1, share_realised=0.75)),
    ("zero weights", goal([measure("yes", 0)]), Rollup(yes=1, share_realised=0.0)),
    (
        "seed 003's first goal: kyllä, osittain, ei",
        goal([measure("yes"), measure("partly"), measure("no")]),
        Rollup(yes=1, partly=1, no=1, share_realised=0.5),
    ),
    (
        "goals weighted over their own shares",
        goal([goal([measure("yes")], weight=1), goal([measure("partly"), measure("no")], weight=3)]),
        Rollup(yes=1, partly=1, no=1, share_realised=round((1 * 1 + 3 * 0.25) / 4, 4)),
    ),
    (
        "sub-goal inside a goal",
        goal([goal([measure("yes"), goal([measure("partly")])])]),
        Rollup(yes=1, partly=1, share_realised=0.75),
    ),
    ("unknown status counts as not evaluated", goal([measure("maybe")]), Rollup(not_evaluated=1, share_realised=0.0)),
]  # fmt: skip


@pytest.mark.parametrize(("name", "tree", "expected"), CASES, ids=[c[0] for c in CASES])
def test_rollup(name, tree, expected):
    assert rollup(tree) == expected


def test_share_rounds_to_four_places():
    assert rollup(goal([measure("yes"), measure("no"), measure("no")])).share_realised == 0.3333
