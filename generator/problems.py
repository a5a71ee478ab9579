"""Validation problems (values) and the small exception hierarchy (aborts)."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(enum.Enum):
    ERROR = "错误"
    WARNING = "警告"


@dataclass(frozen=True, slots=True, order=True)
class CellRef:
    sheet: str
    cell: str  # A1 notation

    def __str__(self) -> str:
        return f"{self.sheet}!{self.cell}"


@dataclass(frozen=True, slots=True)
class Problem:
    code: str  # stable kebab-case identifier, e.g. "not-a-number"
    message: str  # Chinese: what was found, what to do
    ref: CellRef | None = None  # None only for workbook-level problems
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def flat(self) -> tuple[str, str]:
        return (str(self.ref) if self.ref else "", self.code)


def warning(code: str, message: str, ref: CellRef | None = None) -> Problem:
    return Problem(code, message, ref, Severity.WARNING)


class PjgenError(Exception):
    """A condition that stops the run; the message is shown to the user (Chinese)."""


class WorkbookNotFound(PjgenError):
    pass


class WorkbookUnreadable(PjgenError):
    pass


class TemplateMissing(PjgenError):
    pass


class ConversionFailed(PjgenError):
    pass


class OutputLocked(PjgenError):
    pass
