"""참여프로그램 신청 as a state machine: seats, waiting list order, duplicates, deadlines, attendance, withdrawal."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from anshim.accounts.models import Consent
from anshim.accounts.tests.factories import UserFactory
from anshim.notifications.models import Notification
from anshim.programs import services
from anshim.programs.models import Signup, SignupEvent, SignupStatus
from anshim.programs.tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
S = SignupStatus


def test_seats_are_confirmed_then_the_rest_wait_in_order(program, sign_up):
    first, second, third, fourth = (sign_up(program) for _ in range(4))
    program.refresh_from_db()
    assert [s.status for s in (first, second, third, fourth)] == [S.CONFIRMED, S.CONFIRMED, S.WAITLISTED, S.WAITLISTED]
    assert program.enrolled == 2
    assert (third.waitlist_position(), fourth.waitlist_position()) == (1, 2)
    assert list(first.events.values_list("from_status", "to_status")) == [("", S.CONFIRMED)]


def test_offline_seats_count_against_capacity(sign_up):
    program = ProgramFactory(capacity=10, enrolled=9)
    assert sign_up(program).status == S.CONFIRMED
    assert sign_up(program).status == S.WAITLISTED
    program.refresh_from_db()
    assert program.enrolled == 10


def test_sign_up_notifies_after_commit(program, sign_up, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = sign_up(program)
        sign_up(program)
        waiting = sign_up(program)
    note = Notification.objects.get(recipient=confirmed.user)
    assert note.template == "program_signup_confirmed" and "집밥 쿠킹클래스" in note.subject
    assert "취소 가능 기한" in note.body
    waiting_note = Notification.objects.get(recipient=waiting.user)
    assert waiting_note.template == "program_signup_waitlisted" and "대기 순번: 1번" in waiting_note.body


def test_a_second_sign_up_is_refused_and_nothing_is_written(program, sign_up):
    user = UserFactory()
    sign_up(program, user=user)
    with pytest.raises(ValidationError) as refused:
        sign_up(program, user=user)
    assert "이미 이 프로그램에 신청하셨습니다" in refused.value.messages[0]
    assert "신청 확정" in refused.value.messages[0]
    assert Signup.objects.filter(user=user).count() == 1
    program.refresh_from_db()
    assert program.enrolled == 1


def test_database_holds_one_active_sign_up_per_person(program, sign_up):
    signup = sign_up(program)
    with pytest.raises(IntegrityError), transaction.atomic():
        Signup.objects.create(program=program, user=signup.user, name="x", phone="010", status=S.WAITLISTED)


def test_after_cancelling_the_person_may_sign_up_again(program, sign_up):
    user = UserFactory()
    services.cancel(signup=sign_up(program, user=user), actor=user)
    again = sign_up(program, user=user)
    assert again.status == S.CONFIRMED
    assert Signup.objects.filter(user=user).count() == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"recruit_start_days": 3, "recruit_end_days": 9}, "아직 모집 기간이 아닙니다"),
        ({"recruit_start_days": -20, "recruit_end_days": -1}, "모집이 마감되었습니다"),
        ({"is_published": False}, "게시되지 않은 프로그램"),
    ],
)
def test_outside_the_recruiting_window_nothing_is_written(today, sign_up, changes, message):
    fields = {}
    if "recruit_start_days" in changes:
        fields = {
            "recruit_start": today + changes["recruit_start_days"] * DAY,
            "recruit_end": today + changes["recruit_end_days"] * DAY,
        }
    fields.update({k: v for k, v in changes.items() if k == "is_published"})
    program = ProgramFactory(enrolled=0, **fields)
    user = UserFactory()
    with pytest.raises(ValidationError) as refused:
        sign_up(program, user=user)
    assert message in refused.value.messages[0]
    assert not Signup.objects.exists()
    assert not Consent.objects.filter(user=user).exists()


def test_consent_is_required(program, consent_ids):
    user = UserFactory()
    with pytest.raises(ValidationError) as refused:
        services.sign_up(user=user, program=program, name="홍길동", phone="01012345678", consent_text_ids=[])
    assert "동의해야 신청할 수 있습니다" in refused.value.messages[0]
    assert not Signup.objects.exists()
    signup = services.sign_up(
        user=user, program=program, name="홍길동", phone="010 1234 5678", consent_text_ids=consent_ids
    )
    assert signup.phone == "010-1234-5678"
    assert Consent.objects.filter(user=user, withdrawn_at__isnull=True).count() == len(consent_ids)


def test_bad_phone_is_refused_in_korean(program, consent_ids):
    with pytest.raises(ValidationError) as refused:
        services.sign_up(
            user=UserFactory(), program=program, name="홍길동", phone="12345", consent_text_ids=consent_ids
        )
    assert "010-1234-5678 형식" in refused.value.message_dict["phone"][0]


def test_blank_profile_fields_are_filled_but_never_overwritten(program, sign_up):
    blank = UserFactory()
    sign_up(program, user=blank, name="김하나", phone="010-2222-3333")
    blank.refresh_from_db()
    assert (blank.name, blank.phone) == ("김하나", "010-2222-3333")
    known = UserFactory(name="이미있음", phone="010-9999-0000")
    sign_up(program, user=known, name="다른이름", phone="010-1111-2222")
    known.refresh_from_db()
    assert (known.name, known.phone) == ("이미있음", "010-9999-0000")


def test_cancel_frees_the_seat_for_the_first_waiting(program, sign_up, django_capture_on_commit_callbacks):
    confirmed = sign_up(program)
    sign_up(program)
    first_waiting = sign_up(program)
    second_waiting = sign_up(program)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(signup=confirmed, actor=confirmed.user)
    for item in (confirmed, first_waiting, second_waiting):
        item.refresh_from_db()
    program.refresh_from_db()
    assert (confirmed.status, first_waiting.status, second_waiting.status) == (S.CANCELLED, S.CONFIRMED, S.WAITLISTED)
    assert program.enrolled == 2
    assert second_waiting.waitlist_position() == 1
    assert Notification.objects.filter(recipient=first_waiting.user, template="program_signup_promoted").exists()
    assert Notification.objects.filter(recipient=confirmed.user, template="program_signup_cancelled").exists()
    promotion = first_waiting.events.last()
    assert (promotion.from_status, promotion.to_status) == (S.WAITLISTED, S.CONFIRMED)


def test_waiting_order_follows_sign_up_time_then_id(program, sign_up):
    seated = [sign_up(program) for _ in range(2)]
    late, early = sign_up(program), sign_up(program)
    # Same timestamp for both: the lower id (the one saved first) goes first.
    Signup.objects.filter(pk__in=[late.pk, early.pk]).update(created_at=late.created_at)
    Signup.objects.filter(pk=early.pk).update(created_at=late.created_at - DAY)
    services.cancel(signup=seated[0], actor=seated[0].user)
    early.refresh_from_db()
    late.refresh_from_db()
    assert (early.status, late.status) == (S.CONFIRMED, S.WAITLISTED)


def test_cancelling_a_waiting_sign_up_keeps_seats(program, sign_up):
    sign_up(program), sign_up(program)
    waiting = sign_up(program)
    services.cancel(signup=waiting, actor=waiting.user)
    program.refresh_from_db()
    assert program.enrolled == 2
    waiting.refresh_from_db()
    assert waiting.status == S.CANCELLED


def test_owner_may_cancel_until_the_deadline_only(sign_up, today):
    on_deadline = ProgramFactory(enrolled=0, starts_on=today + DAY, cancel_days_before=1)
    signup = sign_up(on_deadline)
    assert on_deadline.cancel_deadline == today
    services.cancel(signup=signup, actor=signup.user)

    past = ProgramFactory(enrolled=0, starts_on=today + DAY, cancel_days_before=2)
    late = sign_up(past)
    with pytest.raises(ValidationError) as refused:
        services.cancel(signup=late, actor=late.user)
    message = refused.value.messages[0]
    assert "취소 기한" in message and f"{past.cancel_deadline.month}. {past.cancel_deadline.day}." in message
    late.refresh_from_db()
    assert late.status == S.CONFIRMED


def test_zero_days_means_until_the_start_day(today):
    program = ProgramFactory(starts_on=today, cancel_days_before=0)
    assert program.cancel_deadline == today


def test_centre_staff_cancel_any_time_with_a_reason(sign_up, today, people, center):
    program = ProgramFactory(enrolled=0, center=center, starts_on=today + DAY, cancel_days_before=5)
    signup = sign_up(program)
    staff = people["center_same"]
    with pytest.raises(ValidationError) as refused:
        services.cancel(signup=signup, actor=staff)
    assert "사유" in refused.value.message_dict["reason"][0]
    services.cancel(signup=signup, actor=staff, reason="본인 전화 요청")
    event = signup.events.last()
    assert (event.actor, event.reason, event.to_status) == (staff, "본인 전화 요청", S.CANCELLED)


@pytest.mark.parametrize("who", ["center_other", "district_other", "partner", "citizen"])
def test_others_may_not_cancel(program, sign_up, people, who):
    signup = sign_up(program)
    with pytest.raises(PermissionDenied):
        services.cancel(signup=signup, actor=people[who], reason="잘못된 취소")
    signup.refresh_from_db()
    assert signup.status == S.CONFIRMED


def test_a_cancelled_sign_up_cannot_be_cancelled_again(program, sign_up):
    signup = sign_up(program)
    services.cancel(signup=signup, actor=signup.user)
    with pytest.raises(ValidationError, match="이미 취소된 신청"):
        services.cancel(signup=signup, actor=signup.user)
    assert SignupEvent.objects.filter(signup=signup, to_status=S.CANCELLED).count() == 1


@pytest.fixture
def started(center, today):
    return ProgramFactory(enrolled=0, center=center, capacity=1, starts_on=today, recruit_end=today)


def test_centre_staff_mark_attendance_from_the_start_day(started, sign_up, people):
    signup = sign_up(started)
    waiting = sign_up(started)
    staff = people["center_same"]
    services.mark_attendance(signup=signup, actor=staff, attended=True)
    signup.refresh_from_db()
    assert signup.status == S.ATTENDED and signup.attended_marked_by == staff
    services.mark_attendance(signup=signup, actor=staff, attended=False)
    signup.refresh_from_db()
    assert signup.status == S.ABSENT
    started.refresh_from_db()
    assert started.enrolled == 1  # an absent participant still held the seat
    with pytest.raises(ValidationError, match="확정된 사람만"):
        services.mark_attendance(signup=waiting, actor=staff, attended=True)
    with pytest.raises(ValidationError, match="참석 여부가 기록된"):
        services.cancel(signup=signup, actor=signup.user)


def test_attendance_waits_for_the_start_day(program, sign_up, people):
    signup = sign_up(program)
    with pytest.raises(ValidationError, match="시작일"):
        services.mark_attendance(signup=signup, actor=people["center_same"], attended=True)


@pytest.mark.parametrize("who", ["center_other", "district_same", "district_other", "partner", "citizen"])
def test_only_the_programmes_centre_marks_attendance(started, sign_up, people, who):
    signup = sign_up(started)
    with pytest.raises(PermissionDenied):
        services.mark_attendance(signup=signup, actor=people[who], attended=True)
    signup.refresh_from_db()
    assert signup.status == S.CONFIRMED


def test_erase_cancels_promotes_and_anonymises(program, sign_up, started, people):
    leaver = UserFactory()
    seat = sign_up(program, user=leaver, name="탈퇴자")
    sign_up(program)
    waiting = sign_up(program)
    attended = sign_up(started, user=leaver)
    services.mark_attendance(signup=attended, actor=people["center_same"], attended=True)

    assert services.erase_signups_for_user(user=leaver) == 2
    seat.refresh_from_db()
    attended.refresh_from_db()
    waiting.refresh_from_db()
    assert (seat.status, seat.user, seat.name, seat.phone) == (S.CANCELLED, None, "", "")
    assert (attended.status, attended.user, attended.name) == (S.ATTENDED, None, "")
    assert waiting.status == S.CONFIRMED
    assert not SignupEvent.objects.filter(actor=leaver).exists()
    assert Signup.objects.count() == 4  # rows stay for statistics
    assert not Notification.objects.filter(template="program_signup_cancelled").exists()
