"""Typography kit for building pjgen's Word template with python-docx.

Every template part (narrative, self-evaluation tables, annex tables) is built
with these helpers so that the whole document shares one set of styles:

- page: A4, margins 上37 下35 左28 右26 mm (GB/T 9704-2012), centred page
  number "— N —" in every section's footer;
- styles set up for zh-CN: East-Asian font names written to ``w:eastAsia``
  (python-docx only writes ``w:ascii``/``w:hAnsi``), theme font attributes
  stripped so they cannot override the names, East-Asian language zh-CN;
- helpers that write ONE run per paragraph, because docxtpl needs every Jinja
  tag inside a single run.

Style names (use them, do not format directly, so template editors can restyle
the document in Word):

=================  ===========================================================
"Title"            方正小标宋简体 二号 (22pt), centred: document title
"Normal"           仿宋_GB2312 三号 (16pt), first line indent 2 chars, exact
                   28pt line spacing, justified: body text
"Heading 1"        黑体 三号, centred (第一部分 …), outline level 1
"Heading 2"        黑体 三号, indent 2 chars (一、二、…), outline level 2
"Heading 3"        楷体_GB2312 三号, indent 2 chars ((一)(二)…), level 3
"目录标题"          heading of the table of contents (not in the TOC itself)
"toc 1".."toc 3"   TOC entries
"表格标题"          方正小标宋简体 18pt centred: a table's title
"表格副标题"        楷体_GB2312 14pt centred: "（2023年度）"
"表格编号"          宋体 10.5pt right-aligned: "公开01表"
"表格说明"          宋体 10.5pt, no indent: 编制单位/金额单位 line
"表格表头"          宋体 10.5pt bold centred: table header cells
"表格文字"          宋体 10.5pt centred, single spacing: table cells
"表格文字左"        same, left-aligned (long texts)
"表格金额"          same, right-aligned (amounts)
"表格注释"          宋体 10.5pt, no indent: "注：…" below a table
"控制段落"          1pt paragraph: section breaks, page breaks, joints between
                   tables, so an empty paragraph costs no visible space
"模板指令"          grey 9pt: paragraphs holding only {%p … %} (removed when
                   rendering; the style only makes them readable in Word)
"决算表格"          table style: single black borders, cells centred vertically
=================  ===========================================================
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

# ---------------------------------------------------------------------------
# Page geometry (mm)
# ---------------------------------------------------------------------------
PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_TOP_MM = 37
MARGIN_BOTTOM_MM = 35
MARGIN_LEFT_MM = 28
MARGIN_RIGHT_MM = 26
HEADER_DISTANCE_MM = 15
FOOTER_DISTANCE_MM = 25

#: usable text width of a portrait page and of a landscape page (mm)
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 156
LANDSCAPE_TEXT_WIDTH_MM = PAGE_HEIGHT_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 243

# ---------------------------------------------------------------------------
# Fonts (official names; a fontconfig mapping substitutes free fonts for PDF)
# ---------------------------------------------------------------------------
FONT_LATIN = "Times New Roman"
FONT_TITLE = "方正小标宋简体"
FONT_BODY = "仿宋_GB2312"
FONT_HEI = "黑体"
FONT_KAI = "楷体_GB2312"
FONT_SONG = "宋体"
FONT_TABLE = FONT_SONG

SIZE_ER = 22  # 二号
SIZE_SAN = 16  # 三号
SIZE_SI = 14  # 四号
SIZE_TABLE = 10.5  # 五号
BODY_LINE_PT = 28  # exact line spacing of body text

BLACK = RGBColor(0, 0, 0)

_THEME_FONT_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")

__all__ = [
    "LANDSCAPE_TEXT_WIDTH_MM",
    "TABLE_STYLE",
    "TEXT_WIDTH_MM",
    "add_cell_para",
    "add_directive",
    "add_page_break",
    "add_para",
    "add_table",
    "add_table_joint",
    "add_toc",
    "add_unit_line",
    "merge",
    "new_document",
    "new_section",
    "set_cant_split",
    "set_cell_text",
    "set_col_widths",
    "set_control_row",
    "set_repeat_header",
    "set_row_height",
    "set_table_border",
    "set_vmerge",
    "save_deterministic",
    "set_run_font",
    "text_width_mm",
]


# ---------------------------------------------------------------------------
# Low-level font helpers
# ---------------------------------------------------------------------------
def _set_rfonts(rPr, latin: str | None, east_asia: str | None) -> None:
    """Write explicit font names on ``rPr`` and drop theme font attributes."""
    rFonts = rPr.find(qn("w:rFonts"))
    if rFonts is None:
        rFonts = OxmlElement("w:rFonts")
        rPr.insert(0, rFonts)
    for attr in _THEME_FONT_ATTRS:
        rFonts.attrib.pop(qn(attr), None)
    if latin:
        rFonts.set(qn("w:ascii"), latin)
        rFonts.set(qn("w:hAnsi"), latin)
        rFonts.set(qn("w:cs"), latin)
    if east_asia:
        rFonts.set(qn("w:eastAsia"), east_asia)
        # quotes and dashes are "ambiguous" characters: render them with the
        # East-Asian font (full-width “” and —), as Chinese Word documents do
        rFonts.set(qn("w:hint"), "eastAsia")


def set_run_font(run, east_asia: str, size_pt: float | None = None, latin: str = FONT_LATIN,
                 bold: bool | None = None) -> None:
    """Direct font formatting on one run (for footers and other non-styled text)."""
    _set_rfonts(run._r.get_or_add_rPr(), latin, east_asia)
    if size_pt is not None:
        run.font.size = Pt(size_pt)
    if bold is not None:
        run.font.bold = bold


def _set_cs_props(rPr, size_pt: float) -> None:
    """Complex-script size equal to the size, no complex-script bold left over
    from the default template (Word shows them in the style dialog)."""
    bcs = rPr.find(qn("w:bCs"))
    if bcs is not None:
        rPr.remove(bcs)
    szcs = rPr.find(qn("w:szCs"))
    if szcs is None:
        szcs = OxmlElement("w:szCs")
        sz = rPr.find(qn("w:sz"))
        if sz is not None:
            sz.addnext(szcs)
        else:
            rPr.append(szcs)
    szcs.set(qn("w:val"), str(int(round(size_pt * 2))))


def _strip_theme_fonts(styles_element) -> None:
    for rFonts in styles_element.iter(qn("w:rFonts")):
        for attr in _THEME_FONT_ATTRS:
            rFonts.attrib.pop(qn(attr), None)


def _blacken_colors(styles_element) -> None:
    """Theme colours (blue headings, title) become plain black."""
    for color in styles_element.iter(qn("w:color")):
        if color.get(qn("w:themeColor")) is not None or color.get(qn("w:val")) not in (None, "auto", "000000"):
            for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
                color.attrib.pop(qn(attr), None)
            color.set(qn("w:val"), "000000")


def _set_indent_chars(pPr, first_line_chars: int, font_size_pt: float,
                      left_chars: int = 0) -> None:
    """First-line / left indent in characters (``w:firstLineChars`` is what Word
    shows as "2 字符"); the twips values are the same distance for readers that
    ignore the *Chars attributes."""
    ind = pPr.find(qn("w:ind"))
    if ind is None:
        ind = OxmlElement("w:ind")
        pPr.append(ind)
    ind.attrib.clear()
    twips_per_char = int(font_size_pt * 20)
    ind.set(qn("w:left"), str(left_chars * twips_per_char))
    ind.set(qn("w:leftChars"), str(left_chars * 100))
    ind.set(qn("w:firstLine"), str(first_line_chars * twips_per_char))
    ind.set(qn("w:firstLineChars"), str(first_line_chars * 100))


def _reorder_pPr(pPr) -> None:
    """python-docx inserts pPr children in schema order, but elements appended
    by hand (w:ind, w:outlineLvl) must also follow CT_PPrBase's sequence."""
    order = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
             "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
             "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN",
             "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
             "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
             "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"]
    rank = {qn("w:" + n): i for i, n in enumerate(order)}
    children = sorted(pPr, key=lambda el: rank.get(el.tag, len(order)))
    for el in children:
        pPr.remove(el)
        pPr.append(el)


