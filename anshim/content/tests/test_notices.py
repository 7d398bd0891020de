import datetime
import html
from urllib.parse import quote

import pytest
from django.utils import timezone

from anshim.content.models import Notice
from anshim.content.tests.factories import NoticeFactory

pytestmark = pytest.mark.django_db


def days_ago(n: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=n)


def text(response) -> str:
    return html.unescape(response.content.decode())


def titles(response) -> list[str]:
    return [notice.title for notice in response.context["page_obj"].object_list]


class TestList:
    def test_pinned_first_then_newest(self, client):
        NoticeFactory(title="어제 공지", published_at=days_ago(1))
        NoticeFactory(title="오늘 공지", published_at=days_ago(0))
        NoticeFactory(title="지난달 고정 공지", published_at=days_ago(30), pinned=True)
        response = client.get("/notices/")
        assert response.status_code == 200
        assert titles(response) == ["지난달 고정 공지", "오늘 공지", "어제 공지"]
        assert "중요" in response.content.decode()

    def test_unpublished_and_scheduled_notices_are_hidden(self, client):
        NoticeFactory(title="보이는 공지")
        NoticeFactory(title="내려간 공지", is_published=False)
        NoticeFactory(title="예약 공지", published_at=timezone.now() + datetime.timedelta(days=3))
        assert titles(client.get("/notices/")) == ["보이는 공지"]

    def test_kind_filter(self, client):
        NoticeFactory(title="참여자 모집", kind=Notice.Kind.RECRUIT)
        NoticeFactory(title="보도자료", kind=Notice.Kind.PRESS)
        response = client.get("/notices/", {"kind": "RECRUIT"})
        assert titles(response) == ["참여자 모집"]
        assert '<option value="RECRUIT" selected>' in response.content.decode()

    def test_keyword_matches_title_or_body_and_every_word(self, client):
        NoticeFactory(title="도어지킴이 신청 안내", body="자치구에서 접수합니다.")
        NoticeFactory(title="병원 안심동행", body="도어지킴이와 무관한 접수 안내")
        NoticeFactory(title="소모임 안내", body="관계 맺기")
        assert set(titles(client.get("/notices/", {"q": "도어지킴이"}))) == {"도어지킴이 신청 안내", "병원 안심동행"}
        assert titles(client.get("/notices/", {"q": "도어지킴이  자치구"})) == ["도어지킴이 신청 안내"]

    def test_attachment_count_is_shown(self, client, attach):
        notice = NoticeFactory(title="첨부 있는 공지")
        attach(notice, "신청서", "form.hwp")
        attach(notice, "안내문", "guide.pdf")
        html = client.get("/notices/").content.decode()
        assert "첨부파일 2개" in html and "attachment.svg" in html

    def test_empty_list_has_a_friendly_message(self, client):
        assert "아직 등록된 게시물이 없습니다" in client.get("/notices/").content.decode()
        NoticeFactory(kind=Notice.Kind.NOTICE)
        assert "조건에 맞는 게시물이 없습니다" in client.get("/notices/", {"kind": "PRESS"}).content.decode()

    def test_ten_per_page_and_links_keep_the_filter(self, client):
        for i in range(23):
            NoticeFactory(title=f"모집 {i:02d}", kind=Notice.Kind.RECRUIT, published_at=days_ago(i))
        first = client.get("/notices/", {"kind": "RECRUIT"})
        assert len(titles(first)) == 10 and first.context["page_obj"].paginator.num_pages == 3
        html = first.content.decode()
        assert "/notices/?kind=RECRUIT&amp;page=2" in html
        assert 'aria-current="page"' in html and "다음" in html
        last = client.get("/notices/", {"kind": "RECRUIT", "page": "3"})
        assert titles(last) == ["모집 20", "모집 21", "모집 22"]

    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"kind": "GOSSIP"}, "구분 값 'GOSSIP'은(는) 선택할 수 없습니다"),
            ({"page": "abc"}, "페이지 번호가 올바르지 않습니다."),
            ({"page": "0"}, "페이지 번호가 올바르지 않습니다."),
            ({"page": "²"}, "페이지 번호가 올바르지 않습니다."),
            ({"q": "가" * 101}, "검색어는 100자 이내로"),
        ],
    )
    def test_bad_values_are_400_with_a_korean_message(self, client, params, message):
        NoticeFactory()
        response = client.get("/notices/", params)
        assert response.status_code == 400
        assert message in text(response)

    def test_page_past_the_end_is_a_korean_404(self, client):
        NoticeFactory()
        response = client.get("/notices/", {"page": "2"})
        assert response.status_code == 404
        assert "요청한 페이지가 없습니다. 목록은 1쪽까지 있습니다." in response.content.decode()


