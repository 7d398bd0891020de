"""The 자치구 담당자's 도어지킴이 pages: the queue, decisions, paper entry, exports and settlement, as officials use them."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from anshim.accounts.models import PersonalDataAccess
from anshim.doorguard import services
from anshim.doorguard.forms.district import application_number
from anshim.doorguard.models import (
    Application,
    ApplicationStatus,
    Channel,
    DistrictQuota,
    SelectionMethod,
    Settlement,
    Subscription,
)
from anshim.doorguard.tests.conftest import GWANAK, MAPO, apply_as_citizen, make_round
from anshim.geo.models import District
from anshim.notifications.models import Notification

S = ApplicationStatus
pytestmark = pytest.mark.django_db
QUEUE = reverse("doorguard:district-queue")


def text(response) -> str:
    return response.content.decode()


def mapo_application(round_):
    return apply_as_citizen(round_, district=District.objects.get(pk=MAPO), address="서울 마포구 양화로 45, 2층")


@pytest.fixture
def official(client, gwanak_official):
    client.force_login(gwanak_official)
    return gwanak_official


# --- queue -----------------------------------------------------------------------------------


def test_queue_shows_own_district_masked_with_the_quota_bar(client, official, round_):
    mine = apply_as_citizen(round_, name="김안심", phone="010-2222-3333")
    theirs = mapo_application(round_)
    response = client.get(QUEUE)
    assert response.status_code == 200
    body = text(response)
    assert application_number(mine.pk) in body
    assert application_number(theirs.pk) not in body
    assert "김*심" in body and "010-****-3333" in body
    assert "김안심" not in body and "2222" not in body
    assert "정원 3명 · 선정 0명 · 남은 자리 3명" in body


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("status=BOGUS", "상태 값 ‘BOGUS’은(는) 고를 수 없는 값입니다"),
        ("priority=rich", "우선순위 항목 ‘rich’은(는) 고를 수 없는 값입니다"),
        ("channel=FAX", "접수 경로 ‘FAX’은(는) 고를 수 없는 값입니다"),
        ("sort=name", "정렬 방식 ‘name’은(는) 고를 수 없는 값입니다"),
        ("q=abc", "신청번호는 DG-000123 또는 숫자로 입력해 주세요"),
        ("page=x", "페이지 번호가 올바르지 않습니다"),
        ("round=abc", "사업 차수 값이 올바르지 않습니다"),
        ("district=99999", "자치구 코드 ‘99999’을(를) 찾을 수 없습니다"),
    ],
)
def test_bad_filter_values_get_a_korean_400(client, official, round_, query, message):
    apply_as_citizen(round_)
    response = client.get(f"{QUEUE}?{query}")
    assert response.status_code == 400
    assert message in text(response)


def test_filters_search_and_sorting(client, official, partner):
    round_ = make_round(partner=partner, method=SelectionMethod.COMMITTEE)
    plain = apply_as_citizen(round_, sex="M", housing_type="VILLA")
    gosiwon_woman = apply_as_citizen(round_, sex="F", housing_type="GOSIWON")
    paper = services.enter_paper_application(
        actor=official,
        round=round_,
        name="박서면",
        phone="010-5555-6666",
        birth_date=datetime.date(1950, 3, 3),
        sex="M",
        address="서울특별시 관악구 봉천로 1, 101호",
        district=District.objects.get(pk=GWANAK),
        housing_type="APARTMENT",
        facts={"lives_alone": True, "registered_in_seoul": True},
        paper_consent_on=datetime.date.today(),
    )
    base = f"{QUEUE}?round={round_.pk}"

    def shown(query):
        body = text(client.get(f"{base}&{query}"))
        return [pk for pk in (plain.pk, gosiwon_woman.pk, paper.pk) if application_number(pk) in body]

    assert shown("channel=PAPER") == [paper.pk]
    assert shown("priority=female&priority=gosiwon") == [gosiwon_woman.pk]
    assert shown("priority=older") == [paper.pk]
    assert shown(f"q={application_number(plain.pk)}") == [plain.pk]
    assert shown(f"q={plain.pk}") == [plain.pk]
    # 선정심의: highest score first (여성 10 + 고시원 15 = 25; 고령 10; none 0); 선착순 order on request.
    body = text(client.get(base))
    order = sorted((plain, gosiwon_woman, paper), key=lambda a: body.index(application_number(a.pk)))
    assert order == [gosiwon_woman, paper, plain]
    body = text(client.get(f"{base}&sort=submitted"))
    order = sorted((plain, gosiwon_woman, paper), key=lambda a: body.index(application_number(a.pk)))
    assert order == [plain, gosiwon_woman, paper]


def test_the_queue_query_count_does_not_grow_with_rows(client, official, round_):
    apply_as_citizen(round_)
    client.get(QUEUE)  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as few:
        assert client.get(QUEUE).status_code == 200
    for _ in range(30):
        apply_as_citizen(round_)
    with CaptureQueriesContext(connection) as many:
        response = client.get(QUEUE)
    assert response.status_code == 200
    assert text(response).count('name="applications"') == 31
    assert len(many.captured_queries) == len(few.captured_queries)


def test_bulk_select_over_the_quota_selects_what_fits_and_names_the_rest(client, official, round_):
    applications = [apply_as_citizen(round_) for _ in range(5)]
    ids = [a.pk for a in applications]
    response = client.post(
        reverse("doorguard:district-bulk-select") + f"?round={round_.pk}", {"applications": ids}, follow=True
    )
    assert response.status_code == 200
    body = text(response)
    assert "3건을 선정했습니다." in body
    refused = ", ".join(application_number(pk) for pk in ids[3:])
    assert f"정원이 모두 차서 2건은 선정하지 못했습니다: {refused}" in body
    assert (
        list(Application.objects.filter(pk__in=ids).order_by("pk").values_list("status", flat=True))
        == [S.SELECTED] * 3 + [S.SUBMITTED] * 2
    )
    assert DistrictQuota.objects.get(round=round_, district_id=GWANAK).filled == 3


def test_bulk_select_refuses_nothing_ticked_and_other_districts(client, official, round_):
    response = client.post(reverse("doorguard:district-bulk-select") + f"?round={round_.pk}", {})
    assert response.status_code == 400
    assert "선정할 신청을 하나 이상 골라 주세요" in text(response)
    theirs = mapo_application(round_)
    response = client.post(
        reverse("doorguard:district-bulk-select") + f"?round={round_.pk}", {"applications": [theirs.pk]}, follow=True
    )
    assert "이 자치구·차수의 신청이 아닙니다" in text(response)
    theirs.refresh_from_db()
    assert theirs.status == S.SUBMITTED


def test_run_selection_needs_the_confirm_step(client, official, round_, django_capture_on_commit_callbacks):
    already_waiting = services.waitlist(actor=official, application=apply_as_citizen(round_))
    applications = [apply_as_citizen(round_) for _ in range(5)]
    url = reverse("doorguard:district-run-selection") + f"?round={round_.pk}"
    page = client.get(url)
    assert page.status_code == 200
    assert "선정 전 신청 5건을 ‘선착순’ 방식으로" in text(page)
    assert client.post(url, {}).status_code == 400
    assert Application.objects.filter(status=S.SELECTED).count() == 0
    notes_before = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"confirm": "yes"}, follow=True)
    assert "3명 선정, 2명 대기자 등록" in text(response)
    rows = [Application.objects.get(pk=a.pk) for a in applications]
    assert [row.status for row in rows] == [S.SELECTED] * 3 + [S.WAITLISTED] * 2
    # The new waiting list continues after the household already on it; each move has its history and message.
    assert [row.waitlist_position for row in rows] == [None, None, None, 2, 3]
    assert already_waiting.waitlist_position == 1
    assert all(row.partner_id == round_.partner_id for row in rows[:3])
    assert [row.events.last().reason for row in rows] == [f"우선순위 {n}위" for n in range(1, 6)]
    assert [row.events.last().actor for row in rows] == [official] * 5
    assert Notification.objects.count() - notes_before == 5
    assert Notification.objects.filter(subject__contains="선정").count() >= 3
    assert DistrictQuota.objects.get(round=round_, district_id=GWANAK).filled == 3
    # Running again with nothing pending changes nothing.
    client.post(url, {"confirm": "yes"})
    assert DistrictQuota.objects.get(round=round_, district_id=GWANAK).filled == 3


def test_waitlist_page_lists_in_order(client, official, round_):
    first, second = apply_as_citizen(round_), apply_as_citizen(round_)
    services.waitlist(actor=official, application=second)
    services.waitlist(actor=official, application=first)
    body = text(client.get(reverse("doorguard:district-waitlist")))
    assert body.index(application_number(second.pk)) < body.index(application_number(first.pk))


# --- one application -------------------------------------------------------------------------


def test_detail_shows_facts_eligibility_and_history(client, official, round_):
    application = apply_as_citizen(round_)
    body = text(client.get(reverse("doorguard:district-application", args=[application.pk])))
    assert "자격 있음" in body
    assert "혼자 사는지(1인가구)" in body
    assert "개인정보 수집" in body  # the consents given online
    assert "접수" in body


def test_reject_without_a_reason_is_a_400_and_changes_nothing(client, official, round_):
    application = apply_as_citizen(round_)
    url = reverse("doorguard:district-decide", args=[application.pk])
    response = client.post(url, {"action": "reject", "reason": "  "})
    assert response.status_code == 400
    assert "미선정 사유를 입력해 주세요" in text(response)
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    response = client.post(url, {"action": "reject", "reason": "주소지 확인 결과 1인가구가 아님"}, follow=True)
    application.refresh_from_db()
    assert application.status == S.REJECTED
    assert "미선정으로 처리했습니다" in text(response)


def test_select_waitlist_and_a_full_quota(client, official, partner):
    round_ = make_round(partner=partner, quotas={GWANAK: 1})
    first, second = apply_as_citizen(round_), apply_as_citizen(round_)
    decide = lambda a, **data: client.post(reverse("doorguard:district-decide", args=[a.pk]), data)  # noqa: E731
    assert decide(first, action="select").status_code == 302
    response = decide(second, action="select")
    assert response.status_code == 400
    assert "정원 1명이 모두 찼습니다" in text(response)
    assert decide(second, action="waitlist").status_code == 302
    second.refresh_from_db()
    assert (second.status, second.waitlist_position) == (S.WAITLISTED, 1)
    assert decide(second, action="launch").status_code == 400


def test_priority_facts_are_saved_and_checked(client, official, round_):
    application = apply_as_citizen(round_)
    url = reverse("doorguard:district-priority", args=[application.pk])
    response = client.post(url, {"committee_score": "120"})
    assert response.status_code == 400
    assert "0~100점" in text(response)
    assert client.post(url, {"committee_score": "42.5", "high_risk_area": "on"}).status_code == 302
    application.refresh_from_db()
    assert (float(application.committee_score), application.high_risk_area) == (42.5, True)


def test_reveal_needs_a_reason_and_is_logged(client, official, round_):
    application = apply_as_citizen(round_, name="이보안", phone="010-7777-8888")
    url = reverse("doorguard:district-reveal", args=[application.pk])
    assert client.post(url, {"reveal-reason": ""}).status_code == 400
    assert PersonalDataAccess.objects.count() == 0
    response = client.post(url, {"reveal-reason": "설치 일정 안내 전화"})
    assert response.status_code == 200
    assert "이보안" in text(response) and "010-7777-8888" in text(response)
    assert response["Cache-Control"] == "no-store"
    log = PersonalDataAccess.objects.get()
    assert (log.actor, log.subject, log.reason) == (official, application.user, "설치 일정 안내 전화")


def test_another_districts_application_is_404(client, mapo_official, round_):
    application = apply_as_citizen(round_)
    client.force_login(mapo_official)
    assert client.get(reverse("doorguard:district-application", args=[application.pk])).status_code == 404
    response = client.post(reverse("doorguard:district-decide", args=[application.pk]), {"action": "select"})
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


# --- paper entry -----------------------------------------------------------------------------


def paper_data(**overrides):
    data = {
        "channel": "PAPER",
        "name": "최서면",
        "phone": "010-3333-4444",
        "birth_date": "1960-05-05",
        "sex": "F",
        "address": "서울특별시 관악구 남부순환로 1700, 2층",
        "housing_type": "BASEMENT",
        "paper_consent_on": datetime.date.today().isoformat(),
        "fact_lives_alone": "yes",
        "fact_registered_in_seoul": "yes",
    }
    data.update(overrides)
    return data


def test_paper_entry_stores_the_application(client, official, round_):
    url = reverse("doorguard:district-paper") + f"?round={round_.pk}"
    page = client.get(url)
    assert page.status_code == 200
    assert "서울 주민등록 여부" in text(page) or "혼자 사는지" in text(page)
    response = client.post(url, paper_data())
    assert response.status_code == 302
    application = Application.objects.get()
    assert (application.channel, application.entered_by, application.paper_consent_on) == (
        Channel.PAPER,
        official,
        datetime.date.today(),
    )
    assert response.url == reverse("doorguard:district-application", args=[application.pk])


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"paper_consent_on": ""}, "서면 동의서를 받은 날짜를 입력해 주세요"),
        ({"paper_consent_on": "2999-01-01"}, "서면 동의일은 오늘보다 뒤일 수 없습니다"),
        ({"birth_date": "2020-01-01"}, "만 18세 이상만 신청할 수 있습니다"),
        ({"birth_date": "1960-13-45"}, "생년월일을 YYYY-MM-DD 형식으로 입력해 주세요"),
        ({"phone": "12345"}, "010-1234-5678 형식"),
        ({"address": "경기도 성남시 분당구 판교역로 1, 101호"}, "서울시 밖의 주소입니다"),
        ({"fact_lives_alone": "no"}, "신청 자격이 되지 않습니다"),
        ({"fact_lives_alone": ""}, "‘혼자 사는지(1인가구)’을(를) 골라 주세요"),
        ({"channel": "ONLINE"}, "접수 경로를 골라 주세요"),
        ({"name": ""}, "이름을 입력해 주세요"),
    ],
)
def test_paper_entry_bad_inputs_are_refused_and_nothing_is_stored(client, official, round_, overrides, message):
    response = client.post(reverse("doorguard:district-paper") + f"?round={round_.pk}", paper_data(**overrides))
    assert response.status_code == 400
    assert message in text(response)
    assert Application.objects.count() == 0


def test_paper_entry_refuses_a_duplicate(client, official, round_):
    url = reverse("doorguard:district-paper") + f"?round={round_.pk}"
    assert client.post(url, paper_data()).status_code == 302
    response = client.post(url, paper_data(address="서울특별시 관악구 관악로 1, 3층"))
    assert response.status_code == 400
    assert "한 사람은 하나만 신청할 수 있습니다" in text(response)
    assert Application.objects.count() == 1


# --- exports ---------------------------------------------------------------------------------


def sheet_rows(response):
    book = load_workbook(io.BytesIO(response.content))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def test_queue_export_is_masked_unless_a_reason_is_logged(client, official, round_):
    application = apply_as_citizen(round_, name="정엑셀", phone="010-9999-1111")
    url = reverse("doorguard:district-export") + f"?round={round_.pk}"
    masked = client.get(url)
    assert masked.status_code == 200
    rows = sheet_rows(masked)
    assert rows[0][:3] == ["신청번호", "이름", "휴대전화"]
    assert rows[1][:3] == [application_number(application.pk), "정*셀", "010-****-1111"]
    assert PersonalDataAccess.objects.count() == 0
    refused = client.post(url, {"export-reason": ""})
    assert refused.status_code == 400
    assert "사유를 입력해 주세요" in text(refused)
    full = client.post(url, {"export-reason": "보안업체 설치 일정 조율"})
    assert full.status_code == 200
    assert sheet_rows(full)[1][:3] == [application_number(application.pk), "정엑셀", "010-9999-1111"]
    assert PersonalDataAccess.objects.filter(actor=official, reason="보안업체 설치 일정 조율").count() == 1


# --- settlement ------------------------------------------------------------------------------


@pytest.fixture
def subscription(round_, official, partner):
    application = services.select(actor=official, application=apply_as_citizen(round_, name="한정산"))
    Application.objects.filter(pk=application.pk).update(status=S.INSTALLED)
    return Subscription.objects.create(
        application=application,
        district_id=GWANAK,
        partner=partner,
        person_key=application.person_key,
        address_key=application.address_key,
        start_date=datetime.date(2025, 9, 15),
        term_end=datetime.date(2028, 9, 14),
        monthly_price=9_900,
        city_share=8_900,
        resident_share=1_000,
        subsidy_months=12,
    )


def test_settlement_screen_confirm_and_xlsx(client, official, round_, subscription):
    url = reverse("doorguard:district-settlement") + f"?round={round_.pk}"
    page = client.get(f"{url}&year=2025&month=9")
    assert page.status_code == 200
    body = text(page)
    assert "8,900원 × 그 달 이용일수 ÷ 그 달의 날수" in body
    assert "4,746원" in body  # 8,900 × 16 / 30, rounded down
    assert "5,280원" in body and "534원" in body
    assert "한*산" in body
    response = client.post(url, {"year": "2025", "month": "9"})
    assert response.status_code == 302
    confirmed = Settlement.objects.get()
    assert (confirmed.subsidy, confirmed.billed, confirmed.confirmed_by) == (4746, 5280, official)
    again = client.post(url, {"year": "2025", "month": "9"})
    assert again.status_code == 400
    assert "이미 확정되었습니다" in text(again)
    xlsx = client.get(reverse("doorguard:district-settlement-xlsx") + f"?round={round_.pk}&year=2025&month=9")
    rows = sheet_rows(xlsx)
    line = next(row for row in rows if row[0] == application_number(subscription.application_id))
    assert line[1] == "한*산" and line[5:10] == [16, 5280, 4746, 534, 0]
    total = next(row for row in rows if row[0] == "합계")
    assert total[6:10] == [5280, 4746, 534, 0]


@pytest.mark.parametrize("query", ["year=2025&month=13", "year=abcd&month=1", "year=2025&month="])
def test_settlement_bad_month_is_a_korean_400(client, official, round_, query):
    response = client.get(reverse("doorguard:district-settlement") + f"?round={round_.pk}&{query}")
    assert response.status_code == 400
    assert "입력해 주세요" in text(response)


def test_a_running_month_cannot_be_confirmed(client, official, round_):
    today = datetime.date.today()
    url = reverse("doorguard:district-settlement") + f"?round={round_.pk}"
    response = client.post(url, {"year": today.year, "month": today.month})
    assert response.status_code == 400
    assert "끝나지 않은 달은 정산을 확정할 수 없습니다" in text(response)
