"""No empty lead-in, ever: with every free-text input of the workbook emptied, no clause of either
shipped pack's template prints a label followed by nothing ("……：。", "……：；", "主要原因是。")."""

from __future__ import annotations

import pytest

from shapes_support import PACKS, blank_prose, build_text, empty_lead_ins, three_public_all_spent


def test_the_detector_sees_an_empty_lead_in():
    assert empty_lead_ins(["预算绩效管理取得的成效：。发现的问题", "开支内容包括。", "主要原因是。", "工作机制建设情况：；"]) \
        == ["预算绩效管理取得的成效：。发现的问题", "开支内容包括。", "主要原因是。", "工作机制建设情况：；"]
    assert empty_lead_ins(["具体情况如下：", "其中：因公出国（境）费支出0.39万元。"]) == []


@pytest.mark.parametrize("pack_id", PACKS)
def test_every_text_emptied_leaves_no_empty_lead_in(tmp_path, pack_id):
    texts = build_text(pack_id, blank_prose, tmp_path)
    assert len(texts) > 100
    assert empty_lead_ins(texts) == []


@pytest.mark.parametrize("pack_id", PACKS)
def test_every_text_emptied_with_every_three_public_item_spent(tmp_path, pack_id):
    def edit(data):
        blank_prose(data)
        three_public_all_spent(data)

    texts = build_text(pack_id, edit, tmp_path)
    assert any("因公出国（境）费支出1.50万元" in t for t in texts)
    assert empty_lead_ins(texts) == []
