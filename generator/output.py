"""Writing outputs safely: atomic replace, a manifest of what pjgen wrote, backups of edited files.

Every output is written to a temporary file in the same folder and renamed
over the target, so an interrupted build leaves the old file or the new one,
never half a file. ``.pjgen-manifest.json`` beside the outputs records the
SHA-256 of each file pjgen wrote (and of the workbook it came from). A file
on disk that no longer matches its record was changed by someone else (edited
in Word, say): it is copied to ``备份/`` before it is replaced.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.problems import OutputLocked, PjgenError, describe_os_error

MANIFEST_NAME = ".pjgen-manifest.json"
BACKUP_DIR = "备份"
_FORMAT = 1


class OutputFailed(PjgenError):
    """An output could not be written (disk full, folder missing …)."""


_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def safe_file_name(name: str) -> str:
    """``name`` with the characters Windows forbids in file names replaced by _ (and no trailing dots or spaces)."""
    return _UNSAFE.sub("_", name).strip().rstrip(". ") or "_"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str | None:
    """SHA-256 of a file, or None when it does not exist."""
    digest = hashlib.sha256()
    try:
        with Path(path).open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except FileNotFoundError:
        return None
    return digest.hexdigest()


MANIFEST_BYTES = 16 * 1024 * 1024  # a folder's manifest is a few KB per document; larger is not read


class Manifest:
    """What pjgen last wrote into one output folder: file name → record."""

    def __init__(self, out_dir: Path) -> None:
        self.path = Path(out_dir) / MANIFEST_NAME
        self.files: dict[str, dict[str, Any]] = {}
        try:
            if self.path.stat().st_size > MANIFEST_BYTES:  # not one pjgen wrote: read as unreadable
                return
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            # An unreadable manifest proves nothing: every existing output is then
            # treated as possibly edited, i.e. backed up before it is replaced.
            return
        files = raw.get("files") if isinstance(raw, dict) else None
        if isinstance(files, dict):
            self.files = {str(k): v for k, v in files.items() if isinstance(v, dict)}

    def entry(self, name: str) -> dict[str, Any] | None:
        return self.files.get(name)

    def record(self, name: str, **fields: Any) -> None:
        self.files[name] = fields

    def save(self) -> None:
        from generator import __version__

        data = {"format": _FORMAT, "generator": f"pjgen {__version__}", "files": dict(sorted(self.files.items()))}
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        write_atomic(self.path, text.encode("utf-8"))


@dataclass(frozen=True, slots=True)
class Written:
    """One output of a build."""

    path: Path
    changed: bool  # False: the file already held exactly these bytes, nothing was written
    backup: Path | None = None  # where the edited file on disk was saved before it was replaced


def _umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _locked_message(target: Path, detail: str) -> str:
    return (
        f"无法写入 {target}：{detail}。请在 Word/WPS 中关闭该文件后重新运行；"
        "该文件保持原样，其他文件不受影响。"
    )


def lock_files(target: Path) -> list[Path]:
    """Owner/lock files that Word, WPS or LibreOffice keep beside an open document.

    Word names its owner file after the document with the first one or two
    characters replaced by ``~$``; when another file in the folder shares the
    rest of the name (甲单位… and 乙单位…) that owner file could be either's and
    is not taken as a lock. (On Windows the rename itself then fails.)
    """
    name = target.name
    stem_len = len(target.stem)
    cut = 2 if stem_len >= 8 else 1 if stem_len == 7 else 0
    found = [target.with_name(c) for c in ("~$" + name, f".~lock.{name}#") if target.with_name(c).exists()]
    word = target.with_name("~$" + name[cut:])
    if cut and word.exists():
        rest = name[cut:]
        others = [p for p in target.parent.iterdir() if p.name != name and p.name[cut:] == rest and p.name[:2] != "~$"]
        if not others:
            found.insert(0, word)
    return found


def check_writable(target: Path) -> None:
    """Raise OutputLocked when the existing ``target`` is open in an editor or read-only."""
    locks = lock_files(target)
    if locks:
        raise OutputLocked(
            _locked_message(
                target,
                f"文件似乎正在 Word/WPS 中打开（发现锁文件 {locks[0].name}；"
                "如果确实没有打开，删除这个锁文件即可）",
            )
        )
    if target.exists() and not os.access(target, os.W_OK):
        raise OutputLocked(_locked_message(target, "文件是只读的"))


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _replace(source: Path, target: Path) -> None:
    try:
        os.replace(source, target)
    except PermissionError as exc:
        raise OutputLocked(_locked_message(target, "文件可能正被其他程序打开，或没有写入权限")) from exc
    except OSError as exc:
        raise OutputFailed(f"无法写入 {target}：{describe_os_error(exc)}。请检查磁盘空间和文件夹权限。") from exc


def _temp_copy(target: Path, data: bytes, mode: int) -> Path:
    """``data`` in a new temporary file beside ``target``, on disk and with ``mode``.

    A failure raises OutputFailed (in Chinese) and leaves no temporary file; so does
    an interruption, which propagates."""
    folder = target.parent
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except PermissionError as exc:
        raise OutputFailed(f"没有权限在文件夹 {folder} 中写入文件。请换一个位置，或检查文件夹权限。") from exc
    except OSError as exc:
        raise OutputFailed(f"无法在文件夹 {folder} 中写入文件：{describe_os_error(exc)}。请检查文件夹权限。") from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputFailed(f"无法写入 {target}：{describe_os_error(exc)}。请检查磁盘空间和文件夹权限。") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file and a rename.

    On any failure or interruption the temporary file is removed and
    ``target`` keeps its previous content.
    """
    target = Path(target)
    try:
        mode = target.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = _umask_mode()
    tmp = _temp_copy(target, data, mode)
    try:
        _replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)