def _style(doc: DocumentObject, name: str, *, east_asia: str, size_pt: float,
           align=WD_ALIGN_PARAGRAPH.LEFT, first_line_chars: int = 0, left_chars: int = 0,
           line_pt: float | None = None, before_pt: float = 0, after_pt: float = 0,
           bold: bool = False, outline_level: int | None = None, keep_next: bool = False,
           base: str | None = None, next_style: str | None = None,
           style_id: str | None = None) -> ParagraphStyle:
    """Create or reset a paragraph style with explicit fonts and layout."""
    try:
        style = doc.styles[name]
    except KeyError:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        if style_id:
            style.element.set(qn("w:styleId"), style_id)
    style.base_style = doc.styles[base] if base else None
    style.hidden = False
    style.quick_style = True
    if next_style:
        style.next_paragraph_style = doc.styles[next_style]

    font = style.font
    font.size = Pt(size_pt)
    font.bold = bold
    _set_cs_props(style.element.get_or_add_rPr(), size_pt)
    font.italic = False
    font.color.rgb = BLACK
    _set_rfonts(style.element.get_or_add_rPr(), FONT_LATIN, east_asia)
    style.element.get_or_add_rPr().find(qn("w:rFonts"))  # ensure present

    pf = style.paragraph_format
    pf.alignment = align
    pf.space_before = Pt(before_pt)
    pf.space_after = Pt(after_pt)
    if line_pt is None:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        pf.line_spacing = Pt(line_pt)
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.keep_with_next = True if keep_next else None
    pf.widow_control = True
    pPr = style.element.get_or_add_pPr()
    bdr = pPr.find(qn("w:pBdr"))  # the default Title has a blue bottom border
    if bdr is not None:
        pPr.remove(bdr)
    cs = pPr.find(qn("w:contextualSpacing"))
    if cs is not None:
        pPr.remove(cs)
    _set_indent_chars(pPr, first_line_chars, size_pt, left_chars)
    lvl = pPr.find(qn("w:outlineLvl"))
    if outline_level is None:
        if lvl is not None:
            pPr.remove(lvl)
    else:
        if lvl is None:
            lvl = OxmlElement("w:outlineLvl")
            pPr.append(lvl)
        lvl.set(qn("w:val"), str(outline_level))
    _reorder_pPr(pPr)
    return style


