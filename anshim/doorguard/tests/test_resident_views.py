"""The resident's 도어지킴이 pages over HTTP: the offer, applying, 신청 현황 and its three actions.

Every refusal comes back as the same page with the Korean reason and a 400, and leaves nothing
behind (rows are counted); someone else's application is not found.
"""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from anshim.accounts.models import Consent, Profile
from anshim.accounts.tests.factories import UserFactory
from anshim.doorguard import services
from anshim.doorguard.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    DistrictQuota,
    Subscription,
    SubscriptionStatus,
)
from anshim.doorguard.tests.conftest import GWANAK, apply_as_citizen, consent_ids, make_round
from anshim.eligibility.examples import DOORGUARD_2022

S = ApplicationStatus
pytestmark = pytest.mark.django_db

HOME, APPLY, MY = reverse("doorguard:home"), reverse("doorguard:apply"), reverse("doorguard:my-applications")


def text(response) -> str:
    return html.unescape(response.content.decode())


def form_data(**overrides) -> dict:
    data = {
        "name": "김안심",
        "phone": "010-1234-5678",
        "birth_date": "1990-05-01",
        "sex": "F",
        "district": GWANAK,
        "address": "서울특별시 관악구 신림로 123, 201호",
        "housing_type": "VILLA",
        "fact_lives_alone": "yes",
        "fact_registered_in_seoul": "yes",
    }
    data.update({f"consent_{pk}": "on" for pk in consent_ids()})
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture(autouse=True)
def _consent_texts(db):
    """The 도어지킴이 notices are back even after a transactional test flushed them."""
    consent_ids()


@pytest.fixture
def citizen(client):
    user = UserFactory(name="김안심", phone="010-1234-5678")
    client.force_login(user)
    return user


def install(application, *, official, installer, days_ago=0):
    """Select, book and install; ``days_ago`` dates the installation (and the application before it) back."""
    if days_ago:
        earlier = timezone.now() - datetime.timedelta(days=days_ago + 7)
        Application.objects.filter(pk=application.pk).update(submitted_at=earlier)
    services.select(actor=official, application=application)
    application.refresh_from_db()
    services.schedule_installation(
        actor=installer, application=application, scheduled_for=timezone.now() + datetime.timedelta(hours=1)
    )
    return services.record_installation(
        actor=installer, application=application, installed_at=timezone.now() - datetime.timedelta(days=days_ago)
    )


# --- 안내 -------------------------------------------------------------------------------------------


def test_home_shows_the_offer_the_criteria_the_price_and_the_period_to_anyone(client, round_):
    response = client.get(HOME)
    assert response.status_code == 200
    body = text(response)
    for phrase in (
        "1인가구 안전 도어지킴이",
        "현관 카메라",
        "서성이는 사람",
        "양방향으로 대화",
        "출입 기록",
        "실내 비상벨",
        "24시간 긴급출동",
        "보험",
        "만 18세 이상",
        "서울 거주(주민등록)",
        "1인가구",
        "서울시 협약가 월 9,900원 (시중가 월 18,750원)",
        "처음 12개월은 서울시가 월 8,900원을 지원해 월 1,000원만 냅니다.",
        "13개월째부터는 협약가 월 9,900원을 냅니다.",
        "3년(36개월)",
        "약정 기간 중 해지하면 50,000원",
        "이사로 해지하면 30,000원",
        "신청 중",
        round_.closes_on.strftime("%Y. %-m. %-d."),
    ):
        assert phrase in body, phrase
    login = reverse("account_login") + "?next=/doorguard/apply/"
    assert f'href="{login}"' in response.content.decode()


def test_home_lists_the_2022_rule_tenancy_and_wifi(client, partner):
    make_round(partner=partner, rule=DOORGUARD_2022.rule)
    body = text(client.get(HOME))
    assert "임차 주택 거주(전세·월세·고시원)" in body
    assert "집에 와이파이 있음" in body


def test_home_without_any_round_says_so(client):
    response = client.get(HOME)
    assert response.status_code == 200
    assert "지금은 진행 중인 도어지킴이 사업이 없습니다" in text(response)


def test_home_of_a_closed_round_offers_no_apply_button(client, partner):
    today = timezone.localdate()
    make_round(
        partner=partner, opens_on=today - datetime.timedelta(days=60), closes_on=today - datetime.timedelta(days=1)
    )
    body = text(client.get(HOME))
    assert "신청 기간이 끝났습니다" in body
    assert "로그인하고 신청하기" not in body


def test_home_tells_an_applicant_they_already_applied(client, citizen, round_):
    apply_as_citizen(round_, user=citizen)
    body = text(client.get(HOME))
    assert "이미 신청하셨습니다(현재 상태: 접수)" in body


# --- 신청 ----------------------------------------------------------------------------------------


