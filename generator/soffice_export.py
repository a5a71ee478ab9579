"""A private LibreOffice user profile whose Basic macro exports documents to PDF on request.

Plain ``soffice --convert-to pdf`` leaves a Word TOC field as it was saved (the
placeholder text), so the 目录 of a generated document would have no page
numbers. Instead, ``soffice_pool.py`` starts headless soffice processes, each with a
fresh user profile prepared here. The profile holds a small LibreOffice Basic
library (``Pjgen.Export``) and soffice is told to run ``macro:///Pjgen.Export.Serve``.
The macro stays running, so one soffice converts any number of documents
without starting again: it polls its profile folder for a job file and, for
every job:

1. loads the document hidden, with an explicit import filter (so a corrupt .docx
   fails instead of being imported as plain text), never running its macros;
2. lays the whole document out, updates every index (the TOC) twice, since
   filling the TOC can move the headings to later pages, and refreshes the fields;
   keeps a 注 line Writer left alone on a page with its table's last rows (and
   updates the TOC a third time only when it had to split a table for that);
3. stores it with ``writer_pdf_Export`` (headings become PDF bookmarks);
4. writes an ``OK``/``FAIL`` line to a result file, which ``soffice_pool.py``
   waits for; it removes the result before handing over the next job.

The profile also records LibreOffice's build id (``user/extensions/buildid``),
as LibreOffice itself does on its first start: without it, soffice clears the
profile's extension cache and starts itself a second time (a third of a
second of every start).

Basic needs no extra package (a Python-UNO script would need python3-uno on
Debian and LibreOffice's own Python elsewhere) and runs the same on Linux,
Windows and macOS. This module only writes files; it starts nothing.
"""

from __future__ import annotations

import os
from pathlib import Path
from html import escape  # & < > only, as XML text needs; quote=False below

from generator.converter import IMPORT_FILTERS, ExportJob

__all__ = ["IMPORT_FILTERS", "ExportJob", "office_build_id", "prepare_profile", "write_job"]

MACRO_URL = "macro:///Pjgen.Export.Serve"
JOB_NAME = "pjgen-job.txt"  # one job at a time, written atomically
STOP = "STOP"  # the job line that ends the macro (and soffice)
_POLL_MS = 20
READY_NAME = "pjgen-ready.txt"  # written once the macro waits for jobs
RESULT_NAME = "pjgen-result.txt"  # one job's outcome; removed before the next job

