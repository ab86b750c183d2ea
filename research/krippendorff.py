"""Krippendorff's alpha over any number of coders, with missing values, as pure functions.

Reliability data are units (here: answers), each with the values the coders gave it (None or
absent where a coder did not code it). A unit's values are compared pairwise; units with fewer
than two values cannot be paired and are left out, as in Krippendorff (2011), "Computing
Krippendorff's Alpha-Reliability", https://repository.upenn.edu/asc_papers/43.

    alpha = 1 − D_o / D_e

D_o: the mean disagreement between values of the same unit; D_e: between any two pairable values.
Two distances: nominal (same value or not) and MASI (Passonneau 2006) for sets of codes.
"""

import random
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass

Distance = Callable[[Hashable, Hashable], float]


def nominal_distance(a, b) -> float:
    return 0.0 if a == b else 1.0


def masi_distance(a: frozenset, b: frozenset) -> float:
    """1 − Jaccard × monotonicity, for two sets of codes (Passonneau 2006, "Measuring agreement
    on set-valued items (MASI) for semantic and pragmatic annotation", LREC).

    Monotonicity: 1 if the sets are equal, 2/3 if one contains the other, 1/3 if they overlap
    otherwise, 0 if they are disjoint.
    """
    a, b = frozenset(a), frozenset(b)
    if a == b:
        return 0.0
    union = a | b
    common = a & b
    jaccard = len(common) / len(union)
    if a <= b or b <= a:
        monotonicity = 2 / 3
    elif common:
        monotonicity = 1 / 3
    else:
        monotonicity = 0.0
    return 1 - jaccard * monotonicity


@dataclass(frozen=True)
class _Unit:
    observed: float  # Σ over ordered pairs of its values of δ, divided by (m_u − 1)
    counts: Counter  # how often each value occurs in it
    size: int  # m_u


def _units(data: Iterable[Iterable], distance: Distance) -> list[_Unit]:
    units = []
    for values in data:
        present = [v for v in values if v is not None]
        if len(present) < 2:
            continue
        disagreement = sum(
            distance(a, b) for i, a in enumerate(present) for j, b in enumerate(present) if i != j
        )
        units.append(_Unit(disagreement / (len(present) - 1), Counter(present), len(present)))
    return units


def _expected(units: Sequence[_Unit], distance: Distance) -> float | None:
    """D_e: the mean disagreement between any two pairable values, whatever their unit."""
    n = sum(u.size for u in units)
    if n < 2:
        return None
    totals: Counter = Counter()
    for unit in units:
        totals.update(unit.counts)
    values = list(totals)
    expected = 0.0
    for i, c in enumerate(values):
        for k in values[i + 1 :]:
            expected += 2 * totals[c] * totals[k] * distance(c, k)
    return expected / (n * (n - 1))


def _alpha_given(units: Sequence[_Unit], expected: float | None) -> float | None:
    n = sum(u.size for u in units)
    if not expected or n < 2:
        # No disagreement to expect (every value the same): alpha is 0/0, undefined.
        return None
    return 1 - sum(u.observed for u in units) / n / expected


def alpha(data: Iterable[Iterable], distance: Distance = nominal_distance) -> float | None:
    """Krippendorff's alpha of reliability data given unit by unit; None if undefined."""
    units = _units(data, distance)
    return _alpha_given(units, _expected(units, distance))


@dataclass(frozen=True)
class AlphaResult:
    alpha: float | None
    low: float | None  # bootstrap confidence interval
    high: float | None
    units: int  # pairable units
    values: int  # pairable values


def alpha_with_interval(
    data: Iterable[Iterable],
    distance: Distance = nominal_distance,
    *,
    resamples: int = 1000,
    level: float = 0.95,
    seed: int = 2011,
) -> AlphaResult:
    """Alpha with a percentile bootstrap interval from resampling units with replacement.

    As in Hayes and Krippendorff's bootstrap (2007, Communication Methods and Measures 1:77–89),
    the expected disagreement stays at its value for the whole sample and only the observed
    disagreement is resampled; this keeps each resample linear in the number of units. The seed
    is fixed so the same data always give the same interval on the page.
    """
    units = _units(data, distance)
    expected = _expected(units, distance)
    point = _alpha_given(units, expected)
    size = sum(u.size for u in units)
    if point is None or len(units) < 2:
        return AlphaResult(point, None, None, len(units), size)
    rng = random.Random(seed)
    estimates = sorted(
        estimate
        for _ in range(resamples)
        if (estimate := _alpha_given(rng.choices(units, k=len(units)), expected)) is not None
    )
    if not estimates:
        return AlphaResult(point, None, None, len(units), size)
    tail = (1 - level) / 2
    low = estimates[int(tail * (len(estimates) - 1))]
    high = estimates[round((1 - tail) * (len(estimates) - 1))]
    return AlphaResult(point, low, high, len(units), size)
