"""참여프로그램 신청: the sign-up state machine.

One enum (``SignupStatus``), one table of allowed moves (``TRANSITIONS``) and one function per
move. Every move runs in one transaction that first locks the programme row, so seats are
counted by one writer at a time: ``Program.enrolled`` (which also counts offline sign-ups) never
passes ``capacity`` and the waiting list is promoted strictly in sign-up order. Each move writes a
``SignupEvent`` and queues its notification only once the transaction has committed.
"""

from __future__ import annotations

import logging
from functools import partial

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from anshim.accounts.models import ConsentPurpose
from anshim.accounts.phones import normalise_mobile
from anshim.accounts.selectors import has_current_consent
from anshim.accounts.services import give_consents
from anshim.programs.models import ACTIVE_STATUSES, SEAT_STATUSES, Program, Signup, SignupEvent, SignupStatus

logger = logging.getLogger(__name__)

S = SignupStatus
# from-status ("" for a new sign-up) → statuses it may move to.
TRANSITIONS: dict[str, frozenset[str]] = {
    "": frozenset({S.CONFIRMED, S.WAITLISTED}),
    S.WAITLISTED: frozenset({S.CONFIRMED, S.CANCELLED}),
    S.CONFIRMED: frozenset({S.CANCELLED, S.ATTENDED, S.ABSENT}),
    S.ATTENDED: frozenset({S.ABSENT}),
    S.ABSENT: frozenset({S.ATTENDED}),
    S.CANCELLED: frozenset(),
}

# Stored in the history as written (not translated): the record reads the same for every viewer.
PROMOTION_REASON = "취소로 생긴 자리에 대기 순서대로 확정"
WITHDRAWAL_REASON = "회원 탈퇴"


def _day(value) -> str:
    return date_format(value, "Y. n. j.")


def can_manage(user, program: Program) -> bool:
    """Officials and centre staff whose scope covers the programme (see ``programs/rules.py``)."""
    return user.has_perm("programs.manage_program", program)


def _move(signup: Signup, to_status: str, *, actor, reason: str = "") -> None:
    """Apply one allowed transition and record it; callers hold the programme lock."""
    from_status = signup.status or ""
    if to_status not in TRANSITIONS[from_status]:
        raise ValidationError(
            _("‘%(from)s’ 상태의 신청은 ‘%(to)s’(으)로 바꿀 수 없습니다.")
            % {"from": S(from_status).label if from_status else "-", "to": S(to_status).label}
        )
    signup.status = to_status
    if signup.pk is None:
        signup.save()
    else:
        signup.save(update_fields=["status", "attended_marked_by", "attended_marked_at", "updated_at"])
    SignupEvent.objects.create(
        signup=signup,
        from_status=from_status,
        to_status=to_status,
        actor=actor if getattr(actor, "pk", None) else None,
        reason=reason[:500],
    )


def _message_context(signup: Signup, **extra) -> dict:
    program = signup.program
    context = {
        "program_title": program.title,
        "name": signup.name,
        "url": program.get_absolute_url(),
    }
    context.update(extra)
    return context


def _notify_after_commit(signup: Signup, template: str, **extra) -> None:
    """Queue the message once the sign-up is committed; a missing contact never undoes a sign-up."""
    user = signup.user
    if user is None:
        return
    context = _message_context(signup, **extra)
    key = f"program-signup:{signup.pk}:{template.removeprefix('program_signup_')}:{signup.events.count()}"
    transaction.on_commit(partial(_send, user=user, template=template, context=context, key=key))


def _send(*, user, template: str, context: dict, key: str) -> None:
    from anshim.notifications.models import Channel
    from anshim.notifications.services import notify

    channel = Channel.EMAIL if user.email else Channel.SMS
    try:
        notify(user=user, channel=channel, template=template, context=context, key=key)
    except ValueError:
        logger.warning("Sign-up notification %s not queued", key, exc_info=True)


def _confirmed_extra(program: Program) -> dict:
    return {
        "schedule": program.schedule,
        "place": program.place,
        "center_name": program.center.name if program.center_id else "",
        "cancel_deadline": _day(program.cancel_deadline),
    }


def _lock_program(program: Program) -> Program:
    return Program.objects.select_for_update(of=("self",)).select_related("center").get(pk=program.pk)


