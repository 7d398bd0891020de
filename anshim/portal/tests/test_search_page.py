"""The 통합검색 page: server-rendered behaviour and the page in a browser (desktop and phone)."""

import re

import pytest
from django.urls import reverse

from anshim.catalog.tests.factories import PolicyFactory
from anshim.content.tests.factories import NoticeFactory, TipFactory
from anshim.geo.districts import DISTRICTS
from anshim.geo.models import District
from anshim.programs.tests.factories import ProgramFactory

URL = reverse("portal:search")


def make_items():
    # Browser tests flush the database between tests, so the districts come back here.
    for d in DISTRICTS:
        District.objects.update_or_create(code=d.code, defaults={"name": d.name, "name_en": d.name_en, "slug": d.slug})
    PolicyFactory(
        title="병원 안심동행",
        summary="혼자 병원에 가기 어려운 1인가구에 동행 매니저를 보내 드립니다.",
        benefit="시간당 5,000원",
    )
    PolicyFactory(title="청년 월세지원", summary="청년 1인가구의 주거비 부담을 덜어 드립니다.")
    ProgramFactory(title="병원 동행 봉사자 교육", summary="병원동행 봉사자가 되는 방법을 배웁니다.")
    TipFactory(title="병원 갈 때 챙길 것", summary="혼자 병원에 갈 때 동행이 필요하면 안심동행을 신청하세요.")
    NoticeFactory(title="병원동행 서비스 운영 시간 안내", body="평일 07시부터 20시까지 운영합니다.")


@pytest.mark.django_db
class TestSearchPage:
    def test_empty_query_shows_a_prompt_with_example_searches(self, client):
        response = client.get(URL)
        assert response.status_code == 200
        html = response.content.decode()
        assert "이런 검색어는 어떠세요?" in html
        assert f'href="?q={"%EC%9B%94%EC%84%B8"}"' in html  # 월세

    def test_results_are_highlighted_and_counted_per_kind(self, client):
        make_items()
        response = client.get(URL, {"q": "병원동행"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "‘병원동행’ 검색 결과 4건" in html
        assert "<mark>병원</mark> 안심<mark>동행</mark>" in html
        assert re.search(r'aria-current="page">\s*전체 <span class="search-tabs__count">4</span>', html)
        assert re.search(r"참여프로그램 <span class=\"search-tabs__count\">1</span>", html)
        assert html.count('class="search-hit"') == 4

    def test_kind_filters_the_list_but_keeps_all_counts(self, client):
        make_items()
        html = client.get(URL, {"q": "병원동행", "kind": "program"}).content.decode()
        assert html.count('class="search-hit"') == 1
        # The spaced compound is marked as one phrase.
        assert "<mark>병원 동행</mark> 봉사자 교육" in html and "안심<mark>동행</mark>" not in html
        assert re.search(r'aria-current="page">\s*참여프로그램', html)
        assert 'href="?q=%EB%B3%91%EC%9B%90%EB%8F%99%ED%96%89&amp;kind=policy"' in html

    def test_pages_of_twelve_keep_the_query(self, client):
        for n in range(15):
            PolicyFactory(title=f"마음상담 지원 {n:02d}")
        first = client.get(URL, {"q": "마음상담", "kind": "policy"}).content.decode()
        assert first.count('class="search-hit"') == 12
        assert 'href="/search/?q=%EB%A7%88%EC%9D%8C%EC%83%81%EB%8B%B4&amp;kind=policy&amp;page=2"' in first
        second = client.get(URL, {"q": "마음상담", "kind": "policy", "page": 2}).content.decode()
        assert second.count('class="search-hit"') == 3
        assert '<ol class="search-results" start="13">' in second

    def test_no_results_suggests_where_to_look(self, client):
        make_items()
        response = client.get(URL, {"q": "우주여행"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "‘우주여행’에 대한 검색 결과가 없습니다." in html
        assert "search-tabs" not in html  # no row of empty tabs
        assert f'href="{reverse("catalog:policy-list")}"' in html
        assert f'href="{reverse("programs:program-list")}"' in html

    def test_too_long_query_is_a_400_with_a_korean_message(self, client):
        response = client.get(URL, {"q": "가" * 101})
        assert response.status_code == 400
        assert "검색어는 100자 이내로 입력해 주세요." in response.content.decode()

    def test_unknown_kind_is_a_400(self, client):
        response = client.get(URL, {"q": "월세", "kind": "faq"})
        assert response.status_code == 400
        assert "검색 분류는" in response.content.decode()

    def test_stored_markup_never_reaches_the_page_unescaped(self, client):
        NoticeFactory(title="<script>alert(1)</script> 월세 안내", body="<img src=x onerror=alert(2)> 월세")
        html = client.get(URL, {"q": "월세"}).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>월세</mark> 안내" in html

    def test_query_markup_is_escaped_in_messages(self, client):
        html = client.get(URL, {"q": "<b>월세</b>"}).content.decode()
        assert "<b>월세</b>" not in html
        assert "&lt;b&gt;월세&lt;/b&gt;" in html


def _search_from_header(page, live_server, assert_accessible):
    page.goto(live_server.url + URL)
    assert page.get_by_role("heading", name="이런 검색어는 어떠세요?").is_visible()
    page.locator("#header-q").fill("병원동행을")
    page.locator("#header-q").press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))

    hits = page.locator(".search-hit")
    assert hits.count() == 4
    # The exact phrase in a title ranks first; the spaced compound is still found and marked.
    assert hits.first.locator("h3").inner_text() == "병원동행 서비스 운영 시간 안내"
    policy = hits.filter(has_text="병원 안심동행")
    assert policy.locator("h3 mark").all_inner_texts() == ["병원", "동행"]
    assert page.locator(".search-hit__snippet mark").count() >= 1
    assert page.locator("#header-q").input_value() == "병원동행을"
    assert_accessible(page)

    page.get_by_role("link", name=re.compile("^참여프로그램 1")).click()
    page.wait_for_url(re.compile(r"kind=program"))
    assert hits.count() == 1
    assert page.locator(".search-badge").all_inner_texts() == ["참여프로그램"]
    assert page.locator('.search-tabs [aria-current="page"]').inner_text().startswith("참여프로그램")
    assert_accessible(page)

    hits.first.locator("h3 a").click()
    page.wait_for_url(re.compile(r"/programs/\d+/$"))
    assert not page.js_errors


@pytest.mark.django_db(transaction=True)
def test_search_in_the_browser_desktop(page, live_server, assert_accessible):
    make_items()
    _search_from_header(page, live_server, assert_accessible)


@pytest.mark.django_db(transaction=True)
def test_search_in_the_browser_phone(phone_page, live_server, assert_accessible):
    make_items()
    _search_from_header(phone_page, live_server, assert_accessible)
    phone_page.go_back()
    phone_page.wait_for_url(re.compile(r"kind=program"))
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390


@pytest.mark.django_db(transaction=True)
def test_no_results_page_in_the_browser_is_accessible(page, live_server, assert_accessible):
    page.goto(live_server.url + URL + "?q=%EC%9A%B0%EC%A3%BC%EC%97%AC%ED%96%89")
    assert page.get_by_text("‘우주여행’에 대한 검색 결과가 없습니다.").is_visible()
    assert page.get_by_role("link", name="지원제도 전체 보기").is_visible()
    assert_accessible(page)