def _char_style_fonts(doc: DocumentObject, name: str, east_asia: str, size_pt: float) -> None:
    """Linked character styles ("Heading 1 Char" …) must agree with their
    paragraph styles, or Word shows the old fonts when the link is used."""
    try:
        style = doc.styles[name]
    except KeyError:
        return
    style.font.size = Pt(size_pt)
    _set_cs_props(style.element.get_or_add_rPr(), size_pt)
    style.font.bold = False
    style.font.italic = False
    style.font.color.rgb = BLACK
    _set_rfonts(style.element.get_or_add_rPr(), FONT_LATIN, east_asia)


# ---------------------------------------------------------------------------
# Document
# ---------------------------------------------------------------------------
def _setup_doc_defaults(doc: DocumentObject) -> None:
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rPr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_rfonts(rPr, FONT_LATIN, FONT_BODY)
    lang = rPr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rPr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")
    for tag, val in (("w:sz", "32"), ("w:szCs", "32")):
        el = rPr.find(qn(tag))
        if el is not None:
            el.set(qn("w:val"), val)
    pPr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = pPr.find(qn("w:spacing"))
    spacing.attrib.clear()
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    spacing.set(qn("w:lineRule"), "auto")
    # No hanging punctuation in LibreOffice: a 、 or ， that would hang past the right
    # margin of a justified line is drawn nowhere (lost from the PDF). LibreOffice's
    # import maps w:overflowPunct to "hanging punctuation" inverted
    # (IsHangingPunctuation = val == 0), so val="1" — also Word's own default —
    # turns hanging off there. overflowPunct precedes spacing in w:pPr's schema order.
    overflow = pPr.find(qn("w:overflowPunct"))
    if overflow is None:
        overflow = OxmlElement("w:overflowPunct")
        spacing.addprevious(overflow)
    overflow.set(qn("w:val"), "1")

    settings = doc.settings.element
    tfl = settings.find(qn("w:themeFontLang"))
    if tfl is not None:
        tfl.set(qn("w:eastAsia"), "zh-CN")


