"""typer's own texts in Chinese: help pages, usage errors and the --verbose switch.

typer writes its help pages and usage errors in English, from strings built into it
("Usage:", "Show this message and exit.", "Missing argument", "No such option" ...).
pjgen's root command class, ``ChineseGroup`` (``typer.Typer(cls=ChineseGroup)``),
replaces both for every command of the tree, including sub-apps added later:

- each command gets ``ChineseContext``, whose help page and usage line are written
  by generator/cli_help.py from the parameters' own fields (names, help, defaults, choices, ranges);
- usage errors are caught in ``ChineseGroup.main`` and printed as Chinese sentences
  built from the exception's fields; typer's English wording is shown only with
  ``--verbose``, which is accepted anywhere on the command line.

Only typer's public interface is used: ``typer.Typer(cls=…)``, the command and
parameter classes of ``typer.core``, ``typer.Context`` and the public exceptions
(``typer.TyperException``, the base of every command-line error, and
``typer.BadParameter``); the kind of a usage error is told by the documented fields
click's exceptions carry (``possibilities``, ``param_type``, ``param``). Values are
converted by typer itself.

This module and generator/cli_help.py (the help pages) import nothing heavy: ``pjgen --help``
loads typer and these two only.
"""

from __future__ import annotations

import difflib
import re
import sys
from typing import Any, Sequence

import typer
from typer.core import TyperArgument, TyperGroup, TyperOption

from generator.cli_help import VERBOSE_FLAG, argument_name, choices, help_page, usage_line, value_kind



class _State:
    verbose = False


def is_verbose() -> bool:
    """Whether this run was started with --verbose."""
    return _State.verbose


def take_verbose(args: Sequence[str]) -> tuple[list[str], bool]:
    """The arguments without --verbose (before a "--"), and whether it was given."""
    rest: list[str] = []
    verbose = False
    for i, arg in enumerate(args):
        if arg == "--":
            rest.extend(args[i:])
            break
        if arg == VERBOSE_FLAG:
            verbose = True
        else:
            rest.append(arg)
    return rest, verbose


def technical_detail(exc: BaseException) -> str:
    """What a library said, in its own words (shown only with --verbose)."""
    seen: list[str] = []
    cause: BaseException | None = exc
    while cause is not None and len(seen) < 5:
        text = str(cause).strip()
        seen.append(f"{type(cause).__name__}: {text}" if text else type(cause).__name__)
        cause = cause.__cause__ or (None if cause.__suppress_context__ else cause.__context__)
    return "原始信息：" + " ← ".join(seen)


