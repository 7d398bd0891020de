"""Scope matrix: another district's or another company's households are invisible, in selectors and the admin."""

import pytest
from django.contrib.auth.models import Permission

from anshim.accounts.tests.factories import UserFactory
from anshim.doorguard import selectors, services
from anshim.doorguard.tests.conftest import MAPO, apply_as_citizen, make_round
from anshim.geo.models import District

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(round_, other_partner, gwanak_official):
    """관악구: one pending, one selected (our company). 마포구: one pending. Another round: one selected for another company."""
    pending = apply_as_citizen(round_)
    selected = services.select(actor=gwanak_official, application=apply_as_citizen(round_))
    mapo = apply_as_citizen(round_, district=District.objects.get(pk=MAPO), address="서울 마포구 양화로 45, 2층")
    other_round = make_round(partner=other_partner)
    elsewhere = services.select(actor=gwanak_official, application=apply_as_citizen(other_round))
    return {"pending": pending, "selected": selected, "mapo": mapo, "elsewhere": elsewhere}


def visible(user) -> set[int]:
    return set(selectors.visible_applications(user).values_list("pk", flat=True))


def test_who_sees_which_applications(world, city_official, gwanak_official, mapo_official, installer, other_installer):
    everyone = {application.pk for application in world.values()}
    assert visible(city_official) == everyone
    assert visible(gwanak_official) == {world["pending"].pk, world["selected"].pk, world["elsewhere"].pk}
    assert visible(mapo_official) == {world["mapo"].pk}
    # The company sees only households selected for it — never the queue, never another company's.
    assert visible(installer) == {world["selected"].pk}
    assert visible(other_installer) == {world["elsewhere"].pk}
    assert visible(UserFactory()) == set()
    assert set(selectors.partner_worklist(installer).values_list("pk", flat=True)) == {world["selected"].pk}
    assert not selectors.partner_worklist(gwanak_official).exists()


def test_a_resident_sees_only_their_own(world):
    resident = world["pending"].user
    assert list(selectors.my_applications(resident)) == [world["pending"]]


def test_the_district_queue_is_the_districts_pending_applications(world, round_, gwanak_official, mapo_official):
    assert list(selectors.district_queue(gwanak_official, round=round_)) == [world["pending"]]
    assert list(selectors.district_queue(mapo_official, round=round_)) == [world["mapo"]]
    assert not selectors.district_queue(mapo_official, round=round_, district_code="11620").exists()


def test_quotas_and_subscriptions_are_scoped_too(world, round_, gwanak_official, mapo_official):
    assert set(selectors.visible_quotas(mapo_official).values_list("district_id", flat=True)) == {MAPO}
    assert not selectors.visible_subscriptions(mapo_official).exists()


def test_the_admin_lists_only_the_officials_district_masked_and_refuses_another(
    client, world, gwanak_official, mapo_official
):
    view = Permission.objects.get(codename="view_application", content_type__app_label="doorguard")
    mapo_official.user_permissions.add(view)
    mapo_official.is_staff = True
    mapo_official.save()
    client.force_login(mapo_official)
    page = client.get("/admin/doorguard/application/")
    assert page.status_code == 200
    body = page.content.decode()
    mapo_name = world["mapo"].name
    assert f"{mapo_name[0]}*" in body and mapo_name not in body
    assert world["pending"].name[0] + "*" * (len(world["pending"].name) - 2) + world["pending"].name[-1] not in body
    assert client.get(f"/admin/doorguard/application/{world['mapo'].pk}/change/").status_code == 200
    assert client.get(f"/admin/doorguard/application/{world['pending'].pk}/change/").status_code == 403
