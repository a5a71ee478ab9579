"""generator.output: atomic writes, the manifest, backups of edited files, locked files."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from generator import output
from generator.output import (
    BACKUP_DIR,
    MANIFEST_NAME,
    Manifest,
    OutputFailed,
    is_current,
    lock_files,
    publish,
    sha256_bytes,
    write_atomic,
)
from generator.problems import OutputLocked

NAME = "某单位2023年度部门决算公开说明.docx"


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part") or p.name.startswith(".pjgen-work"))


def test_write_atomic_creates_and_replaces(tmp_path):
    target = tmp_path / NAME
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert leftovers(tmp_path) == []


def test_write_atomic_respects_umask(tmp_path):
    target = tmp_path / NAME
    write_atomic(target, b"x")
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask  # not mkstemp's 0600


def test_interrupted_write_leaves_old_file(tmp_path, monkeypatch):
    target = tmp_path / NAME
    target.write_bytes(b"old document")

    def interrupted(fd):
        raise KeyboardInterrupt  # Ctrl+C after the new bytes went to the temporary file

    monkeypatch.setattr(output.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new document" * 1000)
    assert target.read_bytes() == b"old document"
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_killed_build_leaves_old_file_and_manifest(tmp_path):
    """A process killed in the middle of writing: old file and manifest untouched."""
    target = tmp_path / NAME
    manifest = Manifest(tmp_path)
    publish(target, b"old document", manifest)
    manifest.save()
    before = (tmp_path / MANIFEST_NAME).read_bytes()
    script = textwrap.dedent(
        f"""
        import os, sys, time
        from pathlib import Path
        from generator import output
        def slow(fd):
            sys.stdout.write("writing\\n"); sys.stdout.flush()
            time.sleep(60)
        output.os.fsync = slow
        m = output.Manifest(Path({str(tmp_path)!r}))
        output.publish(Path({str(target)!r}), b"new document" * 100000, m)
        m.save()
        """
    )
    with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True) as proc:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "writing"  # the temporary file is written, not renamed
        assert [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    assert target.read_bytes() == b"old document"
    assert (tmp_path / MANIFEST_NAME).read_bytes() == before
    # the next build starts from a consistent state: the old file is known, not "edited"
    assert is_current(target, Manifest(tmp_path))


def test_publish_records_hash(tmp_path):
    manifest = Manifest(tmp_path)
    written = publish(tmp_path / NAME, b"doc", manifest, input="a.xlsx", input_sha256="abc")
    manifest.save()
    assert written.changed and written.backup is None
    data = json.loads((tmp_path / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert data["files"][NAME] == {"sha256": sha256_bytes(b"doc"), "input": "a.xlsx", "input_sha256": "abc"}


def test_identical_content_is_not_rewritten(tmp_path):
    target = tmp_path / NAME
    manifest = Manifest(tmp_path)
    publish(target, b"doc", manifest)
    old = time.time() - 3600
    os.utime(target, (old, old))
    written = publish(target, b"doc", manifest)
    assert not written.changed
    assert target.stat().st_mtime == pytest.approx(old)


def test_hand_edited_file_is_backed_up_not_overwritten(tmp_path):
    target = tmp_path / NAME
    manifest = Manifest(tmp_path)
    publish(target, b"as built", manifest)
    manifest.save()
    target.write_bytes(b"edited in Word")

    written = publish(target, b"rebuilt", Manifest(tmp_path))
    assert target.read_bytes() == b"rebuilt"
    assert written.backup is not None
    assert written.backup.parent == tmp_path / BACKUP_DIR
    assert written.backup.read_bytes() == b"edited in Word"
    assert written.backup.suffix == ".docx"  # still opens in Word


def test_unchanged_file_is_replaced_without_backup(tmp_path):
    target = tmp_path / NAME
    manifest = Manifest(tmp_path)
    publish(target, b"as built", manifest)
    written = publish(target, b"rebuilt", manifest)
    assert written.changed and written.backup is None
    assert not (tmp_path / BACKUP_DIR).exists()


def test_file_pjgen_did_not_write_is_backed_up(tmp_path):
    target = tmp_path / NAME
    target.write_bytes(b"someone's own file")
    written = publish(target, b"built", Manifest(tmp_path))
    assert written.backup is not None and written.backup.read_bytes() == b"someone's own file"


def test_backups_never_overwrite_each_other(tmp_path):
    target = tmp_path / NAME
    for n in range(3):
        manifest = Manifest(tmp_path)  # empty: every existing file counts as edited
        target.write_bytes(f"edit {n}".encode())
        os.utime(target, (1_700_000_000, 1_700_000_000))  # same time stamp each round
        publish(target, f"built {n}".encode(), manifest)
    backups = sorted(p.read_bytes() for p in (tmp_path / BACKUP_DIR).iterdir())
    assert backups == [b"edit 0", b"edit 1", b"edit 2"]


def test_corrupt_manifest_is_treated_as_unknown(tmp_path):
    target = tmp_path / NAME
    target.write_bytes(b"existing")
    (tmp_path / MANIFEST_NAME).write_text("{not json", encoding="utf-8")
    written = publish(target, b"built", Manifest(tmp_path))
    assert written.backup is not None  # nothing is lost


def test_oversized_manifest_is_not_read_and_treated_as_unknown(tmp_path, monkeypatch):
    import generator.output as output

    target = tmp_path / NAME
    manifest = Manifest(tmp_path)
    publish(target, b"built", manifest)
    manifest.save()
    monkeypatch.setattr(output, "MANIFEST_BYTES", 64)  # the saved manifest is larger than that
    assert Manifest(tmp_path).files == {}
    written = publish(target, b"built again", Manifest(tmp_path))
    assert written.backup is not None  # nothing is lost


@pytest.mark.parametrize(
    "lock",
    ["~$位2023年度部门决算公开说明.docx", f".~lock.{NAME}#", f"~${NAME}"],
    ids=["word", "libreoffice", "wps"],
)
def test_file_open_in_word_is_left_alone(tmp_path, lock):
    target = tmp_path / NAME
    manifest = Manifest(tmp_path)
    publish(target, b"as built", manifest)
    manifest.save()
    (tmp_path / lock).write_bytes(b"owner")
    assert lock_files(target) == [tmp_path / lock]
    with pytest.raises(OutputLocked, match="Word/WPS"):
        publish(target, b"rebuilt", manifest)
    assert target.read_bytes() == b"as built"
    assert is_current(target, Manifest(tmp_path))
    assert leftovers(tmp_path) == []


def test_word_owner_file_shared_by_two_names_is_not_a_lock(tmp_path):
    first, second = tmp_path / f"甲{NAME}", tmp_path / f"乙{NAME}"
    first.write_bytes(b"a")
    second.write_bytes(b"b")
    (tmp_path / ("~$" + first.name[2:])).write_bytes(b"owner")  # same for both: cannot tell which is open
    assert lock_files(first) == [] and lock_files(second) == []
    second.unlink()
    assert lock_files(first) == [tmp_path / ("~$" + first.name[2:])]


def test_replace_refused_by_the_system(tmp_path, monkeypatch):
    """Windows refuses to replace a file open in Word: PermissionError becomes OutputLocked."""
    target = tmp_path / NAME
    manifest = Manifest(tmp_path)
    publish(target, b"as built", manifest)

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(output.os, "replace", refuse)
    with pytest.raises(OutputLocked, match="关闭"):
        publish(target, b"rebuilt", manifest)
    assert target.read_bytes() == b"as built"
    assert manifest.entry(NAME)["sha256"] == sha256_bytes(b"as built")
    assert leftovers(tmp_path) == []


def test_disk_full_is_a_clear_error(tmp_path, monkeypatch):
    target = tmp_path / NAME

    def full(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "replace", full)
    with pytest.raises(OutputFailed, match="磁盘空间"):
        write_atomic(target, b"x")
    assert not target.exists()
    assert leftovers(tmp_path) == []


def test_publish_moves_a_finished_file(tmp_path):
    staged = tmp_path / "work" / "doc.pdf"
    staged.parent.mkdir()
    staged.write_bytes(b"%PDF-1.7 ...")
    manifest = Manifest(tmp_path)
    written = publish(tmp_path / "doc.pdf", staged, manifest, source_sha256="s")
    assert written.changed and not staged.exists()
    assert is_current(tmp_path / "doc.pdf", manifest, source_sha256="s")
    assert not is_current(tmp_path / "doc.pdf", manifest, source_sha256="other")


def test_leftovers_of_a_killed_build_are_swept(tmp_path):
    part = tmp_path / f".{NAME}.x1y2.part"
    part.write_bytes(b"half")
    work = tmp_path / ".pjgen-work-abc"
    (work / "pdf").mkdir(parents=True)
    fresh = tmp_path / f".{NAME}.z3.part"
    fresh.write_bytes(b"another build is writing this")
    old = time.time() - 2 * output.STALE_SECONDS
    for p in (part, work):
        os.utime(p, (old, old))
    assert sorted(output.sweep_leftovers(tmp_path)) == sorted([part, work])
    assert fresh.exists()


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("某局2023年度部门决算公开说明", "某局2023年度部门决算公开说明"),
        ("某局/某办2023年度", "某局_某办2023年度"),
        ('a<b>c:"d"\\e|f?g*h', "a_b_c__d__e_f_g_h"),
        ("结尾有点.", "结尾有点"),
    ],
)
def test_safe_file_name(title, name):
    assert output.safe_file_name(title) == name
