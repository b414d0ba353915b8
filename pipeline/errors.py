"""The tool's own error type: every problem names its file, line or record, and field."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as the input allows."""

    file: str
    message: str
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        what = f"field '{self.field}': " if self.field else ""
        return f"{where}: {what}{self.message}"


class InputError(Exception):
    """Bad input: carries every problem found, so a user can fix them all in one pass."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class Collector:
    """Gathers problems while a stage reads its input; `raise_if_any` ends the stage if needed."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(
        self, file: str, message: str, line: int | None = None, field: str | None = None
    ) -> None:
        self.problems.append(Problem(str(file), message, line, field))

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise InputError(self.problems)
