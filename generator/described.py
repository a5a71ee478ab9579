"""Typed parts of the template context whose fields carry their own description.

A section builder returns a dataclass whose fields are declared with ``doc("本年金额")``;
generator/vocabulary.py lists such a class through ``entries`` instead of describing it by
hand, so the vocabulary (and docs/template-context.md, made from it) names exactly the
fields the builder fills. Templates read the fields as attributes (``{{ s1.yoy.movement }}``).
"""

from __future__ import annotations

from dataclasses import Field, field, fields, is_dataclass
from typing import Any

DOC = "doc"


def doc(description: str) -> Any:
    """A dataclass field described for the template vocabulary."""
    return field(metadata={DOC: description})


def entries(cls: type) -> dict[str, str]:
    """The vocabulary entries of a described dataclass: field name → description, in field order."""
    return {f.name: _description(cls, f) for f in fields(cls)}


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
