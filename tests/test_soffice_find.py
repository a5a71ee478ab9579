"""LibreOffice discovery per platform, on faked folder trees (generator/soffice_find.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.soffice_find import SOFFICE_ENV, System, candidates, find_soffice


def executable(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


def linux(root: Path, **env: str) -> System:
    return System("linux", {"PATH": str(root / "empty-path"), **env}, root / "home", root)


def test_path_comes_first(tmp_path):
    on_path = executable(tmp_path / "bin" / "soffice")
    executable(tmp_path / "usr" / "bin" / "soffice")
    assert find_soffice(linux(tmp_path, PATH=str(tmp_path / "bin"))) == str(on_path)


def test_libreoffice_name_on_path(tmp_path):
    on_path = executable(tmp_path / "bin" / "libreoffice")
    assert find_soffice(linux(tmp_path, PATH=str(tmp_path / "bin"))) == str(on_path)


def test_override_wins_over_path(tmp_path):
    executable(tmp_path / "bin" / "soffice")
    mine = executable(tmp_path / "我的 LibreOffice" / "soffice")
    assert find_soffice(linux(tmp_path, PATH=str(tmp_path / "bin"), **{SOFFICE_ENV: str(mine)})) == str(mine)


def test_wrong_override_finds_nothing_else(tmp_path):
    executable(tmp_path / "bin" / "soffice")
    system = linux(tmp_path, PATH=str(tmp_path / "bin"), **{SOFFICE_ENV: str(tmp_path / "nowhere" / "soffice")})
    assert find_soffice(system) is None


def test_override_by_command_name(tmp_path):
    named = executable(tmp_path / "bin" / "soffice7")
    assert find_soffice(linux(tmp_path, PATH=str(tmp_path / "bin"), **{SOFFICE_ENV: "soffice7"})) == str(named)


def test_nothing_installed(tmp_path):
    assert find_soffice(linux(tmp_path)) is None


def test_linux_distribution_package(tmp_path):
    found = executable(tmp_path / "usr" / "lib" / "libreoffice" / "program" / "soffice")
    assert find_soffice(linux(tmp_path)) == str(found)


def test_vendor_deb_under_opt_newest_first(tmp_path):
    """The vendor's .deb (统信 UOS, 麒麟 Kylin): /opt/libreoffice<version>/program/soffice."""
    executable(tmp_path / "opt" / "libreoffice7.5" / "program" / "soffice")
    newest = executable(tmp_path / "opt" / "libreoffice7.6" / "program" / "soffice")
    assert find_soffice(linux(tmp_path)) == str(newest)


def test_not_executable_is_skipped(tmp_path):
    plain = tmp_path / "usr" / "bin" / "soffice"
    plain.parent.mkdir(parents=True)
    plain.write_text("")
    plain.chmod(0o644)
    later = executable(tmp_path / "opt" / "libreoffice24.2" / "program" / "soffice")
    assert find_soffice(linux(tmp_path)) == str(later)


def test_windows_program_files(tmp_path):
    program_files = tmp_path / "Program Files"
    found = executable(program_files / "LibreOffice" / "program" / "soffice.exe")
    system = System("win32", {"PATH": "", "ProgramFiles": str(program_files)}, tmp_path / "home", tmp_path)
    assert find_soffice(system) == str(found)


def test_windows_32_bit_and_versioned_folder(tmp_path):
    x86 = tmp_path / "Program Files (x86)"
    found = executable(x86 / "LibreOffice 7" / "program" / "soffice.exe")
    env = {"PATH": "", "ProgramFiles": str(tmp_path / "Program Files"), "ProgramFiles(x86)": str(x86)}
    assert find_soffice(System("win32", env, tmp_path / "home", tmp_path)) == str(found)


def test_windows_ignores_posix_folders(tmp_path):
    executable(tmp_path / "usr" / "bin" / "soffice")
    system = System("win32", {"PATH": "", "ProgramFiles": str(tmp_path / "Program Files")}, tmp_path, tmp_path)
    assert find_soffice(system) is None


def test_macos_application_bundle(tmp_path):
    found = executable(tmp_path / "Applications" / "LibreOffice.app" / "Contents" / "MacOS" / "soffice")
    assert find_soffice(System("darwin", {"PATH": ""}, tmp_path / "home", tmp_path)) == str(found)


def test_macos_bundle_in_the_users_applications(tmp_path):
    home = tmp_path / "Users" / "张三"
    found = executable(home / "Applications" / "LibreOffice.app" / "Contents" / "MacOS" / "soffice")
    assert find_soffice(System("darwin", {"PATH": ""}, home, tmp_path)) == str(found)


@pytest.mark.parametrize("platform", ["linux", "win32", "darwin"])
def test_candidates_stay_under_the_given_root(tmp_path, platform):
    env = {"ProgramFiles": str(tmp_path / "Program Files")}
    for path in candidates(System(platform, env, tmp_path / "home", tmp_path)):
        assert tmp_path in path.parents