def _setup_styles(doc: DocumentObject) -> None:
    _strip_theme_fonts(doc.styles.element)
    _blacken_colors(doc.styles.element)
    c = WD_ALIGN_PARAGRAPH.CENTER
    _style(doc, "Normal", east_asia=FONT_BODY, size_pt=SIZE_SAN, first_line_chars=2,
           line_pt=BODY_LINE_PT, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _style(doc, "Title", east_asia=FONT_TITLE, size_pt=SIZE_ER, align=c, line_pt=40,
           before_pt=0, after_pt=BODY_LINE_PT, base="Normal", next_style="Normal")
    _style(doc, "Heading 1", east_asia=FONT_HEI, size_pt=SIZE_SAN, align=c, line_pt=BODY_LINE_PT,
           before_pt=BODY_LINE_PT / 2, after_pt=BODY_LINE_PT / 2, outline_level=0, keep_next=True,
           base="Normal", next_style="Normal")
    _style(doc, "Heading 2", east_asia=FONT_HEI, size_pt=SIZE_SAN, first_line_chars=2,
           align=WD_ALIGN_PARAGRAPH.JUSTIFY, line_pt=BODY_LINE_PT, outline_level=1,
           keep_next=True, base="Normal", next_style="Normal")
    _style(doc, "Heading 3", east_asia=FONT_KAI, size_pt=SIZE_SAN, first_line_chars=2,
           align=WD_ALIGN_PARAGRAPH.JUSTIFY, line_pt=BODY_LINE_PT, outline_level=2,
           keep_next=True, base="Normal", next_style="Normal")
    for name, font, size in (("Title Char", FONT_TITLE, SIZE_ER), ("Heading 1 Char", FONT_HEI, SIZE_SAN),
                             ("Heading 2 Char", FONT_HEI, SIZE_SAN), ("Heading 3 Char", FONT_KAI, SIZE_SAN)):
        _char_style_fonts(doc, name, font, size)

    # table of contents
    _style(doc, "目录标题", east_asia=FONT_HEI, size_pt=SIZE_SAN, align=c, line_pt=BODY_LINE_PT,
           after_pt=BODY_LINE_PT / 2, style_id="TOCTitle")
    for level in (1, 2, 3):
        st = _style(doc, f"toc {level}", east_asia=FONT_BODY, size_pt=SIZE_SAN, line_pt=BODY_LINE_PT,
                    left_chars=2 * (level - 1), base="Normal", next_style="Normal",
                    style_id=f"TOC{level}")
        st.paragraph_format.tab_stops.clear_all()
        st.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT,
                                                   WD_TAB_LEADER.DOTS)
        st.element.set(qn("w:type"), "paragraph")
        st.unhide_when_used = True

    # tables
    _style(doc, "表格标题", east_asia=FONT_TITLE, size_pt=18, align=c, line_pt=32,
           after_pt=4, keep_next=True, style_id="TableTitle")
    _style(doc, "表格副标题", east_asia=FONT_KAI, size_pt=SIZE_SI, align=c, after_pt=4,
           keep_next=True, style_id="TableSubtitle")
    _style(doc, "表格编号", east_asia=FONT_TABLE, size_pt=SIZE_TABLE, align=WD_ALIGN_PARAGRAPH.RIGHT,
           keep_next=True, style_id="TableNumber")
    _style(doc, "表格说明", east_asia=FONT_TABLE, size_pt=SIZE_TABLE, after_pt=2, keep_next=True,
           style_id="TableCaption")
    _style(doc, "表格文字", east_asia=FONT_TABLE, size_pt=SIZE_TABLE, align=c, style_id="TableText")
    _style(doc, "表格表头", east_asia=FONT_TABLE, size_pt=SIZE_TABLE, align=c, bold=True,
           base="表格文字", style_id="TableHead")
    _style(doc, "表格文字左", east_asia=FONT_TABLE, size_pt=SIZE_TABLE, align=WD_ALIGN_PARAGRAPH.LEFT,
           base="表格文字", style_id="TableTextLeft")
    _style(doc, "表格金额", east_asia=FONT_TABLE, size_pt=SIZE_TABLE, align=WD_ALIGN_PARAGRAPH.RIGHT,
           base="表格文字", style_id="TableAmount")
    _style(doc, "表格注释", east_asia=FONT_TABLE, size_pt=SIZE_TABLE, before_pt=4,
           style_id="TableNote")
    _style(doc, "Footer", east_asia=FONT_SONG, size_pt=SIZE_SI, align=c, base="Normal")
    directive = _style(doc, "模板指令", east_asia=FONT_TABLE, size_pt=9, style_id="TemplateDirective")
    directive.font.color.rgb = RGBColor(0x80, 0x80, 0x80)
    _table_style(doc)
    ctl = _style(doc, "控制段落", east_asia=FONT_TABLE, size_pt=1, line_pt=1, style_id="Control")
    ctl.font.size = Pt(1)


TABLE_STYLE = "决算表格"


