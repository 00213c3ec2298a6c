"""The one error type the user sees: a list of located problems."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int
    message: str
    about: str = field(default="", compare=False)  # the id an unknown-reference problem names

    def __post_init__(self):
        # One line per problem: a line break or control character quoted from the input is shown escaped.
        shown = "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in self.message)
        object.__setattr__(self, "message", shown)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class ContentError(Exception):
    """Raised with every problem found in one run, so the editor fixes them all at once."""

    def __init__(self, problems: list[Problem], follow_ons: Problem | None = None):
        """`follow_ons`: one line summing up the problems that only echo one of `problems`, printed last."""
        self.problems = sorted(set(problems)) + ([follow_ons] if follow_ons else [])
        self._made_from = (problems, follow_ons)  # pickled as made: a forked worker's error reaches the parent
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):
        return type(self), self._made_from