class OutputExists(OutputFailed):
    """The file to be created exists already; it is never replaced."""

    def __init__(self, target: Path) -> None:
        super().__init__(f"{target} 已存在，不会覆盖。请换一个文件名。")


def _folder_problem(folder: Path) -> str | None:
    if folder.is_dir():
        return None
    if folder.exists():
        return f"{folder} 不是文件夹。请换一个位置。"
    return f"文件夹 {folder} 不存在。请先创建这个文件夹，或换一个位置。"


def create_new(target: Path, data: bytes) -> None:
    """Write a new file atomically; a file already at ``target`` is never replaced.

    The data go to a temporary file in the same folder, which is then hard-linked to
    ``target``: the link fails if ``target`` exists, even one created meanwhile. Where
    hard links are not supported (some network or FAT drives) it is renamed after a
    last check. Either way ``target`` appears complete or not at all.
    """
    target = Path(target)
    folder = target.parent
    problem = _folder_problem(folder)
    if problem is not None:
        raise OutputFailed(problem)
    if target.exists() or target.is_symlink():
        raise OutputExists(target)
    tmp = _temp_copy(target, data, _umask_mode())
    try:
        os.link(tmp, target)
    except FileExistsError as exc:
        raise OutputExists(target) from exc
    except OSError:
        if target.exists() or target.is_symlink():
            raise OutputExists(target) from None
        _replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(folder)


def backup_path(target: Path) -> Path:
    """``备份/<stem>_<modification time><suffix>`` beside ``target``, not yet taken."""
    when = dt.datetime.fromtimestamp(target.stat().st_mtime).strftime("%Y%m%d-%H%M%S")
    folder = target.parent / BACKUP_DIR
    candidate = folder / f"{target.stem}_{when}{target.suffix}"
    n = 2
    while candidate.exists():
        candidate = folder / f"{target.stem}_{when}_{n}{target.suffix}"
        n += 1
    return candidate


def _back_up(target: Path) -> Path:
    backup = backup_path(target)
    try:
        backup.parent.mkdir(exist_ok=True)
        shutil.copy2(target, backup)
    except OSError as exc:
        raise OutputFailed(
            f"{target} 被修改过，但无法备份到 {backup}：{describe_os_error(exc)}。为避免丢失修改，未覆盖该文件。"
        ) from exc
    return backup


