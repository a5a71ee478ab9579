"""The template vocabulary: every name a pack's template.docx may use.

The context built by generator/context.py is the same for every pack; this module lists
it in machine-readable form. `pjgen packs --check` reports tags that are not here,
scripts/make_docs.py writes docs/template-context.md from it, and
tests/test_packs_vocabulary.py checks it against the context actually built.

The whole context is typed (generator/context_types.py's ``DocumentContext`` and the
dataclasses it holds): every field describes itself (generator/described.py), so the
vocabulary is generated from what the builders return, with ``fields`` made from the schema
(generator/sheet_fields.py). Nothing here describes a name by hand.

Each entry is ``name: description`` (a leaf: a preformatted string, or a bool
where the description says so) or ``name: (description, children)`` where
children is a dict (a nested dict) or a one-element list (a list of such
items; ``[str]`` for a list of strings). In paths, ``[]`` stands for the
items of a list: ``functions[].text``.
"""

from __future__ import annotations

from typing import Any, Iterator

from generator.context_types import DocumentContext
from generator.described import entries, named_values
from generator.title import DEFAULT_TITLE, TITLE_NAMES, TITLE_TAG, fill_title

__all__ = ["DEFAULT_TITLE", "TITLE_NAMES", "TITLE_TAG", "VOCABULARY", "context_paths", "fill_title", "iter_entries",
           "vocabulary_paths"]

VOCABULARY: dict[str, Any] = entries(DocumentContext)


def iter_entries(spec: Any = None, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(path, description) of every name, parents before their children."""
    for name, entry in (VOCABULARY if spec is None else spec).items():
        path = f"{prefix}.{name}" if prefix else name
        if isinstance(entry, str):
            yield path, entry
            continue
        description, children = entry
        yield path, description
        if isinstance(children, list):
            (item,) = children
            if isinstance(item, dict):
                yield from iter_entries(item, path + "[]")
            else:
                yield path + "[]", item
        else:
            yield from iter_entries(children, path)


def vocabulary_paths() -> dict[str, str]:
    return dict(iter_entries())


def context_paths(value: Any, prefix: str = "") -> set[str]:
    """The paths of a built context, in the vocabulary's notation (``[]`` for list items)."""
    paths: set[str] = set()
    typed = named_values(value)
    if typed is not None:
        value = typed
    if isinstance(value, dict):
        for key, child in value.items():
            path = f"{prefix}.{key}" if prefix else key
            paths.add(path)
            paths |= context_paths(child, path)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict) or named_values(item) is not None:
                paths |= context_paths(item, prefix + "[]")
            else:
                paths.add(prefix + "[]")
    return paths
