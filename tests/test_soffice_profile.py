"""The private LibreOffice profile carries LibreOffice's build id, so that soffice starts
once instead of clearing the profile's extension cache and starting itself again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import need_pdf_tools
from generator.office_process import FONTS_CONF, Ended, kill, spawn, wait_for
from generator.soffice_export import MACRO_URL, READY_NAME, office_build_id, prepare_profile
from generator.soffice_find import find_soffice

VERSIONRC = "[Version]\nAllLanguages=en-US zh-CN\nbuildid=40(Build:2)\nVendor=Example\n"


def _install(tmp_path: Path, *parts: str, content: str = VERSIONRC) -> Path:
    """A fake LibreOffice program folder with ``soffice`` and the version file at ``parts``."""
    program = tmp_path / "program"
    program.mkdir(parents=True, exist_ok=True)
    (program / "soffice").write_text("#!/bin/sh\n", encoding="utf-8")
    version = tmp_path.joinpath(*parts)
    version.parent.mkdir(parents=True, exist_ok=True)
    version.write_text(content, encoding="utf-8")
    return program / "soffice"


@pytest.mark.parametrize("parts", [("program", "versionrc"), ("program", "version.ini"), ("Resources", "versionrc")])
def test_build_id_is_read_beside_the_program(tmp_path: Path, parts: tuple[str, ...]) -> None:
    assert office_build_id(_install(tmp_path, *parts)) == "40(Build:2)"


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_build_id_follows_a_symlinked_soffice(tmp_path: Path) -> None:
    real = _install(tmp_path / "lib", "program", "versionrc")
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "soffice").symlink_to(real)
    assert office_build_id(tmp_path / "bin" / "soffice") == "40(Build:2)"


@pytest.mark.parametrize("content", ["[Version]\nVendor=Example\n", "buildid=${ORIGIN}/x\n", "buildid=\n"])
def test_no_usable_build_id_gives_none(tmp_path: Path, content: str) -> None:
    assert office_build_id(_install(tmp_path, "program", "versionrc", content=content)) is None


def test_no_version_file_gives_none(tmp_path: Path) -> None:
    (tmp_path / "soffice").write_text("", encoding="utf-8")
    assert office_build_id(tmp_path / "soffice") is None


def test_profile_records_the_build_id(tmp_path: Path) -> None:
    user = prepare_profile(tmp_path / "profile", "40(Build:2)")
    assert (user / "extensions" / "buildid").read_bytes() == b"40(Build:2)"
    assert not (prepare_profile(tmp_path / "other") / "extensions").exists()


@pytest.mark.pdf
def test_soffice_keeps_a_profile_with_its_build_id(tmp_path: Path) -> None:
    """LibreOffice clears ``user/extensions`` (and restarts) when the build id there is not its own:
    a file placed there survives the start only when the profile's build id is right."""
    need_pdf_tools()
    soffice = find_soffice()
    assert soffice is not None
    build_id = office_build_id(soffice)
    assert build_id is not None, "LibreOffice's versionrc/version.ini has no buildid"
    outcomes = {}
    for name, recorded in (("right", build_id), ("wrong", "0(Build:0)")):
        profile = tmp_path / name
        user = prepare_profile(profile, recorded)
        marker = user / "extensions" / "kept.txt"
        marker.write_text("kept", encoding="utf-8")
        env = dict(os.environ, FONTCONFIG_FILE=str(FONTS_CONF))
        command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible", "--nologo",
                   "--nodefault", "--norestore", "--nolockcheck", MACRO_URL]
        proc = spawn(command, env, tmp_path / f"{name}.log")
        try:
            ready = wait_for(proc, tmp_path / f"{name}.log", 120, lambda: (user / READY_NAME).exists() or None)
        finally:
            kill(proc)
        assert not isinstance(ready, Ended), ready
        outcomes[name] = marker.exists()
    assert outcomes == {"right": True, "wrong": False}
