"""Masking in lists and the log of every unmasked view of personal data."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from anshim.accounts.masking import birth_year_only, mask_name, mask_phone
from anshim.accounts.models import PersonalDataAccess, Role
from anshim.accounts.services import record_access
from anshim.accounts.tests.factories import UserFactory, grant


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("홍길동", "홍*동"),
        ("김철", "김*"),
        ("남궁민수", "남**수"),
        ("이", "이"),
        ("", ""),
        (None, ""),
        (" 박지성 ", "박*성"),
    ],
)
def test_mask_name(name, masked):
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("010-1234-5678", "010-****-5678"),
        ("01012345678", "010-****-5678"),
        ("02-123-4567", "02-****-4567"),
        ("031 987 6543", "031-****-6543"),
        ("1234", "****"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked


@pytest.mark.parametrize(
    ("birth", "shown"), [(datetime.date(1990, 5, 17), "1990년생"), ("1961-12-31", "1961년생"), (None, "")]
)
def test_birth_year_only(birth, shown):
    assert birth_year_only(birth) == shown


@pytest.mark.django_db
class TestRecordAccess:
    def test_records_who_whose_what_when_and_why(self):
        official, citizen = UserFactory(), UserFactory(email="hong@example.kr")
        entry = record_access(actor=official, subject=citizen, what="연락처", reason="도어지킴이 설치 일정 안내")
        assert (entry.actor, entry.subject, entry.subject_label) == (official, citizen, "hong@example.kr")
        assert entry.what == "연락처" and entry.reason == "도어지킴이 설치 일정 안내"
        assert entry.accessed_at is not None

    def test_a_non_member_is_described_in_free_text(self):
        entry = record_access(actor=UserFactory(), subject="전화 신청자 홍*동", what="주소", reason="방문 확인")
        assert entry.subject is None and entry.subject_label == "전화 신청자 홍*동"

    @pytest.mark.parametrize(("what", "reason", "field"), [("연락처", "  ", "reason"), ("", "안내", "what")])
    def test_a_reason_and_an_item_are_required(self, what, reason, field):
        with pytest.raises(ValidationError) as refused:
            record_access(actor=UserFactory(), subject=UserFactory(), what=what, reason=reason)
        assert "입력해 주세요" in refused.value.message_dict[field][0]
        assert not PersonalDataAccess.objects.exists()


@pytest.mark.django_db
class TestAccessLogAdmin:
    @pytest.fixture
    def log(self):
        citizen = UserFactory(email="kim@example.kr")
        record_access(actor=UserFactory(username="district-lee"), subject=citizen, what="연락처", reason="안내")
        record_access(actor=UserFactory(username="center-park"), subject="전화 신청자", what="주소", reason="방문")

    def test_city_officials_search_by_actor_subject_and_date(self, client, log):
        official = UserFactory(is_staff=True)
        grant(official, Role.CITY_OFFICIAL)
        client.force_login(official)
        url = reverse("admin:accounts_personaldataaccess_changelist")
        assert client.get(url).context["cl"].result_count == 2
        assert [e.actor.username for e in client.get(url, {"q": "district-lee"}).context["cl"].result_list] == [
            "district-lee"
        ]
        assert [e.what for e in client.get(url, {"q": "kim@example.kr"}).context["cl"].result_list] == ["연락처"]
        today = timezone.localdate()
        by_date = client.get(url, {"accessed_at__year": today.year, "accessed_at__month": today.month})
        assert by_date.context["cl"].result_count == 2

    def test_the_log_cannot_be_edited_or_deleted(self, client, log):
        client.force_login(UserFactory(is_staff=True, is_superuser=True))
        entry = PersonalDataAccess.objects.first()
        assert client.get(reverse("admin:accounts_personaldataaccess_add")).status_code == 403
        assert client.post(reverse("admin:accounts_personaldataaccess_delete", args=[entry.pk])).status_code == 403
        page = client.get(reverse("admin:accounts_personaldataaccess_change", args=[entry.pk])).content.decode()
        assert 'name="reason"' not in page

    def test_district_officials_cannot_open_the_log(self, client, log):
        official = UserFactory(is_staff=True)
        grant(official, Role.DISTRICT_OFFICIAL, district_id="11620")
        client.force_login(official)
        assert client.get(reverse("admin:accounts_personaldataaccess_changelist")).status_code == 403
