"""Korean message templates: every key renders, optional lines disappear, mistakes are named."""

import pytest

from anshim.accounts.masking import mask_email, mask_phone
from anshim.notifications.exceptions import MissingContextError, UnknownTemplateError
from anshim.notifications.masking import mask_address
from anshim.notifications.rendering import SUBJECT_MAX_LENGTH, TEMPLATES, render

MINIMAL = {
    "program_signup_confirmed": {"program_title": "함께 요리하는 저녁"},
    "program_signup_waitlisted": {"program_title": "함께 요리하는 저녁", "waitlist_position": 3},
    "program_signup_promoted": {"program_title": "함께 요리하는 저녁"},
    "program_signup_cancelled": {"program_title": "함께 요리하는 저녁"},
    "policy_fits": {"policy_title": "청년 월세지원"},
    "status_changed": {"subject_label": "도어지킴이 신청", "status_label": "선정"},
    "companion_assigned": {
        "companion_name": "한동행",
        "appointment": "2025. 3. 4.(화) 10:45",
        "hospital_name": "서울대학교병원",
        "url": "/companion/c/token/",
    },
}


def test_every_registered_template_has_an_example_here():
    assert set(MINIMAL) == set(TEMPLATES)


@pytest.mark.parametrize("key", sorted(MINIMAL))
def test_each_template_renders_a_korean_subject_and_body(key):
    message = render(key, MINIMAL[key])

    assert message.subject.startswith("[안심] ")
    assert "\n" not in message.subject
    assert message.body.endswith("서울시 1인가구 포털 안심 · 이 메시지는 발신 전용입니다.")
    assert "{{" not in message.body and "{%" not in message.body
    assert "\n\n\n" not in message.body
    for value in MINIMAL[key].values():
        assert str(value) in message.subject + message.body


def test_signup_confirmed_lists_the_details_given():
    message = render(
        "program_signup_confirmed",
        {
            "name": "홍길동",
            "program_title": "함께 요리하는 저녁",
            "schedule": "매주 화요일 19:00~21:00",
            "place": "관악구 1인가구지원센터 2층",
            "url": "https://anshim.seoul.example/programs/12/",
        },
    )

    assert message.subject == "[안심] 함께 요리하는 저녁 신청이 확정되었습니다"
    assert message.body.startswith("홍길동님, 참여프로그램 신청이 확정되었습니다.")
    assert "■ 일정: 매주 화요일 19:00~21:00" in message.body
    assert "■ 장소: 관악구 1인가구지원센터 2층" in message.body
    assert "자세히 보기: https://anshim.seoul.example/programs/12/" in message.body


def test_a_site_path_becomes_a_link_on_the_public_address(settings):
    settings.ANSHIM_SITE_URL = "https://1in.seoul.example/"

    message = render("policy_fits", {"policy_title": "청년 월세 지원", "url": "/policies/7/"})

    assert "https://1in.seoul.example/policies/7/" in message.body


def test_optional_lines_are_left_out_when_not_given():
    message = render("program_signup_confirmed", {"program_title": "함께 요리하는 저녁"})

    assert message.body.startswith("참여프로그램 신청이 확정되었습니다.")
    assert "■ 장소" not in message.body
    assert "자세히 보기" not in message.body


def test_waitlist_position_and_status_change_read_naturally():
    waitlisted = render("program_signup_waitlisted", {"program_title": "마음 산책", "waitlist_position": 2})
    changed = render(
        "status_changed",
        {"subject_label": "도어지킴이 신청", "status_label": "선정", "reason": "설치 일정을 곧 안내합니다."},
    )

    assert "■ 대기 순번: 2번" in waitlisted.body
    assert changed.subject == "[안심] 도어지킴이 신청 처리 상태가 바뀌었습니다: 선정"
    assert "■ 안내: 설치 일정을 곧 안내합니다." in changed.body


def test_plain_text_is_not_html_escaped():
    message = render("program_signup_cancelled", {"program_title": "A&B <함께> 모임", "reason": '"정원 조정"'})

    assert "A&B <함께> 모임" in message.subject
    assert '■ 사유: "정원 조정"' in message.body


def test_a_very_long_title_is_cut_in_the_subject_but_kept_in_the_body():
    title = "가" * 250
    message = render("program_signup_promoted", {"program_title": title})

    assert len(message.subject) == SUBJECT_MAX_LENGTH
    assert message.subject.endswith("…")
    assert title in message.body


def test_unknown_template_key_is_a_clear_error():
    with pytest.raises(UnknownTemplateError) as error:
        render("program_signup_lost", {"program_title": "x"})

    assert "알 수 없는 알림 템플릿입니다: program_signup_lost" in str(error.value)
    assert "program_signup_confirmed" in str(error.value)


def test_missing_required_value_names_the_value():
    with pytest.raises(MissingContextError) as error:
        render("program_signup_waitlisted", {"program_title": "마음 산책", "waitlist_position": ""})

    assert str(error.value) == "알림 템플릿 'program_signup_waitlisted'에 필요한 값이 없습니다: waitlist_position"


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("01012345678", "010-****-5678"),
        ("010-1234-5678", "010-****-5678"),
        ("0111235678", "011-****-5678"),
        ("02-2133-0000", "02-****-0000"),
        ("123", "****"),
    ],
)
def test_phone_numbers_are_masked(phone, masked):
    assert mask_phone(phone) == masked


@pytest.mark.parametrize(
    ("email", "masked"),
    [("hong@example.com", "h***@example.com"), ("a@seoul.go.kr", "a***@seoul.go.kr"), ("broken", "***")],
)
def test_email_addresses_are_masked(email, masked):
    assert mask_email(email) == masked


def test_mask_address_follows_the_channel():
    assert mask_address("EMAIL", "hong@example.com") == "h***@example.com"
    assert mask_address("KAKAO", "01098765432") == "010-****-5432"


def test_companion_assigned_names_the_companion_and_links_the_card(settings):
    settings.ANSHIM_SITE_URL = "https://1in.seoul.example"
    message = render(
        "companion_assigned",
        {
            "name": "김동행",
            "companion_name": "한동행",
            "qualification": "요양보호사 1급",
            "appointment": "2025. 3. 4.(화) 10:45",
            "hospital_name": "서울대학교병원",
            "pickup": "2025. 3. 4.(화) 10:00",
            "url": "/companion/c/abc/",
        },
    )

    assert message.subject == "[안심] 병원 안심동행 동행매니저가 배정되었습니다: 한동행"
    assert "■ 자격: 요양보호사 1급" in message.body
    assert "■ 만나는 시각(출발): 2025. 3. 4.(화) 10:00" in message.body
    assert "동행매니저 사진과 자격 확인: https://1in.seoul.example/companion/c/abc/" in message.body
