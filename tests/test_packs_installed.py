"""Installed packs (pjgen packs --install, PJGEN_PACKS), where packs come from, pack versions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator import __version__
from generator.cli import app
from generator.packs import DEFAULT_PACK, PACKS_DIR, PackInvalid, choose_pack, find_pack, version_key
from generator.packstore import INSTALLED, SHIPPED, install_pack, list_packs
from generator.places import user_packs_dir
from generator.workbook import read_workbook

runner = CliRunner()


@pytest.fixture
def installed(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "用户 模板包"
    monkeypatch.setenv("PJGEN_PACKS", str(folder))
    return folder


def own_pack(tmp_path: Path, pack_id: str = "henan-2025", version: str = "1.0", folder: str | None = None) -> Path:
    """A copy of the xinjiang pack renamed ``pack_id``, in a folder with a Chinese name and a space."""
    target = tmp_path / (folder or f"我的 模板包 {pack_id}")
    shutil.copytree(PACKS_DIR / DEFAULT_PACK, target)
    manifest = target / "pack.toml"
    text = manifest.read_text(encoding="utf-8").replace(f'id = "{DEFAULT_PACK}"', f'id = "{pack_id}"')
    manifest.write_text(text.replace('version = "1.0"', f'version = "{version}"'), encoding="utf-8")
    return target


def pjgen(*args: object):
    result = runner.invoke(app, [str(a) for a in args])
    result.text = result.output.replace("\n", "")  # rich wraps long lines at the test console's width
    return result


# ---------------------------------------------------------------------------
# Where the packs are


def test_shipped_packs_are_found_through_the_package():
    import generator.builtin_packs as shipped

    assert PACKS_DIR == Path(shipped.__file__).parent
    assert (PACKS_DIR / "shanghai-2024" / "template.docx").is_file()


def test_pjgen_packs_overrides_the_user_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("PJGEN_PACKS", str(tmp_path / "x"))
    assert user_packs_dir() == tmp_path / "x"


def test_default_user_folder_is_the_platforms_data_folder(monkeypatch):
    from platformdirs import user_data_path

    monkeypatch.delenv("PJGEN_PACKS")
    assert user_packs_dir() == user_data_path("pjgen", appauthor=False, roaming=True) / "packs"


# ---------------------------------------------------------------------------
# --install


def test_install_copies_a_checked_pack_under_its_id(tmp_path, installed):
    source = own_pack(tmp_path, folder="别的名字")
    result = pjgen("packs", "--install", source)
    assert result.exit_code == 0, result.output
    assert (installed / "henan-2025" / "template.docx").read_bytes() == (source / "template.docx").read_bytes()
    assert "已安装模板包 henan-2025" in result.text
    assert find_pack("henan-2025").folder == installed / "henan-2025"


def test_installed_pack_is_used_by_init_and_build(tmp_path, installed):
    install_pack(own_pack(tmp_path))
    book = tmp_path / "新 工作簿.xlsx"
    result = pjgen("init", "--pack", "henan-2025", book)
    assert result.exit_code == 0, result.output
    assert read_workbook(book).meta["pack"] == "henan-2025"
    assert choose_pack(read_workbook(book).meta).folder == installed / "henan-2025"


def test_install_refuses_a_broken_pack_and_installs_nothing(tmp_path, installed):
    source = own_pack(tmp_path)
    (source / "pack.toml").write_text((source / "pack.toml").read_text(encoding="utf-8").replace("year = 2023", 'year = "x"'),
                                      encoding="utf-8")
    result = pjgen("packs", "--install", source)
    assert result.exit_code == 1
    assert "“year”" in result.text and "模板包未安装" in result.text
    assert not installed.exists() or not any(installed.iterdir())


def test_install_refuses_an_unknown_template_tag(tmp_path, installed):
    source = own_pack(tmp_path)
    from docx import Document

    doc = Document(str(source / "template.docx"))
    doc.add_paragraph("{{ no_such_name }}")
    doc.save(str(source / "template.docx"))
    result = pjgen("packs", "--install", source)
    assert result.exit_code == 1 and "no_such_name" in result.text
    assert not (installed / "henan-2025").exists()


def test_install_replaces_an_installed_version(tmp_path, installed):
    install_pack(own_pack(tmp_path, version="1.0"))
    result = pjgen("packs", "--install", own_pack(tmp_path / "new", version="1.1"))
    assert result.exit_code == 0, result.output
    assert find_pack("henan-2025").version == "1.1"
    assert sorted(p.name for p in installed.iterdir()) == ["henan-2025"]  # no leftovers


def test_install_refuses_a_shipped_id(tmp_path, installed):
    source = tmp_path / "copy"
    shutil.copytree(PACKS_DIR / "shanghai-2024", source)
    result = pjgen("packs", "--install", source)
    assert result.exit_code == 1
    assert "自带的模板包的名称" in result.text
    assert not (installed / "shanghai-2024").exists()


def test_check_and_install_together_are_refused(tmp_path, installed):
    source = own_pack(tmp_path)
    assert pjgen("packs", "--check", source, "--install", source).exit_code == 2


# ---------------------------------------------------------------------------
# Listing


def test_listing_says_where_each_pack_comes_from(tmp_path, installed):
    install_pack(own_pack(tmp_path))
    entries = {e.id: e for e in list_packs()}
    assert entries["shanghai-2024"].origin == SHIPPED and entries["xinjiang-2023"].origin == SHIPPED
    assert entries["henan-2025"].origin == INSTALLED
    result = pjgen("packs")
    assert result.exit_code == 0, result.output
    assert "henan-2025" in result.text and "已安装" in result.text and "随 pjgen 提供" in result.text
    assert f"已安装的模板包存放在：{installed}" in result.text


def test_broken_installed_pack_is_reported_not_fatal(tmp_path, installed):
    install_pack(own_pack(tmp_path))
    (installed / "broken-1").mkdir()
    (installed / "broken-1" / "pack.toml").write_text("id = [", encoding="utf-8")
    result = pjgen("packs")
    assert result.exit_code == 0, result.output
    assert "broken-1" in result.text and "模板包有误，不能使用" in result.text
    assert "henan-2025" in result.text and "shanghai-2024" in result.text
    entry = next(e for e in list_packs() if e.id == "broken-1")
    assert entry.pack is None and "格式有误" in entry.problems[0]


def test_installed_folder_named_otherwise_than_its_id_is_reported(tmp_path, installed):
    installed.mkdir()
    shutil.copytree(own_pack(tmp_path), installed / "wrong-name")
    entry = next(e for e in list_packs() if e.folder.name == "wrong-name")
    assert entry.pack is None and "应与文件夹名称“wrong-name”相同" in entry.problems[0]


def test_listing_reports_fonts(installed):
    result = pjgen("packs")
    assert "正式字体：" in result.text


# ---------------------------------------------------------------------------
# Versions


def test_version_option():
    for flag in ("--version", "-V"):
        result = pjgen(flag)
        assert result.exit_code == 0 and result.output == f"pjgen {__version__}\n"


def test_init_records_pjgen_and_pack_versions(tmp_path, installed):
    install_pack(own_pack(tmp_path, version="2.3"))
    book = tmp_path / "a.xlsx"
    assert pjgen("init", "--pack", "henan-2025", book).exit_code == 0
    assert read_workbook(book).meta == {"pack": "henan-2025", "pack_version": "2.3", "pjgen_version": __version__}


def test_workbook_from_a_newer_pack_version_is_stopped(tmp_path, installed):
    install_pack(own_pack(tmp_path / "new", version="1.10"))
    book = tmp_path / "a.xlsx"
    assert pjgen("init", "--pack", "henan-2025", book).exit_code == 0
    install_pack(own_pack(tmp_path / "old", version="1.9"))  # 1.10 is newer than 1.9
    result = pjgen("check", book)
    assert result.exit_code == 1
    assert "由模板包 henan-2025 的 1.10 版生成" in result.text and "较旧的 1.9 版" in result.text
    assert "Traceback" not in result.text
    with pytest.raises(PackInvalid):
        choose_pack(read_workbook(book).meta)
    assert choose_pack(read_workbook(book).meta, pack_id="henan-2025").version == "1.9"  # chosen explicitly


def test_workbook_from_an_older_pack_version_is_fine(tmp_path, installed):
    install_pack(own_pack(tmp_path / "old", version="1.0"))
    book = tmp_path / "a.xlsx"
    assert pjgen("init", "--pack", "henan-2025", book).exit_code == 0
    install_pack(own_pack(tmp_path / "new", version="1.1"))
    assert choose_pack(read_workbook(book).meta).version == "1.1"


def test_bad_version_in_pack_toml(tmp_path):
    source = own_pack(tmp_path, version="one")
    result = pjgen("packs", "--check", source)
    assert result.exit_code == 1 and "“version”" in result.text


@pytest.mark.parametrize(("a", "b"), [("1.0", "1.1"), ("1.9", "1.10"), ("1", "1.0.1"), ("2", "10.0")])
def test_versions_compare_as_numbers(a, b):
    assert version_key(a) < version_key(b)
    assert version_key("1") == version_key("1.0") == version_key("1.0.0")
    assert version_key("v1") is None


def test_unreadable_installed_pack_is_reported(tmp_path, installed, monkeypatch):
    import errno

    import generator.packstore as packstore

    install_pack(own_pack(tmp_path))
    real = packstore.read_manifest

    def unreadable(folder):
        if folder.parent == installed:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(folder)

    monkeypatch.setattr(packstore, "read_manifest", unreadable)
    entry = next(e for e in list_packs() if e.id == "henan-2025")
    assert entry.pack is None and "无法读取：没有权限" in entry.problems[0]
    result = pjgen("packs")
    assert result.exit_code == 0 and "无法读取" in result.text and "shanghai-2024" in result.text


def test_installed_pack_with_a_shipped_id_is_listed_as_unused(tmp_path, installed):
    installed.mkdir()
    shutil.copytree(PACKS_DIR / "shanghai-2024", installed / "shanghai-2024")
    entries = [e for e in list_packs() if e.id == "shanghai-2024"]
    assert [(e.origin, e.shadowed) for e in entries] == [(SHIPPED, False), (INSTALLED, True)]
    assert find_pack("shanghai-2024").folder == PACKS_DIR / "shanghai-2024"  # the shipped pack is used
    assert "不会被使用" in pjgen("packs").text


def test_missing_pack_lists_installed_ids_even_from_an_unreadable_folder(tmp_path, installed):
    installed.write_text("not a folder")
    result = pjgen("init", "--pack", "nope-1", tmp_path / "a.xlsx")
    assert result.exit_code == 1 and "shanghai-2024" in result.text and "Traceback" not in result.text


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@given(st.lists(st.integers(0, 999), min_size=1, max_size=3), st.lists(st.integers(0, 999), min_size=1, max_size=3))
def test_version_order_is_the_order_of_the_numbers(a, b):
    pad = lambda v: tuple(v + [0] * (3 - len(v)))  # noqa: E731
    key_a, key_b = version_key(".".join(map(str, a))), version_key(".".join(map(str, b)))
    assert (key_a < key_b) == (pad(a) < pad(b)) and (key_a == key_b) == (pad(a) == pad(b))


def test_installed_distribution_has_the_same_version():
    from importlib.metadata import version

    assert version("pjgen") == __version__
