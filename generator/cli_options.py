"""Options several commands share, declared once (typer ``Annotated`` aliases, as sqlite-utils
shares its option decorators), and the template pack that ``--pack``/``--pack-dir`` choose."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional, Sequence

import typer

from generator.cli_output import failing, refuse

if TYPE_CHECKING:
    from generator.packs import Pack

_PACK_DIR_HELP = "自制模板包的文件夹（内含 template.docx 和 pack.toml）"

PackOption = Annotated[Optional[str], typer.Option(
    "--pack", help="模板包名称（pjgen packs 列出全部），代替工作簿中记录的模板包", metavar="模板包")]
PackDirOption = Annotated[Optional[Path], typer.Option("--pack-dir", help=_PACK_DIR_HELP, metavar="文件夹")]
TemplateOption = Annotated[Optional[Path], typer.Option(
    "--template", help="Word 模板文件，代替模板包中的 template.docx", show_default="模板包的 template.docx",
    metavar="文件")]
JsonOption = Annotated[bool, typer.Option("--json", help="输出机器可读的 JSON（格式说明见文档 json.md），代替中文表格")]


def chosen_pack(pack_id: Optional[str], pack_dir: Optional[Path], command: Optional[str] = None,
                workbooks: Sequence[Path] = ()) -> Optional[Pack]:
    """The pack chosen on the command line, or None (each workbook's own). ``command`` and
    ``workbooks``, given in JSON mode, report a pack that cannot be used as JSON too."""
    from generator.packs import choose_pack

    if pack_id and pack_dir:
        refuse("--pack 和 --pack-dir 只能用一个。", command, workbooks)
    if not pack_id and pack_dir is None:
        return None
    with failing(command, workbooks):
        return choose_pack({}, pack_id, pack_dir)
