"""Channel backends: how one rendered message leaves the platform, chosen per channel by settings.

Email goes through Django's email backend; 문자 and 카카오 알림톡 go to the development outbox
unless settings name the HTTP provider. Every backend maps its failures onto transient (retry
later) or permanent (give up) errors with a Korean reason.
"""

import ipaddress
import json
import smtplib
import urllib.error
import urllib.parse
import urllib.request
from abc import ABC, abstractmethod
from dataclasses import dataclass
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage, make_msgid
from django.utils.module_loading import import_string
from django.utils.translation import gettext

from anshim.notifications.exceptions import PermanentDeliveryError, TransientDeliveryError
from anshim.notifications.models import Channel, OutboxMessage

OUTBOX_BACKEND = "anshim.notifications.channels.OutboxBackend"
EMAIL_BACKEND = "anshim.notifications.channels.EmailBackend"
HTTP_BACKEND = "anshim.notifications.channels.HttpProviderBackend"

# Setting that picks each channel's backend, and its default.
BACKEND_SETTINGS = {
    Channel.EMAIL: ("ANSHIM_NOTIFICATIONS_EMAIL_BACKEND", EMAIL_BACKEND),
    Channel.SMS: ("ANSHIM_NOTIFICATIONS_SMS_BACKEND", OUTBOX_BACKEND),
    Channel.KAKAO: ("ANSHIM_NOTIFICATIONS_KAKAO_BACKEND", OUTBOX_BACKEND),
}
DEFAULT_HTTP_TIMEOUT = 10.0
_LOOPBACK_NAMES = {"localhost"}


@dataclass(frozen=True)
class OutgoingMessage:
    channel: str
    to: str
    subject: str
    body: str
    template: str
    idempotency_key: str
    notification_id: int | None = None


class ChannelBackend(ABC):
    """Delivers one message on one channel and returns the provider's message id."""

    def __init__(self, channel: str):
        self.channel = channel

    @abstractmethod
    def send(self, message: OutgoingMessage) -> str: ...


def backend_path(channel: str) -> str:
    name, default = BACKEND_SETTINGS[Channel(channel)]
    return getattr(settings, name, default) or default


def get_backend(channel: str) -> ChannelBackend:
    return import_string(backend_path(channel))(channel)


def sender_for(channel: str) -> str:
    """The 'from' of a channel: the email address, the registered SMS number, or the 알림톡 sender profile."""
    if channel == Channel.EMAIL:
        return getattr(settings, "ANSHIM_NOTIFICATIONS_FROM_EMAIL", "") or settings.DEFAULT_FROM_EMAIL
    if channel == Channel.SMS:
        return getattr(settings, "ANSHIM_NOTIFICATIONS_SMS_SENDER", "")
    return getattr(settings, "ANSHIM_NOTIFICATIONS_KAKAO_SENDER_KEY", "")


class OutboxBackend(ChannelBackend):
    """Development backend: records the message in the outbox (visible in the admin) instead of sending it."""

    def send(self, message: OutgoingMessage) -> str:
        row = OutboxMessage.objects.create(
            notification_id=message.notification_id,
            channel=self.channel,
            to=message.to,
            sender=sender_for(self.channel),
            subject=message.subject,
            body=message.body,
        )
        return f"outbox-{row.pk}"


class EmailBackend(ChannelBackend):
    """Email through Django's configured email backend (SMTP in production)."""

    def send(self, message: OutgoingMessage) -> str:
        from_email = sender_for(Channel.EMAIL)
        # The sender's own domain, so the Message-ID is not tied to this machine's host name.
        domain = parseaddr(from_email)[1].rpartition("@")[2]
        message_id = make_msgid(domain=domain or "anshim.local")
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=from_email,
            to=[message.to],
            headers={"Message-ID": message_id},
        )
        try:
            email.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as exc:
            raise PermanentDeliveryError(gettext("메일 서버가 받는 주소를 거부했습니다.")) from exc
        except smtplib.SMTPAuthenticationError as exc:
            raise PermanentDeliveryError(
                gettext("메일 서버 인증에 실패했습니다. 메일 계정 설정을 확인해 주세요.")
            ) from exc
        except OSError as exc:  # smtplib.SMTPException, refused connections and timeouts
            raise TransientDeliveryError(
                gettext("메일 서버에 보내지 못했습니다: %(reason)s") % {"reason": exc}
            ) from exc
        return message_id