def _table_style(doc: DocumentObject) -> None:
    """Table style "决算表格": single black borders, cells vertically centred.

    Vertical centring lives in the style (not in each cell's tcPr) because
    docxtpl's ``{% vm %}`` appends ``w:vMerge`` at the END of the cell's tcPr;
    a ``w:vAlign`` there would put vMerge out of schema order."""
    try:
        style = doc.styles[TABLE_STYLE]
    except KeyError:
        style = doc.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
        style.element.set(qn("w:styleId"), "JuesuanTable")
    style.base_style = doc.styles["Table Grid"]
    el = style.element
    for tag in ("w:pPr", "w:tblPr", "w:tcPr"):
        old = el.find(qn(tag))
        if old is not None:
            el.remove(old)
    pPr = OxmlElement("w:pPr")
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    spacing.set(qn("w:lineRule"), "auto")
    pPr.append(spacing)
    tblPr = OxmlElement("w:tblPr")
    tblPr.append(_single_borders())
    tblPr.append(_cell_margins(TABLE_CELL_MARGIN_MM))
    tcPr = OxmlElement("w:tcPr")
    valign = OxmlElement("w:vAlign")
    valign.set(qn("w:val"), "center")
    tcPr.append(valign)
    # CT_Style order: … rsid, pPr, rPr, tblPr, trPr, tcPr, tblStylePr
    rPr = el.find(qn("w:rPr"))
    if rPr is not None:
        el.remove(rPr)
    el.append(pPr)
    if rPr is not None:
        el.append(rPr)
    el.append(tblPr)
    el.append(tcPr)


TABLE_CELL_MARGIN_MM = 1.0


def _cell_margins(mm: float):
    mar = OxmlElement("w:tblCellMar")
    for side, val in (("top", 0), ("left", mm), ("bottom", 0), ("right", mm)):
        e = OxmlElement(f"w:{side}")
        e.set(qn("w:w"), str(_mm_to_twips(val)))
        e.set(qn("w:type"), "dxa")
        mar.append(e)
    return mar


def _add_field(paragraph: Paragraph, instr: str, placeholder: str, font=None, dirty: bool = False):
    """Complex field: begin / instrText / separate / placeholder / end, each in
    its own run (a field is not a Jinja tag, so several runs are fine).
    ``dirty`` asks Word to recompute the field when the document opens."""
    def run_with(child):
        run = paragraph.add_run()
        if font:
            font(run)
        run._r.append(child)
        return run

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    if dirty:
        begin.set(qn("w:dirty"), "true")
    run_with(begin)
    instr_el = OxmlElement("w:instrText")
    instr_el.set(qn("xml:space"), "preserve")
    instr_el.text = f" {instr} "
    run_with(instr_el)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    ph = paragraph.add_run(placeholder)
    if font:
        font(ph)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _setup_footer(section) -> None:
    footer = section.footer
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]
    for r in list(p.runs):
        r._r.getparent().remove(r._r)
    p.style = "Footer"

    def font(run):
        # GB/T 9704: 4号半角宋体阿拉伯数字, with a dash on each side
        set_run_font(run, FONT_SONG, SIZE_SI, latin=FONT_SONG)

    font(p.add_run("— "))
    _add_field(p, "PAGE", "1", font)
    font(p.add_run(" —"))


def _setup_section(section, landscape: bool = False) -> None:
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(PAGE_HEIGHT_MM), Mm(PAGE_WIDTH_MM)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin = Mm(MARGIN_TOP_MM)
    section.bottom_margin = Mm(MARGIN_BOTTOM_MM)
    section.left_margin = Mm(MARGIN_LEFT_MM)
    section.right_margin = Mm(MARGIN_RIGHT_MM)
    section.header_distance = Mm(HEADER_DISTANCE_MM)
    section.footer_distance = Mm(FOOTER_DISTANCE_MM)
    section.gutter = Mm(0)


def new_document() -> DocumentObject:
    """A blank A4 document with zh-CN styles and a page-number footer."""
    doc = Document()
    _setup_doc_defaults(doc)
    _setup_styles(doc)
    section = doc.sections[0]
    _setup_section(section)
    _setup_footer(section)
    # the default template's body holds no paragraphs; keep it that way
    return doc


def text_width_mm(doc: DocumentObject) -> float:
    """Usable width of the current (last) section, in mm."""
    s = doc.sections[-1]
    return (s.page_width - s.left_margin - s.right_margin) / Mm(1)


