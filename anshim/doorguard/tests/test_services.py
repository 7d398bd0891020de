"""The application state machine: who may move what where, what is refused, and what it leaves behind."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from anshim.accounts.models import Consent
from anshim.accounts.tests.factories import UserFactory
from anshim.doorguard import services
from anshim.doorguard.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    DistrictQuota,
    Installation,
    SelectionMethod,
    Settlement,
    Subscription,
    SubscriptionStatus,
)
from anshim.doorguard.selectors import round_dashboard, settlement_for
from anshim.doorguard.tests.conftest import GWANAK, MAPO, application_input, apply_as_citizen, consent_ids, make_round
from anshim.geo.models import District
from anshim.notifications.models import Notification

S = ApplicationStatus
pytestmark = pytest.mark.django_db


def messages_of(excinfo) -> str:
    return " ".join(excinfo.value.messages)


def test_every_status_has_a_row_in_the_transition_table():
    assert set(services.TRANSITIONS) == {"", *S.values}
    for targets in services.TRANSITIONS.values():
        assert targets <= set(S.values)


def test_applying_online_records_the_application_its_consents_history_and_a_message(
    round_, django_capture_on_commit_callbacks
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        application = apply_as_citizen(round_, user=user)
    assert application.status == S.SUBMITTED
    assert application.eligibility["outcome"] == "ELIGIBLE"
    assert application.consents.count() == 2
    assert [e.to_status for e in application.events.all()] == [S.SUBMITTED]
    note = Notification.objects.get(recipient=user)
    assert "접수" in note.subject and "안전 도어지킴이" in note.subject


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"birth_date": "SEVENTEEN"}, "생년월일을 YYYY-MM-DD"),
        ({"address": "경기도 성남시 분당구 판교역로 1, 101호"}, "서울시 밖의 주소입니다"),
        ({"address": "서울 마포구 양화로 12, 3층"}, "선택한 자치구(관악구)와 다릅니다"),
        ({"facts": {"lives_alone": True, "registered_in_seoul": False}}, "서울 거주(주민등록): 미충족"),
        ({"facts": {"lives_alone": True}}, "다음 항목을 입력해 주세요: 서울 주민등록 여부"),
        ({"phone": "12345"}, "010-1234-5678 형식"),
    ],
)
def test_bad_applications_are_refused_in_korean_and_nothing_is_stored(round_, overrides, message):
    user = UserFactory()
    with pytest.raises(ValidationError) as excinfo:
        apply_as_citizen(round_, user=user, **overrides)
    assert message in messages_of(excinfo)
    assert Application.objects.count() == 0
    assert Consent.objects.filter(user=user).count() == 0


def test_under_18_is_refused(round_):
    seventeen = timezone.localdate().replace(year=timezone.localdate().year - 17)
    with pytest.raises(ValidationError) as excinfo:
        apply_as_citizen(round_, birth_date=seventeen)
    assert "만 18세 이상만 신청할 수 있습니다 (현재 만 17세)" in messages_of(excinfo)
    assert not Application.objects.exists()


def test_the_2022_rule_excludes_owner_occupiers_without_a_code_change(round_2022):
    with pytest.raises(ValidationError) as excinfo:
        apply_as_citizen(
            round_2022,
            facts={"lives_alone": True, "registered_in_seoul": True, "housing_tenure": "OWNER", "home_wifi": True},
        )
    assert "임차 주택 거주(전세·월세·고시원): 미충족" in messages_of(excinfo)
    application = apply_as_citizen(
        round_2022,
        facts={"lives_alone": True, "registered_in_seoul": True, "housing_tenure": "MONTHLY_RENT", "home_wifi": True},
    )
    assert application.status == S.SUBMITTED


def test_missing_consent_is_refused_and_nothing_is_stored(round_):
    from anshim.doorguard.services import apply

    user = UserFactory()
    consent_ids()
    with pytest.raises(ValidationError) as excinfo:
        apply(user=user, consent_text_ids=[], **application_input(round_))
    assert "보안업체 제3자 제공에 모두 동의해야" in messages_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        apply(user=user, consent_text_ids=consent_ids()[:1], **application_input(round_))
    assert "동의해야 합니다" in messages_of(excinfo)
    assert not Application.objects.exists()
    assert not Consent.objects.filter(user=user).exists()


def test_one_active_application_per_person_and_per_address(round_, partner):
    first = apply_as_citizen(
        round_, name="이중신", birth_date=datetime.date(1985, 3, 3), address="서울 관악구 남부순환로 1, 5호"
    )
    with pytest.raises(ValidationError) as excinfo:
        apply_as_citizen(round_, name="이 중신", birth_date=datetime.date(1985, 3, 3))
    assert "이미 도어지킴이를 신청했거나 이용 중입니다(현재 상태: 접수)" in messages_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        apply_as_citizen(round_, address="서울특별시 관악구 남부순환로1 5호")
    assert "이 주소로 이미" in messages_of(excinfo)
    # Not even in next year's round while the first is still active.
    later = make_round(partner=partner)
    with pytest.raises(ValidationError):
        apply_as_citizen(later, name="이중신", birth_date=datetime.date(1985, 3, 3))
    assert Application.objects.count() == 1
    # Once it is over, the person may apply again.
    services.cancel_application(actor=first.user, application=first)
    assert apply_as_citizen(later, name="이중신", birth_date=datetime.date(1985, 3, 3)).status == S.SUBMITTED


def test_outside_the_application_period_is_refused(partner):
    today = timezone.localdate()
    closed = make_round(
        partner=partner, opens_on=today - datetime.timedelta(days=40), closes_on=today - datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationError) as excinfo:
        apply_as_citizen(closed)
    assert "신청 기간이 끝났습니다" in messages_of(excinfo)


def test_district_officials_enter_paper_applications_for_their_own_district_only(
    round_, gwanak_official, mapo_official
):
    data = application_input(round_, phone="010-2222-3333")
    with pytest.raises(PermissionDenied):
        services.enter_paper_application(actor=mapo_official, paper_consent_on=timezone.localdate(), **data)
    with pytest.raises(ValidationError) as excinfo:
        services.enter_paper_application(actor=gwanak_official, paper_consent_on=None, **data)
    assert "서면 동의서를 받은 날짜" in messages_of(excinfo)
    application = services.enter_paper_application(
        actor=gwanak_official, paper_consent_on=timezone.localdate(), channel="PHONE", **data
    )
    assert (application.channel, application.user, application.entered_by) == ("PHONE", None, gwanak_official)


def test_selection_stays_within_the_quota_and_refusals_explain(round_, gwanak_official, mapo_official, partner):
    apps = [apply_as_citizen(round_) for _ in range(4)]  # 관악구 has 3 places
    with pytest.raises(PermissionDenied):
        services.select(actor=mapo_official, application=apps[0])
    for application in apps[:3]:
        selected = services.select(actor=gwanak_official, application=application)
        assert selected.status == S.SELECTED and selected.partner == partner
    with pytest.raises(ValidationError) as excinfo:
        services.select(actor=gwanak_official, application=apps[3])
    assert "관악구의 정원 3명이 모두 찼습니다" in messages_of(excinfo)
    assert DistrictQuota.objects.get(round=round_, district_id=GWANAK).filled == 3
    with pytest.raises(ValidationError) as excinfo:
        services.reject(actor=gwanak_official, application=apps[0], reason="서류 미비")
    assert "‘선정’ 상태의 신청은 ‘미선정’(으)로 바꿀 수 없습니다" in messages_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        services.reject(actor=gwanak_official, application=apps[3], reason=" ")
    assert "미선정 사유를 입력해 주세요" in messages_of(excinfo)
    rejected = services.reject(actor=gwanak_official, application=apps[3], reason="서울 전입 전")
    assert rejected.status == S.REJECTED and rejected.events.last().reason == "서울 전입 전"


def test_bulk_select_fills_the_places_in_order_and_reports_the_rest(round_, gwanak_official):
    apps = [apply_as_citizen(round_) for _ in range(5)]
    district = District.objects.get(pk=GWANAK)
    result = services.bulk_select(
        actor=gwanak_official, round=round_, district=district, application_ids=[a.pk for a in reversed(apps)]
    )
    assert [a.pk for a in result.selected] == [a.pk for a in reversed(apps)][:3]
    assert [pk for pk, _ in result.skipped] == [apps[1].pk, apps[0].pk]
    assert all("정원이 모두 찼습니다" in reason for _, reason in result.skipped)


def test_committee_selection_ranks_by_priority_and_waitlists_the_rest_in_order(partner, gwanak_official):
    round_ = make_round(partner=partner, method=SelectionMethod.COMMITTEE, quotas={GWANAK: 2})
    plain = apply_as_citizen(round_, sex="M")
    woman = apply_as_citizen(round_, sex="F")
    basement = apply_as_citizen(round_, sex="M", housing_type="BASEMENT")
    scored = apply_as_citizen(round_, sex="M")
    services.set_priority_facts(actor=gwanak_official, application=scored, committee_score=30)
    run = services.run_selection(actor=gwanak_official, round=round_, district=District.objects.get(pk=GWANAK))
    assert [a.pk for a in run.selected] == [scored.pk, basement.pk]
    assert [a.pk for a in run.waitlisted] == [woman.pk, plain.pk]
    assert [Application.objects.get(pk=a.pk).waitlist_position for a in run.waitlisted] == [1, 2]


def test_a_cancelled_place_goes_to_the_first_on_the_waiting_list(
    round_, gwanak_official, django_capture_on_commit_callbacks
):
    selected = [services.select(actor=gwanak_official, application=apply_as_citizen(round_)) for _ in range(3)]
    first_waiting = services.waitlist(actor=gwanak_official, application=apply_as_citizen(round_))
    second_waiting = services.waitlist(actor=gwanak_official, application=apply_as_citizen(round_))
    assert (first_waiting.waitlist_position, second_waiting.waitlist_position) == (1, 2)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_application(actor=selected[0].user, application=selected[0], reason="이사 예정")
    first_waiting.refresh_from_db()
    assert first_waiting.status == S.SELECTED
    assert first_waiting.events.last().reason == "대기 순번에 따라 선정되었습니다."
    assert Notification.objects.filter(recipient=first_waiting.user, subject__contains="선정").exists()
    assert Application.objects.get(pk=second_waiting.pk).status == S.WAITLISTED
    assert DistrictQuota.objects.get(round=round_, district_id=GWANAK).filled == 3


def test_someone_else_cannot_cancel_an_application(round_):
    application = apply_as_citizen(round_)
    with pytest.raises(PermissionDenied):
        services.cancel_application(actor=UserFactory(), application=application)


def _selected(round_, official, **overrides):
    return services.select(actor=official, application=apply_as_citizen(round_, **overrides))


def test_installation_flow_for_the_assigned_company_only(round_, gwanak_official, installer, other_installer):
    application = _selected(round_, gwanak_official)
    visit = timezone.now() + datetime.timedelta(days=2)
    with pytest.raises(PermissionDenied):
        services.schedule_installation(actor=other_installer, application=application, scheduled_for=visit)
    with pytest.raises(PermissionDenied):
        services.schedule_installation(actor=gwanak_official, application=application, scheduled_for=visit)
    services.schedule_installation(actor=installer, application=application, scheduled_for=visit)
    services.record_installation_failure(actor=installer, application=application, reason="현관문 규격 불일치")
    assert Application.objects.get(pk=application.pk).status == S.INSTALL_FAILED
    with pytest.raises(ValidationError) as excinfo:
        services.record_installation(actor=installer, application=application, installed_at=timezone.now())
    assert "예약된 방문이 없습니다" in messages_of(excinfo)
    services.schedule_installation(actor=installer, application=application, scheduled_for=visit)
    services.schedule_installation(
        actor=installer, application=application, scheduled_for=visit + datetime.timedelta(days=1)
    )
    assert Installation.objects.filter(application=application, status="SCHEDULED").count() == 1
    installed_at = timezone.now()
    subscription = services.record_installation(actor=installer, application=application, installed_at=installed_at)
    assert subscription.status == SubscriptionStatus.ACTIVE
    assert subscription.start_date == timezone.localdate(installed_at)
    assert (subscription.monthly_price, subscription.city_share, subscription.resident_share) == (9900, 8900, 1000)
    assert subscription.term_end > subscription.start_date + datetime.timedelta(days=365 * 3 - 3)
    steps = list(ApplicationEvent.objects.filter(application=application).values_list("to_status", flat=True))
    assert steps == [S.SUBMITTED, S.SELECTED, S.SCHEDULED, S.INSTALL_FAILED, S.SCHEDULED, S.SCHEDULED, S.INSTALLED]


def _installed(round_, official, installer, **overrides):
    application = _selected(round_, official, **overrides)
    services.schedule_installation(
        actor=installer, application=application, scheduled_for=timezone.now() + datetime.timedelta(hours=1)
    )
    subscription = services.record_installation(actor=installer, application=application, installed_at=timezone.now())
    return subscription


def test_cancelling_a_subscription_charges_the_fee_and_frees_the_place(round_, gwanak_official, installer):
    subscription = _installed(round_, gwanak_official, installer)
    waiting = services.waitlist(actor=gwanak_official, application=apply_as_citizen(round_))
    [_selected(round_, gwanak_official) for _ in range(2)]
    resident = subscription.application.user
    with pytest.raises(ValidationError) as excinfo:
        services.cancel_subscription(
            actor=resident, subscription=subscription, ended_on=subscription.start_date - datetime.timedelta(days=1)
        )
    assert "이용 시작일" in messages_of(excinfo)
    ended = services.cancel_subscription(actor=resident, subscription=subscription, ended_on=subscription.start_date)
    assert (ended.status, ended.fee) == (SubscriptionStatus.CANCELLED, 50_000)
    assert Application.objects.get(pk=subscription.application_id).status == S.ENDED
    assert Application.objects.get(pk=waiting.pk).status == S.SELECTED
    with pytest.raises(ValidationError) as excinfo:
        services.cancel_subscription(actor=resident, subscription=ended, ended_on=ended.start_date)
    assert "이미 끝난 이용입니다" in messages_of(excinfo)


def test_moving_out_charges_the_moving_fee(round_, gwanak_official, installer, mapo_official):
    subscription = _installed(round_, gwanak_official, installer)
    with pytest.raises(PermissionDenied):
        services.move_subscription(actor=mapo_official, subscription=subscription, moved_on=subscription.start_date)
    moved = services.move_subscription(
        actor=gwanak_official, subscription=subscription, moved_on=subscription.start_date
    )
    assert (moved.status, moved.fee) == (SubscriptionStatus.MOVED, 30_000)
    assert DistrictQuota.objects.get(round=round_, district_id=GWANAK).filled == 0
    assert not Subscription.objects.filter(status=SubscriptionStatus.ACTIVE).exists()


def test_finished_terms_end_by_the_daily_job(round_, gwanak_official, installer):
    subscription = _installed(round_, gwanak_official, installer)
    assert services.end_finished_subscriptions(today=subscription.term_end) == 0
    assert services.end_finished_subscriptions(today=subscription.term_end + datetime.timedelta(days=1)) == 1
    subscription.refresh_from_db()
    assert (subscription.status, subscription.ended_on, subscription.fee) == ("ENDED", subscription.term_end, 0)


def test_settlement_from_the_database_and_its_confirmation(round_, gwanak_official, mapo_official, installer):
    subscription = _installed(round_, gwanak_official, installer)
    Subscription.objects.filter(pk=subscription.pk).update(
        start_date=datetime.date(2021, 9, 15), term_end=datetime.date(2024, 9, 14)
    )
    result = settlement_for(round_, 2021, 9)
    assert result.districts[GWANAK].subsidy == 4746
    assert result.districts[MAPO].subsidy == 0
    assert result.budget_used == 4746
    district = District.objects.get(pk=GWANAK)
    with pytest.raises(PermissionDenied):
        services.confirm_settlement(actor=mapo_official, round=round_, district=district, year=2021, month=9)
    confirmed = services.confirm_settlement(actor=gwanak_official, round=round_, district=district, year=2021, month=9)
    assert (confirmed.active_subscriptions, confirmed.billed, confirmed.subsidy, confirmed.resident_share) == (
        1,
        5280,
        4746,
        534,
    )
    with pytest.raises(ValidationError) as excinfo:
        services.confirm_settlement(actor=gwanak_official, round=round_, district=district, year=2021, month=9)
    assert "이미 확정되었습니다" in messages_of(excinfo)
    assert Settlement.objects.count() == 1
    rows = round_dashboard(gwanak_official, round=round_, year=2021, month=12)
    assert [(row["district"].pk, row["installed"], row["active"], row["subsidy_paid"]) for row in rows] == [
        (GWANAK, 1, 1, 4746 + 3 * 8900)
    ]


def test_the_city_splits_its_quota_and_cannot_go_below_what_is_filled(round_, city_official, gwanak_official):
    with pytest.raises(PermissionDenied):
        services.set_district_quotas(actor=gwanak_official, round=round_)
    rows = services.set_district_quotas(actor=city_official, round=round_)
    assert len(rows) == 25 and sum(row.quota for row in rows) == 3000
    with pytest.raises(ValidationError) as excinfo:
        services.set_district_quotas(actor=city_official, round=round_, quotas={GWANAK: 2999})
    assert "전체 정원" in messages_of(excinfo)
    _selected(round_, gwanak_official)
    _selected(round_, gwanak_official)
    with pytest.raises(ValidationError) as excinfo:
        services.set_district_quotas(actor=city_official, round=round_, quotas={GWANAK: 1, MAPO: 2999})
    assert "이미 2명을 선정해" in messages_of(excinfo)


def test_a_round_is_data_its_rule_and_shares_are_checked(city_official, gwanak_official, partner):
    today = timezone.localdate()
    fields = {
        "year": 2023,
        "name": "안심장비 지원",
        "partner": partner,
        "rule": {
            "all": [
                {"fact": "age", "op": "gte", "value": 18},
                {"fact": "housing_price", "op": "lte", "value": 250_000_000},
            ]
        },
        "opens_on": today,
        "closes_on": today,
        "default_method": SelectionMethod.COMMITTEE,
        "priority_weights": {"female": 20},
    }
    with pytest.raises(PermissionDenied):
        services.create_round(actor=gwanak_official, **fields)
    round_ = services.create_round(actor=city_official, **fields)
    assert (round_.monthly_price, round_.market_price, round_.city_share, round_.budget) == (
        9900,
        18750,
        8900,
        380_000_000,
    )
    with pytest.raises(ValidationError) as excinfo:
        services.create_round(
            actor=city_official, **{**fields, "name": "오류", "rule": {"all": [{"fact": "age", "op": "gte"}]}}
        )
    assert "rule" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        services.create_round(actor=city_official, **{**fields, "name": "오류2", "resident_share": 2000})
    assert "시 보조금과 자부담의 합이 월 이용료와 같아야 합니다." in excinfo.value.message_dict["resident_share"]
    with pytest.raises(ValidationError) as excinfo:
        services.create_round(actor=city_official, **{**fields, "name": "오류3", "priority_weights": {"income": 1}})
    assert "알 수 없는 우선순위 항목" in excinfo.value.message_dict["priority_weights"][0]


def test_paper_applicants_without_an_account_are_told_by_text(
    round_, gwanak_official, django_capture_on_commit_callbacks
):
    data = application_input(round_, phone="010-4444-5555")
    with django_capture_on_commit_callbacks(execute=True):
        application = services.enter_paper_application(
            actor=gwanak_official, paper_consent_on=timezone.localdate(), **data
        )
    note = Notification.objects.get(to="01044445555")
    assert note.channel == "SMS" and note.recipient is None and application.name in note.body