def _check_recruiting(program: Program, day) -> None:
    if not program.is_published:
        raise ValidationError(_("게시되지 않은 프로그램에는 신청할 수 없습니다."))
    if day < program.recruit_start:
        raise ValidationError(
            _("아직 모집 기간이 아닙니다. %(day)s부터 신청할 수 있습니다.") % {"day": _day(program.recruit_start)}
        )
    if day > program.recruit_end:
        raise ValidationError(
            _("모집이 마감되었습니다. 모집 마감일은 %(day)s이었습니다.") % {"day": _day(program.recruit_end)}
        )


def _duplicate_error(existing: Signup) -> ValidationError:
    if existing.status == S.WAITLISTED:
        state = _("대기 %(position)d번째") % {"position": existing.waitlist_position()}
    else:
        state = existing.get_status_display()
    return ValidationError(
        _("이미 이 프로그램에 신청하셨습니다(현재 상태: %(state)s). 한 사람이 한 번만 신청할 수 있습니다.")
        % {"state": state}
    )


def sign_up(*, user, program: Program, name: str, phone: str, consent_text_ids) -> Signup:
    """신청: confirm a seat if one is free, else put the person on the waiting list.

    Refused (Korean ``ValidationError``, nothing written) outside the recruiting window, for an
    unpublished programme, without consent to the current texts, or when the person already holds
    an active sign-up for it. Saves name and phone onto the profile where those are still blank.
    """
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("로그인한 회원만 신청할 수 있습니다."))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("이름을 입력해 주세요.")})
    try:
        phone = normalise_mobile(phone)
    except ValidationError as exc:
        raise ValidationError({"phone": exc.messages}) from None
    consent_text_ids = list(consent_text_ids or [])
    today = timezone.localdate()
    with transaction.atomic():
        if consent_text_ids:
            give_consents(user=user, purpose=ConsentPurpose.PROGRAM_SIGNUP, text_ids=consent_text_ids)
        if not has_current_consent(user, ConsentPurpose.PROGRAM_SIGNUP):
            raise ValidationError(_("개인정보 수집·이용과 제3자 제공에 동의해야 신청할 수 있습니다."))
        program = _lock_program(program)
        _check_recruiting(program, today)
        existing = Signup.objects.filter(program=program, user=user, status__in=ACTIVE_STATUSES).first()
        if existing is not None:
            raise _duplicate_error(existing)
        has_seat = program.enrolled < program.capacity
        signup = Signup(program=program, user=user, name=name, phone=phone, status="")
        try:
            with transaction.atomic():
                _move(signup, S.CONFIRMED if has_seat else S.WAITLISTED, actor=user)
        except IntegrityError:
            # Only reachable if the programme lock was bypassed; the constraint still holds the line.
            raise ValidationError(
                _("이미 이 프로그램에 신청하셨습니다. 한 사람이 한 번만 신청할 수 있습니다.")
            ) from None
        if has_seat:
            Program.objects.filter(pk=program.pk).update(enrolled=F("enrolled") + 1)
            _notify_after_commit(signup, "program_signup_confirmed", **_confirmed_extra(program))
        else:
            _notify_after_commit(
                signup,
                "program_signup_waitlisted",
                waitlist_position=signup.waitlist_position(),
                schedule=program.schedule,
            )
        profile = {field: value for field, value in (("name", name), ("phone", phone)) if not getattr(user, field)}
        if profile:
            for field, value in profile.items():
                setattr(user, field, value)
            get_user_model().objects.filter(pk=user.pk).update(**profile)
    return signup


def _promote_waiting(program: Program, *, actor) -> list[Signup]:
    """Fill free seats from the waiting list, first come first served; the caller holds the programme lock."""
    promoted = []
    free = program.capacity - Program.objects.values_list("enrolled", flat=True).get(pk=program.pk)
    if free <= 0:
        return promoted
    waiting = (
        Signup.objects.select_for_update(of=("self",))
        .select_related("program", "user")
        .filter(program=program, status=S.WAITLISTED)
        .order_by("created_at", "pk")[:free]
    )
    for signup in waiting:
        _move(signup, S.CONFIRMED, actor=actor, reason=PROMOTION_REASON)
        Program.objects.filter(pk=program.pk).update(enrolled=F("enrolled") + 1)
        _notify_after_commit(signup, "program_signup_promoted", **_confirmed_extra(program))
        promoted.append(signup)
    return promoted


