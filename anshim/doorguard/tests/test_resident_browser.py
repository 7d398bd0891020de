"""도어지킴이 for residents in a real browser, desktop and phone: read the offer, sign in from it,
apply, see the status page, cancel; and with the equipment installed, end the service or move."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from anshim.accounts.models import Role
from anshim.accounts.tests.factories import PASSWORD, PartnerFactory, UserFactory, grant
from anshim.doorguard import services
from anshim.doorguard.consent_texts import ensure_consent_texts
from anshim.doorguard.models import Application, ApplicationStatus, Subscription, SubscriptionStatus
from anshim.doorguard.tests.conftest import GWANAK, apply_as_citizen, make_round
from anshim.geo.models import District

pytestmark = pytest.mark.django_db(transaction=True)
S = ApplicationStatus


def fits_a_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def sign_in(page, email):
    page.get_by_label("이메일").fill(email)
    page.get_by_label("비밀번호", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="로그인", exact=True).click()


def sign_in_at(page, live_server, path, email):
    page.goto(f"{live_server.url}/accounts/login/?next={path}")
    sign_in(page, email)
    page.wait_for_url(re.compile(re.escape(path) + "$"), timeout=30_000)


def submit(page, scope, name):
    """Press a submit button and wait for the answer: a loaded machine may take a while."""
    with page.expect_navigation(timeout=30_000):
        scope.get_by_role("button", name=name).click()


def tick_consents(page):
    labels = page.locator(".consent-item__check label")
    for index in range(labels.count()):
        labels.nth(index).click()
        expect(page.locator(".consent-item__check input").nth(index)).to_be_checked()


def fill_application(page, *, birth_date="1991-04-05"):
    page.get_by_label("생년월일").fill(birth_date)
    page.get_by_label("성별").select_option("F")
    page.get_by_label("거주 자치구").select_option(GWANAK)
    page.get_by_label("주소(도로명, 동·호수까지)").fill("서울특별시 관악구 신림로 77, 302호")
    page.get_by_label("주택 유형").select_option("BASEMENT")
    # KRDS draws its own radio and checkbox, so a person (and the test) clicks the label.
    for fact in ("lives_alone", "registered_in_seoul"):
        page.locator(f"label[for=id_fact_{fact}_0]").click()
        expect(page.locator(f"#id_fact_{fact}_0")).to_be_checked()


@pytest.fixture
def round_():
    # A transactional test before this one flushed the consent notices the data migration loaded.
    ensure_consent_texts()
    return make_round(partner=PartnerFactory(name="안심보안 주식회사"))


def installed_subscription(round_, user) -> Subscription:
    official = UserFactory()
    grant(official, Role.DISTRICT_OFFICIAL, district=District.objects.get(pk=GWANAK))
    installer = UserFactory()
    grant(installer, Role.PARTNER_STAFF, partner=round_.partner)
    application = apply_as_citizen(round_, user=user)
    Application.objects.filter(pk=application.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=20))
    services.select(actor=official, application=application)
    application.refresh_from_db()
    services.schedule_installation(
        actor=installer, application=application, scheduled_for=timezone.now() + datetime.timedelta(hours=1)
    )
    return services.record_installation(
        actor=installer, application=application, installed_at=timezone.now() - datetime.timedelta(days=10)
    )


def test_read_sign_in_apply_see_the_status_and_cancel_on_a_desktop(live_server, page, round_, assert_accessible):
    UserFactory(email="resident@example.kr", name="김안심", phone="010-1234-5678")
    page.goto(f"{live_server.url}/doorguard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("1인가구 안전 도어지킴이")
    expect(page.locator("#criteria")).to_contain_text("만 18세 이상")
    expect(page.locator("#round-facts")).to_contain_text("시중가 월 18,750원")
    assert_accessible(page)

    page.get_by_role("link", name="로그인하고 신청하기").click()
    sign_in(page, "resident@example.kr")
    page.wait_for_url(re.compile(r"/doorguard/apply/$"), timeout=30_000)
    expect(page.get_by_label("이름")).to_have_value("김안심")
    assert_accessible(page)

    # First without the consents: the page comes back saying so, nothing is stored.
    fill_application(page)
    submit(page, page, "신청하기")
    expect(page.locator(".consent-fields .account-error").first).to_contain_text("동의해야 합니다")
    assert Application.objects.count() == 0
    tick_consents(page)
    submit(page, page, "신청하기")
    page.wait_for_url(re.compile(r"/doorguard/my/$"), timeout=30_000)
    expect(page.locator(".site-message")).to_contain_text("도어지킴이 신청이 접수되었습니다")
    card = page.locator(".doorguard-card").first
    expect(card.locator(".application-state")).to_have_text("접수")
    expect(card).to_contain_text("서울특별시 관악구 신림로 77, 302호")
    card.get_by_text("처리 이력").click()
    expect(card.locator(".application-history li")).to_have_count(1)
    assert_accessible(page)

    card.get_by_text("신청 취소", exact=True).click()
    card.get_by_label("취소 사유").fill("다른 지원을 받게 되었습니다")
    submit(page, card, "신청 취소하기")
    expect(page.locator(".site-message")).to_contain_text("도어지킴이 신청을 취소했습니다")
    expect(page.locator(".doorguard-card .application-state").first).to_have_text("취소")
    assert Application.objects.get().status == S.CANCELLED
    assert page.js_errors == []


def test_offer_and_application_on_a_phone(live_server, phone_page, round_, assert_accessible):
    UserFactory(email="phone@example.kr", name="이폰", phone="010-5555-6666")
    phone_page.goto(f"{live_server.url}/doorguard/")
    expect(phone_page.locator("#offer")).to_contain_text("실내 비상벨")
    assert fits_a_phone(phone_page)
    assert_accessible(phone_page)

    sign_in_at(phone_page, live_server, "/doorguard/apply/", "phone@example.kr")
    assert fits_a_phone(phone_page)
    assert_accessible(phone_page)
    # Under 18: refused in Korean, on the same page.
    today = timezone.localdate()
    fill_application(phone_page, birth_date=today.replace(year=today.year - 17).isoformat())
    tick_consents(phone_page)
    submit(phone_page, phone_page, "신청하기")
    expect(phone_page.locator("#id_birth_date_error")).to_contain_text("만 18세 이상만 신청할 수 있습니다")
    assert Application.objects.count() == 0
    assert fits_a_phone(phone_page)
    assert_accessible(phone_page)

    phone_page.get_by_label("생년월일").fill("1985-07-08")
    submit(phone_page, phone_page, "신청하기")
    phone_page.wait_for_url(re.compile(r"/doorguard/my/$"), timeout=30_000)
    expect(phone_page.locator(".site-message")).to_contain_text("신청이 접수되었습니다")
    assert fits_a_phone(phone_page)
    assert_accessible(phone_page)
    assert phone_page.js_errors == []


def test_ending_the_service_shows_the_fee_first_on_a_desktop(live_server, page, round_, assert_accessible):
    user = UserFactory(email="subscriber@example.kr")
    subscription = installed_subscription(round_, user)
    sign_in_at(page, live_server, "/doorguard/my/", "subscriber@example.kr")
    card = page.locator(".doorguard-card").first
    expect(card.locator(".subscription-facts")).to_contain_text("1개월째 이용 중")
    expect(card.locator(".pays-now")).to_contain_text("월 1,000원")
    assert_accessible(page)

    card.get_by_text("이용 해지(중도해지)").click()
    expect(card.locator(f"#end-fee-{subscription.application_id}")).to_contain_text("중도해지 비용 50,000원")
    card.get_by_label("해지 사유").fill("가족과 함께 살게 되었습니다")
    submit(page, card, "해지 신청하기")
    expect(page.locator(".doorguard-card .account-error").first).to_contain_text("해지 비용을 확인했다고 표시해 주세요")
    assert_accessible(page)
    card = page.locator(".doorguard-card").first
    card.get_by_text("위 해지 비용을 확인했고 해지를 신청합니다.").click()
    submit(page, card, "해지 신청하기")
    expect(page.locator(".site-message")).to_contain_text("해지 비용은 50,000원입니다")
    expect(page.locator(".end-fee").first).to_have_text("50,000원")
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.CANCELLED
    assert page.js_errors == []


def test_moving_house_on_a_phone(live_server, phone_page, round_, assert_accessible):
    user = UserFactory(email="mover@example.kr")
    subscription = installed_subscription(round_, user)
    sign_in_at(phone_page, live_server, "/doorguard/my/", "mover@example.kr")
    card = phone_page.locator(".doorguard-card").first
    card.get_by_text("이사(주소이전)").click()
    expect(card.locator(f"#move-fee-{subscription.application_id}")).to_contain_text("주소이전 비용 30,000원")
    assert fits_a_phone(phone_page)
    assert_accessible(phone_page)
    card.get_by_label("새 주소").fill("서울 마포구 양화로 12, 3층")
    card.get_by_label("이사하는 날(현재 주소의 이용 마지막 날)").fill(timezone.localdate().isoformat())
    card.get_by_text("위 주소이전 비용을 확인했고 주소이전을 신청합니다.").click()
    submit(phone_page, card, "주소이전 신청하기")
    expect(phone_page.locator(".site-message")).to_contain_text("주소이전 비용은 30,000원입니다")
    expect(phone_page.get_by_role("link", name="새로 신청하기")).to_be_visible()
    assert fits_a_phone(phone_page)
    assert_accessible(phone_page)
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.MOVED
    assert phone_page.js_errors == []
