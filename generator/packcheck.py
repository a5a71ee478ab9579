"""`pjgen packs --check DIR`: a pack's manifest problems and the template tags the
common vocabulary does not have, each with its place in the template."""

from __future__ import annotations

from pathlib import Path

from generator.packs import read_manifest


def check_pack(folder: Path) -> list[str]:
    """Every problem found in the pack folder, as Chinese sentences (empty: none)."""
    _, problems = read_manifest(Path(folder))
    return problems
