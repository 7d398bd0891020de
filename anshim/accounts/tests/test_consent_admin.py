"""Back office for consent notices: a new version is a new row; an agreed text and consents are read-only."""

import pytest
from django.contrib import admin
from django.urls import reverse

from anshim.accounts import selectors, services
from anshim.accounts.models import ConsentPurpose, ConsentText, Profile, Role
from anshim.accounts.tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def city_official(client):
    official = UserFactory(is_staff=True)
    grant(official, Role.CITY_OFFICIAL)
    client.force_login(official)
    return official


def next_version(purpose=ConsentPurpose.COMPANION, kind="COLLECTION_USE") -> int:
    latest = ConsentText.objects.filter(purpose=purpose, kind=kind).order_by("-version").first()
    return latest.version + 1 if latest else 1


def new_text_form(**changes) -> dict:
    data = {
        "purpose": ConsentPurpose.COMPANION,
        "kind": "COLLECTION_USE",
        "version": next_version(),
        "title": "병원 안심동행 신청을 위한 개인정보 수집·이용 동의(개정)",
        "body": "1. 수집 항목: 이름, 휴대전화, 주소\n4. 동의를 거부할 권리와 불이익: 거부하면 신청할 수 없습니다.",
        "items": "이름, 휴대전화, 주소",
        "purpose_detail": "설치 일정 연락",
        "retention": "설치 후 3년",
        "recipients": "",
        "effective_from_0": "2026-01-01",
        "effective_from_1": "00:00:00",
    }
    data.update(changes)
    return data


def test_city_official_adds_a_text_and_a_third_party_text_needs_its_recipient(client, city_official):
    url = reverse("admin:accounts_consenttext_add")
    form = new_text_form()
    assert client.post(url, form).status_code == 302
    current = selectors.current_consent_texts(ConsentPurpose.COMPANION)[0]
    assert (current.version, current.items) == (form["version"], "이름, 휴대전화, 주소")

    refused = client.post(url, new_text_form(kind="THIRD_PARTY", version=next_version(kind="THIRD_PARTY")))
    assert "제3자 제공 동의서에는 받는 자를 적어야 합니다." in refused.content.decode()
    count = ConsentText.objects.count()
    duplicate = client.post(url, form)
    assert duplicate.status_code == 200
    assert "같은 버전이 이미 있습니다. 다음 버전 번호를 적어 주세요." in duplicate.content.decode()
    assert ConsentText.objects.count() == count


def test_a_text_someone_agreed_to_is_read_only(client, city_official):
    agreed, untouched = selectors.current_consent_texts(ConsentPurpose.PROGRAM_SIGNUP)
    services.give_consents(
        user=UserFactory(), purpose=ConsentPurpose.PROGRAM_SIGNUP, text_ids=[agreed.pk, untouched.pk]
    )
    profile_text = selectors.current_consent_texts(ConsentPurpose.PROFILE)[0]

    page = client.get(reverse("admin:accounts_consenttext_change", args=[agreed.pk])).content.decode()
    assert 'name="body"' not in page and 'name="_save"' not in page
    response = client.post(
        reverse("admin:accounts_consenttext_change", args=[agreed.pk]), new_text_form(title="몰래 바꾼 제목")
    )
    assert response.status_code == 403
    agreed.refresh_from_db()
    assert agreed.title != "몰래 바꾼 제목"
    assert client.get(reverse("admin:accounts_consenttext_delete", args=[agreed.pk])).status_code == 403

    # A text nobody agreed to yet can still be corrected.
    page = client.get(reverse("admin:accounts_consenttext_change", args=[profile_text.pk])).content.decode()
    assert 'name="body"' in page


def test_consents_are_searchable_and_read_only(client, city_official):
    person = UserFactory(email="search.me@example.kr")
    services.give_consents(
        user=person,
        purpose=ConsentPurpose.PROGRAM_SIGNUP,
        text_ids=[t.pk for t in selectors.current_consent_texts(ConsentPurpose.PROGRAM_SIGNUP)],
    )
    listing = client.get(reverse("admin:accounts_consent_changelist"), {"q": "search.me"}).content.decode()
    assert "2개" in listing or "2 " in listing
    assert client.get(reverse("admin:accounts_consent_add")).status_code == 403
    consent = person.consents.first()
    page = client.get(reverse("admin:accounts_consent_change", args=[consent.pk])).content.decode()
    assert 'name="_save"' not in page


def test_profiles_have_no_admin_page_and_district_officials_see_no_consents(client):
    assert Profile not in admin.site._registry
    official = UserFactory(is_staff=True)
    grant(official, Role.DISTRICT_OFFICIAL, district_id="11620")
    client.force_login(official)
    assert client.get(reverse("admin:accounts_consent_changelist")).status_code == 403
    assert client.get(reverse("admin:accounts_consenttext_changelist")).status_code == 403