def test_apply_needs_a_signed_in_person(client, round_):
    response = client.get(APPLY)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login")) and "next=/doorguard/apply/" in response.url


def test_apply_form_asks_what_the_rule_needs_and_prefills_from_my_profile(client, citizen, round_2022):
    Profile.objects.create(
        user=citizen,
        facts={"birth_date": "1988-03-04", "sex": "F", "district": GWANAK, "home_wifi": True, "lives_alone": True},
    )
    response = client.get(APPLY)
    assert response.status_code == 200
    body = text(response)
    for question in ("혼자 살고 있나요?", "서울시에 주민등록이 되어 있나요?", "집에 와이파이", "집은 자가인가요"):
        assert question in body
    assert 'value="1988-03-04"' in body
    assert 'value="김안심"' in body
    assert '<option value="11620" selected>' in body
    assert 'value="yes" id="id_fact_home_wifi_0" required checked' in body
    assert "안전 도어지킴이 신청을 위한 개인정보 수집·이용 동의" in body
    assert "보안업체에 개인정보 제3자 제공 동의" in body


def test_applying_stores_the_application_and_goes_to_the_status_page(client, citizen, round_):
    response = client.post(APPLY, form_data(), follow=True)
    assert response.redirect_chain == [(MY, 302)]
    body = text(response)
    assert "도어지킴이 신청이 접수되었습니다" in body
    assert "서울특별시 관악구 신림로 123, 201호" in body
    application = Application.objects.get()
    assert application.user == citizen and application.status == S.SUBMITTED
    assert application.facts["lives_alone"] is True
    assert application.consents.count() == 2


def test_applying_for_the_2022_round_sends_tenure_and_wifi(client, citizen, round_2022):
    data = form_data(fact_housing_tenure="MONTHLY_RENT", fact_home_wifi="yes")
    assert client.post(APPLY, data).status_code == 302
    facts = Application.objects.get().facts
    assert facts["housing_tenure"] == "MONTHLY_RENT" and facts["home_wifi"] is True


def seventeen_years_ago() -> str:
    today = timezone.localdate()
    return today.replace(year=today.year - 17).isoformat()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"birth_date": "SEVENTEEN"}, "생년월일을 YYYY-MM-DD 형식으로 입력해 주세요."),
        ({"birth_date": seventeen_years_ago()}, "만 18세 이상만 신청할 수 있습니다 (현재 만 17세)"),
        ({"address": "경기도 성남시 분당구 판교역로 1, 101호"}, "서울시 밖의 주소입니다(경기도)"),
        ({"address": "서울 마포구 양화로 12, 3층"}, "주소의 자치구(마포구)가 선택한 자치구(관악구)와 다릅니다."),
        ({"district": "41135"}, "서울시 25개 자치구 중 거주 자치구를 선택해 주세요."),
        ({"fact_lives_alone": "no"}, "신청 자격이 되지 않습니다."),
        ({"fact_registered_in_seoul": None}, "‘서울 주민등록 여부’에 답해 주세요."),
        ({"phone": "12345"}, "010-1234-5678 형식"),
        ({"name": ""}, "이름을 입력해 주세요."),
    ],
)
def test_bad_applications_come_back_in_korean_with_400_and_nothing_stored(client, citizen, round_, overrides, message):
    response = client.post(APPLY, form_data(**overrides))
    assert response.status_code == 400
    assert message in text(response)
    assert Application.objects.count() == 0
    assert ApplicationEvent.objects.count() == 0
    assert Consent.objects.filter(user=citizen).count() == 0


def test_applying_without_both_consents_is_refused(client, citizen, round_):
    first, second = consent_ids()
    response = client.post(APPLY, form_data(**{f"consent_{second}": None}))
    assert response.status_code == 400
    assert "에 동의해야 합니다" in text(response)
    assert Application.objects.count() == 0
    assert Consent.objects.filter(user=citizen).count() == 0


def test_a_second_submission_of_the_same_form_creates_no_second_application(client, citizen, round_):
    assert client.post(APPLY, form_data()).status_code == 302
    response = client.post(APPLY, form_data())
    assert response.status_code == 400
    assert "이미 도어지킴이를 신청했거나 이용 중입니다(현재 상태: 접수)" in text(response)
    assert Application.objects.count() == 1
    assert Consent.objects.filter(user=citizen).count() == 2


def test_the_same_address_from_someone_else_is_refused_with_the_reason(client, citizen, round_):
    apply_as_citizen(round_, address="서울 관악구 신림로 123 201호")
    response = client.post(APPLY, form_data())
    assert response.status_code == 400
    assert "이 주소로 이미 도어지킴이를 신청했거나 이용 중입니다" in text(response)
    assert Application.objects.count() == 1
    assert Consent.objects.filter(user=citizen).count() == 0


