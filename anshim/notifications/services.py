"""Queue, deliver, retry and cancel notifications.

``notify`` writes the row and enqueues delivery only after the caller's transaction commits, so
a rolled-back sign-up never sends a message. ``deliver`` sends at most once: it acts only if its
conditional QUEUED → SENDING update wins, and never re-sends a row left in SENDING.
"""

import json
import logging
import re
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from anshim.notifications.channels import OutgoingMessage, get_backend
from anshim.notifications.exceptions import DeliveryError, InvalidRecipientError, NotificationError
from anshim.notifications.masking import mask_address
from anshim.notifications.models import Channel, Notification, OutboxMessage, Status
from anshim.notifications.rendering import render

logger = logging.getLogger(__name__)

DEFAULT_MAX_ATTEMPTS = 5
DEFAULT_RETRY_BASE_SECONDS = 30
DEFAULT_RETRY_MAX_SECONDS = 3600
_KEY_MAX_LENGTH = Notification._meta.get_field("idempotency_key").max_length
_MOBILE = re.compile(r"^01[016789]\d{7,8}$")
_NON_DIGITS = re.compile(r"\D")


def max_attempts() -> int:
    return int(getattr(settings, "ANSHIM_NOTIFICATIONS_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS))


def retry_delay(attempt: int) -> timedelta:
    """Wait before the next try after ``attempt`` failed: base × 2^(attempt−1), capped (30 s, 60 s, 120 s, …)."""
    base = float(getattr(settings, "ANSHIM_NOTIFICATIONS_RETRY_BASE_SECONDS", DEFAULT_RETRY_BASE_SECONDS))
    cap = float(getattr(settings, "ANSHIM_NOTIFICATIONS_RETRY_MAX_SECONDS", DEFAULT_RETRY_MAX_SECONDS))
    return timedelta(seconds=min(base * 2 ** (attempt - 1), cap))


def normalise_address(channel: str, raw: str) -> str:
    """The address as stored and sent: a validated email, or mobile-number digits only."""
    value = (raw or "").strip()
    if channel == Channel.EMAIL:
        try:
            validate_email(value)
        except ValidationError:
            raise InvalidRecipientError(
                gettext("올바른 이메일 주소가 아닙니다: %(value)s") % {"value": value}
            ) from None
        return value
    digits = _NON_DIGITS.sub("", value)
    if not _MOBILE.match(digits):
        raise InvalidRecipientError(
            gettext("010으로 시작하는 휴대전화 번호가 필요합니다: %(value)s") % {"value": value}
        )
    return digits


def _address_of(user, channel: str) -> str:
    if user is None:
        raise InvalidRecipientError(gettext("받는 회원이나 받는 주소 중 하나는 있어야 합니다."))
    address = user.email if channel == Channel.EMAIL else getattr(user, "phone", "")
    if not address:
        raise InvalidRecipientError(
            gettext("받는 회원에게 %(channel)s로 받을 연락처가 없습니다.") % {"channel": Channel(channel).label}
        )
    return address


def _channel(value: str) -> Channel:
    try:
        return Channel(value)
    except ValueError:
        raise NotificationError(gettext("알 수 없는 알림 채널입니다: %(value)s") % {"value": value}) from None


def _check_key(key: str) -> str:
    key = (key or "").strip()
    if not key or len(key) > _KEY_MAX_LENGTH:
        raise NotificationError(gettext("알림 중복 방지 키는 1~%(max)d자여야 합니다.") % {"max": _KEY_MAX_LENGTH})
    return key


def _prepare(*, user, to: str | None, channel: str, template: str, context: dict, key: str) -> Notification:
    """The unsaved notification for one message: address checked, template rendered, values kept."""
    channel = _channel(channel)
    address = normalise_address(channel, to if to is not None else _address_of(user, channel))
    if not isinstance(context, dict):
        raise NotificationError(gettext("알림 템플릿 값은 사전(dict)이어야 합니다."))
    rendered = render(template, context)
    try:
        # Stored for the record; only text, numbers and dates can be kept.
        stored_context = json.loads(json.dumps(context, cls=DjangoJSONEncoder))
    except TypeError:
        raise NotificationError(gettext("알림 템플릿 값에는 글자, 숫자, 날짜만 쓸 수 있습니다.")) from None
    return Notification(
        recipient=user,
        to=address,
        to_masked=mask_address(channel, address),
        channel=channel,
        template=template,
        context=stored_context,
        subject=rendered.subject,
        body=rendered.body,
        idempotency_key=key,
    )


def notify(*, user=None, to: str | None = None, channel: str, template: str, context: dict, key: str) -> Notification:
    """Queue one message and return its notification; delivery is enqueued when the transaction commits.

    ``key`` makes the call idempotent: a second call with the same key returns the first
    notification untouched and sends nothing (e.g. ``f"program-signup:{signup.pk}:confirmed"``).
    ``to`` defaults to the user's email (EMAIL) or ``user.phone`` (SMS, KAKAO).
    Raises ``NotificationError`` (a ``ValueError`` with a Korean message) for an unknown template
    or channel, a missing template value, or a bad address.
    """
    key = _check_key(key)
    existing = Notification.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    notification = _prepare(user=user, to=to, channel=channel, template=template, context=context, key=key)
    try:
        with transaction.atomic():
            notification.save()
    except IntegrityError:
        # A concurrent call with the same key committed first; its notification is the one.
        return Notification.objects.get(idempotency_key=key)
    transaction.on_commit(partial(enqueue_delivery, notification.pk))
    return notification


@dataclass(frozen=True)
class Message:
    """One message for ``notify_many``: the same arguments ``notify`` takes."""

    channel: str
    template: str
    context: dict
    key: str
    user: object = None
    to: str | None = None


@dataclass
class BulkResult:
    queued: list[Notification]
    refused: dict[str, str]  # idempotency key → the Korean reason it could not be queued


DELIVERY_BATCH = 200


def notify_many(messages: list[Message]) -> BulkResult:
    """Queue many messages at once (a selection run tells thousands of residents).

    Same rules as ``notify`` — idempotent by key, checked address and template — but written with
    one query for the keys already used and one bulk insert, and delivered by one background task
    per ``DELIVERY_BATCH`` notifications instead of one each. A message that cannot be queued (a bad
    address, say) does not stop the others: it is returned in ``refused`` with its reason.
    """
    refused: dict[str, str] = {}
    prepared: dict[str, Notification] = {}
    keyed = []
    for message in messages:
        try:
            keyed.append((_check_key(message.key), message))
        except NotificationError as exc:
            refused[message.key] = str(exc)
    used = set(
        Notification.objects.filter(idempotency_key__in=[key for key, _ in keyed]).values_list(
            "idempotency_key", flat=True
        )
    )
    for key, message in keyed:
        if key in used or key in prepared:
            continue
        try:
            prepared[key] = _prepare(
                user=message.user,
                to=message.to,
                channel=message.channel,
                template=message.template,
                context=message.context,
                key=key,
            )
        except NotificationError as exc:
            refused[key] = str(exc)
    rows = list(prepared.values())
    try:
        with transaction.atomic():
            Notification.objects.bulk_create(rows, batch_size=500)
    except IntegrityError:
        # A concurrent caller took one of the keys meanwhile: fall back to one at a time, which
        # returns that caller's row for the taken key and queues the rest.
        return BulkResult(queued=[_notify_one(row) for row in rows], refused=refused)
    if rows and rows[0].pk is None:  # a database that returns no keys from a bulk insert
        rows = list(Notification.objects.filter(idempotency_key__in=prepared))
    ids = [row.pk for row in rows]
    for start in range(0, len(ids), DELIVERY_BATCH):
        transaction.on_commit(partial(enqueue_batch_delivery, ids[start : start + DELIVERY_BATCH]))
    return BulkResult(queued=rows, refused=refused)


def _notify_one(row: Notification) -> Notification:
    return notify(
        user=row.recipient,
        to=row.to,
        channel=row.channel,
        template=row.template,
        context=row.context,
        key=row.idempotency_key,
    )


def enqueue_batch_delivery(notification_ids: list[int]) -> None:
    """One background task that delivers these notifications in turn."""
    from anshim.notifications.tasks import deliver_notifications

    deliver_notifications.enqueue(notification_ids)


def enqueue_delivery(notification_id: int, *, run_after=None) -> None:
    """Put ``deliver_notification`` on the task queue, deferred to ``run_after`` where the backend can defer."""
    # Imported here because the task module imports this one.
    from anshim.notifications.tasks import deliver_notification

    task = deliver_notification
    # Backends that run tasks at once (the immediate backend) cannot defer; they retry straight away.
    if run_after is not None and task.get_backend().supports_defer:
        task = task.using(run_after=run_after)
    task.enqueue(notification_id)


def deliver(*, notification_id: int) -> str:
    """Send a queued notification once and return its resulting status.

    Running it again, or concurrently, for the same notification sends nothing more: only the
    run whose QUEUED → SENDING update succeeds may call the channel.
    """
    claimed = Notification.objects.filter(pk=notification_id, status=Status.QUEUED).update(
        status=Status.SENDING, attempts=F("attempts") + 1, next_attempt_at=None
    )
    if not claimed:
        current = Notification.objects.filter(pk=notification_id).values_list("status", flat=True).first()
        return current or ""

    notification = Notification.objects.get(pk=notification_id)
    message = OutgoingMessage(
        channel=notification.channel,
        to=notification.to,
        subject=notification.subject,
        body=notification.body,
        template=notification.template,
        idempotency_key=notification.idempotency_key,
        notification_id=notification.pk,
    )
    try:
        provider_message_id = get_backend(notification.channel).send(message)
    except DeliveryError as exc:
        return _record_failure(notification, str(exc), transient=exc.transient)
    except Exception as exc:
        # A fault in our own code must not leave the row in SENDING forever; retry, then give up visibly.
        logger.exception("Notification %s failed unexpectedly", notification.pk)
        reason = gettext("예기치 못한 오류로 보내지 못했습니다: %(error)s") % {"error": exc}
        return _record_failure(notification, reason, transient=True)

    Notification.objects.filter(pk=notification.pk, status=Status.SENDING).update(
        status=Status.SENT,
        sent_at=timezone.now(),
        provider_message_id=provider_message_id,
        last_error="",
    )
    return Status.SENT.value


def _record_failure(notification: Notification, reason: str, *, transient: bool) -> str:
    rows = Notification.objects.filter(pk=notification.pk, status=Status.SENDING)
    if transient and notification.attempts < max_attempts():
        run_after = timezone.now() + retry_delay(notification.attempts)
        with transaction.atomic():
            rows.update(status=Status.QUEUED, last_error=reason, next_attempt_at=run_after)
            transaction.on_commit(partial(enqueue_delivery, notification.pk, run_after=run_after))
        return Status.QUEUED.value
    if transient:
        reason = gettext("%(attempts)d번 시도했지만 보내지 못했습니다. 마지막 오류: %(reason)s") % {
            "attempts": notification.attempts,
            "reason": reason,
        }
    rows.update(status=Status.FAILED, last_error=reason, next_attempt_at=None)
    return Status.FAILED.value


def cancel(*, notification: Notification) -> bool:
    """Stop a notification that has not been sent yet; returns False if it already left or finished."""
    return bool(
        Notification.objects.filter(pk=notification.pk, status=Status.QUEUED).update(
            status=Status.CANCELLED, next_attempt_at=None
        )
    )


def erase_for_user(*, user) -> int:
    """On withdrawal (탈퇴): cancel what is still queued and strip the person's data from every message.

    The rows stay, detached and without address or text, so counts and delivery history remain.
    Returns the number of notifications erased.
    """
    with transaction.atomic():
        rows = Notification.objects.filter(recipient=user)
        rows.filter(status=Status.QUEUED).update(status=Status.CANCELLED, next_attempt_at=None)
        OutboxMessage.objects.filter(notification__recipient=user).update(to="", body="")
        return rows.update(recipient=None, to="", to_masked=gettext("(탈퇴 회원)"), context={}, body="")
