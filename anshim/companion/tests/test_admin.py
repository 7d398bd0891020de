"""The back office holds agency staff to their own agency and shows people masked."""

import pytest

from anshim.accounts.tests.factories import UserFactory
from anshim.companion.models import Companion

from .conftest import at, book_by_phone, make_companion

pytestmark = pytest.mark.django_db

NOW = at(2025, 3, 3, 8)


@pytest.fixture
def staff_coordinator(coordinator):
    # Agency staff reach /admin/ only where the accounts app makes them staff; here it is set by hand.
    coordinator.is_staff = True
    coordinator.save()
    return coordinator


def test_coordinator_sees_only_their_agencys_bookings_masked(
    client, staff_coordinator, agency, other_agency, other_coordinator
):
    book_by_phone(
        staff_coordinator, pickup_at=at(2025, 3, 4, 10), now=NOW, client_name="김우리", client_phone="010-1111-2222"
    )
    book_by_phone(
        other_coordinator, pickup_at=at(2025, 3, 4, 10), now=NOW, point=(37.5502, 126.9820), client_name="이남의"
    )
    client.force_login(staff_coordinator)
    page = client.get("/admin/companion/booking/").content.decode()
    assert "김*리" in page
    assert "김우리" not in page and "이*의" not in page and "010-1111-2222" not in page


def test_coordinator_manages_only_their_companions(client, staff_coordinator, agency, other_agency):
    mine = make_companion(agency, name="우리매니저")
    theirs = make_companion(other_agency, name="남의매니저")
    client.force_login(staff_coordinator)
    listing = client.get("/admin/companion/companion/").content.decode()
    assert "우리매니저" in listing and "남의매니저" not in listing
    assert client.get(f"/admin/companion/companion/{mine.pk}/change/").status_code == 200
    assert client.get(f"/admin/companion/companion/{theirs.pk}/change/").status_code == 403


def test_rule_versions_are_the_citys(client, staff_coordinator, city_official):
    city_official.is_staff = True
    city_official.save()
    client.force_login(staff_coordinator)
    assert client.get("/admin/companion/ruleset/").status_code == 403
    client.force_login(city_official)
    page = client.get("/admin/companion/ruleset/").content.decode()
    assert "2021 시범 운영" in page and "2025 병원 안심동행" in page


def test_no_access_for_a_resident(client, agency):
    client.force_login(UserFactory(is_staff=False))
    assert client.get("/admin/companion/booking/").status_code == 302
    assert Companion.objects.count() == 0


def test_a_change_to_a_rule_version_is_kept_in_the_change_history(seeds):
    from auditlog.models import LogEntry

    from anshim.companion.models import RuleSet

    rule_set = RuleSet.objects.get(name="2025 병원 안심동행")
    rule_set.late_cancel_fee = 15000
    rule_set.save()
    entry = LogEntry.objects.get_for_object(rule_set).latest("timestamp")
    assert entry.changes_dict["late_cancel_fee"] == ["13000", "15000"]
