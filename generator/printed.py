"""What a pack's template prints: which workbook fields reach the document.

A field is *printed* when the template reads a vocabulary name made from it, or a name under
such a name. Which names are made from which fields is declared once, in
generator/vocabulary_fields.py (``SOURCES``); ``FIELD_NAMES`` there reads it the other way
round. A field the template never prints is not mandatory, and the checks do not ask for it
(no missing reason for a sentence the document does not write). A field that no name is
declared to use is treated as printed whenever the pack reads its sheet: leaving a field out
of the declaration can only keep it required.

The template's names come from ``render.template_references`` (the parser behind
``pjgen packs --check``), kept per template content (see ``printed_by``).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from generator import __version__
from generator.problems import PjgenError
from generator.schema import Field
from generator.vocabulary_fields import FIELD_NAMES


def _over(path: str) -> set[str]:
    """``path`` and every name over it (whose reading it covers, as ``vocabulary_fields.covers``
    says): s5.details[].change → s5, s5.details, s5.details[], s5.details[].change."""
    found = {path}
    for i, c in enumerate(path):
        if c in ".[":
            found.add(path[:i])
    return found


@dataclass(frozen=True)
class Printed:
    """The vocabulary paths a template reads (None: a template that prints everything,
    for callers that know no pack)."""

    paths: frozenset[str] | None = None
    _read: frozenset[str] = field(default=frozenset(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # every name read, with the names over it: reads() is then one look-up
        object.__setattr__(self, "_read", frozenset().union(*map(_over, self.paths or ())))

    def reads(self, name: str) -> bool:
        """Whether the template reads ``name`` or one of its children."""
        if self.paths is None:
            return True
        return name in self._read

    def prints(self, sheet: str, key: str) -> bool:
        """Whether the field ``key`` of ``sheet`` reaches the document."""
        names = FIELD_NAMES.get((sheet, key))
        return names is None or any(self.reads(n) for n in names)

    def required(self, sheet: str, fields: tuple[Field, ...]) -> tuple[Field, ...]:
        """``fields`` of ``sheet``, those the template does not print made optional."""
        return tuple(f if not f.required or self.prints(sheet, f.key) else replace(f, required=False) for f in fields)


EVERYTHING = Printed()


def printed_by(template: Path) -> Printed:
    """What ``template`` prints.

    Parsing a template takes a few tenths of a second (docxtpl and jinja2), more than the
    rest of ``pjgen check``: the result is kept for the process, and on disk in the user's
    cache folder under the hash of the template's bytes (so an edited template is parsed
    again, and a cache that cannot be written or read is simply not used).

    A template that cannot be read prints, for this purpose, everything: the checks then
    ask for every field, and rendering reports the template's own problem."""
    digest = hashlib.sha256(CACHE_VERSION.encode())
    try:
        with Path(template).open("rb") as fh:  # in chunks: a template's size is the guard's to judge
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return EVERYTHING
    return _printed(digest.hexdigest(), Path(template))


# Part of the cache key: change it when what template_references returns changes.
CACHE_VERSION = f"pjgen {__version__} template_references 1\n"


def cache_dir() -> Path:
    """Where parsed templates are kept: $XDG_CACHE_HOME/pjgen (default ~/.cache/pjgen)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pjgen" / "printed"


@lru_cache(maxsize=16)
def _printed(digest: str, template: Path) -> Printed:
    cached = cache_dir() / f"{digest}.json"
    try:
        paths = json.loads(cached.read_text(encoding="utf-8"))
        if isinstance(paths, list) and all(isinstance(p, str) for p in paths):
            return Printed(frozenset(paths))
    except (OSError, ValueError):
        pass
    from generator.render import template_references

    try:
        paths = sorted({p for p, _ in template_references(template)})
    except PjgenError:
        return EVERYTHING
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(paths, ensure_ascii=False), encoding="utf-8")
        partial.replace(cached)
    except OSError:
        pass
    return Printed(frozenset(paths))
