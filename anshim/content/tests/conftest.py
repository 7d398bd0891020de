"""Fixtures for the content tests: notices with real attachment files in a temporary media folder."""

import pytest
from django.core.files.base import ContentFile

from anshim.content.models import NoticeAttachment


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def attach(media_root):
    """``attach(notice, name, filename, data)`` stores a file and returns its attachment row."""

    def make(notice, name="신청 안내문", filename="guide.pdf", data=b"%PDF-1.4 test attachment"):
        return NoticeAttachment.objects.create(notice=notice, name=name, file=ContentFile(data, name=filename))

    return make
