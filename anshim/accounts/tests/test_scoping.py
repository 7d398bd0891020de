"""Scopes as querysets and role groups: who sees which rows, and what a granted role brings."""

import pytest
from django.contrib.auth.models import Group

from anshim.accounts import staff_groups
from anshim.accounts.models import Role, StaffRole
from anshim.accounts.scoping import allowed_district_codes, scope_filter
from anshim.accounts.tests.factories import PartnerFactory, UserFactory, grant
from anshim.catalog.models import Policy
from anshim.catalog.tests.factories import PolicyFactory
from anshim.programs.models import Center, Program
from anshim.programs.tests.factories import CenterFactory, ProgramFactory

pytestmark = pytest.mark.django_db

GWANAK, GANGNAM = "11620", "11680"


@pytest.fixture
def rows():
    gwanak_center = CenterFactory(district_id=GWANAK)
    gangnam_center = CenterFactory(district_id=GANGNAM)
    return {
        "city_policy": PolicyFactory(district=None),
        "gwanak_policy": PolicyFactory(district_id=GWANAK),
        "gangnam_policy": PolicyFactory(district_id=GANGNAM),
        "gwanak_center": gwanak_center,
        "gangnam_center": gangnam_center,
        "gwanak_program": ProgramFactory(district_id=GWANAK, center=gwanak_center),
        "loose_program": ProgramFactory(district_id=GWANAK, center=None),
        "gangnam_program": ProgramFactory(district_id=GANGNAM, center=gangnam_center),
    }


def official(role, **scope):
    user = UserFactory()
    grant(user, role, **scope)
    user.refresh_from_db()
    return user


def test_city_officials_and_superusers_see_every_row(rows):
    for user in (official(Role.CITY_OFFICIAL), UserFactory(is_superuser=True)):
        assert scope_filter(user, Policy.objects.all()).count() == 3
        assert allowed_district_codes(user) is None


def test_a_district_official_sees_their_district_only_and_no_city_wide_rows(rows):
    user = official(Role.DISTRICT_OFFICIAL, district_id=GWANAK)
    assert set(scope_filter(user, Policy.objects.all(), center=None)) == {rows["gwanak_policy"]}
    assert set(scope_filter(user, Program.objects.all())) == {rows["gwanak_program"], rows["loose_program"]}
    assert set(scope_filter(user, Center.objects.all())) == {rows["gwanak_center"]}
    assert allowed_district_codes(user) == {GWANAK}


def test_rows_reached_through_a_centre_in_the_district_count(rows):
    # A programme filed under another district but run by a 관악 centre is 관악's too.
    odd = ProgramFactory(district_id=GANGNAM, center=rows["gwanak_center"])
    user = official(Role.DISTRICT_OFFICIAL, district_id=GWANAK)
    assert odd in scope_filter(user, Program.objects.all())


def test_centre_staff_see_their_centre_only(rows):
    user = official(Role.CENTER_STAFF, center=rows["gwanak_center"])
    assert set(scope_filter(user, Program.objects.all())) == {rows["gwanak_program"]}
    assert set(scope_filter(user, Center.objects.all())) == {rows["gwanak_center"]}
    assert scope_filter(user, Policy.objects.all(), center=None).count() == 0
    assert allowed_district_codes(user) == {GWANAK}


def test_partner_staff_see_rows_of_their_partner_where_the_caller_names_it(rows):
    partner = PartnerFactory()
    user = official(Role.PARTNER_STAFF, partner=partner)
    assert scope_filter(user, Program.objects.all()).count() == 0
    assert list(scope_filter(user, StaffRole.objects.all(), district=None, center=None, partner="partner")) == [
        user.staff_roles.get()
    ]


def test_no_role_and_signed_out_see_nothing(rows):
    from django.contrib.auth.models import AnonymousUser

    assert scope_filter(UserFactory(is_staff=True), Program.objects.all()).count() == 0
    assert scope_filter(AnonymousUser(), Program.objects.all()).count() == 0


@pytest.mark.parametrize(
    ("role", "scope", "is_staff"),
    [
        (Role.CITY_OFFICIAL, {}, True),
        (Role.DISTRICT_OFFICIAL, {"district_id": GWANAK}, True),
        (Role.JUDGE, {}, False),
        (Role.MENTOR, {}, False),
    ],
)
def test_granting_a_role_joins_its_group_and_sets_back_office_access(role, scope, is_staff):
    user = UserFactory()
    staff_role = grant(user, role, **scope)
    user.refresh_from_db()
    assert user.is_staff is is_staff
    assert list(user.groups.values_list("name", flat=True)) == [staff_groups.group_name(role)]
    staff_role.delete()
    user.refresh_from_db()
    assert not user.is_staff and not user.groups.exists()


def test_the_groups_hold_the_permissions_each_role_needs():
    groups = staff_groups.ensure_groups()

    def perms(role):
        return {f"{p.content_type.app_label}.{p.codename}" for p in groups[role].permissions.all()}

    district = perms(Role.DISTRICT_OFFICIAL)
    assert {"catalog.change_policy", "programs.add_program", "operations.view_gapcount"} <= district
    assert not district & {"content.add_notice", "accounts.change_user", "accounts.add_staffrole"}
    assert perms(Role.CENTER_STAFF) == {
        "programs.add_program",
        "programs.change_program",
        "programs.delete_program",
        "programs.view_program",
        "programs.change_center",
        "programs.view_center",
    }
    city = perms(Role.CITY_OFFICIAL)
    assert {"content.add_notice", "accounts.add_staffrole", "accounts.view_personaldataaccess"} <= city
    assert not any(name.startswith("auth.") for name in city)
    assert perms(Role.JUDGE) == set()


def test_a_superuser_keeps_back_office_access_when_a_role_is_removed():
    user = UserFactory(is_superuser=True, is_staff=True)
    grant(user, Role.JUDGE).delete()
    user.refresh_from_db()
    assert user.is_staff


def test_the_command_rebuilds_groups_and_memberships(capsys):
    from django.core.management import call_command

    user = UserFactory()
    grant(user, Role.CITY_OFFICIAL)
    Group.objects.all().delete()
    user.refresh_from_db()
    assert not user.groups.exists()
    call_command("sync_staff_groups")
    assert list(user.groups.values_list("name", flat=True)) == [staff_groups.group_name(Role.CITY_OFFICIAL)]
    assert "담당자 1명" in capsys.readouterr().out
