"""월 정산 on a small case computed by hand: per agency and district, fees, cost against the budget,
demand by hour and the xlsx; the city sees every agency, a coordinator only theirs."""

import datetime
import io
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from anshim.companion import services
from anshim.companion.tests._dispatch_world import at_local, book_on, done_job, workers
from anshim.companion.tests.conftest import MAPO_POINT, make_companion

pytestmark = pytest.mark.django_db

URL = reverse("companion:settlement")
XLSX = reverse("companion:settlement-xlsx")


@pytest.fixture
def month_case(agency, other_agency, coordinator, other_coordinator):
    """Yesterday in 관악 10:00–12:00 (120 min: 10,000원), in 마포 10:00–11:00 (5,000원), one same-day
    cancellation asked for by the person (13,000원); the other agency: 용산 10:00–11:00 (5,000원).
    The city's cost per record is minutes × 20,000/60 − fee: 30,000 + 15,000 (+ 15,000 for the other)."""
    day = timezone.localdate() - datetime.timedelta(days=1)
    team = workers(agency)
    gwanak = done_job(coordinator, team.ahn, day)
    mapo = done_job(coordinator, team.bae, day, point=MAPO_POINT)
    services.record_service(
        actor=team.ahn.user, booking=gwanak, met_at=at_local(day, 10), returned_at=at_local(day, 12)
    )
    services.record_service(actor=team.bae.user, booking=mapo, met_at=at_local(day, 10), returned_at=at_local(day, 11))
    cancelled = book_on(coordinator, day, 10)
    services.cancel(
        actor=coordinator, booking=cancelled, reason="이용자 요청", client_request=True, now=at_local(day, 8)
    )
    from anshim.accounts.tests.factories import UserFactory

    other = make_companion(other_agency, name="용산매니저", point=(37.5311, 126.9810), user=UserFactory())
    yongsan = done_job(other_coordinator, other, day, point=(37.5311, 126.9810))
    services.record_service(actor=other.user, booking=yongsan, met_at=at_local(day, 10), returned_at=at_local(day, 11))
    return f"{day:%Y-%m}"


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_city_sees_every_agency_with_hand_computed_figures(client, city_official, month_case):
    client.force_login(city_official)
    response = client.get(URL, {"month": month_case})
    assert response.status_code == 200
    body = text(response)
    assert "시험 동행기관 2 3.0 0 15,000 1 13,000 28,000" in body
    assert "다른 동행기관 1 1.0 0 5,000 0 0 5,000" in body
    assert "관악구 1 2.0 0 10,000 1 13,000 23,000" in body
    assert "마포구 1 1.0 0 5,000 0 0 5,000" in body
    assert "합계 3 4.0 0 20,000 1 13,000 33,000" in body
    assert "60,000원" in body  # this month's cost to the city
    assert "올해 누적 60,000원 / 연간 예산 342,000,000원 (0.0%)" in body
    chart = json.loads(re.search(r'id="demand-data"[^>]*>(.*?)</script>', response.content.decode()).group(1))
    assert chart["labels"][0] == "07:00" and chart["labels"][-1] == "20:00"
    assert chart["counts"][3] == 4  # 10:00, cancelled one included
    assert chart["peak"] == [False, False] + [True] * 9 + [False] * 3


def test_a_coordinator_sees_only_their_agency(client, coordinator, month_case):
    client.force_login(coordinator)
    body = text(client.get(URL, {"month": month_case}))
    assert "시험 동행기관 2 3.0" in body
    assert "다른 동행기관" not in body and "용산구" not in body
    assert "45,000원" in body


def test_a_coordinator_asking_for_another_agency_gets_404(client, coordinator, other_agency, month_case):
    client.force_login(coordinator)
    assert client.get(URL, {"month": month_case, "agency": other_agency.pk}).status_code == 404
    assert client.get(XLSX, {"month": month_case, "agency": other_agency.pk}).status_code == 404


def test_bad_month_is_400_in_korean(client, city_official):
    client.force_login(city_official)
    response = client.get(URL, {"month": "2026-13"})
    assert response.status_code == 400
    assert "정산 월을 2026-05처럼 입력해 주세요" in response.content.decode()
    assert client.get(XLSX, {"month": "지난달"}).status_code == 400


def test_xlsx_export(client, city_official, month_case):
    client.force_login(city_official)
    response = client.get(XLSX, {"month": month_case})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["기관별", "자치구별", "시간대별 요청", "예산"]
    rows = list(book["기관별"].values)
    assert rows[0][0] == "구분"
    assert rows[-1] == ("합계", 3, 4.0, 0, 20_000, 1, 13_000, 33_000)
    assert ("10:00", 4) in list(book["시간대별 요청"].values)
    assert ("이달 시 부담 비용", 60_000) in list(book["예산"].values)
