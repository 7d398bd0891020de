"""알림마당, 알쓸1잡 and FAQ in a real browser: desktop and a 390 px phone, with an axe check on each page."""

import pytest

from anshim.content.models import Faq, Notice, Tip
from anshim.content.tests.factories import FaqFactory, NoticeFactory, TipFactory

pytestmark = pytest.mark.django_db(transaction=True)


def visit(page, url: str, assert_accessible) -> None:
    response = page.goto(url)
    assert response.status == 200
    assert_accessible(page)
    assert page.js_errors == []


def fits_a_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.fixture
def notices(attach):
    notice = NoticeFactory(
        title="1인가구 도어지킴이 신청 안내", kind=Notice.Kind.RECRUIT, pinned=True, body="신청은 자치구에서 받습니다."
    )
    attach(notice, "도어지킴이 신청서", "form.hwp", b"HWP form")
    NoticeFactory(title="병원 안심동행 보도자료", kind=Notice.Kind.PRESS)
    return notice


@pytest.fixture
def tips():
    TipFactory(title="현관 보조 잠금장치 달기", theme=Tip.Theme.SAFETY)
    TipFactory(title="택배 받을 때 주의할 점", theme=Tip.Theme.SAFETY)
    return TipFactory(
        title="혼자서도 든든한 한 끼",
        theme=Tip.Theme.FOOD,
        summary="간단한 단백질 반찬",
        body="달걀과 두부를 활용하세요.",
    )


class TestNotices:
    def test_list_filter_detail_and_download(self, live_server, page, assert_accessible, notices):
        visit(page, live_server.url + "/notices/", assert_accessible)
        assert page.locator("#notice-results li").count() == 2
        page.get_by_label("구분").select_option("PRESS")
        page.wait_for_url("**/notices/?kind=PRESS*")
        assert page.locator("#notice-results li").all_inner_texts()[0].startswith("보도")

        visit(page, live_server.url + "/notices/", assert_accessible)
        page.get_by_role("link", name="1인가구 도어지킴이 신청 안내").click()
        page.wait_for_url(f"**/notices/{notices.pk}/")
        assert_accessible(page)
        assert page.get_by_text("신청은 자치구에서 받습니다.").is_visible()
        with page.expect_download() as info:
            page.get_by_role("link", name="도어지킴이 신청서.hwp").click()
        assert info.value.suggested_filename == "도어지킴이 신청서.hwp"

    def test_on_a_phone(self, live_server, phone_page, assert_accessible, notices):
        visit(phone_page, live_server.url + "/notices/", assert_accessible)
        assert fits_a_phone(phone_page)
        visit(phone_page, live_server.url + f"/notices/{notices.pk}/", assert_accessible)
        assert fits_a_phone(phone_page)
        assert phone_page.get_by_role("link", name="도어지킴이 신청서.hwp").is_visible()


class TestTips:
    def test_theme_chips_change_results_and_url(self, live_server, page, assert_accessible, tips):
        visit(page, live_server.url + "/tips/", assert_accessible)
        assert page.locator("#tip-results li").count() == 3
        page.get_by_role("link", name="식생활 (1건)").click()
        page.wait_for_url("**/tips/?theme=FOOD")
        assert page.locator("#tip-results li").all_inner_texts()[0].count("혼자서도 든든한 한 끼") == 1
        assert page.locator("#tip-results li").count() == 1
        assert page.get_by_role("link", name="식생활 (1건)").get_attribute("aria-current") == "page"
        assert_accessible(page)

    def test_detail_with_related_tips(self, live_server, page, assert_accessible, tips):
        safety = Tip.objects.get(title="현관 보조 잠금장치 달기")
        visit(page, live_server.url + f"/tips/{safety.pk}/", assert_accessible)
        assert page.locator("#related-tips li").all_inner_texts()[0].count("택배 받을 때 주의할 점") == 1
        page.get_by_role("link", name="택배 받을 때 주의할 점").click()
        page.wait_for_url("**/tips/*/")
        assert page.get_by_role("heading", level=1).inner_text() == "택배 받을 때 주의할 점"

    def test_on_a_phone(self, live_server, phone_page, assert_accessible, tips):
        visit(phone_page, live_server.url + "/tips/", assert_accessible)
        assert fits_a_phone(phone_page)
        visit(phone_page, live_server.url + f"/tips/{tips.pk}/", assert_accessible)
        assert fits_a_phone(phone_page)
        assert phone_page.get_by_text("달걀과 두부를 활용하세요.").is_visible()


@pytest.fixture
def questions():
    FaqFactory(
        topic=Faq.Topic.PORTAL,
        question="포털 이용에 회원가입이 필요한가요?",
        answer="검색과 조회는 가입 없이 할 수 있습니다.",
    )
    FaqFactory(
        topic=Faq.Topic.CENTER,
        question="1인가구지원센터는 어디에 있나요?",
        answer="위치정보 메뉴에서 찾을 수 있습니다.",
    )


class TestFaq:
    def test_disclosure_opens(self, live_server, page, assert_accessible, questions):
        visit(page, live_server.url + "/faq/", assert_accessible)
        answer = page.get_by_text("검색과 조회는 가입 없이 할 수 있습니다.")
        assert not answer.is_visible()
        page.get_by_text("포털 이용에 회원가입이 필요한가요?").click()
        assert answer.is_visible()
        assert_accessible(page)

    def test_topic_filter(self, live_server, page, questions):
        page.goto(live_server.url + "/faq/")
        page.get_by_role("link", name="지원센터").click()
        page.wait_for_url("**/faq/?topic=CENTER")
        assert page.get_by_text("1인가구지원센터는 어디에 있나요?").is_visible()
        assert page.get_by_text("포털 이용에 회원가입이 필요한가요?").count() == 0

    def test_on_a_phone(self, live_server, phone_page, assert_accessible, questions):
        visit(phone_page, live_server.url + "/faq/", assert_accessible)
        phone_page.get_by_text("1인가구지원센터는 어디에 있나요?").click()
        assert phone_page.get_by_text("위치정보 메뉴에서 찾을 수 있습니다.").is_visible()
        assert fits_a_phone(phone_page)


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/tips/?theme=PETS", 400, "주제 값 'PETS'은(는) 선택할 수 없습니다"),
        ("/notices/?page=abc", 400, "페이지 번호가 올바르지 않습니다."),
        ("/notices/424242/", 404, "요청한 공지사항을 찾을 수 없습니다"),
    ],
)
def test_mistakes_read_clearly_on_a_phone(live_server, phone_page, assert_accessible, path, status, message):
    response = phone_page.goto(live_server.url + path)
    assert response.status == status
    assert phone_page.get_by_text(message).is_visible()
    assert_accessible(phone_page)
    assert fits_a_phone(phone_page)
