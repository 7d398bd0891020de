import datetime
import itertools

import pytest
from django.utils import timezone

from anshim.accounts.models import ConsentPurpose, Role
from anshim.accounts.selectors import current_consent_texts
from anshim.accounts.tests.factories import PartnerFactory, UserFactory, grant
from anshim.doorguard import services
from anshim.doorguard.consent_texts import ensure_consent_texts
from anshim.doorguard.models import DistrictQuota, Round, SelectionMethod
from anshim.eligibility.examples import DOORGUARD_2021, DOORGUARD_2022
from anshim.geo.models import District

GWANAK, MAPO = "11620", "11440"
_serial = itertools.count(1)


def consent_ids() -> list[int]:
    """The 도어지킴이 texts in force; the data migration's rows come back after a transactional test's flush."""
    ensure_consent_texts()
    return [text.pk for text in current_consent_texts(ConsentPurpose.DOORGUARD)]


def make_round(*, partner=None, rule=None, quotas=None, method=SelectionMethod.FIRST_COME, **fields) -> Round:
    today = timezone.localdate()
    defaults = {
        "year": today.year,
        "name": f"시험 차수 {next(_serial)}",
        "rule": rule or DOORGUARD_2021.rule,
        "opens_on": today - datetime.timedelta(days=10),
        "closes_on": today + datetime.timedelta(days=30),
        "partner": partner,
        "early_cancel_fee": 50_000,
        "move_fee": 30_000,
        "default_method": method,
    }
    defaults.update(fields)
    round_ = Round.objects.create(**defaults)
    for code, places in (quotas or {GWANAK: 3, MAPO: 2}).items():
        DistrictQuota.objects.create(round=round_, district_id=code, quota=places, method=method)
    return round_


def application_input(round_, **overrides) -> dict:
    n = next(_serial)
    data = {
        "round": round_,
        "name": f"김안심{n}",
        "phone": "010-1234-5678",
        "birth_date": datetime.date(1990, 1, 1) + datetime.timedelta(days=n),
        "sex": "F",
        "address": f"서울특별시 관악구 신림로 {n}, {n}호",
        "district": District.objects.get(pk=GWANAK),
        "housing_type": "VILLA",
        "facts": {"lives_alone": True, "registered_in_seoul": True},
    }
    data.update(overrides)
    return data


def apply_as_citizen(round_, user=None, **overrides):
    user = user or UserFactory()
    return services.apply(user=user, consent_text_ids=consent_ids(), **application_input(round_, **overrides))


@pytest.fixture
def partner(db):
    return PartnerFactory(name="시험 보안업체")


@pytest.fixture
def other_partner(db):
    return PartnerFactory(name="다른 보안업체")


@pytest.fixture
def round_(partner):
    return make_round(partner=partner)


@pytest.fixture
def round_2022(partner):
    return make_round(partner=partner, rule=DOORGUARD_2022.rule)


@pytest.fixture
def city_official(db):
    user = UserFactory(username="city")
    grant(user, Role.CITY_OFFICIAL)
    return user


@pytest.fixture
def gwanak_official(db):
    user = UserFactory(username="gwanak")
    grant(user, Role.DISTRICT_OFFICIAL, district=District.objects.get(pk=GWANAK))
    return user


@pytest.fixture
def mapo_official(db):
    user = UserFactory(username="mapo")
    grant(user, Role.DISTRICT_OFFICIAL, district=District.objects.get(pk=MAPO))
    return user


@pytest.fixture
def installer(partner):
    user = UserFactory(username="installer")
    grant(user, Role.PARTNER_STAFF, partner=partner)
    return user


@pytest.fixture
def other_installer(other_partner):
    user = UserFactory(username="other-installer")
    grant(user, Role.PARTNER_STAFF, partner=other_partner)
    return user
