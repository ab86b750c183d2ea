"""Inter-coder agreement: percentage agreement and Cohen's kappa, as pure functions.

Each decision is a pair (coder A applied the code?, coder B applied the code?) for one answer.
Krippendorff's alpha, for any number of coders, is in krippendorff.py.
"""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Agreement:
    n: int  # decisions compared
    both: int  # both applied the code
    only_a: int
    only_b: int
    neither: int

    @property
    def observed(self) -> float | None:
        """p_o: the share of decisions where the coders agree."""
        return (self.both + self.neither) / self.n if self.n else None

    @property
    def expected(self) -> float | None:
        """p_e: agreement expected by chance, from each coder's own rate of applying the code."""
        if not self.n:
            return None
        a_yes = (self.both + self.only_a) / self.n
        b_yes = (self.both + self.only_b) / self.n
        return a_yes * b_yes + (1 - a_yes) * (1 - b_yes)

    @property
    def used(self) -> bool:
        """At least one coder applied the code at least once."""
        return bool(self.both or self.only_a or self.only_b)

    @property
    def prevalence(self) -> float | None:
        """The share of answers the code was applied to, averaged over the two coders.

        Kappa depends on it: with a rare (or near universal) code, high agreement can still give
        a low kappa, so the page shows both.
        """
        if not self.n:
            return None
        return (2 * self.both + self.only_a + self.only_b) / (2 * self.n)

    @property
    def kappa(self) -> float | None:
        """(p_o − p_e) / (1 − p_e); None ("n/a") when p_e is 1, e.g. neither coder ever applied it."""
        p_o, p_e = self.observed, self.expected
        if p_o is None or p_e is None or abs(1 - p_e) < 1e-12:
            return None
        return (p_o - p_e) / (1 - p_e)


def agreement(decisions: Iterable[tuple[bool, bool]]) -> Agreement:
    """Count a 2×2 table from (A applied, B applied) pairs."""
    both = only_a = only_b = neither = 0
    for a, b in decisions:
        if a and b:
            both += 1
        elif a:
            only_a += 1
        elif b:
            only_b += 1
        else:
            neither += 1
    return Agreement(
        n=both + only_a + only_b + neither, both=both, only_a=only_a, only_b=only_b, neither=neither
    )


def decisions_for_code(
    code_id, answer_ids: Iterable, applied_a: set[tuple], applied_b: set[tuple]
) -> list[tuple[bool, bool]]:
    """One (A, B) decision per answer for a code; applied_* hold (answer_id, code_id) pairs."""
    return [((a, code_id) in applied_a, (a, code_id) in applied_b) for a in answer_ids]


def pooled(results: Iterable[Agreement]) -> Agreement:
    """One table summed over codes, leaving out codes neither coder used.

    An unused code adds only "neither" decisions, which would raise the pooled agreement and
    kappa without either coder having agreed on anything.
    """
    used = [r for r in results if r.used]
    return Agreement(
        n=sum(r.n for r in used),
        both=sum(r.both for r in used),
        only_a=sum(r.only_a for r in used),
        only_b=sum(r.only_b for r in used),
        neither=sum(r.neither for r in used),
    )
