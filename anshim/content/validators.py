"""Checks on notice attachments: size, and that the bytes are what the extension claims.

An extension alone proves nothing (a script renamed ``안내.pdf``), so each allowed type is
recognised by its content: PDF by ``%PDF-``, PNG and JPEG by their signatures, HWP by the OLE
compound-file header (or the old HWP 3 banner), and the zip-based office formats (docx, xlsx,
hwpx) by the parts their format requires, with a bound on the unpacked size.
"""

import io
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# A zip part list is tiny; more than this unpacked is a zip bomb, not a notice attachment.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024

# Parts each zip-based format must contain (any one of the alternatives).
ZIP_PARTS = {
    "docx": ("word/document.xml",),
    "xlsx": ("xl/workbook.xml",),
    "hwpx": ("Contents/content.hpf", "Contents/section0.xml"),
}
SIGNATURES = {
    "pdf": (b"%PDF",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "hwp": (OLE_MAGIC, b"HWP Document File"),
}


def validate_attachment_size(file) -> None:
    limit = settings.ANSHIM_ATTACHMENT_MAX_BYTES
    if file.size > limit:
        raise ValidationError(f"첨부파일은 {filesizeformat(limit)} 이하만 올릴 수 있습니다.")


def _refuse(extension: str) -> ValidationError:
    return ValidationError(
        _(
            "파일 내용이 %(type)s 형식이 아닙니다. 확장자만 바꾼 파일은 올릴 수 없습니다. 원래 형식으로 저장해 올려 주세요."
        )
        % {"type": extension.upper()},
        code="content_mismatch",
    )


def _read(file) -> bytes:
    position = file.tell() if hasattr(file, "tell") else None
    try:
        if hasattr(file, "seek"):
            file.seek(0)
        return file.read(settings.ANSHIM_ATTACHMENT_MAX_BYTES + 1)
    finally:
        if position is not None and hasattr(file, "seek"):
            file.seek(position)


def validate_attachment_content(file) -> None:
    """Refuse an attachment whose bytes do not match its extension (see the module docstring)."""
    extension = PurePath(getattr(file, "name", "") or "").suffix.lower().lstrip(".")
    if extension not in settings.ANSHIM_ATTACHMENT_EXTENSIONS:
        return  # the extension validator reports this one
    if getattr(file, "_committed", False):
        return  # already stored: it was checked when it was uploaded
    data = _read(file)
    if extension in SIGNATURES:
        if not data.startswith(SIGNATURES[extension]):
            raise _refuse(extension)
        return
    if extension in ZIP_PARTS:
        if not data.startswith(ZIP_MAGIC):
            raise _refuse(extension)
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                unpacked = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, ValueError) as exc:
            raise _refuse(extension) from exc
        if "[Content_Types].xml" not in names and extension != "hwpx":
            raise _refuse(extension)
        if not any(part in names for part in ZIP_PARTS[extension]) or unpacked > MAX_UNPACKED_BYTES:
            raise _refuse(extension)
        return
    raise _refuse(extension)
