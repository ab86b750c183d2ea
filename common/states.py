"""The one way the project writes a workflow: a table of moves, checked in one place.

Submissions, case studies and memberships each declare a `Workflow` beside their services:

    WORKFLOW = Workflow(
        {
            S.IN_REVIEW: ({S.SUBMITTED, S.RESUBMITTED}, "start reviewing"),
            S.ACCEPTED: ({S.IN_REVIEW, S.RESUBMITTED}, "accept"),
        },
        error=SubmissionTransitionError,
    )
    WORKFLOW.check(current=locked.status, to=S.ACCEPTED, subject="Camden’s submission",
                   state_label=locked.get_status_display())

and every service that changes the state calls `check` before it writes.
"""

from collections.abc import Iterable


class Workflow:
    def __init__(self, moves: dict[str, tuple[Iterable[str], str]], *, error: type[Exception]):
        # to state -> (the states it may come from, the verb used in refusals)
        self.moves = {to: (frozenset(sources), verb) for to, (sources, verb) in moves.items()}
        self.error = error

    def allows(self, *, current: str, to: str) -> bool:
        sources, _ = self.moves[to]
        return current in sources

    def targets(self, current: str) -> list[str]:
        """Every state reachable from `current` in one move, in the table's order."""
        return [to for to, (sources, _) in self.moves.items() if current in sources]

    def check(self, *, current: str, to: str, subject: str, state_label: str) -> None:
        """Raise the workflow's error, in plain English, unless current → to is allowed."""
        if not self.allows(current=current, to=to):
            _, verb = self.moves[to]
            raise self.error(f"You cannot {verb} {subject} because it is {state_label.lower()}.")

    def check_allowed(self, allowed: bool, what: str) -> None:
        """Raise the workflow's error unless the user may do `what`."""
        if not allowed:
            raise self.error(f"You do not have permission to {what}.")
