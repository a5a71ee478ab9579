"""Where pjgen keeps what belongs to the user rather than to one build: the folder of
installed template packs (``pjgen packs --install``).

The platform's user data folder (platformdirs): ``%APPDATA%\\pjgen\\packs`` on Windows,
``~/Library/Application Support/pjgen/packs`` on macOS, ``$XDG_DATA_HOME/pjgen/packs``
(``~/.local/share/pjgen/packs``) on Linux. ``PJGEN_PACKS`` overrides it (a server, a shared
folder, a test).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKS_ENV = "PJGEN_PACKS"


def user_packs_dir() -> Path:
    """The folder of installed packs (it may not exist yet)."""
    override = os.environ.get(PACKS_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path("pjgen", appauthor=False, roaming=True) / "packs"
