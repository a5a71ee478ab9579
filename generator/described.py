"""Typed parts of the template context whose fields carry their own description.

A section builder returns a dataclass whose fields are declared with ``doc("本年金额")``;
generator/vocabulary.py lists such a class through ``entries`` instead of describing it by
hand, so the vocabulary (and docs/template-context.md, made from it) names exactly the
fields the builder fills. Templates read the fields as attributes (``{{ s1.yoy.movement }}``).
"""

from __future__ import annotations

import types
from dataclasses import Field, field, fields, is_dataclass
from typing import Any, Union, get_args, get_origin, get_type_hints

DOC = "doc"
ITEM = "item"
CHILDREN = "children"


def doc(description: str, item: str = "", children: dict[str, Any] | None = None) -> Any:
    """A dataclass field described for the template vocabulary; ``item`` describes the items
    of a list of strings, ``children`` the names inside a mapping (entries in the form
    ``entries`` returns, made elsewhere: the schema's form fields)."""
    metadata: dict[str, Any] = {DOC: description}
    if item:
        metadata[ITEM] = item
    if children is not None:
        metadata[CHILDREN] = children
    return field(metadata=metadata)


def entries(cls: type) -> dict[str, Any]:
    """The vocabulary entries of a described dataclass, in field order: name → description for
    a leaf, (description, entries) for a described dataclass (also one that may be None) or a
    mapping declared with ``children``, (description, [entries]) for a list of them and
    (description, [item description]) for a list of strings."""
    hints = get_type_hints(cls)
    out: dict[str, Any] = {}
    for f in fields(cls):
        description, kind = _description(cls, f), _optional(hints[f.name])
        if CHILDREN in f.metadata:
            out[f.name] = (description, f.metadata[CHILDREN])
        elif is_dataclass(kind):
            out[f.name] = (description, entries(kind))  # type: ignore[arg-type]
        elif get_origin(kind) is dict:
            raise TypeError(f"{cls.__name__}.{f.name} is a mapping without its names (doc(..., children=...))")
        elif get_origin(kind) is list:
            (item,) = get_args(kind)
            out[f.name] = (description, [entries(item) if is_dataclass(item) else _item(cls, f)])
        else:
            out[f.name] = description
    return out


def _optional(kind: Any) -> Any:
    """``X`` for ``X | None`` (a part the context leaves out as None), else ``kind``."""
    if get_origin(kind) in (Union, types.UnionType):
        rest = [a for a in get_args(kind) if a is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return kind


def _item(cls: type, f: Field[Any]) -> str:
    try:
        return f.metadata[ITEM]
    except KeyError:
        raise TypeError(f"{cls.__name__}.{f.name} is a list without an item description (doc(..., item=...))") from None


def _description(cls: type, f: Field[Any]) -> str:
    try:
        return f.metadata[DOC]
    except KeyError:
        raise TypeError(f"{cls.__name__}.{f.name} has no description (declare it with doc(...))") from None


def named_values(value: Any) -> dict[str, Any] | None:
    """The fields of a described dataclass instance by name (None for anything else)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in fields(value)}
    return None
