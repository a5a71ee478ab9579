"""The document title (pack.toml ``title``) and the names it may use: top-level strings of
the template vocabulary known before the rest of the context is built. Kept apart from
generator/vocabulary.py so that loading a pack (as ``pjgen check`` does) does not build
the vocabulary."""

from __future__ import annotations

import re
from typing import Mapping

# The document title (pack.toml ``title``): the names it may use, each a top-level string
# of the vocabulary that is known before the rest of the context is built.
DEFAULT_TITLE = "{{ unit_name }}{{ year }}年度部门决算公开说明"
TITLE_NAMES = ("unit_name", "year", "last_year")
TITLE_TAG = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")


def fill_title(pattern: str, values: Mapping[str, str]) -> str:
    """The title ``pattern`` with its {{ name }} tags replaced by ``values``."""
    return TITLE_TAG.sub(lambda m: values[m.group(1)], pattern)
