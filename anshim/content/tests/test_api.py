import datetime

import pytest
from django.utils import timezone

from anshim.content.models import Faq, Notice, Tip
from anshim.content.tests.factories import FaqFactory, NoticeFactory, TipFactory

pytestmark = pytest.mark.django_db


class TestNotices:
    def test_list_with_kind_keyword_and_paging(self, client, attach):
        now = timezone.now()
        pinned = NoticeFactory(
            title="고정 모집 안내", kind=Notice.Kind.RECRUIT, pinned=True, published_at=now - datetime.timedelta(days=9)
        )
        for i in range(3):
            NoticeFactory(title=f"모집 {i}", kind=Notice.Kind.RECRUIT, published_at=now - datetime.timedelta(days=i))
        NoticeFactory(title="보도자료", kind=Notice.Kind.PRESS)
        attach(pinned)
        body = client.get("/api/notices", {"kind": "RECRUIT", "limit": 2}).json()
        assert body["count"] == 4
        assert [r["title"] for r in body["results"]] == ["고정 모집 안내", "모집 0"]
        first = body["results"][0]
        assert first["kind_label"] == "모집" and first["pinned"] is True and first["attachment_count"] == 1
        assert first["detail_url"] == f"http://testserver/notices/{pinned.pk}/"
        offset = client.get("/api/notices", {"kind": "RECRUIT", "offset": 3}).json()
        assert [r["title"] for r in offset["results"]] == ["모집 2"]
        assert client.get("/api/notices", {"q": "보도"}).json()["count"] == 1

    def test_detail_with_attachments(self, client, attach):
        notice = NoticeFactory(title="신청 안내", body="본문")
        attachment = attach(notice, "신청서", "form.pdf", b"12345")
        body = client.get(f"/api/notices/{notice.pk}").json()
        assert body["body"] == "본문"
        assert body["attachments"] == [
            {
                "id": attachment.pk,
                "name": "신청서.pdf",
                "extension": "PDF",
                "size": 5,
                "url": f"http://testserver/notices/{notice.pk}/files/{attachment.pk}/",
            }
        ]

    def test_bad_kind_is_422_in_korean(self, client):
        response = client.get("/api/notices", {"kind": "GOSSIP"})
        assert response.status_code == 422
        assert response.json()["errors"] == [{"field": "kind", "message": "허용되지 않는 값입니다."}]

    @pytest.mark.parametrize(
        ("params", "field"),
        [({"limit": 0}, "limit"), ({"limit": 101}, "limit"), ({"offset": -1}, "offset"), ({"q": "가" * 101}, "q")],
    )
    def test_out_of_range_is_422(self, client, params, field):
        response = client.get("/api/notices", params)
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == field

    @pytest.mark.parametrize("make", [lambda: 777_777, lambda: NoticeFactory(is_published=False).pk, lambda: 10**25])
    def test_unknown_or_unpublished_is_404(self, client, make):
        response = client.get(f"/api/notices/{make()}")
        assert response.status_code == 404 and "찾을 수 없습니다" in response.json()["detail"]


class TestTips:
    def test_list_and_detail(self, client):
        TipFactory(title="혼밥 영양", theme=Tip.Theme.FOOD, summary="단백질 챙기기")
        tip = TipFactory(title="마음 돌보기", theme=Tip.Theme.MIND, body="산책을 하세요.")
        TipFactory(title="숨김", theme=Tip.Theme.MIND, is_published=False)
        body = client.get("/api/tips", {"theme": "MIND"}).json()
        assert body["count"] == 1 and body["results"][0]["theme_label"] == "마음·관계"
        assert client.get("/api/tips", {"q": "단백질"}).json()["results"][0]["title"] == "혼밥 영양"
        detail = client.get(f"/api/tips/{tip.pk}").json()
        assert detail["body"] == "산책을 하세요." and detail["detail_url"].endswith(f"/tips/{tip.pk}/")

    def test_bad_theme_is_422_and_unknown_id_404(self, client):
        assert client.get("/api/tips", {"theme": "PETS"}).status_code == 422
        assert client.get("/api/tips/31337").status_code == 404


class TestFaq:
    def test_topic_filter_in_portal_order(self, client):
        FaqFactory(topic=Faq.Topic.CENTER, question="센터 위치?")
        FaqFactory(topic=Faq.Topic.PORTAL, question="무료인가요?")
        body = client.get("/api/faq").json()
        assert [r["question"] for r in body["results"]] == ["무료인가요?", "센터 위치?"]
        only = client.get("/api/faq", {"topic": "CENTER"}).json()
        assert only["count"] == 1 and only["results"][0]["topic_label"] == "지원센터"

    def test_bad_topic_is_422(self, client):
        response = client.get("/api/faq", {"topic": "WEATHER"})
        assert response.status_code == 422 and "허용되지 않는 값" in response.json()["detail"]


def test_endpoints_are_documented_under_one_tag(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/notices", "/api/notices/{notice_id}", "/api/tips", "/api/tips/{tip_id}", "/api/faq"):
        assert paths[path]["get"]["tags"] == ["알림마당·알쓸1잡"]
