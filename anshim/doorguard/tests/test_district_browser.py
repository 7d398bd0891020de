"""The 자치구 담당자's 도어지킴이 pages in a real browser. On a desktop the whole flow: the queue with a
filter and a bulk selection beyond the places left, one application selected and one rejected,
the waiting list, a paper application and the month's settlement. On a 390 px phone each of those
pages, in the state that shows its important parts, fits the screen and passes axe."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from anshim.accounts.models import Role
from anshim.accounts.tests.browser_session import fits_a_phone, sign_in_fast
from anshim.accounts.tests.factories import PASSWORD, PartnerFactory, UserFactory, grant
from anshim.doorguard import services
from anshim.doorguard.forms.district import application_number
from anshim.doorguard.models import Application, ApplicationStatus, Subscription
from anshim.doorguard.tests.conftest import GWANAK, apply_as_citizen, make_round

pytestmark = pytest.mark.django_db(transaction=True)
S = ApplicationStatus


@pytest.fixture
def desk():
    partner = PartnerFactory(name="안심보안")
    round_ = make_round(partner=partner, quotas={GWANAK: 3})
    official = UserFactory(email="gwanak@example.kr")
    grant(official, Role.DISTRICT_OFFICIAL, district_id=GWANAK)
    applications = [
        apply_as_citizen(round_, name="김가나", sex="M"),
        apply_as_citizen(round_, name="이다라", sex="M"),
        apply_as_citizen(round_, name="박마바", sex="F", housing_type="GOSIWON"),
        apply_as_citizen(round_, name="최사아", sex="M"),
        apply_as_citizen(round_, name="정자차", sex="M"),
    ]
    # An installed household from last September, for the settlement screen.
    installed = applications[4]
    Application.objects.filter(pk=installed.pk).update(status=S.INSTALLED, partner=partner)
    Subscription.objects.create(
        application=installed,
        district_id=GWANAK,
        partner=partner,
        person_key=installed.person_key,
        address_key=installed.address_key,
        start_date=datetime.date(2025, 9, 15),
        term_end=datetime.date(2028, 9, 14),
        monthly_price=9_900,
        city_share=8_900,
        resident_share=1_000,
        subsidy_months=12,
    )
    return official, round_, applications


def sign_in(page, live_server, email, path):
    page.goto(f"{live_server.url}{path}")
    page.get_by_label("이메일").fill(email)
    page.get_by_label("비밀번호", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="로그인", exact=True).click()


def fill_paper_form(page):
    """A paper application taken by phone, all but the date of the written consent."""
    page.get_by_label("접수 경로").select_option(label="전화")
    page.get_by_label("이름").fill("오서면")
    page.get_by_label("휴대전화").fill("010-4545-6767")
    page.get_by_label("생년월일").fill("1955-04-04")
    page.get_by_label("성별").select_option(label="여성")
    page.get_by_label("주소").fill("서울특별시 관악구 관악로 145, 1층")
    page.get_by_label("주택 유형").select_option(label="반지하")
    for label in ("혼자 사는지(1인가구)", "서울 주민등록 여부"):
        page.get_by_label(re.compile(re.escape(label))).select_option(label="예")


def test_queue_detail_waitlist_paper_and_settlement(live_server, page, desk, assert_accessible):
    official, round_, (kim, lee, park, choi, _installed) = desk

    # The queue: masked, the quota bar, a priority filter.
    sign_in(page, live_server, official.email, "/doorguard/district/")
    expect(page.get_by_role("heading", level=1)).to_have_text("관악구 도어지킴이 신청 검토")
    expect(page.locator("#quota-numbers")).to_contain_text("정원 3명 · 선정 0명 · 남은 자리 3명")
    expect(page.locator("#queue-table tbody tr")).to_have_count(4)
    expect(page.locator("#queue-table")).to_contain_text("김*나")
    assert "김가나" not in page.content()
    assert_accessible(page)
    page.locator("label[for=priority-female]").click()
    page.get_by_role("button", name="조회").click()
    expect(page).to_have_url(re.compile(r"priority=female"))
    expect(page.locator("#queue-table tbody tr")).to_have_count(1)
    expect(page.locator("#queue-table")).to_contain_text(application_number(park.pk))
    page.get_by_role("link", name="조건 지우기").click()
    expect(page.locator("#queue-table tbody tr")).to_have_count(4)

    # One application: reject needs a reason; then select another.
    page.get_by_role("link", name=application_number(kim.pk)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(application_number(kim.pk))
    expect(page.locator("#eligibility-outcome")).to_contain_text("자격 있음")
    assert_accessible(page)
    page.get_by_role("button", name="미선정 처리").click()
    expect(page.get_by_role("alert")).to_contain_text("미선정 사유를 입력해 주세요")
    page.get_by_label("미선정 사유(신청인에게 안내됩니다)").fill("전입 확인 결과 관외 거주")
    page.get_by_role("button", name="미선정 처리").click()
    expect(page.locator(".site-message")).to_contain_text("미선정으로 처리했습니다")
    expect(page.locator("#status-badge")).to_have_text("미선정")
    expect(page.locator("#history")).to_contain_text("전입 확인 결과 관외 거주")

    page.goto(f"{live_server.url}/doorguard/district/applications/{lee.pk}/")
    page.get_by_role("button", name="선정", exact=True).click()
    expect(page.locator("#status-badge")).to_have_text("선정")
    assert_accessible(page)

    # Bulk select: two ticked, one place left.
    page.goto(f"{live_server.url}/doorguard/district/")
    expect(page.locator("#quota-numbers")).to_contain_text("남은 자리 2명")
    page.locator("label[for=select-all]").click()
    expect(page.locator('input[name="applications"]:checked')).to_have_count(2)
    page.get_by_role("button", name="고른 신청 선정").click()
    expect(page.locator(".site-messages")).to_contain_text("2건을 선정했습니다.")
    expect(page.locator("#quota-numbers")).to_contain_text("정원 3명 · 선정 3명 · 남은 자리 0명")
    assert_accessible(page)
    assert Application.objects.filter(round=round_, status=S.SELECTED).count() == 3

    # Paper entry: a missing consent date is refused; the corrected form is stored, then waitlisted.
    page.get_by_role("link", name="방문·전화 접수").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("방문·전화 접수")
    assert_accessible(page)
    fill_paper_form(page)
    page.get_by_role("button", name="접수", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("서면 동의서를 받은 날짜를 입력해 주세요")
    page.get_by_label(re.compile("서면 동의일")).fill(datetime.date.today().isoformat())
    page.get_by_role("button", name="접수", exact=True).click()
    expect(page.locator(".site-message")).to_contain_text("로 접수했습니다")
    expect(page.locator("#documents")).to_contain_text("서면 동의서")
    page.get_by_role("button", name="대기자 등록").click()
    expect(page.locator(".site-message")).to_contain_text("대기자로 등록했습니다(대기 1번)")

    # The waiting list, in order.
    page.goto(f"{live_server.url}/doorguard/district/waitlist/")
    expect(page.locator("#waitlist-table tbody tr")).to_have_count(1)
    expect(page.locator("#waitlist-table")).to_contain_text("오*면")
    assert_accessible(page)

    # The settlement of September 2025: the rule in words, the figures, confirmation.
    page.goto(f"{live_server.url}/doorguard/district/settlement/?year=2025&month=9")
    expect(page.locator("#settlement-rule")).to_contain_text("8,900원 × 그 달 이용일수 ÷ 그 달의 날수")
    expect(page.locator("#total-subsidy")).to_have_text("4,746원")
    expect(page.locator("#settlement-lines")).to_contain_text("정*차")
    assert_accessible(page)
    page.get_by_role("button", name="정산 확정").click()
    expect(page.locator(".site-message")).to_contain_text("2025년 9월 정산을 확정했습니다")
    expect(page.locator("#settlement-state")).to_contain_text("확정됨")
    assert page.js_errors == []


def test_district_pages_fit_a_phone(live_server, phone_page, desk, assert_accessible):
    """A district official on a phone: the queue with the quota bar, one application with the
    missing-reason error, the paper form with its error, the waiting list and the settlement all fit
    390 px, stay readable (masked names) and pass axe."""
    page = phone_page
    official, round_, (kim, lee, _park, choi, _installed) = desk
    services.select(actor=official, application=lee)
    services.waitlist(actor=official, application=choi)
    sign_in_fast(page, live_server, official)

    page.goto(f"{live_server.url}/doorguard/district/")
    expect(page.get_by_role("heading", level=1)).to_have_text("관악구 도어지킴이 신청 검토")
    expect(page.locator("#quota-numbers")).to_contain_text("정원 3명 · 선정 1명 · 남은 자리 2명")
    expect(page.locator("#queue-table")).to_contain_text("김*나")
    expect(page.get_by_role("button", name="고른 신청 선정")).to_be_visible()
    assert "김가나" not in page.content()
    assert fits_a_phone(page)
    assert_accessible(page)

    page.goto(f"{live_server.url}/doorguard/district/applications/{kim.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(application_number(kim.pk))
    expect(page.locator("#eligibility-outcome")).to_contain_text("자격 있음")
    page.get_by_role("button", name="미선정 처리").click()
    expect(page.get_by_role("alert")).to_contain_text("미선정 사유를 입력해 주세요")
    expect(page.get_by_role("button", name="선정", exact=True)).to_be_visible()
    assert fits_a_phone(page)
    assert_accessible(page)

    page.goto(f"{live_server.url}/doorguard/district/")
    page.get_by_role("link", name="방문·전화 접수").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("방문·전화 접수")
    fill_paper_form(page)
    page.get_by_role("button", name="접수", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("서면 동의서를 받은 날짜를 입력해 주세요")
    assert fits_a_phone(page)
    assert_accessible(page)

    page.goto(f"{live_server.url}/doorguard/district/waitlist/")
    expect(page.locator("#waitlist-table tbody tr")).to_have_count(1)
    expect(page.locator("#waitlist-table")).to_contain_text("최*아")
    assert fits_a_phone(page)
    assert_accessible(page)

    page.goto(f"{live_server.url}/doorguard/district/settlement/?year=2025&month=9")
    expect(page.locator("#settlement-rule")).to_contain_text("8,900원 × 그 달 이용일수 ÷ 그 달의 날수")
    expect(page.locator("#total-subsidy")).to_have_text("4,746원")
    expect(page.locator("#settlement-lines")).to_contain_text("정*차")
    expect(page.get_by_role("button", name="정산 확정")).to_be_visible()
    assert fits_a_phone(page)
    assert_accessible(page)
    assert page.js_errors == []