class ChineseContext(typer.Context):
    """A context whose help page and usage line are pjgen's Chinese ones."""

    def __init__(self, command: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(command, *args, **kwargs)
        help_option = command.get_help_option(self)  # made on first use, per command
        if help_option is not None:
            # not given is False, not None: a flag's value that is already a bool needs no
            # conversion, so `pjgen --help` and `pjgen build --help` never load typer's validator
            help_option.default = False

    def get_usage(self) -> str:
        return usage_line(self)

    def get_help(self) -> str:
        return help_page(self)


# ---------------------------------------------------------------------------
# Usage errors


def _param_label(param: Any) -> str:
    if isinstance(param, TyperOption):
        return f"选项 {'/'.join([*param.opts, *param.secondary_opts])}"
    if isinstance(param, TyperArgument):
        return f"参数“{argument_name(param)}”"
    return "参数"


def _expected(param: Any) -> str:
    """What a valid value of param looks like, in words."""
    names = choices(param)
    if names:
        return "可选：" + "、".join(names)
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    kind = {"整数": "整数", "数字": "数字", "路径": "文件或文件夹的路径"}.get(value_kind(param), "")
    if kind and low is not None and high is not None:
        return f"应为 {low} 到 {high} 之间的{kind}"
    if kind and low is not None:
        return f"应为不小于 {low} 的{kind}"
    if kind and high is not None:
        return f"应为不大于 {high} 的{kind}"
    return f"应为{kind}" if kind else ""


_KNOWN_USAGE = (
    (re.compile(r"Missing command\.?"), lambda m: "缺少命令。"),
    (re.compile(r"No such command '(?P<name>.*)'\.(?: Did you mean .*)?", re.S), None),
    (re.compile(r"Got unexpected extra argument\(s\) \((?P<extra>.*)\)", re.S), lambda m: f"多余的参数：{m['extra']}。"),
    (re.compile(r"Option '(?P<name>.+)' requires (?:an argument|(?P<n>\d+) arguments)\.", re.S),
     lambda m: f"选项 {m['name']} 后面缺少值。"),
    (re.compile(r"Option '(?P<name>.+)' does not take a value\.", re.S), lambda m: f"选项 {m['name']} 不带值。"),
)


def is_usage_error(error: BaseException) -> bool:
    """A mistake on the command line (click's UsageError and its kinds): a typer
    exception that carries the context it happened in."""
    return isinstance(error, typer.TyperException) and hasattr(error, "ctx")


def _is_missing(error: typer.BadParameter) -> bool:
    return hasattr(error, "param_type")  # MissingParameter


def _is_no_such_option(error: BaseException) -> bool:
    return hasattr(error, "possibilities") and hasattr(error, "option_name")  # NoSuchOption


def _given_value(error: BaseException) -> Any:
    """The value typer refused, as its validator reports it (pydantic's ``errors()``)."""
    cause = error.__cause__
    errors = getattr(cause, "errors", None)
    if callable(errors):
        try:
            details = errors()
        except Exception:  # noqa: BLE001 - a validator of another kind: no value to quote
            return None
        if details and isinstance(details[0], dict) and "input" in details[0]:
            return details[0]["input"]
    return None


def _bad_value(error: typer.BadParameter) -> str:
    param = error.param
    expected = _expected(param)
    label = _param_label(param) + (" " if isinstance(param, TyperOption) else "")
    value = _given_value(error)
    if value is not None and not isinstance(value, (list, tuple)):
        return f"{label}的值“{value}”无效" + (f"：{expected}。" if expected else "。")
    return f"{label}的值无效" + (f"：{expected}。" if expected else "。")


def translate_usage_error(error: Any) -> str:
    """A usage error in Chinese, built from the exception's fields."""
    if _is_no_such_option(error):
        text = f"没有选项 {error.option_name}。"
        if error.possibilities:
            text += f"您是否想用：{'、'.join(sorted(error.possibilities))}？"
        return text
    if isinstance(error, typer.BadParameter) and _is_missing(error):
        label = _param_label(error.param)
        expected = _expected(error.param) if error.param is not None else ""
        return f"缺少{label}。" + (f"{expected}。" if expected.startswith("可选") else "")
    if isinstance(error, typer.BadParameter):
        return _bad_value(error)
    message = error.message
    for pattern, make in _KNOWN_USAGE:
        match = pattern.fullmatch(message.strip())
        if match is None:
            continue
        if make is not None:
            return make(match)
        return _no_such_command(error.ctx, match["name"])
    return "命令行有误。"


def _no_such_command(ctx: typer.Context | None, name: str) -> str:
    text = f"没有命令“{name}”。"
    group = ctx.command if ctx is not None else None
    if isinstance(group, TyperGroup):
        names = [n for n, c in group.commands.items() if not c.hidden]
        close = difflib.get_close_matches(name, names)
        if close:
            text += f"您是否想用：{'、'.join(close)}？"
        else:
            text += f"可用的命令：{'、'.join(names)}。"
    return text


# The commands that print a JSON report, and the option that asks for it
_JSON_OPTIONS = {"check": ("--format", "json"), "build": ("--json", None), "import": ("--json", None)}


def json_command(args: Sequence[str]) -> str | None:
    """The command whose JSON report the command line ``args`` asks for (``check --format json``,
    ``build --json``, ``import --json``), read from the words themselves: for a command line
    that does not parse."""
    words = list(args[:list(args).index("--")] if "--" in args else args)
    command = next((w for w in words if not w.startswith("-")), None)
    if command not in _JSON_OPTIONS:
        return None
    option, value = _JSON_OPTIONS[command]
    rest = words[words.index(command) + 1:]
    if value is None:
        return command if option in rest else None
    given = any(a == option and b == value for a, b in zip(rest, rest[1:])) or f"{option}={value}" in rest
    return command if given else None


def _emit_usage_json(command: str, message: str) -> None:
    from generator import report_json

    report_json.emit(report_json.usage_report(command, message))


def _write_error(lines: list[str]) -> None:
    sys.stderr.write("\n".join(lines) + "\n")
    sys.stderr.flush()


def _show_usage_error(error: Any, json_for: str | None = None) -> None:
    """The Chinese usage error on stderr; ``json_for`` (a command whose JSON report was asked
    for) also gets the JSON report of it on stdout."""
    if json_for is not None:
        _emit_usage_json(json_for, translate_usage_error(error))
    ctx = error.ctx
    if ctx is not None and error.format_message() == ctx.get_help():  # no arguments: the help page
        _write_error([ctx.get_help()])
        return
    lines = []
    if ctx is not None:
        lines.append(ctx.get_usage())
    lines.append(f"错误：{translate_usage_error(error)}")
    if ctx is not None and ctx.command.add_help_option:
        lines.append(f"运行 {ctx.command_path} {ctx.help_option_names[-1]} 查看帮助。")
    if is_verbose():
        lines.append(f"原始信息：{error.format_message()}")
    _write_error(lines)


# ---------------------------------------------------------------------------
# The root command


def _localize(commands: dict[str, Any]) -> None:
    """Give every command of the tree the Chinese context (sub-apps too)."""
    for command in commands.values():
        command.context_class = ChineseContext
        if isinstance(command, TyperGroup):
            _localize(command.commands)


class ChineseGroup(TyperGroup):
    """pjgen's root command: Chinese help pages and usage errors, --verbose anywhere."""

    context_class = ChineseContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _localize(self.commands)

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        args, _State.verbose = take_verbose(sys.argv[1:] if args is None else list(args))
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except typer.TyperException as error:  # every command-line error of typer and click
            if is_usage_error(error):
                _show_usage_error(error, json_command(args))
            else:
                _write_error([f"错误：命令行有误。{technical_detail(error) if is_verbose() else ''}".rstrip()])
            code = error.exit_code
        except typer.Abort:
            _write_error(["已中止。"])
            code = 1
        code = code if isinstance(code, int) else 0
        if standalone_mode:
            sys.exit(code)
        return code
