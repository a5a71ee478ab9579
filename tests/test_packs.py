"""Template packs: manifests, choosing a workbook's pack, what a pack's workbook holds,
and the wording parameters."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from conftest import EXAMPLE_XLSX, example_data_dict
from generator import __version__
from generator import schema
from generator.cli import app
from generator.figures import Change
from generator.narrative import Wording, describe_change, percent_of
from generator.packs import (
    DEFAULT_PACK, PACKS_DIR, PackInvalid, PackNotFound, available_packs, choose_pack, find_pack, load_pack,
    read_manifest,
)
from generator.pipeline import validate
from generator.workbook import read_workbook, readme_lines, write_workbook

XINJIANG = PACKS_DIR / DEFAULT_PACK


def copy_pack(tmp_path: Path, edit=None, name: str = "my-pack") -> Path:
    """A copy of the xinjiang pack; ``edit(text)`` rewrites its pack.toml."""
    folder = tmp_path / name
    shutil.copytree(XINJIANG, folder)
    manifest = folder / "pack.toml"
    text = manifest.read_text(encoding="utf-8").replace('id = "xinjiang-2023"', f'id = "{name}"')
    manifest.write_text(edit(text) if edit else text, encoding="utf-8")
    return folder


# ---------------------------------------------------------------------------
# Shipped packs


def test_shipped_packs_load_and_their_ids_are_their_folders():
    packs = available_packs()
    assert DEFAULT_PACK in [p.id for p in packs]
    for p in packs:
        assert p.folder.name == p.id
        assert p.template.is_file()
        assert p.description and "\n" not in p.description


# Optional sheets added for the Shanghai layout, which the Xinjiang pack does not use.
LATER_SHEETS = {s.name for s in (schema.COMPOSITION, schema.ITEM_NOTES, schema.THREE_PUBLIC_MORE,
                                 schema.PERFORMANCE_STAGES, schema.PROCUREMENT_RESERVED, schema.GLOSSARY)}


def test_xinjiang_pack_uses_the_whole_schema_with_default_wording():
    pack = find_pack(DEFAULT_PACK)
    assert pack.selection.order() == tuple(n for n in schema.SHEET_ORDER if n not in LATER_SHEETS)
    assert all(labels is None for labels in pack.selection.sheets.values())
    assert pack.wording == Wording(share_balance="末项", empty_table_note="本表为空表")  # the reference's rules
    assert pack.year == 2023


# ---------------------------------------------------------------------------
# Manifest problems: all at once, naming file and key


def test_every_manifest_problem_is_reported_with_its_key(tmp_path):
    def edit(text):
        text = text.replace("year = 2023", 'year = "2023"')
        text = text.replace('"主要职能" = "全部"', '"主要职能" = ["职能"]')
        text = text.replace('"收入决算表" = "全部"', '"收入决算表" = ["合计"]')
        text = text.replace('percent_decimals = 2', 'percent_decimals = 9')
        text = text.replace('missing_reason = "警告"', 'missing_reason = "提示"')
        return 'colour = "red"\n' + text

    folder = copy_pack(tmp_path, edit)
    pack, problems = read_manifest(folder)
    assert pack is None
    keys = [p.split("：“")[1].split("”")[0] for p in problems]
    assert keys == ["colour", "year", "sheets.主要职能", "sheets.收入决算表", "wording.percent_decimals",
                    "wording.missing_reason"]
    assert all(str(folder / "pack.toml") in p for p in problems)
    with pytest.raises(PackInvalid) as info:
        load_pack(folder)
    assert "wording.missing_reason" in str(info.value)


def test_unknown_sheet_in_manifest(tmp_path):
    folder = copy_pack(tmp_path, lambda t: t.replace('"三公经费说明" = "全部"', '"三公明细" = "全部"'))
    _, problems = read_manifest(folder)
    assert len(problems) == 1 and "sheets.三公明细" in problems[0] and "不是工作簿中的工作表" in problems[0]


def test_partly_used_list_sheet_keeps_its_required_columns(tmp_path):
    folder = copy_pack(tmp_path, lambda t: t.replace('"机构设置" = "全部"', '"机构设置" = ["类别"]'))
    _, problems = read_manifest(folder)
    assert len(problems) == 1 and "sheets.机构设置" in problems[0] and "必填列" in problems[0]


def test_no_change_phrase_allows_only_the_basis_placeholder(tmp_path):
    folder = copy_pack(tmp_path, lambda t: t.replace('no_change = "与{基数}持平"', 'no_change = "与{上年}持平"'))
    _, problems = read_manifest(folder)
    assert len(problems) == 1 and "wording.no_change" in problems[0]


def test_carry_table_takes_only_warn_unreviewed_as_true_or_false(tmp_path):
    folder = copy_pack(tmp_path, lambda t: t + '\n[carry]\nwarn_unreviewed = "是"\nwarn_all = true\n')
    _, problems = read_manifest(folder)
    assert [p.split("：“")[1].split("”")[0] for p in problems] == ["carry.warn_unreviewed", "carry.warn_all"]
    assert "true 或 false" in problems[0]
    pack, problems = read_manifest(copy_pack(tmp_path / "on", lambda t: t + "\n[carry]\nwarn_unreviewed = true\n"))
    assert problems == [] and pack.warn_unreviewed
    assert not load_pack(copy_pack(tmp_path / "off", lambda t: t)).warn_unreviewed  # default: off


def test_broken_toml_names_the_file(tmp_path):
    folder = copy_pack(tmp_path, lambda t: t + "\n[sheets\n")
    _, problems = read_manifest(folder)
    assert len(problems) == 1 and "pack.toml 格式有误" in problems[0]


def test_a_huge_manifest_is_not_read(tmp_path):
    """A pack.toml is a page of settings; a file of megabytes is named and never read whole."""
    folder = copy_pack(tmp_path, lambda t: t + "\n# " + "x" * (300 * 1024) + "\n")
    _, problems = read_manifest(folder)
    assert len(problems) == 1 and "不像模板包的设置文件" in problems[0] and "pack.toml" in problems[0]


def test_folder_without_template(tmp_path):
    folder = copy_pack(tmp_path)
    (folder / "template.docx").unlink()
    _, problems = read_manifest(folder)
    assert problems == [f"{folder} 中没有 template.docx（模板包的 Word 模板）。"]


def test_folder_without_manifest(tmp_path):
    with pytest.raises(PackInvalid) as info:
        load_pack(tmp_path)
    assert "pack.toml" in str(info.value)


# ---------------------------------------------------------------------------
# Which pack a workbook gets


def test_workbook_without_record_gets_the_default_pack():
    assert choose_pack({}).id == DEFAULT_PACK
    assert validate(EXAMPLE_XLSX).pack.id == DEFAULT_PACK


def test_recorded_pack_is_used_and_flags_override_it(tmp_path):
    root = tmp_path / "packs"
    root.mkdir()
    shutil.copytree(XINJIANG, root / DEFAULT_PACK)
    other = copy_pack(root, name="other-2024")
    assert choose_pack({"pack": "other-2024"}, root=root).folder == other
    assert choose_pack({"pack": "other-2024"}, DEFAULT_PACK, root=root).id == DEFAULT_PACK
    assert choose_pack({"pack": DEFAULT_PACK}, pack_dir=other, root=root).id == "other-2024"


def test_unknown_recorded_pack_is_one_chinese_error(tmp_path):
    with pytest.raises(PackNotFound) as info:
        choose_pack({"pack": "atlantis-2030"})
    message = str(info.value)
    assert "工作簿记录的模板包是“atlantis-2030”" in message and DEFAULT_PACK in message


def test_pack_id_must_match_its_folder(tmp_path):
    copy_pack(tmp_path, lambda t: t.replace('id = "my-pack"', 'id = "someone-else"'))
    with pytest.raises(PackInvalid):
        find_pack("my-pack", root=tmp_path)


# ---------------------------------------------------------------------------
# A pack's workbook: only the sheets and fields it uses

PARTIAL = {
    "总体": ('"其他重要事项" = "全部"', '"其他重要事项" = ["机关运行经费", "上年机关运行经费"]'),
    "绩效": ('"部门整体绩效" = "全部"\n', ""),
}


def partial_pack(tmp_path: Path) -> Path:
    def edit(text):
        for old, new in PARTIAL.values():
            assert old in text
            text = text.replace(old, new)
        return text

    return copy_pack(tmp_path, edit, "partial-2024")


def test_init_writes_only_what_the_pack_uses(tmp_path):
    folder = partial_pack(tmp_path)
    path = tmp_path / "new.xlsx"
    result = CliRunner().invoke(app, ["init", "--pack-dir", str(folder), str(path)])
    assert result.exit_code == 0, result.output
    wb = load_workbook(path)
    assert "部门整体绩效" not in wb.sheetnames
    assert [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"] == [
        n for n in schema.SHEET_ORDER if n != "部门整体绩效" and n not in LATER_SHEETS]
    other = wb["其他重要事项"]
    assert [other.cell(r, 1).value for r in (2, 3, 4)] == ["机关运行经费", "上年机关运行经费", None]
    assert read_workbook(path).meta == {"pack": "partial-2024", "pack_version": "1.0", "pjgen_version": __version__}
    readme = [c.value for c in wb["说明"]["A"] if c.value]
    assert "部门整体绩效" not in readme and "其他重要事项" in readme


def test_readme_of_a_pack_names_its_fields(tmp_path):
    pack = load_pack(partial_pack(tmp_path))
    notes = dict(line for line in readme_lines(pack.selection) if isinstance(line, tuple))
    assert "部门整体绩效" not in notes
    assert notes["其他重要事项"].endswith("本模板包使用的项目：机关运行经费、上年机关运行经费。")
    assert dict(line for line in readme_lines() if isinstance(line, tuple))["其他重要事项"] == \
        schema.OTHER_MATTERS.help


def test_sheets_and_fields_outside_the_pack_are_not_checked(tmp_path):
    pack = load_pack(partial_pack(tmp_path))
    path = tmp_path / "book.xlsx"
    data = example_data_dict()
    data["其他重要事项"]["政府采购支出总额"] = "abc"  # not used by the pack: not read
    write_workbook(path, data, selection=pack.selection)
    wb = load_workbook(path)
    assert "政府采购支出总额" not in [c.value for c in wb["其他重要事项"]["A"]]
    full = tmp_path / "full.xlsx"
    write_workbook(full, data)
    cell = f"其他重要事项!B{schema.OTHER_MATTERS.row_of('procurement_total')}"
    assert (cell, "not-a-number") in [p.flat() for p in validate(full).problems]
    problems = [p.flat() for p in validate(full, pack).problems]
    assert not any(ref.startswith(("其他重要事项!", "部门整体绩效!")) for ref, _ in problems), problems
    assert not any(code == "missing-sheet" for _, code in (p.flat() for p in validate(path, pack).problems))


# ---------------------------------------------------------------------------
# Wording parameters


@pytest.mark.parametrize(("current", "base", "wording", "expected"), [
    ("5", "5", Wording(), "与上年决算持平"),
    ("5", "5", Wording(no_change="持平"), "持平"),
    ("5", "0", Wording(), "比上年决算增加5.00万元，增长100.00%"),
    ("5", "0", Wording(zero_base="上年无此项支出，不可比"), "比上年决算增加5.00万元，上年无此项支出，不可比"),
    ("5.5", "5", Wording(percent_decimals=1), "比上年决算增加0.50万元，增长10.0%"),
    ("4", "5", Wording(percent_decimals=0), "比上年决算减少1.00万元，下降20%"),
])
def test_describe_change_follows_the_wording(current, base, wording, expected):
    change = Change(Decimal(current), Decimal(base))
    assert describe_change(change, "上年决算", wording=wording) == expected


def test_percent_of_follows_the_wording():
    assert percent_of(Decimal(1), Decimal(3), Wording(percent_decimals=1)) == "33.3%"
    assert percent_of(Decimal(1), Decimal(3)) == "33.33%"
    assert percent_of(Decimal(1), Decimal(0), Wording(percent_decimals=0)) == "0%"


@pytest.mark.parametrize(("level", "expected"), [("错误", "error"), ("警告", "warning"), ("不检查", None)])
def test_missing_reason_severity_follows_the_pack(tmp_path, make_workbook, level, expected):
    def clear_reason(data):
        data["上年及预算对比"]["收入支出总计变动原因"] = ""

    path = make_workbook(clear_reason)
    folder = copy_pack(tmp_path, lambda t: t.replace('missing_reason = "警告"', f'missing_reason = "{level}"'))
    found = [p for p in validate(path, load_pack(folder)).problems if p.code == "missing-reason"]
    if expected is None:
        assert found == []
    else:
        assert found and all(p.is_error == (expected == "error") for p in found)


# ---------------------------------------------------------------------------
# Command line


def test_packs_lists_each_pack_with_its_description():
    result = CliRunner().invoke(app, ["packs"])
    assert result.exit_code == 0, result.output
    for pack in available_packs():
        assert pack.id in result.output


def test_pack_and_pack_dir_together_are_a_usage_error(tmp_path):
    result = CliRunner().invoke(app, ["check", "--pack", DEFAULT_PACK, "--pack-dir", str(XINJIANG),
                                      str(EXAMPLE_XLSX)])
    assert result.exit_code == 2


def test_unknown_pack_on_the_command_line(tmp_path):
    result = CliRunner().invoke(app, ["init", "--pack", "atlantis-2030", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 1
    assert "没有名为“atlantis-2030”的模板包" in result.output
    assert not (tmp_path / "x.xlsx").exists()


def test_build_uses_the_pack_dir_template(tmp_path):
    from docx import Document

    from generator.extract import paragraphs

    folder = copy_pack(tmp_path)
    doc = Document(str(folder / "template.docx"))
    target = next(p for p in doc.paragraphs if p.text == "第三部分 专业名词解释")
    target.runs[0].text = "第三部分 名词解释（自制模板包）"
    doc.save(str(folder / "template.docx"))
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", "--format", "docx", "--pack-dir", str(folder), "-o", str(out),
                                      str(EXAMPLE_XLSX)])
    assert result.exit_code == 0, result.output
    (docx,) = out.glob("*.docx")
    texts = paragraphs(docx.read_bytes())
    assert "第三部分 名词解释（自制模板包）" in texts and "第三部分 专业名词解释" not in texts


def test_zero_items_are_listed_only_when_the_wording_says_so():
    from generator.context import build_context

    report = validate(EXAMPLE_XLSX).report
    listed = build_context(report)["s2"].listed
    assert [i.name for i in listed] == ["财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入",
                                           "其他收入"]
    short = build_context(report, Wording(list_zero_items=False))["s2"].listed
    assert [(i.name, i.amount, i.share) for i in short] == [
        ("财政拨款收入", "1,891.20", "93.01%"), ("其他收入", "142.20", "6.99%")]


def test_percent_decimals_reach_the_document_context():
    from generator.context import build_context

    report = validate(EXAMPLE_XLSX).report
    s2 = build_context(report, Wording(percent_decimals=1))["s2"]
    assert (s2.fiscal.share, s2.other.share) == ("93.0%", "7.0%")


def test_build_reports_an_unknown_recorded_pack_and_writes_nothing(tmp_path):
    path = tmp_path / "book.xlsx"
    write_workbook(path, example_data_dict(), meta={"pack": "atlantis-2030"})
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", "--format", "docx", "-o", str(out), str(path)])
    assert result.exit_code == 1
    assert "工作簿记录的模板包是“atlantis-2030”" in result.output
    assert not list(out.glob("*.docx"))
    ok = CliRunner().invoke(app, ["build", "--format", "docx", "--pack", DEFAULT_PACK, "-o", str(out), str(path)])
    assert ok.exit_code == 0, ok.output
    assert len(list(out.glob("*.docx"))) == 1


def test_diff_renders_with_the_chosen_pack(tmp_path):
    from generator.diff import compare_workbooks

    folder = copy_pack(tmp_path, lambda t: t.replace('no_change = "与{基数}持平"', 'no_change = "持平"'))
    old = tmp_path / "old.xlsx"
    write_workbook(old, example_data_dict())
    data = example_data_dict()
    data["上年及预算对比"]["上年收入支出总计"] = data["收入支出决算总表"][-1][2]  # 总计: no change now
    new = tmp_path / "new.xlsx"
    write_workbook(new, data)
    default = compare_workbooks(old, new)
    mine = compare_workbooks(old, new, pack=load_pack(folder))
    assert any(t.new and "收入支出总体与上年持平" in t.new for t in default.text)
    assert any(t.new and "收入支出总体持平" in t.new for t in mine.text)


def test_a_pack_travels_to_worker_processes(tmp_path):
    import pickle

    pack = load_pack(partial_pack(tmp_path))  # build -j N sends the --pack-dir pack to each worker
    assert pickle.loads(pickle.dumps(pack)) == pack
