"""신청하기 and 신청 취소 through the pages: Korean messages, 4xx on refusal, CSRF, someone else's sign-up."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from anshim.accounts.tests.factories import UserFactory
from anshim.programs import services
from anshim.programs.models import Signup, SignupStatus
from anshim.programs.tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def citizen():
    return UserFactory(name="홍길동", phone="010-1234-5678")


@pytest.fixture
def signed_in(client, citizen):
    client.force_login(citizen)
    return client


def form_data(consent_ids, **overrides):
    data = {"name": "홍길동", "phone": "010-1234-5678"}
    data.update({f"consent_{pk}": "on" for pk in consent_ids})
    data.update(overrides)
    return data


def signup_url(program):
    return reverse("programs:program-signup", args=[program.pk])


def test_signed_out_visitors_are_sent_to_sign_in(client, program):
    response = client.get(program.get_absolute_url())
    html = response.content.decode()
    assert "로그인하고 신청하기" in html
    assert f"?next=/programs/{program.pk}/" in html.replace("%2F", "/")
    response = client.post(signup_url(program), {})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Signup.objects.exists()


def test_form_is_prefilled_from_the_profile(signed_in, program, consent_ids):
    html = signed_in.get(program.get_absolute_url()).content.decode()
    assert 'value="홍길동"' in html and 'value="010-1234-5678"' in html
    assert "개인정보 동의" in html and f'name="consent_{consent_ids[0]}"' in html


def test_sign_up_redirects_with_a_korean_message(signed_in, program, consent_ids, citizen):
    response = signed_in.post(signup_url(program), form_data(consent_ids), follow=True)
    assert response.redirect_chain[-1][0] == program.get_absolute_url()
    html = response.content.decode()
    assert "신청이 확정되었습니다" in html
    assert "신청 취소" in html
    assert Signup.objects.get(user=citizen).status == SignupStatus.CONFIRMED


def test_full_programme_puts_the_person_on_the_waiting_list(signed_in, consent_ids, citizen):
    program = ProgramFactory(capacity=3, enrolled=3)
    page = signed_in.get(program.get_absolute_url()).content.decode()
    assert "대기 신청하기" in page
    response = signed_in.post(signup_url(program), form_data(consent_ids), follow=True)
    html = response.content.decode()
    assert "대기자로 등록되었습니다. 현재 대기 1번째입니다" in html
    assert "대기 1번째입니다" in html


def test_second_submission_is_refused(signed_in, program, consent_ids, citizen):
    signed_in.post(signup_url(program), form_data(consent_ids))
    response = signed_in.post(signup_url(program), form_data(consent_ids))
    assert response.status_code == 400
    assert "이미 이 프로그램에 신청하셨습니다" in response.content.decode()
    assert Signup.objects.filter(user=citizen).count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "이름을 입력해 주세요"),
        ({"phone": "02-123"}, "010-1234-5678 형식"),
    ],
)
def test_bad_input_gets_a_korean_400(signed_in, program, consent_ids, overrides, message):
    response = signed_in.post(signup_url(program), form_data(consent_ids, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Signup.objects.exists()


def test_missing_consent_is_refused(signed_in, program, consent_ids):
    data = form_data(consent_ids)
    del data[f"consent_{consent_ids[-1]}"]
    response = signed_in.post(signup_url(program), data)
    assert response.status_code == 400
    assert "동의해야 합니다" in response.content.decode()
    assert not Signup.objects.exists()


def test_closed_recruiting_is_refused(signed_in, consent_ids, today):
    program = ProgramFactory(recruit_start=today - 10 * DAY, recruit_end=today - DAY)
    page = signed_in.get(program.get_absolute_url()).content.decode()
    assert "모집 기간이 끝나 신청할 수 없습니다" in page
    response = signed_in.post(signup_url(program), form_data(consent_ids))
    assert response.status_code == 400
    assert "모집이 마감되었습니다" in response.content.decode()


def test_unpublished_programme_is_not_found(signed_in, consent_ids):
    program = ProgramFactory(is_published=False)
    assert signed_in.post(signup_url(program), form_data(consent_ids)).status_code == 404


def test_sign_up_is_post_only(signed_in, program):
    assert signed_in.get(signup_url(program)).status_code == 405


def test_forms_are_csrf_protected(program, consent_ids, citizen):
    client = Client(enforce_csrf_checks=True)
    client.force_login(citizen)
    assert client.post(signup_url(program), form_data(consent_ids)).status_code == 403
    assert not Signup.objects.exists()
    signup = services.sign_up(
        user=citizen, program=program, name="홍길동", phone="01012345678", consent_text_ids=consent_ids
    )
    assert client.post(reverse("programs:signup-cancel", args=[signup.pk])).status_code == 403
    html = client.get(program.get_absolute_url()).content.decode()
    assert "csrfmiddlewaretoken" in html


def test_owner_cancels_and_returns_to_next(signed_in, program, sign_up, citizen):
    signup = sign_up(program, user=citizen)
    response = signed_in.post(reverse("programs:signup-cancel", args=[signup.pk]), {"next": "/mypage/"})
    assert response.status_code == 302 and response["Location"] == "/mypage/"
    signup.refresh_from_db()
    assert signup.status == SignupStatus.CANCELLED


def test_cancel_ignores_an_outside_next(signed_in, program, sign_up, citizen):
    signup = sign_up(program, user=citizen)
    response = signed_in.post(reverse("programs:signup-cancel", args=[signup.pk]), {"next": "https://evil.example/"})
    assert response["Location"] == program.get_absolute_url()


def test_someone_elses_sign_up_is_not_found(signed_in, program, sign_up):
    other = sign_up(program)
    response = signed_in.post(reverse("programs:signup-cancel", args=[other.pk]))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == SignupStatus.CONFIRMED


def test_cancel_after_the_deadline_gets_a_korean_400(signed_in, sign_up, citizen, today):
    program = ProgramFactory(enrolled=0, starts_on=today + DAY, cancel_days_before=3)
    signup = sign_up(program, user=citizen)
    page = signed_in.get(program.get_absolute_url()).content.decode()
    assert "취소 기한" in page and "지났습니다" in page
    response = signed_in.post(reverse("programs:signup-cancel", args=[signup.pk]))
    assert response.status_code == 400
    assert "취소 기한" in response.content.decode()
    signup.refresh_from_db()
    assert signup.status == SignupStatus.CONFIRMED


def test_my_signups_include_lists_status_position_and_history(signed_in, citizen, sign_up):
    full = ProgramFactory(title="꽉 찬 요가", capacity=1, enrolled=1)
    sign_up(full)
    waiting = sign_up(full, user=citizen)
    response = signed_in.get(reverse("accounts:mypage"))
    html = response.content.decode()
    assert "꽉 찬 요가" in html and "대기 2번째" in html
    assert "처리 이력" in html
    assert reverse("programs:signup-cancel", args=[waiting.pk]) in html


def test_a_blank_profile_is_completed_from_the_form(client, program, consent_ids):
    blank = UserFactory()
    client.force_login(blank)
    response = client.post(signup_url(program), form_data(consent_ids, name="김하나", phone="01022223333"))
    assert response.status_code == 302
    blank.refresh_from_db()
    assert (blank.name, blank.phone) == ("김하나", "010-2222-3333")
