"""What every command of the command line prints with: the two consoles (made on first use,
so that ``pjgen --help`` never imports rich), lines that never read user text as markup, and
the one way a command ends on a ``PjgenError`` (:func:`failing`).

Everything printed that comes from the user (file names, cell text) goes through ``Text``
objects or ``escape``, never into rich markup: a file named ``[bold]a.xlsx`` prints as is.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Optional, Sequence

import typer

from generator.cli_zh import is_verbose, technical_detail
from generator.problems import PjgenError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


class _LazyConsole:
    """A rich Console made on first use: rich is not imported for ``pjgen --help``."""

    def __init__(self, stderr: bool) -> None:
        self._stderr = stderr
        self._console: Console | None = None

    def real(self) -> Console:
        if self._console is None:
            from rich.console import Console

            width = None if sys.stdout.isatty() else 160
            self._console = Console(stderr=self._stderr, highlight=False, emoji=False, width=width)
        return self._console

    def __getattr__(self, name: str):
        return getattr(self.real(), name)


console = _LazyConsole(stderr=False)
err_console = _LazyConsole(stderr=True)


def text(*parts: str | tuple[str, str]) -> Text:
    """A line from plain strings and (string, style) pairs; nothing is read as markup."""
    from rich.text import Text

    return Text.assemble(*parts)


def error(message: str) -> None:
    err_console.print(text(("错误：", "bold red"), message))


def fail(exc: PjgenError) -> None:
    """Print a PjgenError (and, with --verbose, what the library said) and exit 1."""
    error(str(exc))
    if is_verbose() and exc.__cause__ is not None:
        err_console.print(text((technical_detail(exc.__cause__), "dim")))
    raise typer.Exit(1)


@contextmanager
def failing(command: Optional[str] = None, workbooks: Sequence[Path] = ()) -> Iterator[None]:
    """End the command on a ``PjgenError`` raised inside: the JSON report of the failure first
    when ``command`` is given (one entry per workbook, for ``--json``/``--format json``), then
    the Chinese message (:func:`fail`) and exit code 1."""
    try:
        yield
    except PjgenError as exc:
        report_failure(command, workbooks, str(exc))
        fail(exc)


def refuse(message: str, command: Optional[str] = None, workbooks: Sequence[Path] = ()) -> None:
    """End the command on a usage error found by the command itself (exit code 2): the JSON
    report first when ``command`` is given, as :func:`failing` does."""
    report_failure(command, workbooks, message)
    error(message)
    raise typer.Exit(2)


def report_failure(command: Optional[str], workbooks: Sequence[Path], message: str) -> None:
    """The JSON report of a command that stopped before any workbook was done: each workbook
    given, with ``message`` as what stopped it (nothing when ``command`` is None: no JSON asked)."""
    if command is not None:
        from generator import report_json

        report_json.emit(report_json.report(command, [report_json.workbook(p, None, message) for p in workbooks]))


def fonts_line(font_dir: Optional[Path]) -> str:
    """Which official fonts the PDF could use, and what stands in for the others."""
    from generator.fontfind import find_official_fonts

    return find_official_fonts(font_dir).summary()
