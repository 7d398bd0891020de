"""Companion photos: checked, shrunk and stripped on upload; stored outside the public media folder.

A companion's photo is staff personal data. It is kept under ``VAR_DIR/private`` (never under
``MEDIA_ROOT``, which a web server may publish) and reaches people only through the views that check
a signed card link or the back office's scope. An upload must really be a JPEG or PNG (Pillow opens
it), at most 5 MB; it is re-encoded as a JPEG of at most 480 px on its long side, which drops EXIF
(phone photos carry the GPS position where they were taken) and anything hidden after the pixels.
"""

from __future__ import annotations

import io
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageOps

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 480
# A 5 MB PNG can still unpack to a huge bitmap; refuse before decoding anything that large.
MAX_PIXELS = 40_000_000
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG"})
JPEG_QUALITY = 85


class PrivateStorage(FileSystemStorage):
    """Files with no public address: ``url()`` refuses, so no template can link them by mistake."""

    def url(self, name):
        raise ValueError("동행매니저 사진은 서명된 링크의 화면으로만 보여 줍니다.")


def photo_storage() -> PrivateStorage:
    # A callable, so the migration names this function rather than a machine's folder.
    return PrivateStorage(location=settings.VAR_DIR / "private")


def photo_path(instance, filename: str) -> str:
    # A random name: the file name never carries the person's name or the original file's name.
    return f"companions/{uuid.uuid4().hex}.jpg"


def normalise(data: bytes) -> bytes:
    """The photo as a clean JPEG (≤ ``MAX_SIDE`` px, no EXIF); ``ValidationError`` in Korean otherwise."""
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("사진 파일은 %(mb)dMB 이하만 올릴 수 있습니다.") % {"mb": MAX_BYTES // (1024 * 1024)}, code="too_big"
        )
    not_an_image = ValidationError(_("JPEG 또는 PNG 사진 파일만 올릴 수 있습니다."), code="not_image")
    too_many_pixels = ValidationError(_("사진의 크기(화소 수)가 너무 큽니다."), code="too_many_pixels")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise not_an_image
            if probe.width * probe.height > MAX_PIXELS:
                raise too_many_pixels
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            # Turn the pixels the way the camera meant before the orientation tag is dropped with the EXIF.
            image = ImageOps.exif_transpose(image)
            image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
            rgba = image.convert("RGBA")
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        # Pillow refuses to even open a header that claims far too many pixels.
        raise too_many_pixels from None
    except Exception:
        # Damaged or crafted files surface as many exception types from Pillow's decoders
        # (OSError, SyntaxError, struct.error …): all mean "not a usable photo".
        raise not_an_image from None
    # A new image carries no metadata of the upload (EXIF, XMP, ICC, text chunks): only pixels.
    clean = Image.new("RGB", rgba.size, "white")
    clean.paste(rgba, mask=rgba.getchannel("A"))
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()


def clean_upload(upload) -> ContentFile:
    """An uploaded file (from a form) as the stored photo; checks the size before reading it all."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError(
            _("사진 파일은 %(mb)dMB 이하만 올릴 수 있습니다.") % {"mb": MAX_BYTES // (1024 * 1024)}, code="too_big"
        )
    upload.seek(0)
    return ContentFile(normalise(upload.read()), name="photo.jpg")


_PALETTE = (
    ((221, 232, 250), (11, 80, 208)),
    ((231, 244, 236), (31, 95, 51)),
    ((255, 243, 219), (138, 88, 0)),
    ((253, 239, 236), (158, 42, 20)),
    ((238, 234, 250), (86, 54, 168)),
    ((230, 244, 246), (0, 104, 120)),
)


def placeholder_portrait(seed: int, size: int = 240) -> bytes:
    """A plain head-and-shoulders silhouette as a JPEG, the same for the same seed (demo data)."""
    background, figure = _PALETTE[seed % len(_PALETTE)]
    image = Image.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(image)
    head = size * (0.17 + (seed % 3) * 0.01)
    cx, cy = size / 2, size * 0.40
    draw.ellipse((cx - head, cy - head, cx + head, cy + head), fill=figure)
    shoulders = size * (0.34 + (seed % 2) * 0.03)
    draw.ellipse((cx - shoulders, size * 0.66, cx + shoulders, size * 1.30), fill=figure)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()
