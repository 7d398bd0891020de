"""참여 신청 in a real browser: sign in from the programme, sign up, the waiting list, a cancellation
promoting the next person who then sees 확정 on 마이페이지; and the centre staff pages (the whole flow on
a desktop; each page, masked and revealed, on a 390 px phone)."""

import re

import pytest
from playwright.sync_api import expect

from anshim.accounts.models import PersonalDataAccess, Role
from anshim.accounts.tests.browser_session import fits_a_phone, sign_in_fast
from anshim.accounts.tests.factories import PASSWORD, UserFactory, grant
from anshim.programs.models import Signup, SignupStatus
from anshim.programs.tests.conftest import ensure_signup_consent_texts
from anshim.programs.tests.factories import CenterFactory, ProgramFactory

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in_from_programme(page, live_server, program, email):
    page.goto(f"{live_server.url}{program.get_absolute_url()}")
    page.get_by_role("link", name="로그인하고 신청하기").click()
    page.get_by_label("이메일").fill(email)
    page.get_by_label("비밀번호", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="로그인", exact=True).click()
    page.wait_for_url(re.compile(rf"/programs/{program.pk}/$"))


def sign_up_on_page(page, name, phone):
    page.get_by_label("이름").fill(name)
    page.get_by_label("휴대전화").fill(phone)
    labels = page.locator(".consent-item__check label")
    for index in range(labels.count()):
        if not page.locator(".consent-item__check input").nth(index).is_checked():
            labels.nth(index).click()
        expect(page.locator(".consent-item__check input").nth(index)).to_be_checked()


@pytest.fixture
def small_programme():
    ensure_signup_consent_texts()
    return ProgramFactory(title="한 자리 쿠킹클래스", capacity=1, enrolled=0)


def test_sign_up_waiting_list_and_promotion(live_server, page, phone_page, small_programme, assert_accessible):
    first = UserFactory(email="first@example.kr", name="홍길동", phone="010-1234-5678")
    second = UserFactory(email="second@example.kr")

    # The first person signs in from the programme page and takes the only seat.
    sign_in_from_programme(page, live_server, small_programme, first.email)
    expect(page.get_by_label("이름")).to_have_value("홍길동")
    assert_accessible(page)
    sign_up_on_page(page, "홍길동", "010-1234-5678")
    page.get_by_role("button", name="신청하기").click()
    expect(page.locator(".site-message")).to_contain_text("신청이 확정되었습니다")
    expect(page.locator("#my-signup-status")).to_contain_text("확정")
    assert_accessible(page)

    # The second person, on a phone, forgets the consent first and is told in Korean.
    sign_in_from_programme(phone_page, live_server, small_programme, second.email)
    expect(phone_page.get_by_role("button", name="대기 신청하기")).to_be_visible()
    phone_page.get_by_label("이름").fill("김영희")
    phone_page.get_by_label("휴대전화").fill("01022223333")
    phone_page.locator(".consent-fields").evaluate(
        "el => el.querySelectorAll('input').forEach(i => i.required = false)"
    )
    phone_page.get_by_role("button", name="대기 신청하기").click()
    expect(phone_page.locator(".consent-fields .account-error").first).to_contain_text("동의해야 합니다")
    sign_up_on_page(phone_page, "김영희", "01022223333")
    phone_page.get_by_role("button", name="대기 신청하기").click()
    expect(phone_page.locator(".site-message")).to_contain_text("현재 대기 1번째입니다")
    expect(phone_page.locator("#my-signup-status")).to_contain_text("대기 1번째")
    assert fits_a_phone(phone_page)
    assert_accessible(phone_page)

    # The first person cancels; the seat goes to the one waiting.
    page.get_by_role("button", name="신청 취소").click()
    expect(page.locator(".site-message")).to_contain_text("신청을 취소했습니다")
    assert Signup.objects.get(user=second).status == SignupStatus.CONFIRMED

    phone_page.goto(f"{live_server.url}/mypage/")
    card = phone_page.locator(".my-signups .card", has_text="한 자리 쿠킹클래스")
    expect(card.locator(".badge").first).to_have_text("확정")
    card.get_by_text("처리 이력").click()
    expect(card.locator(".signup-history li")).to_have_count(2)
    assert fits_a_phone(phone_page)
    assert_accessible(phone_page)
    assert page.js_errors == [] and phone_page.js_errors == []


