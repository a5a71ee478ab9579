"""A Word template is checked before it is opened (generator/docx_guard.py): a template.docx
whose zip directory declares too much — a part inflating 300 : 1, a part or a whole beyond the
bounds, too many parts — is refused in Chinese by `build`, `packs --check` and `packs --install`,
without inflating it; the shipped templates pass, and PJGEN_LIMIT_SCALE raises the bounds."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator.cli import app
from generator.docx_guard import TemplateTooLarge, check_template
from generator.limits import ReadLimits
from generator.packs import DEFAULT_PACK, PACKS_DIR

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()
MB = 1024 * 1024


def _copy_with(source: Path, target: Path, extra: dict[str, bytes], stored: bool = False,
               spaces_mb: int = 0) -> Path:
    """The template ``source`` with ``extra`` parts added (deflated unless ``stored``), and a part of
    ``spaces_mb`` MB of spaces written in chunks."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename))
        for name, data in extra.items():
            dst.writestr(name, data, compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
        if spaces_mb:
            with dst.open("word/media/padding.xml", "w") as part:
                chunk = b" " * MB
                for _ in range(spaces_mb):
                    part.write(chunk)
    return target


@pytest.fixture
def bomb_pack(tmp_path) -> Path:
    """The default pack whose template carries a 300 MB part of spaces (about 300 KB compressed)."""
    folder = tmp_path / "bomb-pack"
    shutil.copytree(PACKS_DIR / DEFAULT_PACK, folder)
    template = folder / "template.docx"
    source = tmp_path / "source.docx"
    shutil.copyfile(template, source)
    _copy_with(source, template, {}, spaces_mb=300)
    return folder


def test_the_shipped_templates_are_within_bounds():
    for template in sorted(PACKS_DIR.glob("*/template.docx")):
        check_template(template)


def test_a_part_beyond_the_size_bound_is_refused_naming_it(bomb_pack):
    with pytest.raises(TemplateTooLarge) as caught:
        check_template(bomb_pack / "template.docx")
    message = str(caught.value)
    assert "word/media/padding.xml 解压后 300.0 MB，超出上限 64.0 MB" in message and "解压后共" in message
    assert "PJGEN_LIMIT_SCALE" in message


def test_a_part_inflating_far_beyond_its_compressed_size_is_refused(tmp_path):
    """20 MB of spaces: within the size bounds, but about 1,000 : 1."""
    template = _copy_with(PACKS_DIR / DEFAULT_PACK / "template.docx", tmp_path / "t.docx", {}, spaces_mb=20)
    with pytest.raises(TemplateTooLarge) as caught:
        check_template(template)
    message = str(caught.value)
    assert "word/media/padding.xml 的压缩比为" in message and "压缩炸弹" in message and "超出上限 100 : 1" in message


def test_a_large_part_stored_without_compression_is_refused_by_its_size(tmp_path):
    template = _copy_with(PACKS_DIR / DEFAULT_PACK / "template.docx", tmp_path / "t.docx",
                          {"word/media/big.bin": b"\0" * (2 * MB)}, stored=True)
    check_template(template, ReadLimits())  # 2 MB stored: within the default bounds
    tight = ReadLimits(template_part_bytes=1 * MB)
    with pytest.raises(TemplateTooLarge, match="big.bin"):
        check_template(template, tight)
    with pytest.raises(TemplateTooLarge, match="解压后共"):
        check_template(template, ReadLimits(template_total_bytes=2 * MB))


def test_too_many_parts_are_refused(tmp_path):
    template = _copy_with(PACKS_DIR / DEFAULT_PACK / "template.docx", tmp_path / "t.docx",
                          {f"word/media/p{i}.bin": b"x" for i in range(30)})
    with pytest.raises(TemplateTooLarge, match="个组成部分"):
        check_template(template, ReadLimits(parts=40))


def test_the_scale_raises_the_template_bounds(bomb_pack, monkeypatch):
    monkeypatch.setenv("PJGEN_LIMIT_SCALE", "20")  # 300 MB of spaces (about 1,000 : 1) under 2,000 : 1
    check_template(bomb_pack / "template.docx")


def _no_traceback(result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_build_refuses_the_template_in_chinese_and_writes_nothing(bomb_pack, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(ROOT / "inputs" / "2023.xlsx"), "--pack-dir", str(bomb_pack),
                                 "-o", str(out), "--format", "docx"])
    assert result.exit_code == 1, result.output
    _no_traceback(result)
    assert "超出可读取的范围" in result.output.replace("\n", "")
    assert not list(out.glob("*.docx"))


def test_packs_check_and_install_refuse_the_template(bomb_pack):
    for args in (["packs", "--check", str(bomb_pack)], ["packs", "--install", str(bomb_pack)]):
        result = runner.invoke(app, args)
        assert result.exit_code == 1, (args, result.output)
        _no_traceback(result)
        assert "超出可读取的范围" in result.output.replace("\n", ""), args
