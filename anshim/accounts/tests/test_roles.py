"""Roles, their scopes and the object rules, as a matrix over every role."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from anshim.accounts import permissions
from anshim.accounts.models import SCOPE_BY_ROLE, Role, StaffRole
from anshim.accounts.tests.factories import PartnerFactory, UserFactory, grant
from anshim.geo.models import District
from anshim.programs.tests.factories import CenterFactory, ProgramFactory

pytestmark = pytest.mark.django_db

GWANAK, MAPO = "11620", "11440"


@pytest.fixture
def scopes():
    return {
        "district": District.objects.get(pk=GWANAK),
        "center": CenterFactory(district_id=GWANAK),
        "partner": PartnerFactory(),
    }


@pytest.mark.parametrize("role", Role.values)
def test_each_role_takes_exactly_its_own_scope(role, scopes):
    needed = SCOPE_BY_ROLE[role]
    user = UserFactory()
    assert grant(user, role, **({needed: scopes[needed]} if needed else {})).scope == (
        scopes[needed] if needed else None
    )
    if needed:
        with pytest.raises(ValidationError) as missing:
            StaffRole(user=user, role=role).full_clean()
        assert "지정해야 합니다" in missing.value.message_dict[needed][0]
    for extra in {"district", "center", "partner"} - {needed}:
        scope = {extra: scopes[extra]} | ({needed: scopes[needed]} if needed else {})
        with pytest.raises(ValidationError) as surplus:
            StaffRole(user=user, role=role, **scope).full_clean()
        assert "지정할 수 없습니다" in surplus.value.message_dict[extra][0]


def test_the_database_refuses_a_role_without_its_scope():
    with pytest.raises(IntegrityError), transaction.atomic():
        StaffRole.objects.create(user=UserFactory(), role=Role.DISTRICT_OFFICIAL)


@pytest.fixture
def staff(scopes):
    """One user per role, scoped to 관악구, its centre or the partner."""
    people = {}
    for role in Role.values:
        needed = SCOPE_BY_ROLE[role]
        people[role] = UserFactory(is_staff=True)
        grant(people[role], role, **({needed: scopes[needed]} if needed else {}))
    people["CITIZEN"] = UserFactory()
    return people


ROLE_PREDICATES = {
    "is_city_official": Role.CITY_OFFICIAL,
    "is_district_official": Role.DISTRICT_OFFICIAL,
    "is_center_staff": Role.CENTER_STAFF,
    "is_partner_staff": Role.PARTNER_STAFF,
    "is_judge": Role.JUDGE,
    "is_guard": Role.GUARD,
    "is_mentor": Role.MENTOR,
}


@pytest.mark.parametrize("predicate", ROLE_PREDICATES)
def test_role_predicates_are_true_only_for_their_role(predicate, staff):
    holders = {name for name, user in staff.items() if getattr(permissions, predicate)(user)}
    assert holders == {ROLE_PREDICATES[predicate]}


# Who is inside the scope of what: (predicate, object key) → the roles for which it holds.
SCOPE_MATRIX = {
    ("same_district", "gwanak"): {Role.DISTRICT_OFFICIAL, Role.GUARD},
    ("same_district", "gwanak_center"): {Role.DISTRICT_OFFICIAL, Role.GUARD},
    ("same_district", "gwanak_program"): {Role.DISTRICT_OFFICIAL, Role.GUARD},
    ("same_district", "mapo"): set(),
    ("same_district", "mapo_program"): set(),
    ("same_center", "gwanak_center"): {Role.CENTER_STAFF},
    ("same_center", "gwanak_program"): {Role.CENTER_STAFF},
    ("same_center", "other_gwanak_center"): set(),
    ("same_center", "gwanak"): set(),
    ("same_partner", "partner"): {Role.PARTNER_STAFF},
    ("same_partner", "other_partner"): set(),
    ("in_scope", "gwanak_program"): {Role.CITY_OFFICIAL, Role.DISTRICT_OFFICIAL, Role.GUARD, Role.CENTER_STAFF},
    ("in_scope", "mapo_program"): {Role.CITY_OFFICIAL},
    ("in_scope", "partner"): {Role.CITY_OFFICIAL, Role.PARTNER_STAFF},
}


@pytest.mark.parametrize(("predicate", "target"), SCOPE_MATRIX)
def test_scope_predicates_matrix(predicate, target, staff, scopes):
    objects = {
        "gwanak": scopes["district"],
        "mapo": District.objects.get(pk=MAPO),
        "gwanak_center": scopes["center"],
        "other_gwanak_center": CenterFactory(district_id=GWANAK),
        "gwanak_program": ProgramFactory(center=scopes["center"]),
        "mapo_program": ProgramFactory(district_id=MAPO, center=CenterFactory(district_id=MAPO)),
        "partner": scopes["partner"],
        "other_partner": PartnerFactory(),
    }
    allowed = {name for name, user in staff.items() if getattr(permissions, predicate)(user, objects[target])}
    assert allowed == SCOPE_MATRIX[(predicate, target)]


def test_inactive_officials_lose_every_role(staff):
    official = staff[Role.CITY_OFFICIAL]
    official.is_active = False
    assert not permissions.is_city_official(official)


@pytest.mark.parametrize(
    ("who", "status"),
    [("superuser", 200), (Role.CITY_OFFICIAL, 200), (Role.DISTRICT_OFFICIAL, 403), (Role.CENTER_STAFF, 403)],
)
def test_only_superusers_and_city_officials_create_staff_accounts_and_roles(client, staff, who, status):
    user = UserFactory(is_staff=True, is_superuser=True) if who == "superuser" else staff[who]
    client.force_login(user)
    assert client.get(reverse("admin:accounts_user_add")).status_code == status
    assert client.get(reverse("admin:accounts_staffrole_add")).status_code == status


def test_city_official_creates_a_scoped_role_in_the_admin_and_is_told_a_missing_scope(client, staff, scopes):
    client.force_login(staff[Role.CITY_OFFICIAL])
    newcomer = UserFactory(is_staff=True)
    url = reverse("admin:accounts_staffrole_add")
    refused = client.post(url, {"user": newcomer.pk, "role": Role.DISTRICT_OFFICIAL})
    assert "자치구 담당자 역할에는 자치구을(를) 지정해야 합니다." in refused.content.decode()
    client.post(url, {"user": newcomer.pk, "role": Role.DISTRICT_OFFICIAL, "district": GWANAK})
    assert StaffRole.objects.get(user=newcomer).district_id == GWANAK


def test_city_official_cannot_make_anyone_superuser(client, staff):
    client.force_login(staff[Role.CITY_OFFICIAL])
    target = staff[Role.DISTRICT_OFFICIAL]
    page = client.get(reverse("admin:accounts_user_change", args=[target.pk]))
    assert 'name="is_superuser"' not in page.content.decode()