def _cancel_locked(signup: Signup, *, actor, reason: str, notify: bool) -> list[Signup]:
    program = signup.program
    held_seat = signup.status in SEAT_STATUSES
    _move(signup, S.CANCELLED, actor=actor, reason=reason)
    promoted = []
    if held_seat:
        Program.objects.filter(pk=program.pk, enrolled__gt=0).update(enrolled=F("enrolled") - 1)
        promoted = _promote_waiting(program, actor=actor)
    if notify:
        _notify_after_commit(signup, "program_signup_cancelled", reason=reason)
    return promoted


def _lock_signup(signup: Signup) -> tuple[Program, Signup]:
    program = _lock_program(signup.program)
    signup = Signup.objects.select_for_update(of=("self",)).select_related("user").get(pk=signup.pk)
    signup.program = program
    return program, signup


def cancel(*, signup: Signup, actor, reason: str = "") -> Signup:
    """취소: the person themselves until ``Program.cancel_deadline``, staff of the programme at any time.

    Staff must give a reason (it is sent to the person). A freed seat goes to the first person
    waiting, who is told. Attended/absent sign-ups are past cancelling.
    """
    reason = (reason or "").strip()
    with transaction.atomic():
        program, signup = _lock_signup(signup)
        is_owner = signup.user_id is not None and signup.user_id == getattr(actor, "pk", None)
        is_staff = can_manage(actor, program)
        if not (is_owner or is_staff):
            raise PermissionDenied(_("이 신청을 취소할 권한이 없습니다."))
        if signup.status == S.CANCELLED:
            raise ValidationError(_("이미 취소된 신청입니다."))
        if signup.status not in (S.CONFIRMED, S.WAITLISTED):
            raise ValidationError(_("참석 여부가 기록된 신청은 취소할 수 없습니다."))
        if not is_owner:
            if not reason:
                raise ValidationError({"reason": _("신청을 취소하는 사유를 입력해 주세요.")})
        elif not is_staff and timezone.localdate() > program.cancel_deadline:
            raise ValidationError(
                _("취소 기한(%(day)s)이 지나 직접 취소할 수 없습니다. 운영 센터에 문의해 주세요.")
                % {"day": _day(program.cancel_deadline)}
            )
        _cancel_locked(signup, actor=actor, reason=reason, notify=True)
    return signup


def can_mark_attendance(user, program: Program) -> bool:
    return user.has_perm("programs.mark_attendance", program)


def mark_attendance(*, signup: Signup, actor, attended: bool) -> Signup:
    """출석 체크: centre staff of the programme's centre, from its start day, for seated sign-ups only."""
    with transaction.atomic():
        program, signup = _lock_signup(signup)
        if not can_mark_attendance(actor, program):
            raise PermissionDenied(_("이 프로그램을 운영하는 센터 담당자만 출석을 기록할 수 있습니다."))
        if signup.status not in SEAT_STATUSES:
            raise ValidationError(_("신청이 확정된 사람만 출석을 기록할 수 있습니다."))
        if timezone.localdate() < program.starts_on:
            raise ValidationError(
                _("출석은 프로그램 시작일(%(day)s)부터 기록할 수 있습니다.") % {"day": _day(program.starts_on)}
            )
        target = S.ATTENDED if attended else S.ABSENT
        if signup.status != target:
            signup.attended_marked_by = actor
            signup.attended_marked_at = timezone.now()
            _move(signup, target, actor=actor)
    return signup


def erase_signups_for_user(*, user) -> int:
    """On withdrawal (탈퇴): cancel what is still pending (promoting the waiting list), then anonymise.

    The rows stay with name and phone blanked and no member attached, so participation counts
    remain. No cancellation message is sent to someone who is leaving. Returns the rows anonymised.
    """
    reason = WITHDRAWAL_REASON
    with transaction.atomic():
        pending = list(
            Signup.objects.filter(user=user, status__in=(S.CONFIRMED, S.WAITLISTED)).order_by("program_id", "pk")
        )
        for item in pending:
            _program, locked = _lock_signup(item)
            if locked.status in (S.CONFIRMED, S.WAITLISTED):
                _cancel_locked(locked, actor=user, reason=reason, notify=False)
        # Also the promotions their cancellations caused on other people's sign-ups.
        SignupEvent.objects.filter(actor=user).update(actor=None)
        return Signup.objects.filter(user=user).update(user=None, name="", phone="", updated_at=timezone.now())
