"""Problems found in input files, reported all at once with file, line and field."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ImportProblem:
    """One problem in one cell (or line) of an input file."""

    file: str
    line: int
    column: str
    value: str
    expected: str

    def __str__(self) -> str:
        shown = self.value if len(self.value) <= 60 else self.value[:57] + "..."
        where = f"{self.file}:{self.line}" if self.line else self.file
        column = f" column '{self.column}'" if self.column else ""
        value = f" value {shown!r}:" if self.value else ""
        return f"{where}:{column}{value} {self.expected}"


class ImportFailed(Exception):
    """The file was not imported; nothing was written. Holds every problem found."""

    #: what the command did not do, as the error message says it
    not_done = "nothing was imported"

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = problems
        count = len(problems)
        first = str(problems[0]) if problems else ""
        super().__init__(f"{count} problem{'s' if count != 1 else ''}; first: {first}")