@pytest.fixture
def centre_and_programmes(today):
    ensure_signup_consent_texts()
    center = CenterFactory(name="관악 1인가구지원센터")
    staff = UserFactory(email="staff@example.kr")
    grant(staff, Role.CENTER_STAFF, center=center)
    program = ProgramFactory(title="오늘 여는 요리교실", center=center, capacity=2, enrolled=0, starts_on=today)
    from anshim.programs import services

    for name, phone in (("홍길동", "010-1234-5678"), ("김영희", "010-2222-3333"), ("남궁민수", "010-4444-5555")):
        services.sign_up(
            user=UserFactory(),
            program=program,
            name=name,
            phone=phone,
            consent_text_ids=ensure_signup_consent_texts(),
        )
    return staff, program


def test_staff_pages(live_server, page, centre_and_programmes, assert_accessible):
    staff, program = centre_and_programmes
    page.goto(f"{live_server.url}/programs/manage/")
    page.get_by_label("이메일").fill(staff.email)
    page.get_by_label("비밀번호", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="로그인", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("참여프로그램 신청자 관리")
    assert_accessible(page)
    page.get_by_role("link", name="오늘 여는 요리교실").click()

    expect(page.locator("#seated")).to_contain_text("홍*동")
    expect(page.locator("#seated")).to_contain_text("010-****-5678")
    expect(page.locator("#waiting")).to_contain_text("남**수")
    assert "홍길동" not in page.content()
    assert_accessible(page)

    page.get_by_role("button", name="참석 홍*동").click()
    expect(page.locator(".site-message")).to_contain_text("출석을 기록했습니다")
    expect(page.locator("#seated tr", has_text="홍*동")).to_contain_text("참석")

    page.get_by_label("조회 사유").fill("일정 변경 안내 전화")
    page.get_by_role("button", name="개인정보 보기").click()
    expect(page.locator(".revealed-note")).to_contain_text("접속기록에 남았습니다")
    expect(page.locator("#seated")).to_contain_text("010-1234-5678")
    expect(page.locator("#waiting")).to_contain_text("남궁민수")
    assert PersonalDataAccess.objects.filter(actor=staff, reason="일정 변경 안내 전화").count() == 3
    assert_accessible(page)
    assert page.js_errors == []


def test_staff_pages_fit_a_phone(live_server, phone_page, centre_and_programmes, assert_accessible):
    """Centre staff on a phone: the programme list, the masked applicant lists with an attendance
    recorded, and the revealed lists fit 390 px and pass axe."""
    from anshim.programs import services

    page = phone_page
    staff, program = centre_and_programmes
    services.mark_attendance(signup=Signup.objects.get(program=program, name="홍길동"), actor=staff, attended=True)
    sign_in_fast(page, live_server, staff)
    page.goto(f"{live_server.url}/programs/manage/")
    expect(page.get_by_role("heading", level=1)).to_have_text("참여프로그램 신청자 관리")
    expect(page.get_by_role("link", name="오늘 여는 요리교실")).to_be_visible()
    assert fits_a_phone(page)
    assert_accessible(page)

    page.goto(f"{live_server.url}/programs/manage/{program.pk}/")
    expect(page.locator("#seated")).to_contain_text("홍*동")
    expect(page.locator("#seated")).to_contain_text("010-****-5678")
    expect(page.locator("#seated tr", has_text="홍*동")).to_contain_text("참석")
    expect(page.locator("#waiting")).to_contain_text("남**수")
    expect(page.get_by_role("button", name="개인정보 보기")).to_be_visible()
    assert "홍길동" not in page.content()
    assert fits_a_phone(page)
    assert_accessible(page)

    page.get_by_label("조회 사유").fill("일정 변경 안내 전화")
    page.get_by_role("button", name="개인정보 보기").click()
    expect(page.locator(".revealed-note")).to_contain_text("접속기록에 남았습니다")
    expect(page.locator("#seated")).to_contain_text("010-1234-5678")
    expect(page.locator("#waiting")).to_contain_text("남궁민수")
    assert fits_a_phone(page)
    assert_accessible(page)
    assert page.js_errors == []
