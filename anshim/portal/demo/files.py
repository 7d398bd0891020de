"""Small real attachment files for demo notices, byte-for-byte reproducible.

The spreadsheet is written by openpyxl and then re-zipped with a fixed timestamp,
because openpyxl stamps the current time into the archive. The PDF is written by
hand with a predefined Korean CID font (Adobe-Korea1), which readers supply
themselves, so the file stays a few kilobytes without embedding a font.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.writer.excel import ExcelWriter

HEADER_FILL = PatternFill("solid", fgColor="DCE6F2")
THIN = Side(style="thin", color="9FB3C8")


def xlsx_bytes(
    *, title: str, sheet: str, headers: Sequence[str], rows: Sequence[Sequence[object]], stamp: datetime.datetime
) -> bytes:
    """A one-sheet workbook with a title row, a styled header and the rows, dated ``stamp``."""
    workbook = Workbook()
    workbook.properties.creator = "서울시 1인가구특별대책추진단"
    workbook.properties.title = title
    workbook.properties.created = stamp.replace(tzinfo=None)
    workbook.properties.modified = stamp.replace(tzinfo=None)
    ws = workbook.active
    ws.title = sheet
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    ws.append(list(headers))
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cell.border = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
    for row in rows:
        ws.append(list(row))
    for index, header in enumerate(headers, start=1):
        values = [str(header)] + [str(row[index - 1]) for row in rows]
        # Hangul is about twice as wide as a Latin character in Excel's width unit.
        width = max(sum(2 if ord(ch) > 0x2E80 else 1 for ch in value) for value in values)
        ws.column_dimensions[ws.cell(row=3, column=index).column_letter].width = min(width + 2, 60)
    ws.freeze_panes = "A4"

    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()
    return _rezip(raw.getvalue(), stamp)


def _rezip(data: bytes, stamp: datetime.datetime) -> bytes:
    fixed = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=fixed)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


# Page geometry of an A4 page in points, and the text sizes used.
_PAGE_W, _PAGE_H, _MARGIN = 595, 842, 56
_TITLE_SIZE, _BODY_SIZE, _LEADING = 16, 11, 18


def _units(ch: str) -> float:
    return 0.5 if ord(ch) < 0x80 else 1.0


def _wrap(text: str, size: int) -> list[str]:
    limit = (_PAGE_W - 2 * _MARGIN) / size
    lines, line, used = [], "", 0.0
    for ch in text:
        if used + _units(ch) > limit:
            lines.append(line)
            line, used = "", 0.0
            if ch == " ":
                continue
        line += ch
        used += _units(ch)
    lines.append(line)
    return lines


def _hex(text: str) -> str:
    return "<" + text.encode("utf-16-be").hex().upper() + ">"


def pdf_bytes(*, title: str, paragraphs: Sequence[str], stamp: datetime.datetime) -> bytes:
    """A one-page A4 PDF with a title and wrapped paragraphs in Korean."""
    ops = ["BT", f"/F1 {_TITLE_SIZE} Tf", f"{_MARGIN} {_PAGE_H - _MARGIN - _TITLE_SIZE} Td", f"{_LEADING + 8} TL"]
    ops.append(f"{_hex(title)} Tj T*")
    ops += [f"/F1 {_BODY_SIZE} Tf", f"{_LEADING} TL"]
    for paragraph in paragraphs:
        for line in _wrap(paragraph, _BODY_SIZE):
            ops.append(f"{_hex(line)} Tj T*")
        ops.append("T*")
    ops.append("ET")
    content = "\n".join(ops).encode("ascii")

    created = stamp.strftime("D:%Y%m%d%H%M%S+09'00'")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {_PAGE_W} {_PAGE_H}] "
            "/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
        ).encode("ascii"),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        (
            b"<< /Type /Font /Subtype /Type0 /BaseFont /HYSMyeongJo-Medium /Encoding /UniKS-UCS2-H "
            b"/DescendantFonts [6 0 R] >>"
        ),
        (
            b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /HYSMyeongJo-Medium "
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Korea1) /Supplement 1 >> "
            b"/FontDescriptor 7 0 R /DW 1000 /W [1 95 500] >>"
        ),
        (
            b"<< /Type /FontDescriptor /FontName /HYSMyeongJo-Medium /Flags 6 /FontBBox [0 -148 1001 880] "
            b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 91 >>"
        ),
        f"<< /Title <FEFF{title.encode('utf-16-be').hex().upper()}> /Producer (Anshim) "
        f"/CreationDate ({created}) >>".encode("ascii"),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        len(objects),
        xref,
    )
    return bytes(out)
