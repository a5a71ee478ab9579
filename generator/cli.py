"""pjgen command line: the typer app and its commands, one module per command.

Start-up time matters (``pjgen --help`` well under a second): at import the command modules
load only typer and ``generator.cli_zh`` (typer's texts in Chinese); rich, openpyxl, docxtpl
and the pipeline are imported inside the commands that use them.

A new command is a function in its own ``cli_<name>.py``, registered below: options that
several commands share come from ``cli_options`` (declared once), printing and the one way to
end on a ``PjgenError`` (``with failing(): ...``) from ``cli_output``.
"""

from __future__ import annotations

import typer

from generator import __version__
from generator.cli_build import build
from generator.cli_check import check
from generator.cli_diff import diff
from generator.cli_import import import_
from generator.cli_init import init
from generator.cli_output import console, text
from generator.cli_packs import packs
from generator.cli_serve import serve
from generator.cli_zh import ChineseGroup

app = typer.Typer(
    cls=ChineseGroup,
    help="pjgen：从 Excel 工作簿生成部门决算公开说明（Word/PDF）。",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"pjgen {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", "-V", callback=_show_version, is_eager=True,
                                 help="显示版本号后退出"),
) -> None:
    pass


def version() -> None:
    """显示版本号。"""
    console.print(text(f"pjgen {__version__}"))


# The order here is the order of the commands on the help page.
app.command()(check)
app.command()(init)
app.command("import")(import_)
app.command()(version)
app.command()(build)
app.command()(diff)
app.command()(packs)
app.command()(serve)
