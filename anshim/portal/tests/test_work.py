"""내 업무: each role is offered exactly its back-office pages, and the hub itself is refused to others."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from anshim.accounts.models import Partner, Role
from anshim.accounts.tests.factories import PartnerFactory, UserFactory, grant
from anshim.companion.models import Companion
from anshim.programs.tests.factories import CenterFactory

pytestmark = pytest.mark.django_db

DG_CITY = {"doorguard:city-rounds"}
DG_DISTRICT = {"doorguard:district-queue", "doorguard:district-settlement"}
DG_PARTNER = {"doorguard:partner-worklist"}
CP_AGENCY = {"companion:dispatch-board", "companion:phone-book", "companion:settlement"}
PROGRAMS = {"programs:manage-list"}
ADMIN = {"admin:index"}


def _user(role: str):
    user = UserFactory(username=f"work-{role}")
    if role == "citizen":
        return user
    if role == "superuser":
        user.is_superuser = True
        user.is_staff = True
        user.save()
        return user
    if role == "city":
        grant(user, Role.CITY_OFFICIAL)
    elif role == "district":
        grant(user, Role.DISTRICT_OFFICIAL, district_id="11620")
    elif role == "center":
        grant(user, Role.CENTER_STAFF, center=CenterFactory(district_id="11620"))
    elif role == "security":
        grant(user, Role.PARTNER_STAFF, partner=PartnerFactory(kind=Partner.Kind.SECURITY))
    elif role == "agency":
        grant(user, Role.PARTNER_STAFF, partner=PartnerFactory(kind=Partner.Kind.COMPANION))
    elif role == "companion":
        Companion.objects.create(
            partner=PartnerFactory(kind=Partner.Kind.COMPANION),
            name="동행매니저",
            qualification="요양보호사",
            shift_start=datetime.time(7),
            shift_end=datetime.time(20),
            home_lat=37.48,
            home_lon=126.95,
            user=user,
        )
    elif role == "judge":
        grant(user, Role.JUDGE)
    user.refresh_from_db()
    return user


EXPECTED = {
    "citizen": set(),
    "judge": set(),
    # The security company's work list is the company's own; the city follows it on the dashboard.
    "city": DG_CITY | DG_DISTRICT | CP_AGENCY | PROGRAMS | ADMIN,
    "superuser": DG_CITY | DG_DISTRICT | DG_PARTNER | CP_AGENCY | PROGRAMS | ADMIN,
    "district": DG_DISTRICT | PROGRAMS | ADMIN,
    "center": PROGRAMS | ADMIN,
    "security": DG_PARTNER,
    "agency": CP_AGENCY,
    "companion": {"companion:work"},
}


@pytest.mark.parametrize(("role", "expected"), EXPECTED.items(), ids=EXPECTED.keys())
def test_each_role_is_offered_its_own_pages(client, role, expected):
    client.force_login(_user(role))
    response = client.get(reverse("portal:work"))
    if not expected:
        assert response.status_code == 403
        assert "내 업무" not in client.get(reverse("portal:home")).content.decode()
        return
    assert response.status_code == 200
    offered = {link.url_name for link in response.context["links"]}
    assert offered == expected
    body = response.content.decode()
    for name in expected:
        assert f'href="{reverse(name)}"' in body
    # Every offered page opens for this person: the hub never points at a refusal.
    for name in expected:
        assert client.get(reverse(name)).status_code == 200, name
    assert f'href="{reverse("portal:work")}"' in client.get(reverse("portal:home")).content.decode()


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("portal:work"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