def publish(target: Path, content: bytes | Path, manifest: Manifest, **record: Any) -> Written:
    """Put ``content`` (bytes, or a finished file in the same folder) at ``target``.

    - identical bytes already there: nothing is written (``changed`` False);
    - a file there that differs from what the manifest says pjgen wrote: it is
      copied to ``备份/`` first (``backup``);
    - open in Word/WPS or read-only: ``OutputLocked``, nothing changes.

    The manifest entry (``sha256`` plus ``record``) is updated in memory;
    the caller saves the manifest.
    """
    target = Path(target)
    if isinstance(content, Path):
        new_hash = sha256_file(content)
    else:
        new_hash = sha256_bytes(content)
    on_disk = sha256_file(target)
    if on_disk == new_hash:
        if isinstance(content, Path):
            content.unlink(missing_ok=True)
        manifest.record(target.name, sha256=new_hash, **record)
        return Written(target, changed=False)
    backup = None
    if on_disk is not None:
        check_writable(target)
        entry = manifest.entry(target.name)
        if entry is None or entry.get("sha256") != on_disk:
            backup = _back_up(target)
    if isinstance(content, Path):
        _replace(content, target)
        _fsync_dir(target.parent)
    else:
        write_atomic(target, content)
    manifest.record(target.name, sha256=new_hash, **record)
    return Written(target, changed=True, backup=backup)


def is_current(target: Path, manifest: Manifest, **expected: Any) -> bool:
    """True when ``target`` is what pjgen last wrote there and its record matches ``expected``."""
    entry = manifest.entry(Path(target).name)
    if entry is None or any(entry.get(k) != v for k, v in expected.items()):
        return False
    return sha256_file(target) == entry.get("sha256")


def staging_dir(out_dir: Path) -> Path:
    """A private work folder inside ``out_dir`` (same file system, so renames are atomic)."""
    try:
        return Path(tempfile.mkdtemp(prefix=".pjgen-work-", dir=out_dir))
    except OSError as exc:
        raise OutputFailed(f"无法在 {out_dir} 中写入文件：{describe_os_error(exc)}。请检查文件夹权限。") from exc


def prepare_out_dir(out_dir: Path) -> list[Path]:
    """Create ``out_dir`` and sweep what a killed build left behind.

    Returns the folders it created, deepest first, for ``remove_if_empty``: a build
    that writes nothing leaves no new empty folder behind."""
    created: list[Path] = []
    folder = Path(out_dir)
    while not folder.exists() and not folder.is_symlink() and folder != folder.parent:
        created.append(folder)
        folder = folder.parent
    try:
        Path(out_dir).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputFailed(f"无法创建输出文件夹 {out_dir}：{describe_os_error(exc)}。请换一个位置（-o）。") from exc
    if not Path(out_dir).is_dir():
        raise OutputFailed(f"输出位置 {out_dir} 不是文件夹。请换一个位置（-o）。")
    sweep_leftovers(Path(out_dir))
    return created


def remove_if_empty(folders: list[Path]) -> None:
    """Remove the folders (deepest first) that are still empty; stop at the first that is not."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return


STALE_SECONDS = 3600  # older temporary files cannot belong to a build still running


def sweep_leftovers(out_dir: Path, now: float | None = None) -> list[Path]:
    """Remove temporary files and work folders of interrupted builds (older than an hour)."""
    now = time.time() if now is None else now
    removed: list[Path] = []
    for path in out_dir.glob(".*"):
        is_part = path.name.endswith(".part") and path.is_file()
        is_work = path.name.startswith(".pjgen-work-") and path.is_dir()
        if not (is_part or is_work):
            continue
        try:
            if now - path.stat().st_mtime < STALE_SECONDS:
                continue
            if is_work:
                shutil.rmtree(path)
            else:
                path.unlink()
        except OSError:
            continue  # someone else's, or already gone: harmless
        removed.append(path)
    return removed
