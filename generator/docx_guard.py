"""A Word template is checked before it is opened, as a workbook is (generator/xlsx_scan.py):
the zip's directory alone must show it within bounds — parts, declared sizes, compression
ratio — so that a damaged or hostile template.docx (a pack from elsewhere, ``--template``)
is refused in Chinese instead of filling memory. Reading stays bounded by the declared
sizes: Python's zipfile never inflates a part beyond them."""

from __future__ import annotations

import zipfile
from pathlib import Path

from generator.limits import SCALE_ENV, ReadLimits
from generator.problems import PjgenError

MB = 1024 * 1024
_RATIO_FLOOR = 1 * MB  # parts smaller than this may compress as well as they like


class TemplateTooLarge(PjgenError):
    pass


def _mb(n: int) -> str:
    return f"{n / MB:,.1f} MB"


def check_template(path: Path, limits: ReadLimits | None = None) -> None:
    """Raise TemplateTooLarge naming every bound the template's zip directory exceeds.
    A file that is no zip at all is left to the opener (its message says so)."""
    limits = limits or ReadLimits.from_env()
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    lines: list[str] = []
    if len(infos) > limits.parts:
        lines.append(f"有 {len(infos):,} 个组成部分，超出上限 {limits.parts:,} 个")
    total = sum(i.file_size for i in infos)
    if total > limits.template_total_bytes:
        lines.append(f"解压后共 {_mb(total)}，超出上限 {_mb(limits.template_total_bytes)}")
    for info in infos:
        if info.file_size > limits.template_part_bytes:
            lines.append(f"组成部分 {info.filename} 解压后 {_mb(info.file_size)}，超出上限 {_mb(limits.template_part_bytes)}")
        elif info.file_size > _RATIO_FLOOR and info.file_size > limits.ratio * max(info.compress_size, 1):
            ratio = info.file_size / max(info.compress_size, 1)
            lines.append(f"组成部分 {info.filename} 的压缩比为 {ratio:,.0f} : 1（解压后 {_mb(info.file_size)}），"
                         f"超出上限 {limits.ratio} : 1，像是“压缩炸弹”")
    if lines:
        raise TemplateTooLarge(f"Word 模板 {Path(path).name} 超出可读取的范围，未打开：{'；'.join(lines)}。"
                               "请在 Word 中打开模板、删去多余的内容后另存；"
                               f"如模板确实这么大，可设置环境变量 {SCALE_ENV}（例如 {SCALE_ENV}=10，上限放大 10 倍）后重试。")
