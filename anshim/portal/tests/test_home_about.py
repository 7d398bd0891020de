import datetime
import html

import pytest

from anshim.catalog.choices import Category
from anshim.catalog.tests.factories import PolicyFactory
from anshim.content.tests.factories import NoticeFactory, TipFactory
from anshim.programs.tests.factories import ProgramFactory


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def filled_portal(db):
    today = datetime.date.today()
    PolicyFactory(title="1인가구 도어지킴이", category=Category.SAFETY, featured=True)
    PolicyFactory(title="청년 월세지원", category=Category.HOUSING, featured=True)
    PolicyFactory(title="눈에 띄지 않는 제도", category=Category.HOUSING)
    PolicyFactory(title="내려간 주요 제도", featured=True, is_published=False)
    ProgramFactory(title="함께 요리하는 저녁", recruit_end=today + datetime.timedelta(days=3), enrolled=15)
    ProgramFactory(
        title="마감된 소모임",
        recruit_start=today - datetime.timedelta(days=20),
        recruit_end=today - datetime.timedelta(days=1),
    )
    NoticeFactory(title="도어지킴이 신청자 모집")
    TipFactory(title="현관 보안 요령")


class TestHome:
    def test_search_box_and_the_five_fields(self, client, db):
        page = text(client.get("/"))
        assert 'action="/search/"' in page and 'id="home-q"' in page and 'name="q"' in page
        for value, label in Category.choices:
            assert f'href="/policies/?category={value}">{label} 분야 지원제도' in page

    def test_sections_show_what_is_current(self, client, filled_portal):
        response = client.get("/")
        assert response.status_code == 200
        page = text(response)
        for shown in (
            "1인가구 도어지킴이",
            "청년 월세지원",
            "함께 요리하는 저녁",
            "도어지킴이 신청자 모집",
            "현관 보안 요령",
        ):
            assert shown in page
        for hidden in ("눈에 띄지 않는 제도", "내려간 주요 제도", "마감된 소모임"):
            assert hidden not in page
        assert "남은 자리 5석" in page and "모집 마감" in page
        housing = next(t for t in response.context["category_tiles"] if t.value == "HOUSING")
        assert housing.policy_count == 2

    def test_empty_sections_say_so_in_korean(self, client, db):
        page = text(client.get("/"))
        for message in (
            "주요 지원제도를 준비하고 있습니다",
            "지금 신청을 받는 프로그램이 없습니다",
            "아직 등록된 소식이 없습니다",
            "생활정보를 준비하고 있습니다",
        ):
            assert message in page

    def test_intro_figures_from_the_citys_report(self, client, db):
        page = text(client.get("/"))
        assert "139만 가구" in page and "34.9%" in page and "2020년" in page


class TestAbout:
    def test_vision_goals_and_fields(self, client, db):
        page = text(client.get("/about/"))
        assert "1인가구 삶의 질을 높이는 안심서울" in page
        assert "5대 불안을 해소" in page and "사회 인프라" in page
        for label in ("안전", "주거", "경제·일자리", "외로움", "질병"):
            assert f"{label} 분야 지원제도 보기" in page
        assert "범죄 피해를 예방" in page and "균형 잡힌 식생활" in page

    def test_cooperation_and_flagship_services(self, client, db):
        page = text(client.get("/about/"))
        for role in ("서울시", "자치구", "1인가구지원센터", "분기마다"):
            assert role in page
        for service in ("도어지킴이", "안심마을 보안관", "병원 안심동행", "중장년 1인가구 헬스케어", "상담 멘토링"):
            assert service in page

    def test_related_organisations_open_in_the_same_window(self, client, db):
        page = text(client.get("/about/"))
        for href in (
            "https://www.seoul.go.kr",
            "https://youth.seoul.go.kr",
            "https://50plus.or.kr",
            "https://wis.seoul.go.kr",
            "https://www.si.re.kr",
            "tel:02-120",
        ):
            assert f'href="{href}"' in page
        assert "target=" not in page


def visit(page, url: str, assert_accessible) -> None:
    response = page.goto(url)
    assert response.status == 200
    assert_accessible(page)
    assert page.js_errors == []


browser_db = pytest.mark.django_db(transaction=True)


@browser_db
def test_home_in_the_browser(live_server, page, assert_accessible, filled_portal):
    visit(page, live_server.url + "/", assert_accessible)
    assert page.get_by_role("heading", level=1).inner_text() == "혼자 살아도 안심할 수 있는 서울"
    assert page.locator("#category-tiles li").count() == 5
    page.get_by_role("link", name="주거 분야 지원제도").click()
    page.wait_for_url("**/policies/?category=HOUSING")


@browser_db
def test_home_search_box_goes_to_search(live_server, page, filled_portal):
    page.goto(live_server.url + "/")
    page.get_by_label("무엇을 도와드릴까요?").fill("월세")
    page.locator("#home-q ~ button").click()
    page.wait_for_url("**/search/?q=*")
    assert "q=%EC%9B%94%EC%84%B8" in page.url


@browser_db
def test_home_on_a_phone(live_server, phone_page, assert_accessible, filled_portal):
    visit(phone_page, live_server.url + "/", assert_accessible)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone_page.get_by_text("함께 요리하는 저녁").is_visible()


@browser_db
def test_about_in_the_browser(live_server, page, assert_accessible):
    visit(page, live_server.url + "/about/", assert_accessible)
    assert page.locator("#services li").count() == 5
    assert page.locator("#related-organisations a").count() == 6
    assert page.get_by_role("link", name="사업소개").get_attribute("aria-current") == "page"


@browser_db
def test_about_on_a_phone(live_server, phone_page, assert_accessible):
    visit(phone_page, live_server.url + "/about/", assert_accessible)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone_page.get_by_text("1인가구 삶의 질을 높이는 안심서울").first.is_visible()
