"""Build the Word template of the xinjiang-2023 pack, templates/xinjiang-2023/template.docx.

    .venv/bin/python scripts/make_template.py [output.docx]

The committed .docx is what users then edit in Word; this script is the
bootstrap. Order of the parts:

1. tpl_narrative.add_front  title, 目录, 第一部分, 第二部分 一 … 十一
2. tpl_annex.add_selfeval_tables  one 项目支出绩效自评表 per project
3. tpl_narrative.add_back   十二, 第三部分, 第四部分 list
4. tpl_annex.add_annex_tables  公开01表 … 公开09表
5. tpl_annex.add_overall_tables  optional 部门整体支出绩效目标表/自评表
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import docxkit as k  # noqa: E402
import tpl_annex  # noqa: E402

ROOT = HERE.parent
TEMPLATE_PATH = ROOT / "templates" / "xinjiang-2023" / "template.docx"


class _StubNarrative:
    """Stand-in until scripts/tpl_narrative.py exists."""

    @staticmethod
    def add_front(doc) -> None:
        k.add_para(doc, "{{ unit_name }}", "Title")
        k.add_para(doc, "{{ year }}年度部门决算公开说明", "Title")
        k.add_para(doc, "第二部分 部门决算情况说明", "Heading 1")
        k.add_para(doc, "十一、预算绩效的情况说明", "Heading 2")

    @staticmethod
    def add_back(doc) -> None:
        k.add_para(doc, "十二、其他需说明的事项", "Heading 2")
        k.add_para(doc, "第四部分 部门决算报表（见附表）", "Heading 1")


def _narrative_module():
    try:
        import tpl_narrative
    except ImportError:
        return _StubNarrative
    return tpl_narrative


def build_document(narrative="auto"):
    """Compose the template. ``narrative``: "auto" (tpl_narrative if it can be
    imported, else a stub), None (the stub), or a module-like object with
    ``add_front(doc)`` and ``add_back(doc)``."""
    if narrative == "auto":
        narrative = _narrative_module()
    elif narrative is None:
        narrative = _StubNarrative
    doc = k.new_document()
    narrative.add_front(doc)
    tpl_annex.add_selfeval_tables(doc)
    narrative.add_back(doc)
    tpl_annex.add_annex_tables(doc)
    tpl_annex.add_overall_tables(doc)
    # Word wants a paragraph after a final table; 1pt, so it never adds a page
    doc.add_paragraph(style="控制段落")
    return doc


def build(path: Path = TEMPLATE_PATH, narrative="auto") -> Path:
    return k.save_template(build_document(narrative), path)


def main(argv: list[str]) -> int:
    return k.template_script_main(argv, build, TEMPLATE_PATH)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
