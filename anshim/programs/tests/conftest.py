import datetime

import pytest
from django.utils import timezone

from anshim.accounts.models import ConsentKind, ConsentPurpose, ConsentText, Role
from anshim.accounts.selectors import current_consent_texts
from anshim.accounts.tests.factories import PartnerFactory, UserFactory, grant
from anshim.programs import services
from anshim.programs.tests.factories import CenterFactory, ProgramFactory

DAY = datetime.timedelta(days=1)


def ensure_signup_consent_texts() -> list[int]:
    """The 참여프로그램 consent texts in force; recreated when a transactional test flushed the data migration."""
    texts = current_consent_texts(ConsentPurpose.PROGRAM_SIGNUP)
    if not texts:
        effective = timezone.now() - datetime.timedelta(days=30)
        common = {"purpose": ConsentPurpose.PROGRAM_SIGNUP, "version": 1, "effective_from": effective}
        ConsentText.objects.create(
            kind=ConsentKind.COLLECTION_USE,
            title="참여프로그램 신청을 위한 개인정보 수집·이용 동의",
            body="1. 수집 항목: 이름, 휴대전화",
            items="이름, 휴대전화",
            purpose_detail="참여프로그램 신청 접수",
            retention="프로그램 종료 후 1년",
            **common,
        )
        ConsentText.objects.create(
            kind=ConsentKind.THIRD_PARTY,
            title="참여프로그램 운영기관에 개인정보 제3자 제공 동의",
            body="1. 받는 자: 운영 센터",
            items="이름, 휴대전화",
            purpose_detail="참여 확인",
            retention="프로그램 종료 후 1년",
            recipients="1인가구지원센터",
            **common,
        )
        texts = current_consent_texts(ConsentPurpose.PROGRAM_SIGNUP)
    return [text.pk for text in texts]


@pytest.fixture
def consent_ids(db):
    return ensure_signup_consent_texts()


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def center(db):
    return CenterFactory(name="관악 1인가구지원센터", district_id="11620")


@pytest.fixture
def program(center):
    return ProgramFactory(title="집밥 쿠킹클래스", center=center, district_id="11620", capacity=2, enrolled=0)


@pytest.fixture
def sign_up(consent_ids):
    """Sign a fresh citizen (or the one given) up through the service."""
    counter = iter(range(1000))

    def _sign_up(program, user=None, name=None, phone="010-1234-5678"):
        n = next(counter)
        user = user or UserFactory()
        return services.sign_up(
            user=user, program=program, name=name or f"홍길{n}동", phone=phone, consent_text_ids=consent_ids
        )

    return _sign_up


@pytest.fixture
def people(db, center):
    """One person per role the manage pages must tell apart."""
    other_center = CenterFactory(name="마포 1인가구지원센터", district_id="11440")
    people = {
        "city": UserFactory(),
        "district_same": UserFactory(),
        "district_other": UserFactory(),
        "center_same": UserFactory(),
        "center_other": UserFactory(),
        "partner": UserFactory(),
        "citizen": UserFactory(),
    }
    grant(people["city"], Role.CITY_OFFICIAL)
    grant(people["district_same"], Role.DISTRICT_OFFICIAL, district_id="11620")
    grant(people["district_other"], Role.DISTRICT_OFFICIAL, district_id="11440")
    grant(people["center_same"], Role.CENTER_STAFF, center=center)
    grant(people["center_other"], Role.CENTER_STAFF, center=other_center)
    grant(people["partner"], Role.PARTNER_STAFF, partner=PartnerFactory())
    return people
