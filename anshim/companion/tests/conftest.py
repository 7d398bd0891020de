import datetime
import itertools
import zoneinfo

import pytest

from anshim.accounts.models import ConsentPurpose, Partner, Role
from anshim.accounts.selectors import current_consent_texts
from anshim.accounts.tests.factories import PartnerFactory, UserFactory, grant
from anshim.companion import services
from anshim.companion.models import AgencyArea, BookingChannel, Companion
from anshim.companion.seeds import ensure_seeds
from anshim.geo.models import District

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
GWANAK_POINT = (37.4784, 126.9516)
MAPO_POINT = (37.5663, 126.9019)
GANGNAM_POINT = (37.5172, 127.0473)
OUTSIDE_SEOUL = (37.40, 127.10)
_serial = itertools.count(1)


def at(year, month, day, hour=0, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SEOUL)


def consent_ids() -> list[int]:
    """The 안심동행 texts in force; the data migration's rows come back after a transactional test's flush."""
    ensure_seeds()
    return [text.pk for text in current_consent_texts(ConsentPurpose.COMPANION)]


def book_online(user, *, pickup_at, now, point=GWANAK_POINT, minutes=120, **overrides):
    data = {
        "actor": user,
        "client_name": overrides.pop("client_name", "김동행"),
        "client_phone": "010-2222-3333",
        "pickup_address": "서울특별시 관악구 관악로 1",
        "pickup_lat": point[0],
        "pickup_lon": point[1],
        "hospital_name": "서울대학교병원",
        "appointment_at": pickup_at + datetime.timedelta(minutes=45),
        "pickup_at": pickup_at,
        "expected_minutes": minutes,
        "lives_alone": True,
        "consent_text_ids": consent_ids(),
        "now": now,
    }
    data.update(overrides)
    return services.book(**data)


def book_by_phone(staff, *, pickup_at, now, point=GWANAK_POINT, minutes=120, **overrides):
    n = next(_serial)
    data = {
        "actor": staff,
        "channel": BookingChannel.PHONE,
        "client_name": f"박전화{n}",
        "client_phone": f"010-5555-{n:04d}",
        "pickup_address": "서울특별시 관악구 남부순환로 1",
        "pickup_lat": point[0],
        "pickup_lon": point[1],
        "hospital_name": "보라매병원",
        "appointment_at": pickup_at + datetime.timedelta(minutes=45),
        "pickup_at": pickup_at,
        "expected_minutes": minutes,
        "lives_alone": True,
        "verbal_consent": True,
        "now": now,
    }
    data.update(overrides)
    return services.book(**data)


def make_companion(partner, *, name=None, skills=(), point=GWANAK_POINT, shift=(7, 20), user=None) -> Companion:
    return Companion.objects.create(
        partner=partner,
        name=name or f"동행매니저{next(_serial)}",
        qualification="요양보호사",
        skills=list(skills),
        shift_start=datetime.time(shift[0]),
        shift_end=datetime.time(shift[1]),
        home_lat=point[0],
        home_lon=point[1],
        user=user,
    )


@pytest.fixture
def seeds(db):
    ensure_seeds()


@pytest.fixture
def agency(seeds):
    partner = PartnerFactory(name="시험 동행기관", kind=Partner.Kind.COMPANION)
    for code in ("11620", "11440", "11680"):
        AgencyArea.objects.create(partner=partner, district=District.objects.get(pk=code))
    return partner


@pytest.fixture
def other_agency(seeds):
    partner = PartnerFactory(name="다른 동행기관", kind=Partner.Kind.COMPANION)
    AgencyArea.objects.create(partner=partner, district=District.objects.get(pk="11170"))
    return partner


@pytest.fixture
def coordinator(agency):
    user = UserFactory(username="coordinator")
    grant(user, Role.PARTNER_STAFF, partner=agency)
    return user


@pytest.fixture
def other_coordinator(other_agency):
    user = UserFactory(username="other-coordinator")
    grant(user, Role.PARTNER_STAFF, partner=other_agency)
    return user


@pytest.fixture
def city_official(db):
    user = UserFactory(username="city")
    grant(user, Role.CITY_OFFICIAL)
    return user


@pytest.fixture
def resident(db):
    return UserFactory(username="resident")


# The rows of the resident-side permission tables: the booking's owner, the agency's and another
# agency's coordinators, and everyone ``people_of_other_roles`` makes.
RESIDENT_TABLE_ROLES = [
    "anonymous",
    "citizen",
    "owner",
    "city",
    "district",
    "district_other",
    "center",
    "coordinator",
    "coordinator_other",
    "partner_security",
    "judge",
    "guard",
    "mentor",
    "superuser",
]


def people_of_other_roles(*, city: bool = True) -> dict:
    """One signed-up person for every role outside the agency, for the permission tables: a citizen,
    the city (unless the test brings its own), 관악구's and 강남구's officials, a 관악구 centre's staff,
    a security company's staff (a partner, but no companion agency), a judge, a guard and a mentor."""
    from anshim.programs.tests.factories import CenterFactory

    users = {"citizen": UserFactory()}
    scopes = {
        "district": (Role.DISTRICT_OFFICIAL, {"district_id": "11620"}),
        "district_other": (Role.DISTRICT_OFFICIAL, {"district_id": "11680"}),
        "center": (Role.CENTER_STAFF, {"center": CenterFactory(district_id="11620")}),
        "partner_security": (Role.PARTNER_STAFF, {"partner": PartnerFactory(kind=Partner.Kind.SECURITY)}),
        "judge": (Role.JUDGE, {}),
        "guard": (Role.GUARD, {"district_id": "11620"}),
        "mentor": (Role.MENTOR, {}),
    }
    if city:
        scopes["city"] = (Role.CITY_OFFICIAL, {})
    for name, (role, scope) in scopes.items():
        user = UserFactory(username=f"role-{name}")
        grant(user, role, **scope)
        users[name] = user
    return users