def new_section(doc: DocumentObject, landscape: bool):
    """Start a new section on a new page with the given orientation.

    The margins stay the same (top stays top); the footer stays linked to the
    previous section, so the page numbers continue. The paragraph that carries
    the section break gets the 1pt "控制段落" style so it takes no space."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    # python-docx put the previous section's sectPr in a new, empty paragraph
    body = doc.element.body
    break_p = body.findall(qn("w:p"))[-1]
    Paragraph(break_p, doc._body).style = doc.styles["控制段落"]
    _setup_section(section, landscape)
    section.footer.is_linked_to_previous = True
    return section


# ---------------------------------------------------------------------------
# Paragraphs
# ---------------------------------------------------------------------------
def add_para(doc_or_cell, text: str = "", style: str | None = None, *, align=None,
             bold: bool | None = None, page_break_before: bool = False) -> Paragraph:
    """Add a paragraph holding exactly one run with ``text`` (Jinja-safe)."""
    p = doc_or_cell.add_paragraph(style=style)
    if text:
        run = p.add_run(text)
        if bold is not None:
            run.bold = bold
    if align is not None:
        p.alignment = align
    if page_break_before:
        p.paragraph_format.page_break_before = True
    return p


def add_page_break(doc: DocumentObject) -> Paragraph:
    """A page break in a 1pt paragraph (no blank line at the top of the next page)."""
    p = doc.add_paragraph(style="控制段落")
    p.add_run().add_break(WD_BREAK.PAGE)
    return p


def add_toc(doc: DocumentObject, title: str | None = "目  录", levels: str = "1-3") -> Paragraph:
    """Insert a real TOC field and ask Word to update fields on open.

    LibreOffice's ``--convert-to pdf`` does not update the field: the PDF then
    shows the placeholder. Convert through a path that refreshes indexes, or
    build the 目录 as text."""
    if title:
        add_para(doc, title, "目录标题")
    p = doc.add_paragraph(style="toc 1")
    _add_field(p, f'TOC \\o "{levels}" \\h \\z \\u', "右击此处，选择“更新域”以生成目录。", dirty=True)
    settings = doc.settings.element
    upd = settings.find(qn("w:updateFields"))
    if upd is None:
        upd = OxmlElement("w:updateFields")
        # CT_Settings is a sequence: updateFields comes right before
        # hdrShapeDefaults / footnotePr / endnotePr / compat / … (Word rejects
        # settings.xml with elements out of order)
        later = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids",
                 "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
                 "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade",
                 "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary",
                 "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")
        anchor = next((el for el in settings if el.tag.split("}")[1] in later), None)
        if anchor is not None:
            anchor.addprevious(upd)
        else:
            settings.append(upd)
    upd.set(qn("w:val"), "true")
    return p


def add_unit_line(doc: DocumentObject, left: str, right: str, width_mm: float | None = None) -> Paragraph:
    """"编制单位：…<tab>金额单位：万元" with a right tab stop at the text width.

    Two runs (each a complete Jinja tag or plain text) separated by a tab run."""
    width = text_width_mm(doc) if width_mm is None else width_mm
    p = doc.add_paragraph(style="表格说明")
    p.paragraph_format.tab_stops.add_tab_stop(Mm(width), WD_TAB_ALIGNMENT.RIGHT)
    p.add_run(left)
    p.add_run("\t")
    p.add_run(right)
    return p


# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------
def _single_borders():
    """<w:tblBorders> with thin black single lines on every edge and inside."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "4")
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    return borders


def _mm_to_twips(mm: float) -> int:
    return int(round(mm * 1440 / 25.4))


def set_col_widths(table: Table, widths_mm: Sequence[float]) -> None:
    """Column widths on the grid and on every cell (Word reads tcW, LibreOffice the grid)."""
    twips = [_mm_to_twips(w) for w in widths_mm]
    grid = table._tbl.tblGrid
    for gc, w in zip(grid.findall(qn("w:gridCol")), twips):
        gc.set(qn("w:w"), str(w))
    for row in table.rows:
        start = 0
        for tc in row._tr.tc_lst:
            span = tc.grid_span  # a merged cell spans several grid columns
            tcW = tc.get_or_add_tcPr().get_or_add_tcW()
            tcW.type = "dxa"
            tcW.w = sum(twips[start:start + span])
            start += span