class TestDetail:
    def test_body_and_attachments(self, client, attach):
        notice = NoticeFactory(title="도어지킴이 신청 안내", body="첫 줄\n둘째 줄", author="관악구 1인가구지원센터")
        attachment = attach(notice, "신청서 양식", "form.pdf", b"x" * 2048)
        response = client.get(f"/notices/{notice.pk}/")
        html = response.content.decode()
        assert response.status_code == 200
        for text in ("도어지킴이 신청 안내", "첫 줄\n둘째 줄", "관악구 1인가구지원센터", "신청서 양식.pdf", "2.0"):
            assert text in html
        assert f"/notices/{notice.pk}/files/{attachment.pk}/" in html

    def test_without_attachments(self, client):
        notice = NoticeFactory()
        assert "첨부파일이 없습니다." in client.get(f"/notices/{notice.pk}/").content.decode()

    @pytest.mark.parametrize("make", [lambda: 999_999, lambda: NoticeFactory(is_published=False).pk])
    def test_unknown_or_unpublished_is_a_korean_404(self, client, make):
        response = client.get(f"/notices/{make()}/")
        assert response.status_code == 404
        assert "요청한 공지사항을 찾을 수 없습니다" in response.content.decode()

    def test_huge_id_is_404_not_an_error(self, client):
        assert client.get(f"/notices/{10**30}/").status_code == 404


class TestAttachmentDownload:
    def test_download_uses_the_display_name(self, client, attach):
        notice = NoticeFactory()
        attachment = attach(notice, "2021 도어지킴이 신청서", "form_x1.hwp", b"HWP data")
        response = client.get(f"/notices/{notice.pk}/files/{attachment.pk}/")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"HWP data"
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert quote("2021 도어지킴이 신청서.hwp") in disposition

    def test_file_of_another_notice_is_404(self, client, attach):
        mine, other = NoticeFactory(), NoticeFactory()
        theirs = attach(other, "남의 첨부", "other.pdf")
        response = client.get(f"/notices/{mine.pk}/files/{theirs.pk}/")
        assert response.status_code == 404
        assert "요청한 첨부파일을 찾을 수 없습니다" in response.content.decode()

    def test_file_of_an_unpublished_notice_is_404(self, client, attach):
        notice = NoticeFactory(is_published=False)
        attachment = attach(notice)
        assert client.get(f"/notices/{notice.pk}/files/{attachment.pk}/").status_code == 404

    def test_file_missing_from_storage_is_404(self, client, attach):
        notice = NoticeFactory()
        attachment = attach(notice)
        attachment.file.storage.delete(attachment.file.name)
        assert "파일 없음" in client.get(f"/notices/{notice.pk}/").content.decode()
        response = client.get(f"/notices/{notice.pk}/files/{attachment.pk}/")
        assert response.status_code == 404
        assert "첨부파일이 보관되어 있지 않습니다" in response.content.decode()

    def test_only_reading_is_allowed(self, client, attach):
        notice = NoticeFactory()
        attachment = attach(notice)
        assert client.post(f"/notices/{notice.pk}/files/{attachment.pk}/").status_code == 405
