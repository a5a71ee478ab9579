"""A throw-away LibreOffice user profile that exports documents to PDF.

Plain ``soffice --convert-to pdf`` leaves a Word TOC field as it was saved (the
placeholder text), so the 目录 of a generated document would have no page
numbers. Instead, ``convert.py`` starts *one* headless soffice per batch with a
fresh user profile prepared here. The profile holds a small LibreOffice Basic
library (``Pjgen.Export``) and soffice is told to run ``macro:///Pjgen.Export.ExportAll``.
For every job the macro:

1. loads the document hidden, with an explicit import filter (so a corrupt .docx
   fails instead of being imported as plain text), never running its macros;
2. lays the whole document out, updates every index (the TOC) twice, since
   filling the TOC can move the headings to later pages, and refreshes the fields;
3. stores it with ``writer_pdf_Export`` (headings become PDF bookmarks);
4. appends ``BEGIN``/``OK``/``FAIL`` lines to a result file, which
   ``convert.py`` watches for progress and reads for errors.

Basic needs no extra package (a Python-UNO script would need python3-uno on
Debian and LibreOffice's own Python elsewhere) and runs the same on Linux,
Windows and macOS. This module only writes files; it starts nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

MACRO_URL = "macro:///Pjgen.Export.ExportAll"
JOBS_NAME = "pjgen-jobs.txt"
RESULTS_NAME = "pjgen-results.txt"

# Import filters by file suffix. An explicit filter makes junk fail to load:
# with type detection alone, random bytes named .docx open as a text file.
IMPORT_FILTERS = {
    ".docx": "MS Word 2007 XML",
    ".docm": "MS Word 2007 XML VBA",
    ".doc": "MS Word 97",
    ".odt": "writer8",
    ".rtf": "Rich Text Format",
}


@dataclass(frozen=True, slots=True)
class ExportJob:
    source: Path  # document to load
    target: Path  # where the macro writes the PDF (a temporary name)
    filter_name: str  # LibreOffice import filter, from IMPORT_FILTERS


# Result lines: "BEGIN<TAB>url", "OK<TAB>url", "FAIL<TAB>url<TAB>reason", "DONE".
# Reasons: "load" (could not open), "not-text" (not a Writer document), or the
# Basic error number and message.
_BASIC = """\
Option Explicit

Sub ExportAll
    Dim userUrl As String, line As String, parts() As String
    Dim sfa As Object, reader As Object, writer As Object
    On Error GoTo Fatal
    userUrl = CreateUnoService("com.sun.star.util.PathSubstitution").substituteVariables("$(user)", True)
    sfa = CreateUnoService("com.sun.star.ucb.SimpleFileAccess")
    reader = CreateUnoService("com.sun.star.io.TextInputStream")
    reader.setInputStream(sfa.openFileRead(userUrl & "/@JOBS@"))
    reader.setEncoding("UTF-8")
    writer = CreateUnoService("com.sun.star.io.TextOutputStream")
    writer.setOutputStream(sfa.openFileWrite(userUrl & "/@RESULTS@"))
    writer.setEncoding("UTF-8")
    Do While Not reader.isEOF()
        line = StripEnd(reader.readLine())
        If Len(line) > 0 Then
            parts = Split(line, Chr(9))
            Report(writer, "BEGIN" & Chr(9) & parts(1))
            Report(writer, ExportOne(parts(0), parts(1), parts(2)))
        End If
    Loop
    reader.closeInput()
    Report(writer, "DONE")
    writer.closeOutput()
Fatal:
    StarDesktop.terminate()
End Sub

Sub Report(writer As Object, text As String)
    writer.writeString(text & Chr(10))
    writer.flush()
End Sub

' TextInputStream.readLine keeps the line end on some versions.
Function StripEnd(text As String) As String
    Do While Len(text) > 0 And (Right(text, 1) = Chr(10) Or Right(text, 1) = Chr(13))
        text = Left(text, Len(text) - 1)
    Loop
    StripEnd = text
End Function

Function OneLine(text As String) As String
    OneLine = Join(Split(Join(Split(Join(Split(text, Chr(13)), " "), Chr(10)), " "), Chr(9)), " ")
End Function

