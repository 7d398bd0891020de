"""The city's pages: rounds set up through the services, the quota split, the dashboard and the settlement workbook."""

import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from anshim.accounts.models import User
from anshim.doorguard import quota, services, settlement
from anshim.doorguard.models import Application, DistrictQuota, Round, SelectionMethod, Subscription
from anshim.doorguard.tests.conftest import GWANAK, MAPO, apply_as_citizen, make_round
from anshim.eligibility.examples import DOORGUARD_2021
from anshim.geo.models import District

pytestmark = pytest.mark.django_db


def round_post(partner, **changes) -> dict:
    data = {
        "year": "2027",
        "name": "2027 안전 도어지킴이",
        "policy": "",
        "partner": str(partner.pk),
        "rule": json.dumps(DOORGUARD_2021.rule, ensure_ascii=False),
        "default_method": "FIRST_COME",
        "priority_weights": "",
        "monthly_price": "9900",
        "market_price": "18750",
        "city_share": "8900",
        "resident_share": "1000",
        "subsidy_months": "12",
        "term_months": "36",
        "early_cancel_fee": "50000",
        "move_fee": "30000",
        "budget": "380000000",
        "city_quota": "3000",
        "opens_on": "2027-03-01",
        "closes_on": "2027-03-31",
    }
    data.update(changes)
    return data


def test_the_city_creates_a_round_and_is_sent_to_split_its_quota(client, city_official, partner):
    client.force_login(city_official)
    assert client.get(reverse("doorguard:city-round-new")).status_code == 200
    response = client.post(reverse("doorguard:city-round-new"), round_post(partner))
    round_ = Round.objects.get(name="2027 안전 도어지킴이")
    assert response.status_code == 302
    assert response.url == reverse("doorguard:city-quotas", args=[round_.pk])
    assert round_.rule == DOORGUARD_2021.rule
    assert (round_.budget, round_.city_quota, round_.partner) == (380_000_000, 3000, partner)
    listing = client.get(reverse("doorguard:city-rounds")).content.decode()
    assert "2027 안전 도어지킴이" in listing and "380,000,000" in listing


