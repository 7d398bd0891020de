import datetime
import html

import pytest
from django.utils import timezone

from anshim.content.models import Faq, Tip
from anshim.content.tests.factories import FaqFactory, TipFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def titles(response) -> list[str]:
    return [tip.title for tip in response.context["page_obj"].object_list]


class TestTipList:
    def test_theme_filter_and_counts_on_the_chips(self, client):
        TipFactory(title="보조 잠금장치 달기", theme=Tip.Theme.SAFETY)
        TipFactory(title="혼밥 영양 챙기기", theme=Tip.Theme.FOOD)
        TipFactory(title="냉동 보관 요령", theme=Tip.Theme.FOOD)
        response = client.get("/tips/", {"theme": "FOOD"})
        assert response.status_code == 200
        assert set(titles(response)) == {"혼밥 영양 챙기기", "냉동 보관 요령"}
        page = text(response)
        assert 'href="/tips/?theme=FOOD" aria-current="page">식생활 (2건)' in page
        assert "생활안전 (1건)" in page and "전체 (3건)" in page

    def test_newest_first_and_twelve_per_page(self, client):
        now = timezone.now()
        for i in range(14):
            TipFactory(title=f"생활정보 {i:02d}", published_at=now - datetime.timedelta(days=i))
        first = client.get("/tips/")
        assert titles(first)[:2] == ["생활정보 00", "생활정보 01"] and len(titles(first)) == 12
        assert titles(client.get("/tips/", {"page": "2"})) == ["생활정보 12", "생활정보 13"]
        assert client.get("/tips/", {"page": "3"}).status_code == 404

    def test_hidden_tips_are_not_listed(self, client):
        TipFactory(title="보이는 정보")
        TipFactory(title="숨긴 정보", is_published=False)
        TipFactory(title="예약 정보", published_at=timezone.now() + datetime.timedelta(hours=2))
        assert titles(client.get("/tips/")) == ["보이는 정보"]

    def test_empty_theme_has_a_friendly_message(self, client):
        TipFactory(theme=Tip.Theme.SAFETY)
        assert "이 주제의 생활정보를 준비하고 있습니다" in text(client.get("/tips/", {"theme": "MONEY"}))

    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"theme": "PETS"}, "주제 값 'PETS'은(는) 선택할 수 없습니다"),
            ({"page": "abc"}, "페이지 번호가 올바르지 않습니다."),
        ],
    )
    def test_bad_values_are_400(self, client, params, message):
        TipFactory()
        response = client.get("/tips/", params)
        assert response.status_code == 400 and message in text(response)


class TestTipDetail:
    def test_body_and_related_tips_of_the_same_theme(self, client):
        tip = TipFactory(title="현관 보안 요령", theme=Tip.Theme.SAFETY, body="문고리에 보조키를 다세요.")
        TipFactory(title="택배 받을 때 주의", theme=Tip.Theme.SAFETY)
        TipFactory(title="전기요금 아끼기", theme=Tip.Theme.MONEY)
        TipFactory(title="숨긴 안전 정보", theme=Tip.Theme.SAFETY, is_published=False)
        response = client.get(f"/tips/{tip.pk}/")
        assert response.status_code == 200
        assert "문고리에 보조키를 다세요." in text(response)
        assert [t.title for t in response.context["related"]] == ["택배 받을 때 주의"]
        assert "전기요금 아끼기" not in text(response)

    def test_without_related_tips(self, client):
        tip = TipFactory()
        assert "같은 주제의 다른 생활정보를 준비하고 있습니다" in text(client.get(f"/tips/{tip.pk}/"))

    @pytest.mark.parametrize("make", [lambda: 424_242, lambda: TipFactory(is_published=False).pk])
    def test_unknown_or_unpublished_is_a_korean_404(self, client, make):
        response = client.get(f"/tips/{make()}/")
        assert response.status_code == 404 and "요청한 생활정보를 찾을 수 없습니다" in text(response)


class TestFaq:
    def test_grouped_by_topic_in_the_portal_order(self, client):
        FaqFactory(topic=Faq.Topic.CENTER, question="센터는 어디 있나요?")
        FaqFactory(topic=Faq.Topic.PORTAL, question="회원가입이 필요한가요?", order=2)
        FaqFactory(topic=Faq.Topic.PORTAL, question="포털은 무료인가요?", order=1)
        FaqFactory(topic=Faq.Topic.POLICY, question="여러 제도를 함께 받을 수 있나요?")
        response = client.get("/faq/")
        groups = response.context["groups"]
        assert [g.label for g in groups] == ["포털 이용", "지원제도", "지원센터"]
        assert [f.question for f in groups[0].items] == ["포털은 무료인가요?", "회원가입이 필요한가요?"]
        page = text(response)
        assert page.count('<details id="faq-') == 4 and "<summary><strong>포털은 무료인가요?</strong></summary>" in page

    def test_topic_filter(self, client):
        FaqFactory(topic=Faq.Topic.PROGRAM, question="프로그램 신청은 어떻게 하나요?")
        FaqFactory(topic=Faq.Topic.PORTAL, question="포털은 무료인가요?")
        response = client.get("/faq/", {"topic": "PROGRAM"})
        assert [g.topic for g in response.context["groups"]] == ["PROGRAM"]
        assert "포털은 무료인가요?" not in text(response)

    def test_empty_has_a_friendly_message(self, client):
        assert "등록된 질문이 아직 없습니다" in text(client.get("/faq/"))

    def test_unknown_topic_is_400(self, client):
        response = client.get("/faq/", {"topic": "WEATHER"})
        assert response.status_code == 400
        assert "분류 값 'WEATHER'은(는) 선택할 수 없습니다" in text(response)
