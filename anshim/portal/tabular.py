"""Reading uploaded xlsx/csv tables into numbered rows, shared by the catalogue and uptake imports.

Both take the same untrusted office files, so encoding, old-format, zip-bomb and row-limit checks live here once.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.workbook.workbook import Workbook

# Old binary Excel (xls) and password-protected xlsx both start with this OLE header.
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
ZIP_MAGIC = b"PK\x03\x04"

Rows = list[tuple[int, tuple]]


class FileRefused(Exception):
    """The upload cannot be read as a table at all; the message is Korean."""


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def is_blank_row(values: Sequence) -> bool:
    return all(is_blank(value) for value in values)


def bounded(rows: Iterable[Sequence], max_rows: int) -> Iterator[Sequence]:
    """Stop reading once a file is clearly over the row limit, so a huge sheet cannot exhaust memory.

    One filled row past header + ``max_rows`` is still yielded, so the caller can tell the file is too long.
    """
    filled = 0
    for values in rows:
        if not is_blank_row(values):
            filled += 1
            if filled > max_rows + 1:
                yield values
                return
        yield values


def numbered(rows: Iterable[Sequence], max_rows: int) -> Rows:
    """Rows numbered from 1 as the spreadsheet program shows them, read no further than ``bounded`` allows."""
    return [(number, tuple(values)) for number, values in enumerate(bounded(rows, max_rows), start=1)]


def read_csv(data: bytes, *, max_rows: int) -> Rows:
    if b"\x00" in data or data.startswith(ZIP_MAGIC) or data.startswith(OLE_MAGIC):
        raise FileRefused(_("올바른 CSV 파일이 아닙니다. 글자로 된 쉼표 구분 파일(CSV UTF-8)을 올려 주세요."))
    for encoding in ("utf-8-sig", "cp949"):
        # Korean Excel saves "CSV (쉼표로 분리)" in CP949 and "CSV UTF-8" with a BOM; take either.
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileRefused(_("글자 인코딩을 읽을 수 없습니다. 엑셀에서 'CSV UTF-8'로 저장해 주세요."))
    try:
        return numbered(csv.reader(io.StringIO(text, newline="")), max_rows)
    except csv.Error as exc:
        raise FileRefused(_("CSV 파일을 읽을 수 없습니다: %(error)s") % {"error": exc}) from exc


def _not_xlsx() -> FileRefused:
    return FileRefused(_("올바른 엑셀(xlsx) 파일이 아닙니다. 엑셀에서 'Excel 통합 문서(*.xlsx)'로 저장해 주세요."))


@contextmanager
def open_workbook(data: bytes, *, max_unpacked_bytes: int) -> Iterator[Workbook]:
    """A read-only workbook of ``data``, checked before openpyxl parses it and closed afterwards.

    A corrupt part often surfaces only while rows are read, so any failure inside the block
    other than a ``FileRefused`` is also refused as "not an xlsx".
    """
    if data.startswith(OLE_MAGIC):
        raise FileRefused(
            _("예전 엑셀 형식(xls)이거나 암호가 걸린 파일입니다. 암호를 풀고 xlsx로 저장한 뒤 올려 주세요.")
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise _not_xlsx() from exc
    if "xl/workbook.xml" not in names or unpacked > max_unpacked_bytes:
        raise _not_xlsx()
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # any parser failure means the upload is not a usable workbook
        raise _not_xlsx() from exc
    try:
        yield workbook
    except FileRefused:
        raise
    except Exception as exc:
        raise _not_xlsx() from exc
    finally:
        workbook.close()


def read_worksheet(worksheet, *, max_rows: int) -> Rows:
    # Files from some tools declare a wrong sheet size; read what is really there.
    worksheet.reset_dimensions()
    return numbered(worksheet.iter_rows(values_only=True), max_rows)