def test_applying_after_the_round_closed_is_refused(client, citizen, partner):
    today = timezone.localdate()
    make_round(
        partner=partner, opens_on=today - datetime.timedelta(days=40), closes_on=today - datetime.timedelta(days=1)
    )
    assert "이번 차수의 신청 기간이 끝났습니다" in text(client.get(APPLY))
    response = client.post(APPLY, form_data())
    assert response.status_code == 400
    assert "신청 기간이 끝났습니다 (마감" in text(response)
    assert Application.objects.count() == 0


def test_a_district_without_a_quota_is_refused(client, citizen, round_):
    DistrictQuota.objects.filter(round=round_, district_id=GWANAK).delete()
    response = client.post(APPLY, form_data())
    assert response.status_code == 400
    assert "이 자치구는 이번 차수의 정원이 정해지지 않았습니다." in text(response)
    assert Application.objects.count() == 0


def test_apply_without_any_round(client, citizen):
    assert "지금은 신청을 받는 도어지킴이 사업이 없습니다" in text(client.get(APPLY))
    response = client.post(APPLY, form_data())
    assert response.status_code == 400
    assert Application.objects.count() == 0


# --- 신청 현황 ----------------------------------------------------------------------------------------


def test_my_page_lists_only_my_applications_with_history_and_waiting_position(client, citizen, round_, gwanak_official):
    mine = apply_as_citizen(round_, user=citizen)
    other = apply_as_citizen(round_, name="남의신청")
    services.waitlist(actor=gwanak_official, application=mine, reason="정원 초과")
    response = client.get(MY)
    assert response.status_code == 200
    body = text(response)
    assert "대기 1번째" in body
    assert "정원 초과" in body
    assert other.address not in body
    assert f'id="application-{mine.pk}"' in body


def test_my_page_shows_the_visit_and_then_the_subscription(client, citizen, round_, gwanak_official, installer):
    application = apply_as_citizen(round_, user=citizen)
    services.select(actor=gwanak_official, application=application)
    application.refresh_from_db()
    when = timezone.now() + datetime.timedelta(days=2)
    services.schedule_installation(actor=installer, application=application, scheduled_for=when)
    body = text(client.get(MY))
    assert "설치 방문 예정" in body
    assert timezone.localtime(when).strftime("%Y. %-m. %-d.") in body
    assert "시험 보안업체" in body
    services.record_installation(actor=installer, application=application, installed_at=timezone.now())
    body = text(client.get(MY))
    assert "설치 완료(이용 중)" in body
    assert "1개월째 이용 중" in body
    assert "월 1,000원" in body
    assert "서울시가 월 8,900원을 지원하고, 그 뒤로는 월 9,900원입니다." in body
    assert "중도해지 비용 50,000원" in body and "주소이전 비용 30,000원" in body


def test_my_page_needs_sign_in(client):
    response = client.get(MY)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


# --- actions -------------------------------------------------------------------------------------------


def test_cancelling_my_application_with_a_reason(client, citizen, round_):
    application = apply_as_citizen(round_, user=citizen)
    url = reverse("doorguard:cancel-application", args=[application.pk])
    response = client.post(url, {f"cancel-{application.pk}-reason": "이사 예정"}, follow=True)
    assert response.redirect_chain == [(MY, 302)]
    assert "도어지킴이 신청을 취소했습니다." in text(response)
    application.refresh_from_db()
    assert application.status == S.CANCELLED and application.reason == "이사 예정"


def test_cancelling_without_a_reason_is_refused(client, citizen, round_):
    application = apply_as_citizen(round_, user=citizen)
    response = client.post(reverse("doorguard:cancel-application", args=[application.pk]), {})
    assert response.status_code == 400
    assert "취소 사유를 입력해 주세요." in text(response)
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    assert application.events.count() == 1


def test_cancelling_twice_is_refused_the_second_time(client, citizen, round_):
    application = apply_as_citizen(round_, user=citizen)
    url = reverse("doorguard:cancel-application", args=[application.pk])
    data = {f"cancel-{application.pk}-reason": "필요 없어짐"}
    assert client.post(url, data).status_code == 302
    response = client.post(url, data)
    assert response.status_code == 400
    assert "‘취소’ 상태의 신청은 ‘취소’(으)로 바꿀 수 없습니다." in text(response)
    assert application.events.count() == 2


def test_someone_elses_application_is_not_found(client, citizen, round_, gwanak_official, installer):
    other = apply_as_citizen(round_)
    install(other, official=gwanak_official, installer=installer)
    for name, data in (
        ("cancel-application", {f"cancel-{other.pk}-reason": "x"}),
        (
            "cancel-subscription",
            {f"end-{other.pk}-ended_on": timezone.localdate().isoformat(), f"end-{other.pk}-confirm": "on"},
        ),
        (
            "move-subscription",
            {
                f"move-{other.pk}-new_address": "서울 마포구 양화로 1",
                f"move-{other.pk}-moved_on": timezone.localdate().isoformat(),
                f"move-{other.pk}-confirm": "on",
            },
        ),
    ):
        assert client.post(reverse(f"doorguard:{name}", args=[other.pk]), data).status_code == 404
    other.refresh_from_db()
    assert other.status == S.INSTALLED
    assert Subscription.objects.get().status == SubscriptionStatus.ACTIVE


