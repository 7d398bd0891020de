"""The 개인정보 접속기록 in the back office: city officials search it by who, whose, what, why and
a date range, and exporting it needs a reason and is itself written to the log."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from anshim.accounts.models import PersonalDataAccess, Role
from anshim.accounts.services import record_access
from anshim.accounts.tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db

URL = reverse("admin:accounts_personaldataaccess_changelist")


@pytest.fixture
def log():
    citizen = UserFactory(email="kim@example.kr")
    lee, park = UserFactory(username="district-lee"), UserFactory(username="center-park")
    old = record_access(actor=lee, subject=citizen, what="연락처", reason="프로그램 안내 전화")
    PersonalDataAccess.objects.filter(pk=old.pk).update(
        accessed_at=timezone.make_aware(datetime.datetime(2026, 1, 10, 10, 0))
    )
    record_access(actor=park, subject="전화 신청자", what="주소", reason='=HYPERLINK("http://x")')
    return {"lee": lee, "park": park}


@pytest.fixture
def city_client(client):
    official = UserFactory(username="city-kang")
    grant(official, Role.CITY_OFFICIAL)
    client.force_login(official)
    return client


def listed(response) -> list[str]:
    return [entry.what for entry in response.context["cl"].result_list]


def test_search_by_reason_and_item(city_client, log):
    assert listed(city_client.get(URL, {"q": "프로그램 안내"})) == ["연락처"]
    assert listed(city_client.get(URL, {"q": "주소"})) == ["주소"]


def test_filter_by_actor_and_by_a_date_range(city_client, log):
    assert listed(city_client.get(URL, {"actor__id__exact": log["lee"].pk})) == ["연락처"]
    january = {"accessed_at__date__gte": "2026-01-01", "accessed_at__date__lte": "2026-01-31"}
    assert listed(city_client.get(URL, january)) == ["연락처"]
    today = timezone.localdate().isoformat()
    assert listed(city_client.get(URL, {"accessed_at__date__gte": today})) == ["주소"]
    page = city_client.get(URL, january).content.decode()
    assert 'name="accessed_at__date__gte"' in page and 'value="2026-01-01"' in page


def test_a_malformed_date_does_not_break_the_page(city_client, log):
    response = city_client.get(URL, {"accessed_at__date__gte": "어제"})
    # Django's admin answers a bad filter by reloading the list without it (?e=1).
    assert response.status_code == 302 and "e=1" in response.url


def test_export_needs_a_reason_and_is_logged(city_client, log):
    ids = list(PersonalDataAccess.objects.values_list("pk", flat=True))
    refused = city_client.post(URL, {"action": "export_csv", "_selected_action": ids, "reason": ""}, follow=True)
    assert "접속기록을 내보내는 사유를 입력해 주세요." in refused.content.decode()
    assert PersonalDataAccess.objects.count() == 2

    response = city_client.post(URL, {"action": "export_csv", "_selected_action": ids, "reason": "분기 점검"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["일시", "조회자", "정보주체", "조회 항목", "사유"]
    assert {row[3] for row in rows[1:]} == {"연락처", "주소"}
    # A value that a spreadsheet would run as a formula is written as text.
    assert '\'=HYPERLINK("http://x")' in [row[4] for row in rows[1:]]
    logged = PersonalDataAccess.objects.get(what="개인정보 접속기록 내보내기(csv)")
    assert logged.actor.username == "city-kang"
    assert logged.reason == "분기 점검" and logged.subject_label == "개인정보 접속기록 2건"


@pytest.mark.parametrize("role", [Role.DISTRICT_OFFICIAL, Role.CENTER_STAFF])
def test_nobody_else_can_search_or_export(client, log, role):
    from anshim.programs.tests.factories import CenterFactory

    official = UserFactory()
    scope = {"district_id": "11620"} if role == Role.DISTRICT_OFFICIAL else {"center": CenterFactory()}
    grant(official, role, **scope)
    client.force_login(official)
    assert client.get(URL).status_code == 403
    ids = list(PersonalDataAccess.objects.values_list("pk", flat=True))
    response = client.post(URL, {"action": "export_csv", "_selected_action": ids, "reason": "궁금해서"})
    assert response.status_code == 403
    assert PersonalDataAccess.objects.count() == 2
