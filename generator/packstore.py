"""The packs pjgen can use by id, with where each comes from, and ``pjgen packs --install``.

Shipped packs come with pjgen (the repository's templates/ folder); installed packs are
copied by ``pjgen packs --install DIR`` into the user packs folder (``places``). Listing
never stops at a broken installed pack: it is listed with its problems.
"""

from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from generator.packs import MANIFEST, PACKS_DIR, Pack, read_manifest
from generator.places import user_packs_dir
from generator.problems import PjgenError, describe_os_error

SHIPPED = "随 pjgen 提供"
INSTALLED = "已安装"


@dataclass(frozen=True)
class PackEntry:
    folder: Path
    origin: str  # SHIPPED or INSTALLED
    pack: Pack | None  # None: broken, see problems
    problems: tuple[str, ...] = ()
    shadowed: bool = False  # an installed pack with a shipped pack's id (the shipped one is used)

    @property
    def id(self) -> str:
        return self.pack.id if self.pack is not None else self.folder.name


def list_packs(shipped: Path = PACKS_DIR, installed: Path | None = None) -> list[PackEntry]:
    """Every pack folder in the shipped and the installed packs, shipped first, each by id."""
    installed = user_packs_dir() if installed is None else installed
    entries: list[PackEntry] = []
    seen: set[str] = set()
    for root, origin in ((shipped, SHIPPED), (installed, INSTALLED)):
        for folder in _pack_folders(root):
            try:
                pack, problems = read_manifest(folder)
            except OSError as exc:  # unreadable pack.toml
                pack, problems = None, [f"{folder / MANIFEST} 无法读取：{describe_os_error(exc)}。"]
            if pack is not None and pack.id != folder.name:
                problems = [f"{pack.manifest}：“id” 为“{pack.id}”，应与文件夹名称“{folder.name}”相同。"]
                pack = None
            entries.append(PackEntry(folder, origin, pack, tuple(problems), shadowed=folder.name in seen))
            seen.add(folder.name)
    return entries


def _pack_folders(root: Path) -> list[Path]:
    try:
        return sorted(d for d in Path(root).iterdir() if d.is_dir() and (d / MANIFEST).is_file())
    except OSError:  # no such folder yet, or not readable
        return []


def install_pack(source: Path, installed: Path | None = None) -> Path:
    """Copy the (checked) pack folder ``source`` into the installed packs as <its id>/, replacing
    an installed pack of the same id; returns the new folder. The caller checks the pack first."""
    installed = user_packs_dir() if installed is None else installed
    pack, problems = read_manifest(Path(source))
    if pack is None:
        raise PjgenError("模板包有误，未安装：\n" + "\n".join(problems))
    if (PACKS_DIR / pack.id / MANIFEST).is_file():
        raise PjgenError(f"“{pack.id}”是 pjgen 自带的模板包的名称。请在 pack.toml 中给自制模板包另取一个 id"
                         "（并把文件夹改成同名）再安装。")
    target = installed / pack.id
    staged = installed / f".{pack.id}.{uuid.uuid4().hex[:8]}.part"
    old = installed / f".{pack.id}.{uuid.uuid4().hex[:8]}.old"
    try:
        installed.mkdir(parents=True, exist_ok=True)
        shutil.copytree(source, staged, ignore=shutil.ignore_patterns("~$*", ".*", "__pycache__"))
        if target.exists():
            target.rename(old)
        staged.rename(target)
    except OSError as exc:
        shutil.rmtree(staged, ignore_errors=True)
        if old.exists() and not target.exists():
            old.rename(target)
        raise PjgenError(f"无法把模板包安装到 {target}：{describe_os_error(exc)}。"
                         f"可用环境变量 PJGEN_PACKS 指定另一个文件夹。") from exc
    shutil.rmtree(old, ignore_errors=True)
    return target
