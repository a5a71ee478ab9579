"""A shipped template edited the way Word edits it: only the golden comparison reacts.

The committed template.docx is the one source of its wording. A changed phrase
is not a broken template: `pjgen packs --check` passes and the build works.
What tells the change apart from the published reference is the golden sentence
comparison, and it names exactly the sentence whose wording changed.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator.cli import app
from generator.extract import paragraphs
from generator.packs import DEFAULT_PACK, PACKS_DIR, load_pack
from generator.pipeline import render_report, validate
from golden_compare import compare_sentences, normalise, sentences
from test_golden_narrative import ADDITIONS, DIFFERENCES, EXAMPLE, REFERENCE, narrative

DOCUMENT = "word/document.xml"
# The first run of 十一、预算绩效的情况说明's paragraph, as the committed template holds it
BEFORE = "<w:r><w:t>根据预算绩效管理要求，我单位{{ year }}年度"
# Word's edit of 根据 → 按照: the run split in three, the new word in a run of its own
# with the revision-save id Word gives an edit, and a proofing mark around it
AFTER = ('<w:r w:rsidR="00A1B2C3"><w:t>按照</w:t></w:r><w:proofErr w:type="gramStart"/>'
         '<w:r w:rsidR="00A1B2C3"><w:t>预算绩效管理要求</w:t></w:r><w:proofErr w:type="gramEnd"/>'
         "<w:r><w:t>，我单位{{ year }}年度")
# The sentence as the reference (and the unedited template) writes it, normalised
ORIGINAL_START = "根据预算绩效管理要求,我单位2023年度"


def edit_like_word(source: Path, target: Path, before: str, after: str) -> None:
    """Copy the .docx ``source`` to ``target`` with ``before`` replaced by ``after`` in
    document.xml (exactly once); every other zip member is copied as it is."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == DOCUMENT:
                xml = data.decode("utf-8")
                assert xml.count(before) == 1, "the committed template no longer holds the edited run"
                data = xml.replace(before, after).encode("utf-8")
            zout.writestr(item, data)


@pytest.fixture(scope="module")
def edited_pack(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pack") / "edited"
    shutil.copytree(PACKS_DIR / DEFAULT_PACK, folder, ignore=shutil.ignore_patterns("template.docx"))
    edit_like_word(PACKS_DIR / DEFAULT_PACK / "template.docx", folder / "template.docx", BEFORE, AFTER)
    return folder


def built_sentences(pack_folder: Path) -> list[str]:
    pack = load_pack(pack_folder)
    v = validate(EXAMPLE, pack)
    assert v.ok, [p.message for p in v.errors]
    return sentences(narrative(normalise("\n".join(paragraphs(render_report(v.report, pack=pack))))))


def test_packs_check_accepts_the_edited_template(edited_pack):
    result = CliRunner().invoke(app, ["packs", "--check", str(edited_pack)])
    assert result.exit_code == 0, result.output


def test_build_with_the_edited_template_works(edited_pack, tmp_path):
    result = CliRunner().invoke(app, ["build", "--pack-dir", str(edited_pack), "--format", "docx",
                                      "-o", str(tmp_path), str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    (docx,) = tmp_path.glob("*.docx")
    text = "".join(paragraphs(docx.read_bytes()))
    assert "按照预算绩效管理要求，我单位2023年度" in text
    assert "根据预算绩效管理要求" not in text


def test_golden_comparison_names_exactly_the_edited_sentence(edited_pack):
    reference = sentences(narrative(normalise(REFERENCE.read_text(encoding="utf-8"))))
    result = compare_sentences(reference, built_sentences(edited_pack), DIFFERENCES, ADDITIONS)
    assert len(result.failures) == 2, result.failures
    lost, added = result.failures
    assert lost.startswith("reference sentence not reproduced and not a documented difference: " + ORIGINAL_START)
    assert added.startswith("pjgen writes a sentence the reference lacks (not allowed): 按照预算绩效管理要求,我单位")
    # the same sentence but for the edited words
    assert lost.split(": ", 1)[1].replace("根据", "按照", 1) == added.split(": ", 1)[1]


def test_golden_comparison_passes_on_the_committed_template():
    reference = sentences(narrative(normalise(REFERENCE.read_text(encoding="utf-8"))))
    result = compare_sentences(reference, built_sentences(PACKS_DIR / DEFAULT_PACK), DIFFERENCES, ADDITIONS)
    assert result.failures == []