def test_the_round_list_counts_applications_and_assigned_places(client, city_official, round_):
    for _ in range(3):
        apply_as_citizen(round_)
    client.force_login(city_official)
    response = client.get(reverse("doorguard:city-rounds"))
    listed = {row.pk: row for row in response.context["rounds"]}
    # make_round splits 5 places (관악 3, 마포 2); three people applied.
    assert (listed[round_.pk].application_count, listed[round_.pk].quota_sum) == (3, 5)


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (
            '{"all": [{"fact": "age", "op": "greater", "value": 18}]}',
            "$.all[0].op: 알 수 없는 연산 &#x27;greater&#x27;",
        ),
        ('{"all": [', "$: 올바른 JSON이 아닙니다 (1번째 줄 10번째 글자)"),
        ("[1, 2]", "$: 규칙은 {&quot;all&quot;: [...]}처럼 중괄호로 시작하는 JSON 객체여야 합니다"),
    ],
)
def test_a_bad_rule_comes_back_with_its_json_path_in_korean(client, city_official, partner, rule, message):
    client.force_login(city_official)
    response = client.post(reverse("doorguard:city-round-new"), round_post(partner, rule=rule))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Round.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"resident_share": "2000"}, "시 보조금과 자부담의 합이 월 이용료와 같아야 합니다"),
        ({"closes_on": "2027-02-01"}, "신청 마감일은 시작일 이후여야 합니다"),
        ({"priority_weights": '{"tall": 3}'}, "알 수 없는 우선순위 항목입니다: tall"),
        ({"budget": "삼억"}, "예산은(는) 숫자로 입력해 주세요"),
    ],
)
def test_other_bad_round_inputs_are_refused_in_korean(client, city_official, partner, changes, message):
    client.force_login(city_official)
    response = client.post(reverse("doorguard:city-round-new"), round_post(partner, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Round.objects.exists()


def test_a_round_with_applications_keeps_its_terms_but_its_name_can_change(client, city_official, round_, partner):
    apply_as_citizen(round_)
    client.force_login(city_official)
    url = reverse("doorguard:city-round-edit", args=[round_.pk])
    page = client.get(url).content.decode()
    assert "이미 신청이 접수되어" in page
    posted = round_post(
        partner,
        name="이름을 바꾼 차수",
        year=str(round_.year),
        monthly_price="12000",
        city_share="11000",
        opens_on=round_.opens_on.isoformat(),
        closes_on=(round_.closes_on + datetime.timedelta(days=7)).isoformat(),
    )
    response = client.post(url, posted)
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.name == "이름을 바꾼 차수"
    assert round_.closes_on == timezone.localdate() + datetime.timedelta(days=37)
    assert (round_.monthly_price, round_.city_share) == (9900, 8900), "prices are locked once people applied"


def test_the_edit_service_refuses_a_locked_field(city_official, round_):
    apply_as_citizen(round_)
    with pytest.raises(services.ValidationError) as excinfo:
        services.update_round(actor=city_official, round=round_, city_share=7900, resident_share=2000)
    assert "신청이 접수된 차수는 다음 항목을 바꿀 수 없습니다" in " ".join(excinfo.value.messages)


def test_the_quota_is_split_by_single_households(client, city_official, partner):
    round_ = make_round(partner=partner, quotas={}, city_quota=3000)
    client.force_login(city_official)
    url = reverse("doorguard:city-quotas", args=[round_.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "split", "method": "COMMITTEE"})
    assert response.status_code == 302
    rows = {row.district_id: row for row in DistrictQuota.objects.filter(round=round_)}
    assert len(rows) == 25
    assert sum(row.quota for row in rows.values()) == 3000
    assert {row.district_id: row.quota for row in rows.values()} == quota.split_by_single_households(3000)
    assert {row.method for row in rows.values()} == {SelectionMethod.COMMITTEE}


def manual_post(round_, places: dict[str, int], methods: dict[str, str] | None = None) -> dict:
    data = {"action": "save"}
    for district in District.objects.all():
        data[f"quota_{district.code}"] = str(places.get(district.code, 0))
        data[f"method_{district.code}"] = (methods or {}).get(district.code, "FIRST_COME")
    return data


def test_a_hand_split_that_does_not_add_up_says_by_how_much(client, city_official, partner):
    round_ = make_round(partner=partner, quotas={}, city_quota=100)
    client.force_login(city_official)
    url = reverse("doorguard:city-quotas", args=[round_.pk])
    response = client.post(url, manual_post(round_, {GWANAK: 60, MAPO: 47}))
    assert response.status_code == 400
    assert "전체 정원 100명보다 7명 많습니다" in response.content.decode()
    response = client.post(url, manual_post(round_, {GWANAK: 60, MAPO: 30}))
    assert response.status_code == 400
    assert "10명 적습니다" in response.content.decode()
    response = client.post(url, manual_post(round_, {GWANAK: -1, MAPO: 101}))
    assert response.status_code == 400
    assert "관악구 정원은 0 이상의 정수로 입력해 주세요" in response.content.decode()
    # make_round's own split (관악 3, 마포 2) is still all there is.
    assert dict(DistrictQuota.objects.filter(round=round_).values_list("district_id", "quota")) == {GWANAK: 3, MAPO: 2}


def test_a_hand_split_saves_each_districts_method(client, city_official, partner):
    round_ = make_round(partner=partner, quotas={}, city_quota=100)
    client.force_login(city_official)
    url = reverse("doorguard:city-quotas", args=[round_.pk])
    response = client.post(url, manual_post(round_, {GWANAK: 70, MAPO: 30}, {MAPO: "COMMITTEE"}))
    assert response.status_code == 302
    rows = {row.district_id: row for row in DistrictQuota.objects.filter(round=round_)}
    assert (rows[GWANAK].quota, rows[GWANAK].method) == (70, "FIRST_COME")
    assert (rows[MAPO].quota, rows[MAPO].method) == (30, "COMMITTEE")


def test_a_quota_below_the_places_already_filled_is_refused(client, city_official, round_, gwanak_official):
    services.select(actor=gwanak_official, application=apply_as_citizen(round_))
    services.select(actor=gwanak_official, application=apply_as_citizen(round_))
    round_.city_quota = 5
    round_.save()
    client.force_login(city_official)
    response = client.post(
        reverse("doorguard:city-quotas", args=[round_.pk]), manual_post(round_, {GWANAK: 1, MAPO: 4})
    )
    assert response.status_code == 400
    assert "이미 2명을 선정해 정원을 1명으로 줄일 수 없습니다" in response.content.decode()
    assert DistrictQuota.objects.get(round=round_, district_id=GWANAK).quota == 3


# --- the dashboard against a case worked out by hand ----------------------------------------------


def install(application, *, installer, start: datetime.date) -> Subscription:
    services.schedule_installation(
        actor=installer, application=application, scheduled_for=timezone.now() + datetime.timedelta(hours=1)
    )
    services.record_installation(actor=installer, application=application, installed_at=timezone.now())
    Subscription.objects.filter(application=application).update(
        start_date=start, term_end=settlement.term_last_day(start, 36)
    )
    return Subscription.objects.get(application=application)


@pytest.fixture
def small_case(round_, gwanak_official, mapo_official, installer):
    """관악: A installed 15 Jan 2026, B selected, C pending. 마포: D installed 1 Feb 2026 and cancelled 28 Feb, E rejected."""
    mapo = District.objects.get(pk=MAPO)
    a = services.select(actor=gwanak_official, application=apply_as_citizen(round_))
    install(a, installer=installer, start=datetime.date(2026, 1, 15))
    services.select(actor=gwanak_official, application=apply_as_citizen(round_))
    apply_as_citizen(round_)
    d = services.select(
        actor=mapo_official,
        application=apply_as_citizen(round_, district=mapo, address="서울 마포구 양화로 45, 2층"),
    )
    sub_d = install(d, installer=installer, start=datetime.date(2026, 2, 1))
    services.cancel_subscription(actor=mapo_official, subscription=sub_d, ended_on=datetime.date(2026, 2, 28))
    services.reject(
        actor=mapo_official,
        application=apply_as_citizen(round_, district=mapo, address="서울 마포구 양화로 46, 3층"),
        reason="서류 미비",
    )
    return round_


def cells(row) -> list[str]:
    return [cell.strip() for cell in row]


def test_the_dashboard_shows_each_districts_figures_and_the_budget(client, city_official, small_case):
    client.force_login(city_official)
    response = client.get(reverse("doorguard:city-dashboard", args=[small_case.pk]), {"month": "2026-03"})
    assert response.status_code == 200
    rows = {row["district"].pk: row for row in response.context["rows"]}
    # 관악 A: Jan 15–31 = 8,900 × 17 / 31 = 4,880 (rounded down), then 8,900 for Feb and for March.
    assert {k: rows[GWANAK][k] for k in ("applied", "selected", "installed", "active", "cancelled")} == {
        "applied": 3,
        "selected": 2,
        "installed": 1,
        "active": 1,
        "cancelled": 0,
    }
    assert (rows[GWANAK]["subsidy_month"], rows[GWANAK]["subsidy_paid"]) == (8_900, 4_880 + 8_900 + 8_900)
    # 마포 D: all of February (8,900), cancelled on its last day; nothing in March.
    assert {k: rows[MAPO][k] for k in ("applied", "selected", "installed", "active", "cancelled")} == {
        "applied": 2,
        "selected": 0,
        "installed": 1,
        "active": 0,
        "cancelled": 1,
    }
    assert (rows[MAPO]["subsidy_month"], rows[MAPO]["subsidy_paid"]) == (0, 8_900)
    totals = response.context["totals"]
    assert (totals["applied"], totals["installed"], totals["subsidy_paid"]) == (5, 2, 31_580)
    assert response.context["budget_used"] == 31_580
    text = response.content.decode()
    assert "보조금 누계 31,580원 / 예산 380,000,000원" in text
    assert 'max="380000000" value="31580"' in text


def test_a_bad_month_is_refused_in_korean(client, city_official, small_case):
    client.force_login(city_official)
    response = client.get(reverse("doorguard:city-dashboard", args=[small_case.pk]), {"month": "2026-13"})
    assert response.status_code == 400
    assert "정산월을 YYYY-MM 형식으로 골라 주세요" in response.content.decode()
    response = client.get(reverse("doorguard:city-settlement-xlsx", args=[small_case.pk]), {"month": "어제"})
    assert response.status_code == 400


def test_the_settlement_workbook_has_every_district_and_the_total(client, city_official, small_case):
    client.force_login(city_official)
    response = client.get(reverse("doorguard:city-settlement-xlsx", args=[small_case.pk]), {"month": "2026-02"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('202602.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "자치구"
    by_name = {row[0]: row for row in rows[2:] if row and row[0]}
    # February: both households for the whole month; 마포 ended on the 28th with the 50,000 cancellation fee.
    assert by_name["관악구"][1:] == (1, 1, 9_900, 8_900, 1_000, 0, 0)
    assert by_name["마포구"][1:] == (1, 1, 9_900, 8_900, 1_000, 1, 50_000)
    assert by_name["합계"][1:] == (2, 2, 19_800, 17_800, 2_000, 1, 50_000)
    assert by_name["예산(원)"][1] == 380_000_000


# --- the demo ------------------------------------------------------------------------------------


def test_the_demo_round_has_households_in_every_state_and_the_citizen_is_installed(client):
    from anshim.portal.demo.doorguard import delete_doorguard_demo, load_doorguard_demo
    from anshim.portal.demo.people import load_people
    from anshim.programs.tests.factories import CenterFactory

    anchor = datetime.date(2026, 9, 15)
    CenterFactory(district_id="11680")  # the demo centre staff's 강남 centre
    load_people(today=anchor)
    summary = load_doorguard_demo(anchor=anchor, seed=7)
    round_ = Round.objects.get(pk=summary.round_id)
    assert (round_.year, round_.budget, round_.city_quota, round_.partner.name) == (
        2026,
        380_000_000,
        3000,
        "안심보안 주식회사",
    )
    assert round_.rule == DOORGUARD_2021.rule
    quotas = dict(DistrictQuota.objects.filter(round=round_).values_list("district_id", "quota"))
    assert quotas == quota.split_by_single_households(3000)
    expected = {"SUBMITTED", "REVIEWING", "SELECTED", "SCHEDULED", "INSTALL_FAILED", "INSTALLED", "CANCELLED",
                "WAITLISTED", "REJECTED", "ENDED"}  # fmt: skip
    assert set(summary.statuses) == expected
    assert 180 <= summary.applications <= 211
    assert summary.statuses["INSTALLED"] >= 50
    assert summary.citizen_subscribed
    assert Subscription.objects.get(application__user__username="citizen").status == "ACTIVE"
    # Every state was reached through the services: each application has its history.
    assert not Application.objects.filter(round=round_, events__isnull=True).exists()
    # The same anchor and seed give the same households.
    first = sorted(Application.objects.filter(round=round_).values_list("name", "status", "submitted_at"))
    delete_doorguard_demo()
    assert not Round.objects.exists()
    again = load_doorguard_demo(anchor=anchor, seed=7)
    assert (
        sorted(Application.objects.filter(round_id=again.round_id).values_list("name", "status", "submitted_at"))
        == first
    )
    # The security company sees its upcoming visits; the city sees the figures.
    client.force_login(User.objects.get(username="security"))
    assert "설치할 가구" in client.get(reverse("doorguard:partner-worklist")).content.decode()
    client.force_login(User.objects.get(username="city"))
    response = client.get(reverse("doorguard:city-dashboard", args=[again.round_id]), {"month": "2026-09"})
    assert response.context["totals"]["applied"] == again.applications
    assert response.context["budget_used"] > 0


def test_a_missing_round_field_is_named_in_korean(client, city_official, partner):
    client.force_login(city_official)
    response = client.post(reverse("doorguard:city-round-new"), round_post(partner, name="", budget=""))
    assert response.status_code == 400
    text = response.content.decode()
    assert "차수 이름을(를) 입력해 주세요" in text and "예산을(를) 입력해 주세요" in text
    assert not Round.objects.exists()