def add_table(doc_or_cell, rows: int, cols: int, widths_mm: Sequence[float],
              style: str = TABLE_STYLE, cell_margin_mm: float = TABLE_CELL_MARGIN_MM) -> Table:
    """A bordered, centred, fixed-layout table with the given column widths.

    Style "决算表格" (borders, cells vertically centred); the borders and cell
    margins are also written on the table itself, so they survive a change of
    table style by a template editor. Every cell holds one empty paragraph in
    style "表格文字"."""
    if len(widths_mm) != cols:
        raise ValueError(f"{cols} columns but {len(widths_mm)} widths")
    table = doc_or_cell.add_table(rows=rows, cols=cols)
    table.style = style
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tblPr = table._tbl.tblPr
    layout = tblPr.find(qn("w:tblLayout"))
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        tblPr.append(layout)
    layout.set(qn("w:type"), "fixed")
    tblW = tblPr.find(qn("w:tblW"))
    if tblW is None:
        tblW = OxmlElement("w:tblW")
        tblPr.append(tblW)
    tblW.set(qn("w:w"), str(sum(_mm_to_twips(w) for w in widths_mm)))
    tblW.set(qn("w:type"), "dxa")
    # explicit borders too, in case a template editor switches the table style
    borders = _single_borders()
    for tag in ("w:tblBorders", "w:tblCellMar"):
        old = tblPr.find(qn(tag))
        if old is not None:
            tblPr.remove(old)
    tblPr.append(borders)
    tblPr.append(_cell_margins(cell_margin_mm))
    _reorder_tblPr(tblPr)
    set_col_widths(table, widths_mm)
    for row in table.rows:
        for cell in row.cells:
            cell.paragraphs[0].style = "表格文字"
    return table


def _reorder_tblPr(tblPr) -> None:
    order = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
             "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
             "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription"]
    rank = {qn("w:" + n): i for i, n in enumerate(order)}
    children = sorted(tblPr, key=lambda el: rank.get(el.tag, len(order)))
    for el in children:
        tblPr.remove(el)
        tblPr.append(el)


def merge(table: Table, r1: int, c1: int, r2: int, c2: int) -> _Cell:
    """Merge the rectangle (r1, c1)–(r2, c2), inclusive; returns the merged cell.

    Text of the merged cells is concatenated by python-docx: merge before
    writing text, or write it into the returned cell afterwards."""
    a = table.cell(r1, c1)
    b = table.cell(r2, c2)
    return a.merge(b) if (r1, c1) != (r2, c2) else a


def _trPr(row: _Row):
    return row._tr.get_or_add_trPr()


def _set_trPr_flag(row: _Row, tag: str, on: bool) -> None:
    trPr = _trPr(row)
    el = trPr.find(qn(tag))
    if on and el is None:
        el = OxmlElement(tag)
        # CT_TrPr is a choice group, but keep cantSplit before tblHeader (Word's order)
        if tag == "w:cantSplit":
            trPr.insert(0, el)
        else:
            trPr.append(el)
    elif not on and el is not None:
        trPr.remove(el)


def set_repeat_header(row: _Row, on: bool = True) -> None:
    """Repeat this row at the top of each page (``w:tblHeader``). Only an unbroken
    run of header rows at the top of the table repeats."""
    _set_trPr_flag(row, "w:tblHeader", on)


def set_cant_split(row: _Row, on: bool = True) -> None:
    """Keep this row on one page (``w:cantSplit``)."""
    _set_trPr_flag(row, "w:cantSplit", on)


def set_row_height(row: _Row, height_mm: float, exact: bool = False) -> None:
    from docx.enum.table import WD_ROW_HEIGHT_RULE
    row.height = Mm(height_mm)
    row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY if exact else WD_ROW_HEIGHT_RULE.AT_LEAST


def set_cell_text(cell: _Cell, text: str, style: str = "表格文字", align=None,
                  bold: bool | None = None, valign=None) -> Paragraph:
    """Replace the cell's content with ONE paragraph holding ONE run.

    ``align`` is direct paragraph alignment; prefer the styles 表格文字 (centre),
    表格文字左, 表格金额 (right), 表格表头. Cells are vertically centred by the
    table style; pass ``valign`` only to override it (never on a cell that
    carries ``{% vm %}``: see ``_table_style``)."""
    tc = cell._tc
    paragraphs = tc.findall(qn("w:p"))
    for extra in paragraphs[1:]:
        tc.remove(extra)
    p = cell.paragraphs[0]
    for child in list(p._p):
        if child.tag != qn("w:pPr"):
            p._p.remove(child)
    p.style = style
    if align is not None:
        p.alignment = align
    if text:
        run = p.add_run(text)
        if bold is not None:
            run.bold = bold
    if valign is not None:
        cell.vertical_alignment = valign
    return p


def add_cell_para(cell: _Cell, text: str, style: str = "表格文字") -> Paragraph:
    """Append one more one-run paragraph to a cell (e.g. a {%p if %} line)."""
    p = cell.add_paragraph(style=style)
    if text:
        p.add_run(text)
    return p


def copy_row_after(row: _Row) -> _Row:
    """Deep-copy a table row and insert the copy right after it."""
    new_tr = copy.deepcopy(row._tr)
    row._tr.addnext(new_tr)
    return _Row(new_tr, row._parent)


