"""pjgen's help pages in Chinese, written from the parameters' own fields (names, help,
defaults, choices, ranges) of typer's public command and parameter classes."""

from __future__ import annotations

import enum
import inspect
import unicodedata
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperArgument, TyperGroup, TyperOption

VERBOSE_FLAG = "--verbose"
VERBOSE_HELP = "出错时另外显示原始的技术信息（多为英文），便于排查问题。可放在命令行的任何位置"
HELP_TEXT = "显示本帮助并退出"


def choices(param: Any) -> list[str]:
    descriptor = getattr(param, "type_descriptor", None)
    return [str(c.value if isinstance(c, enum.Enum) else c) for c in getattr(descriptor, "choices", None) or ()]


def value_kind(param: Any) -> str:
    """The value's type in Chinese: 整数, 数字, 路径 or 文本 ("" for a flag)."""
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", str)
    while getattr(annotation, "__args__", None) and getattr(annotation, "__origin__", None) in (list, tuple):
        annotation = annotation.__args__[0]
    if isinstance(annotation, type):
        if issubclass(annotation, bool):
            return ""
        if issubclass(annotation, int):
            return "整数"
        if issubclass(annotation, float):
            return "数字"
        if issubclass(annotation, Path):
            return "路径"
    return "文本"


def _type_hint(param: TyperArgument | TyperOption) -> str:
    """What a value looks like: the metavar if given, else the choices or the type."""
    return param.metavar or "|".join(choices(param)) or value_kind(param)


def _width(text: str) -> int:
    """Columns on a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - _width(text), 0)


def argument_name(param: TyperArgument) -> str:
    return param.metavar or (param.name or "").upper()


def _default_text(param: TyperArgument | TyperOption) -> str | None:
    if isinstance(param.show_default, str):
        return param.show_default
    default = param.default
    if not param.show_default or default is None or default is False or callable(default):
        return None
    if isinstance(default, (list, tuple)):
        return "、".join(str(d.value if isinstance(d, enum.Enum) else d) for d in default) or None
    return str(default.value if isinstance(default, enum.Enum) else default)


def _notes(param: TyperArgument | TyperOption) -> str:
    notes = []
    default = _default_text(param)
    if default is not None:
        notes.append(f"默认：{default}")
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if low is not None and high is not None:
        notes.append(f"{low} 到 {high}")
    elif low is not None:
        notes.append(f"不小于 {low}")
    elif high is not None:
        notes.append(f"不大于 {high}")
    if getattr(param, "multiple", False) or param.nargs == -1:
        notes.append("可以给多个")
    if param.required:
        notes.append("必填")
    return f"［{'；'.join(notes)}］" if notes else ""


def _option_names(param: TyperOption) -> str:
    names = ", ".join([*param.opts, *param.secondary_opts])
    hint = "" if param.is_flag or param.count else _type_hint(param)
    return f"{names} {hint}" if hint else names


def _usage_pieces(ctx: typer.Context) -> list[str]:
    command = ctx.command
    pieces = ["[选项]"]
    for param in command.params:
        if isinstance(param, TyperArgument) and not param.hidden:
            name = argument_name(param)
            name = name if param.required else f"[{name}]"
            pieces.append(f"{name}..." if param.nargs != 1 else name)
    if isinstance(command, TyperGroup):
        pieces.append("命令 [参数]...")
    return pieces


def usage_line(ctx: typer.Context) -> str:
    return f"用法：{ctx.command_path} {' '.join(_usage_pieces(ctx))}"


def _rows(title: str, rows: list[tuple[str, str]]) -> list[str]:
    if not rows:
        return []
    width = min(max(_width(name) for name, _ in rows), 30)
    lines = ["", f"{title}："]
    for name, text in rows:
        if _width(name) > width:
            lines.append(f"  {name}")
            lines.append(f"  {_pad('', width)}  {text}".rstrip())
        else:
            lines.append(f"  {_pad(name, width)}  {text}".rstrip())
    return lines


def help_page(ctx: typer.Context) -> str:
    """The whole help page of ctx's command, in Chinese."""
    command = ctx.command
    lines = [usage_line(ctx)]
    text = inspect.cleandoc(command.help or "").partition("\f")[0].strip()
    if text:
        lines.append("")
        lines.extend(f"  {line}" if line else "" for line in text.splitlines())
    arguments, options = [], []
    for param in command.params:
        if getattr(param, "hidden", False):
            continue
        if isinstance(param, TyperArgument):
            arguments.append((argument_name(param), f"{param.help or ''}  {_notes(param)}".strip()))
        elif isinstance(param, TyperOption):
            options.append((_option_names(param), f"{param.help or ''}  {_notes(param)}".strip()))
    options.append((VERBOSE_FLAG, VERBOSE_HELP))
    help_names = command.get_help_option_names(ctx) if command.add_help_option else []
    if help_names:
        options.append((", ".join(sorted(help_names, key=len)), HELP_TEXT))
    lines += _rows("参数", arguments)
    lines += _rows("选项", options)
    if isinstance(command, TyperGroup):
        commands = [(name, sub.get_short_help_str(60)) for name, sub in command.commands.items() if not sub.hidden]
        lines += _rows("命令", commands)
    return "\n".join(lines)