def test_an_installed_application_cannot_be_cancelled_as_an_application(
    client, citizen, round_, gwanak_official, installer
):
    application = apply_as_citizen(round_, user=citizen)
    install(application, official=gwanak_official, installer=installer)
    assert "신청 취소하기" not in text(client.get(MY))
    url = reverse("doorguard:cancel-application", args=[application.pk])
    response = client.post(url, {f"cancel-{application.pk}-reason": "x"})
    assert response.status_code == 400
    assert "바꿀 수 없습니다" in text(response)


@pytest.fixture
def subscription(citizen, round_, gwanak_official, installer):
    application = apply_as_citizen(round_, user=citizen)
    return install(application, official=gwanak_official, installer=installer, days_ago=3)


def test_ending_the_subscription_needs_the_fee_confirmed_and_then_charges_it(client, subscription):
    pk = subscription.application_id
    url = reverse("doorguard:cancel-subscription", args=[pk])
    today = timezone.localdate().isoformat()
    response = client.post(url, {f"end-{pk}-ended_on": today})
    assert response.status_code == 400
    assert "해지 비용을 확인했다고 표시해 주세요." in text(response)
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.ACTIVE

    response = client.post(
        url, {f"end-{pk}-ended_on": today, f"end-{pk}-reason": "해외 이주", f"end-{pk}-confirm": "on"}, follow=True
    )
    assert response.redirect_chain == [(MY, 302)]
    assert f"이용 마지막 날은 {today}이고 해지 비용은 50,000원입니다." in text(response)
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.CANCELLED and subscription.fee == 50_000
    assert subscription.application.status == S.ENDED
    # A second submission of the same form changes nothing.
    response = client.post(url, {f"end-{pk}-ended_on": today, f"end-{pk}-confirm": "on"})
    assert response.status_code == 400
    assert "이미 끝난 이용입니다(중도해지)" in text(response)


def test_ending_the_subscription_in_the_past_is_refused(client, subscription):
    pk = subscription.application_id
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("doorguard:cancel-subscription", args=[pk]),
        {f"end-{pk}-ended_on": yesterday, f"end-{pk}-confirm": "on"},
    )
    assert response.status_code == 400
    assert "이용 마지막 날은 오늘 이후여야 합니다." in text(response)
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.ACTIVE


def test_moving_house_records_the_new_address_and_the_move_fee(client, subscription):
    pk = subscription.application_id
    url = reverse("doorguard:move-subscription", args=[pk])
    today = timezone.localdate().isoformat()
    data = {f"move-{pk}-new_address": "서울 마포구 양화로 12, 3층", f"move-{pk}-moved_on": today}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "주소이전 비용을 확인했다고 표시해 주세요." in text(response)

    response = client.post(url, {**data, f"move-{pk}-confirm": "on"}, follow=True)
    assert response.redirect_chain == [(MY, 302)]
    assert "주소이전 비용은 30,000원입니다" in text(response)
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.MOVED and subscription.fee == 30_000
    assert "서울 마포구 양화로 12, 3층" in subscription.end_reason
    assert "새로 신청하기" in text(client.get(MY))


def test_moving_before_the_service_started_is_refused(client, subscription):
    pk = subscription.application_id
    before = (subscription.start_date - datetime.timedelta(days=1)).isoformat()
    data = {
        f"move-{pk}-new_address": "서울 마포구 양화로 12",
        f"move-{pk}-moved_on": before,
        f"move-{pk}-confirm": "on",
    }
    response = client.post(reverse("doorguard:move-subscription", args=[pk]), data)
    assert response.status_code == 400
    assert "이용 마지막 날은 이용 시작일" in text(response)
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.ACTIVE


def test_an_account_with_an_active_application_cannot_apply_again_under_another_name(client, citizen, round_):
    assert client.post(APPLY, form_data()).status_code == 302
    response = client.post(
        APPLY, form_data(name="다른이름", birth_date="1970-01-01", address="서울 관악구 관악로 1, 9호")
    )
    assert response.status_code == 400
    assert "한 사람은 하나만 신청할 수 있습니다" in text(response)
    assert Application.objects.count() == 1


def test_the_form_is_not_offered_again_to_someone_who_applied(client, citizen, round_):
    apply_as_citizen(round_, user=citizen)
    body = text(client.get(APPLY))
    assert "이미 신청하셨습니다(현재 상태: 접수)" in body
    assert 'name="address"' not in body