Function ExportOne(filterName As String, srcUrl As String, pdfUrl As String) As String
    Dim doc As Object, indexes As Object, cursor As Object
    Dim i As Integer, pass As Integer
    Dim loadArgs(3) As New com.sun.star.beans.PropertyValue
    Dim filterData(2) As New com.sun.star.beans.PropertyValue
    Dim storeArgs(1) As New com.sun.star.beans.PropertyValue
    On Error GoTo Failed
    loadArgs(0).Name = "Hidden" : loadArgs(0).Value = True
    loadArgs(1).Name = "FilterName" : loadArgs(1).Value = filterName
    loadArgs(2).Name = "MacroExecutionMode" : loadArgs(2).Value = 0
    loadArgs(3).Name = "UpdateDocMode" : loadArgs(3).Value = 0
    doc = StarDesktop.loadComponentFromURL(srcUrl, "_blank", 0, loadArgs())
    If IsNull(doc) Then
        ExportOne = "FAIL" & Chr(9) & srcUrl & Chr(9) & "load"
        Exit Function
    End If
    If Not doc.supportsService("com.sun.star.text.TextDocument") Then
        doc.close(True)
        ExportOne = "FAIL" & Chr(9) & srcUrl & Chr(9) & "not-text"
        Exit Function
    End If
    ' Jumping to the last page makes Writer lay out every page.
    cursor = doc.getCurrentController().getViewCursor()
    indexes = doc.getDocumentIndexes()
    For pass = 1 To 2
        cursor.jumpToLastPage()
        For i = 0 To indexes.getCount() - 1
            indexes.getByIndex(i).update()
        Next i
        doc.getTextFields().refresh()
    Next pass
    cursor.jumpToLastPage()
    filterData(0).Name = "ExportBookmarks" : filterData(0).Value = True
    filterData(1).Name = "EmbedStandardFonts" : filterData(1).Value = True
    filterData(2).Name = "ExportNotes" : filterData(2).Value = False
    storeArgs(0).Name = "FilterName" : storeArgs(0).Value = "writer_pdf_Export"
    storeArgs(1).Name = "FilterData" : storeArgs(1).Value = filterData()
    doc.storeToURL(pdfUrl, storeArgs())
    doc.close(True)
    ExportOne = "OK" & Chr(9) & srcUrl
    Exit Function
Failed:
    ExportOne = "FAIL" & Chr(9) & srcUrl & Chr(9) & OneLine(Err & " " & Error$)
    On Error Resume Next
    If Not IsNull(doc) Then doc.close(True)
End Function
"""

_MODULE_XBA = """\
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Export" \
script:language="StarBasic">{code}</script:module>
"""

_LIBRARY_XLB = """\
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">
<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Pjgen" \
library:readonly="false" library:passwordprotected="false">
 <library:element library:name="Export"/>
</library:library>
"""

_LIBRARIES_XLC = """\
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:libraries PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "libraries.dtd">
<library:libraries xmlns:library="http://openoffice.org/2000/library" \
xmlns:xlink="http://www.w3.org/1999/xlink">
 <library:library library:name="Pjgen" xlink:href="$(USER)/basic/Pjgen/script.xlb/" \
xlink:type="simple" library:link="false"/>
</library:libraries>
"""


def _prop(path: str, name: str, value: str) -> str:
    return f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse"><value>{value}</value></prop></item>'


# ooSetupInstCompleted tells soffice the profile already exists; otherwise its
# first start copies the default Basic libraries over ours. The rest keeps the
# run quiet: no autosave/recovery data, no lock files next to the inputs.
_REGISTRY = "\n".join(
    [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
        _prop("/org.openoffice.Setup/Office", "ooSetupInstCompleted", "true"),
        _prop("/org.openoffice.Office.Common/Misc", "FirstRun", "false"),
        _prop("/org.openoffice.Office.Common/Misc", "UseLocking", "false"),
        _prop("/org.openoffice.Office.Common/Save/Document", "CreateBackup", "false"),
        _prop("/org.openoffice.Office.Recovery/AutoSave", "Enabled", "false"),
        _prop("/org.openoffice.Office.Recovery/RecoveryInfo", "Enabled", "false"),
        "</oor:items>",
        "",
    ]
)


def prepare_profile(profile_dir: Path, jobs: Sequence[ExportJob]) -> Path:
    """Write a LibreOffice user profile that exports ``jobs``; return the result file path.

    Start soffice with ``-env:UserInstallation=<profile_dir as file URL>`` and
    the argument ``MACRO_URL``.
    """
    user = profile_dir / "user"
    library = user / "basic" / "Pjgen"
    library.mkdir(parents=True, exist_ok=True)
    code = _BASIC.replace("@JOBS@", JOBS_NAME).replace("@RESULTS@", RESULTS_NAME)
    (library / "Export.xba").write_text(_MODULE_XBA.format(code=escape(code)), encoding="utf-8")
    (library / "script.xlb").write_text(_LIBRARY_XLB, encoding="utf-8")
    (user / "basic" / "script.xlc").write_text(_LIBRARIES_XLC, encoding="utf-8")
    (user / "registrymodifications.xcu").write_text(_REGISTRY, encoding="utf-8")
    lines = [f"{job.filter_name}\t{job.source.as_uri()}\t{job.target.as_uri()}\n" for job in jobs]
    (user / JOBS_NAME).write_text("".join(lines), encoding="utf-8")
    return user / RESULTS_NAME
