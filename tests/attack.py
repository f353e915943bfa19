"""An attacker's view of a published table, solved independently of the pipeline (SciPy's linprog):
the least and greatest value of every hidden cell, given every equation the reader knows."""

from __future__ import annotations

from collections.abc import Hashable, Iterable

import numpy as np
from scipy.optimize import linprog


def bounds_of_hidden(
    published: dict[Hashable, float],
    hidden: dict[Hashable, tuple[float, float | None]],
    equations: Iterable[tuple[Hashable, Iterable[Hashable]]],
) -> dict[Hashable, tuple[float, float]]:
    """``equations``: (total, parts) meaning total = sum(parts); ``hidden``: each hidden cell's prior bounds."""
    names = sorted(hidden, key=str)
    index = {name: i for i, name in enumerate(names)}
    rows, rhs = [], []
    for total, parts in equations:
        row, constant = np.zeros(len(names)), 0.0
        for cell, sign in [(total, 1.0), *((p, -1.0) for p in parts)]:
            if cell in index:
                row[index[cell]] += sign
            else:
                constant -= sign * published.get(cell, 0.0)
        if row.any():
            rows.append(row)
            rhs.append(constant)
    a_eq = np.array(rows) if rows else None
    b_eq = np.array(rhs) if rows else None
    limits = [hidden[name] for name in names]
    result = {}
    for i, name in enumerate(names):
        objective = np.zeros(len(names))
        objective[i] = 1
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=limits, method="highs")
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=limits, method="highs")
        assert low.status in (0, 3) and high.status in (0, 3), "the published table must be consistent"
        result[name] = (
            np.ceil(low.fun - 1e-6) if low.status == 0 else limits[i][0],
            np.floor(-high.fun + 1e-6) if high.status == 0 else np.inf,
        )
    return result