def set_vmerge(cell: _Cell, value: str | None) -> None:
    """Static vertical-merge mark on one cell: "restart", "continue" or None.

    Used for merges whose extent is only known at render time (a label over
    a loop's rows: "restart" in the row above the loop, "continue" in the
    loop's row), where python-docx's ``merge`` cannot be used."""
    tcPr = cell._tc.get_or_add_tcPr()
    tcPr.vMerge_val = value


def add_directive(doc_or_cell, tag: str) -> Paragraph:
    """A paragraph holding only a docxtpl paragraph directive, e.g.
    ``{%p if overall %}``. docxtpl removes the whole paragraph when rendering;
    the grey 9pt "模板指令" style only makes it readable in the template."""
    p = doc_or_cell.add_paragraph(style="模板指令")
    p.add_run(tag)
    return p


def set_control_row(table: Table, row_idx: int, tag: str, first_col: int = 0) -> _Row:
    """Turn a row into a docxtpl row directive (``{%tr for … %}``): cells from
    ``first_col`` to the end are merged and hold the tag. docxtpl replaces the
    whole row by the tag when rendering; cells before ``first_col`` may carry
    static vertical merges so the template still looks right in Word."""
    ncols = len(table.columns)
    cell = merge(table, row_idx, first_col, row_idx, ncols - 1)
    set_cell_text(cell, tag, style="模板指令")
    return table.rows[row_idx]


# ---------------------------------------------------------------------------
# Saving
# ---------------------------------------------------------------------------
FIXED_DATETIME = (2024, 1, 1, 0, 0, 0)


def save_deterministic(doc: DocumentObject, path) -> None:
    """Save so that two builds of the same content are byte-identical: fixed
    core properties and fixed zip member timestamps (python-docx stamps both
    with the current time)."""
    import datetime as _dt
    import io
    import zipfile

    cp = doc.core_properties
    fixed = _dt.datetime(*FIXED_DATETIME)
    cp.created = fixed
    cp.modified = fixed
    cp.last_printed = fixed
    cp.revision = 1
    cp.author = "pjgen"
    cp.last_modified_by = "pjgen"
    buf = io.BytesIO()
    doc.save(buf)
    buf.seek(0)
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            out = zipfile.ZipInfo(info.filename, date_time=FIXED_DATETIME)
            out.compress_type = zipfile.ZIP_DEFLATED
            out.external_attr = 0o644 << 16
            dst.writestr(out, data)


def save_template(doc: DocumentObject, path) -> Path:
    """Write a template script's document to ``path`` (folders made), byte-identical on every run."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    save_deterministic(doc, path)
    return path


def template_script_main(argv: list[str], build, default: Path) -> int:
    """The command line of a template script: ``script.py [OUT.docx]`` builds and prints the path."""
    out = Path(argv[1]) if len(argv) > 1 else default
    build(out)
    print(out)  # a bootstrap script, not part of the pjgen CLI
    return 0


def set_table_border(table: Table, edge: str, val: str = "single", size_eighths: int = 4) -> None:
    """Set one table-level border ("top", "bottom", "left", "right", "insideH",
    "insideV"); ``val="nil"`` removes it."""
    tblPr = table._tbl.tblPr
    borders = tblPr.find(qn("w:tblBorders"))
    if borders is None:
        borders = OxmlElement("w:tblBorders")
        tblPr.append(borders)
        _reorder_tblPr(tblPr)
    el = borders.find(qn(f"w:{edge}"))
    if el is None:
        el = OxmlElement(f"w:{edge}")
        borders.append(el)
    el.attrib.clear()
    el.set(qn("w:val"), val)
    if val not in ("nil", "none"):
        el.set(qn("w:sz"), str(size_eighths))
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
    order = ["top", "left", "start", "bottom", "right", "end", "insideH", "insideV"]
    for child in sorted(borders, key=lambda e: order.index(e.tag.split("}")[1])):
        borders.remove(child)
        borders.append(child)


def add_table_joint(doc, table_above: Table) -> Paragraph:
    """Let the next table continue ``table_above`` visually while staying a
    separate table (so its head rows can repeat on later pages: Word and
    LibreOffice only repeat rows at the top of a table, and LibreOffice joins
    tables that touch). The bottom border of ``table_above`` is removed and a
    1pt paragraph separates the two tables; the next table's top border closes
    the gap."""
    set_table_border(table_above, "bottom", "nil")
    return doc.add_paragraph(style="控制段落")