def http_provider_url_problem(url: str) -> str | None:
    """Why ``url`` cannot be the provider's address, or None. Plain http is allowed to loopback only."""
    if not url:
        return gettext("문자·알림톡 발송 서비스 주소(ANSHIM_NOTIFICATIONS_HTTP_URL)가 설정되지 않았습니다.")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return None
    if parts.scheme == "http" and parts.hostname and _is_loopback(parts.hostname):
        return None
    return gettext("문자·알림톡 발송 서비스 주소는 https:// 로 시작해야 합니다: %(url)s") % {"url": url}


def _is_loopback(host: str) -> bool:
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    # urllib would turn a redirected POST into a GET and report success; a moved provider is a configuration error.
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class HttpProviderBackend(ChannelBackend):
    """A JSON-over-HTTPS 문자/알림톡 provider.

    POSTs ``{"channel", "sender", "to", "template_code", "subject", "text", "reference"}`` with
    ``Authorization: Bearer <key>`` and an ``Idempotency-Key`` header, and reads ``message_id``
    from a 2xx JSON answer.
    """

    def send(self, message: OutgoingMessage) -> str:
        url = getattr(settings, "ANSHIM_NOTIFICATIONS_HTTP_URL", "")
        problem = http_provider_url_problem(url)
        if problem:
            raise PermanentDeliveryError(problem)
        timeout = float(getattr(settings, "ANSHIM_NOTIFICATIONS_HTTP_TIMEOUT", DEFAULT_HTTP_TIMEOUT))
        payload = {
            "channel": "alimtalk" if self.channel == Channel.KAKAO else "sms",
            "sender": sender_for(self.channel),
            "to": message.to,
            "template_code": message.template,
            "subject": message.subject,
            "text": message.body,
            "reference": message.idempotency_key,
        }
        # The scheme was checked above: https, or http to loopback only.
        request = urllib.request.Request(  # noqa: S310
            url,
            data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Accept": "application/json",
                "Authorization": f"Bearer {getattr(settings, 'ANSHIM_NOTIFICATIONS_HTTP_API_KEY', '')}",
                # Lets the provider drop a duplicate if a crash made us send the same message again.
                "Idempotency-Key": message.idempotency_key,
            },
        )
        opener = urllib.request.build_opener(_RefuseRedirects)
        try:
            with opener.open(request, timeout=timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            detail = _provider_detail(_read_and_close(exc))
            raise _status_error(exc.code, detail) from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise _timeout_error(timeout) from exc
            raise TransientDeliveryError(
                gettext("발송 서비스에 연결할 수 없습니다: %(reason)s") % {"reason": exc.reason}
            ) from exc
        except TimeoutError as exc:
            raise _timeout_error(timeout) from exc
        except OSError as exc:
            raise TransientDeliveryError(
                gettext("발송 서비스와의 연결이 끊겼습니다: %(reason)s") % {"reason": exc}
            ) from exc
        return _message_id(raw)


def _read_and_close(exc: urllib.error.HTTPError) -> bytes:
    try:
        return exc.read()
    except (OSError, ValueError):
        return b""
    finally:
        exc.close()


def _provider_detail(raw: bytes) -> str:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return ""
    if isinstance(data, dict):
        for key in ("message", "error"):
            if isinstance(data.get(key), str):
                return data[key][:200]
    return ""


def _message_id(raw: bytes) -> str:
    # The provider accepted the message; an unreadable answer must not make us send it again.
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return ""
    return str(data.get("message_id", ""))[:200] if isinstance(data, dict) else ""


def _timeout_error(timeout: float) -> TransientDeliveryError:
    return TransientDeliveryError(
        gettext("발송 서비스가 %(seconds)s초 안에 응답하지 않았습니다.") % {"seconds": f"{timeout:g}"}
    )


def _status_error(code: int, detail: str) -> TransientDeliveryError | PermanentDeliveryError:
    suffix = f": {detail}" if detail else ""
    if code in (401, 403):
        return PermanentDeliveryError(
            gettext("발송 서비스 인증에 실패했습니다(HTTP %(code)s). API 키를 확인해 주세요.") % {"code": code}
        )
    if code == 429:
        return TransientDeliveryError(gettext("발송 서비스의 요청 한도를 넘었습니다(HTTP 429). 잠시 후 다시 보냅니다."))
    if code in (408, 425) or code >= 500:
        return TransientDeliveryError(
            gettext("발송 서비스에 일시적인 오류가 있습니다(HTTP %(code)s)") % {"code": code} + suffix
        )
    if 300 <= code < 400:
        return PermanentDeliveryError(
            gettext("발송 서비스 주소가 옮겨졌습니다(HTTP %(code)s). 주소 설정을 확인해 주세요.") % {"code": code}
        )
    return PermanentDeliveryError(gettext("발송 서비스가 요청을 거부했습니다(HTTP %(code)s)") % {"code": code} + suffix)
