"""Every upload is checked by its content, not its name: a file that only pretends to be a PDF,
an image, a Hangul or Office document, or a spreadsheet is refused in Korean with a 4xx, and
nothing is stored — notice attachments, the catalogue import and the uptake import alike."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from anshim.catalog.models import Policy
from anshim.content.models import Notice, NoticeAttachment
from anshim.operations.models import Uptake

pytestmark = pytest.mark.django_db

MISMATCH = "형식이 아닙니다. 확장자만 바꾼 파일은 올릴 수 없습니다"
NOT_XLSX = "올바른 엑셀(xlsx) 파일이 아닙니다"


def zip_bytes(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


def real_xlsx() -> bytes:
    buffer = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active.append(["a"])
    workbook.save(buffer)
    return buffer.getvalue()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
PDF = b"%PDF-1.7\n" + b"0" * 32
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32
SCRIPT = b"<script>alert(1)</script>"
DOCX = zip_bytes("[Content_Types].xml", "word/document.xml")
HWPX = zip_bytes("mimetype", "Contents/content.hpf")


def notice_post(upload) -> dict:
    return {
        "title": "첨부 시험 공지",
        "kind": Notice.Kind.NOTICE,
        "author": "1인가구특별대책추진단",
        "body": "내용",
        "published_at_0": "2026-03-01",
        "published_at_1": "09:00:00",
        "is_published": "on",
        "attachments-TOTAL_FORMS": "1",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        "attachments-0-file": upload,
        "attachments-0-name": "첨부",
    }


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("안내.pdf", SCRIPT),
        ("안내.pdf", PNG),
        ("사진.png", JPEG),
        ("사진.jpg", PDF),
        ("신청서.hwp", PDF),
        ("신청서.hwpx", DOCX),
        ("신청서.docx", zip_bytes("[Content_Types].xml", "xl/workbook.xml")),
        ("명단.xlsx", DOCX),
        ("명단.xlsx", SCRIPT),
        ("신청서.docx", b"PK\x03\x04 not really a zip"),
    ],
)
def test_an_attachment_whose_content_does_not_match_is_refused(admin_client, media, name, data):
    response = admin_client.post(reverse("admin:content_notice_add"), notice_post(SimpleUploadedFile(name, data)))
    assert response.status_code == 400
    assert MISMATCH in response.content.decode()
    assert not Notice.objects.exists() and not NoticeAttachment.objects.exists()
    assert not any(media.rglob("*.*"))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("안내.pdf", PDF),
        ("사진.png", PNG),
        ("사진.jpeg", JPEG),
        ("신청서.hwp", OLE),
        ("신청서.hwpx", HWPX),
        ("신청서.docx", DOCX),
        ("명단.xlsx", real_xlsx()),
    ],
)
def test_a_genuine_attachment_is_stored(admin_client, media, name, data):
    response = admin_client.post(reverse("admin:content_notice_add"), notice_post(SimpleUploadedFile(name, data)))
    assert response.status_code == 302
    assert Notice.objects.get().attachments.get().file.read() == data


def test_an_oversized_attachment_is_refused_before_anything_is_stored(admin_client, media, settings):
    settings.ANSHIM_ATTACHMENT_MAX_BYTES = 16
    response = admin_client.post(reverse("admin:content_notice_add"), notice_post(SimpleUploadedFile("a.pdf", PDF)))
    assert response.status_code == 400
    assert "이하만 올릴 수 있습니다" in response.content.decode()
    assert not Notice.objects.exists()


def test_the_catalogue_import_refuses_a_pdf_named_xlsx(admin_client):
    upload = SimpleUploadedFile("지원제도.xlsx", PDF)
    response = admin_client.post(reverse("admin:catalog_policy_import"), {"file": upload})
    assert response.status_code == 400
    assert NOT_XLSX in response.content.decode()
    assert not Policy.objects.exists()


def test_the_catalogue_import_refuses_a_zip_that_is_not_a_workbook(admin_client):
    upload = SimpleUploadedFile("지원제도.xlsx", DOCX)
    response = admin_client.post(reverse("admin:catalog_policy_import"), {"file": upload})
    assert response.status_code == 400
    assert NOT_XLSX in response.content.decode()


def test_the_catalogue_import_refuses_a_binary_named_csv(admin_client):
    upload = SimpleUploadedFile("지원제도.csv", real_xlsx())
    response = admin_client.post(reverse("admin:catalog_policy_import"), {"file": upload})
    assert response.status_code == 400
    assert "올바른 CSV 파일이 아닙니다" in response.content.decode()


def test_the_catalogue_import_refuses_an_oversized_file(admin_client, settings):
    settings.ANSHIM_IMPORT_MAX_BYTES = 100
    upload = SimpleUploadedFile("지원제도.csv", b"a," * 200)
    response = admin_client.post(reverse("admin:catalog_policy_import"), {"file": upload})
    assert response.status_code == 400
    assert "파일이 너무 큽니다" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("이용자수.xlsx", PDF, NOT_XLSX),
        ("이용자수.xlsx", DOCX, NOT_XLSX),
        ("이용자수.csv", real_xlsx(), "올바른 CSV 파일이 아닙니다"),
        ("이용자수.pdf", PDF, "엑셀(xlsx) 또는 CSV 파일만 올릴 수 있습니다"),
    ],
)
def test_the_uptake_upload_refuses_what_is_not_a_spreadsheet(admin_client, name, data, message):
    response = admin_client.post(reverse("operations:uptake-upload"), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Uptake.objects.exists()


def test_the_uptake_upload_refuses_an_oversized_file(admin_client, settings):
    settings.ANSHIM_IMPORT_MAX_BYTES = 100
    upload = SimpleUploadedFile("이용자수.csv", b"a," * 200)
    response = admin_client.post(reverse("operations:uptake-upload"), {"file": upload})
    assert response.status_code == 400
    assert "파일이 너무 큽니다" in response.content.decode()