# Job line: "filter<TAB>source url<TAB>pdf url", or STOP.
# Result line: "OK<TAB>url" or "FAIL<TAB>url<TAB>reason".
# Reasons: "load" (could not open), "not-text" (not a Writer document), or the
# Basic error number and message.
_BASIC = """\
Option Explicit

Sub Serve
    Dim userUrl As String, jobUrl As String, line As String, parts() As String
    Dim sfa As Object, reader As Object
    On Error GoTo Fatal
    userUrl = CreateUnoService("com.sun.star.util.PathSubstitution").substituteVariables("$(user)", True)
    sfa = CreateUnoService("com.sun.star.ucb.SimpleFileAccess")
    jobUrl = userUrl & "/@JOB@"
    Publish(sfa, userUrl & "/@READY@", "READY")
    Do
        If sfa.exists(jobUrl) Then
            reader = CreateUnoService("com.sun.star.io.TextInputStream")
            reader.setInputStream(sfa.openFileRead(jobUrl))
            reader.setEncoding("UTF-8")
            line = StripEnd(reader.readLine())
            reader.closeInput()
            sfa.kill(jobUrl)
            If line = "STOP" Then Exit Do
            parts = Split(line, Chr(9))
            Publish(sfa, userUrl & "/@RESULT@", ExportOne(parts(0), parts(1), parts(2)))
        Else
            Wait @POLL_MS@
        End If
    Loop
Fatal:
    StarDesktop.terminate()
End Sub

' Writes a whole file under a temporary name, then renames it: the reader
' never sees half of it (a stream's flush does not reach the file).
Sub Publish(sfa As Object, url As String, text As String)
    Dim writer As Object
    writer = CreateUnoService("com.sun.star.io.TextOutputStream")
    writer.setOutputStream(sfa.openFileWrite(url & ".part"))
    writer.setEncoding("UTF-8")
    writer.writeString(text & Chr(10))
    writer.closeOutput()
    sfa.move(url & ".part", url)
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

'  The row number of a cell name (A40 → 40; B3.1.1, a split cell → 3).
Function RowOf(cellName As String) As Integer
    Dim i As Integer, digits As String
    i = 1
    Do While i <= Len(cellName) And Not IsNumeric(Mid(cellName, i, 1))
        i = i + 1
    Loop
    Do While i <= Len(cellName) And IsNumeric(Mid(cellName, i, 1))
        digits = digits & Mid(cellName, i, 1)
        i = i + 1
    Loop
    RowOf = CInt("0" & digits)
End Function

' The cell that begins row r (the shortest name of that row: A40 rather than A40.1.1).
Function FirstCellOfRow(table As Object, r As Integer) As Object
    Dim names As Variant, k As Integer, best As String
    names = table.getCellNames()
    For k = LBound(names) To UBound(names)
        If RowOf(names(k)) = r And (best = "" Or Len(names(k)) < Len(best)) Then best = names(k)
    Next k
    FirstCellOfRow = table.getCellByName(best)
End Function

Function LastRowOf(table As Object) As Integer
    Dim names As Variant, k As Integer, r As Integer
    names = table.getCellNames()
    For k = LBound(names) To UBound(names)
        If RowOf(names(k)) > r Then r = RowOf(names(k))
    Next k
    LastRowOf = r
End Function

' A table whose 注/说明 line Writer laid out alone on the next page is split before its last two
' rows, the heading repeated, so those rows go over with the note (Writer keeps no rows with the
' paragraph after a table; Word does, from the keep-with-next that generator/layout.py sets).
' Only where it happened; any failure here leaves the document as it was. Returns how many
' tables were split (the 目录 needs another update only then).
Function KeepNotesWithTables(doc As Object, cursor As Object) As Integer
    Dim parts As Object, part As Object, previous As Object, t As Object, dispatcher As Object
    Dim todo As New Collection, args(0) As New com.sun.star.beans.PropertyValue
    Dim text As String, notePage As Integer, lastRow As Integer, splitCount As Integer
    On Error GoTo Done
    cursor.jumpToLastPage()
    parts = doc.getText().createEnumeration()
    previous = Nothing
    Do While parts.hasMoreElements()
        part = parts.nextElement()
        If part.supportsService("com.sun.star.text.TextTable") Then
            previous = part
        ElseIf IsNull(previous) Then
            ' a paragraph after a paragraph: nothing to keep
        Else
            If part.supportsService("com.sun.star.text.Paragraph") Then
                text = LTrim(part.getString())
                ' Only a note's table is measured: reading every table's cell names is most of the time.
                If Left(text, 1) = "注" Or Left(text, 2) = "说明" Then
                    lastRow = LastRowOf(previous)
                    If lastRow > 3 Then
                        cursor.gotoRange(part.getStart(), False)
                        notePage = cursor.getPage()
                        cursor.gotoRange(FirstCellOfRow(previous, lastRow).getText().getStart(), False)
                        If cursor.getPage() <> notePage Then todo.Add(previous)
                    End If
                End If
            End If
            previous = Nothing
        End If
    Loop
    If todo.Count = 0 Then GoTo Done
    dispatcher = createUnoService("com.sun.star.frame.DispatchHelper")
    args(0).Name = "Type" : args(0).Value = 2  ' the heading copied into the second part
    For Each t In todo
        cursor.gotoRange(FirstCellOfRow(t, LastRowOf(t) - 1).getText().getStart(), False)
        dispatcher.executeDispatch(doc.getCurrentController().getFrame(), ".uno:SplitTable", "", 0, args())
        splitCount = splitCount + 1
    Next t
Done:
    KeepNotesWithTables = splitCount
End Function

' Every index (the 目录) updated to the current layout, then the fields refreshed.
Sub UpdateIndexes(doc As Object, cursor As Object)
    Dim indexes As Object, i As Integer
    ' Jumping to the last page makes Writer lay out every page.
    cursor.jumpToLastPage()
    indexes = doc.getDocumentIndexes()
    For i = 0 To indexes.getCount() - 1
        indexes.getByIndex(i).update()
    Next i
    doc.getTextFields().refresh()
End Sub

Function ExportOne(filterName As String, srcUrl As String, pdfUrl As String) As String
    Dim doc As Object, cursor As Object
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
    cursor = doc.getCurrentController().getViewCursor()
    ' The 目录's page numbers twice (the first update may move pages); then a 注 line the final layout
    ' left alone is kept with its table's last rows, and the 目录 is updated once more if a table was split.
    UpdateIndexes(doc, cursor)
    UpdateIndexes(doc, cursor)
    If KeepNotesWithTables(doc, cursor) > 0 Then UpdateIndexes(doc, cursor)
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


def office_build_id(soffice: str | Path) -> str | None:
    """The build id of the LibreOffice that ``soffice`` starts (``versionrc`` or ``version.ini``
    beside the program, ``Resources/versionrc`` on macOS), or None when it cannot be read."""
    program = Path(soffice).resolve().parent
    for candidate in (program / "versionrc", program / "version.ini", program.parent / "Resources" / "versionrc"):
        try:
            lines = candidate.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        for line in lines:
            key, sep, value = line.partition("=")
            if sep and key.strip().lower() == "buildid":
                value = value.strip()
                # A value with a bootstrap macro (${...}) is expanded by LibreOffice: leave it to it.
                return value if value and "$" not in value and value.isprintable() else None
    return None


def prepare_profile(profile_dir: Path, build_id: str | None = None) -> Path:
    """Write a LibreOffice user profile that serves export jobs; return its ``user`` folder.

    Start soffice with ``-env:UserInstallation=<profile_dir as file URL>`` and
    the argument ``MACRO_URL``; then write each job with ``write_job`` and wait for
    ``user/RESULT_NAME`` (after ``user/READY_NAME``). ``build_id`` (``office_build_id``)
    spares soffice the restart of a first start; a wrong one only costs that restart.
    """
    user = profile_dir / "user"
    if build_id is not None:
        (user / "extensions").mkdir(parents=True, exist_ok=True)
        (user / "extensions" / "buildid").write_bytes(build_id.encode("latin-1", errors="replace"))
    library = user / "basic" / "Pjgen"
    library.mkdir(parents=True, exist_ok=True)
    code = (_BASIC.replace("@JOB@", JOB_NAME).replace("@RESULT@", RESULT_NAME)
            .replace("@READY@", READY_NAME)
            .replace("@POLL_MS@", str(_POLL_MS)))
    (library / "Export.xba").write_text(_MODULE_XBA.format(code=escape(code, quote=False)), encoding="utf-8")
    (library / "script.xlb").write_text(_LIBRARY_XLB, encoding="utf-8")
    (user / "basic" / "script.xlc").write_text(_LIBRARIES_XLC, encoding="utf-8")
    (user / "registrymodifications.xcu").write_text(_REGISTRY, encoding="utf-8")
    return user


def write_job(user: Path, job: ExportJob | None) -> None:
    """Hand one job (None: stop) to the macro; the rename makes it appear whole."""
    line = STOP if job is None else f"{job.filter_name}\t{job.source.as_uri()}\t{job.target.as_uri()}"
    partial = user / f"{JOB_NAME}.part"
    partial.write_text(line + "\n", encoding="utf-8")
    os.replace(partial, user / JOB_NAME)
