"""Korean message templates: a registry of keys and the files that render them.

Each key has ``templates/notifications/<key>.txt``: its first line is the subject, the rest the
body. They render in a separate engine with autoescaping off, because texts and emails are plain
text: "A&B 센터" must reach the phone as typed, not as "A&amp;B 센터".
"""

import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template import Context, Engine
from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from anshim.notifications.exceptions import MissingContextError, UnknownTemplateError


@dataclass(frozen=True)
class MessageTemplate:
    key: str
    label: str | Promise
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    body: str


_PROGRAM_OPTIONAL = ("name", "schedule", "place", "center_name", "cancel_deadline", "url")

TEMPLATES: dict[str, MessageTemplate] = {
    template.key: template
    for template in (
        MessageTemplate("program_signup_confirmed", _("참여프로그램 신청 확정"), ("program_title",), _PROGRAM_OPTIONAL),
        MessageTemplate(
            "program_signup_waitlisted",
            _("참여프로그램 대기자 등록"),
            ("program_title", "waitlist_position"),
            ("name", "schedule", "url"),
        ),
        MessageTemplate(
            "program_signup_promoted", _("참여프로그램 대기 후 확정"), ("program_title",), _PROGRAM_OPTIONAL
        ),
        MessageTemplate(
            "program_signup_cancelled", _("참여프로그램 신청 취소"), ("program_title",), ("name", "reason", "url")
        ),
        MessageTemplate(
            "policy_fits", _("새로 맞는 지원제도"), ("policy_title",), ("name", "summary", "period", "url")
        ),
        MessageTemplate(
            "status_changed", _("처리 상태 변경"), ("subject_label", "status_label"), ("name", "reason", "url")
        ),
        MessageTemplate(
            "companion_assigned",
            _("병원 안심동행 동행매니저 배정"),
            ("companion_name", "appointment", "hospital_name", "url"),
            ("name", "qualification", "pickup", "subject_label", "status_label", "reason"),
        ),
    )
}

TEMPLATE_CHOICES = [(key, template.label) for key, template in TEMPLATES.items()]

_ENGINE = Engine(
    dirs=[Path(__file__).resolve().parent / "templates"],
    autoescape=False,
    libraries={"humanize": "django.contrib.humanize.templatetags.humanize"},
)
SUBJECT_MAX_LENGTH = 200
_BLANK_RUNS = re.compile(r"\n{3,}")


def get_template(key: str) -> MessageTemplate:
    try:
        return TEMPLATES[key]
    except KeyError:
        raise UnknownTemplateError(
            gettext("알 수 없는 알림 템플릿입니다: %(key)s (사용할 수 있는 템플릿: %(known)s)")
            % {"key": key, "known": ", ".join(TEMPLATES)}
        ) from None


def absolute_url(url: str | None) -> str:
    """A site path as a link the person can open from a mail or a phone: the public address in front."""
    if not url or not url.startswith("/"):
        return url or ""
    return settings.ANSHIM_SITE_URL.rstrip("/") + url


def render(key: str, context: dict) -> RenderedMessage:
    """Render a registered template; a missing required value is an error, never a blank in the text."""
    template = get_template(key)
    missing = [name for name in template.required if context.get(name) in (None, "")]
    if missing:
        raise MissingContextError(
            gettext("알림 템플릿 '%(key)s'에 필요한 값이 없습니다: %(names)s")
            % {"key": key, "names": ", ".join(missing)}
        )
    context = {**context, "url": absolute_url(context.get("url"))}
    # Messages are always Korean, whatever language the triggering request used.
    with translation.override(settings.LANGUAGE_CODE):
        text = _ENGINE.get_template(f"notifications/{key}.txt").render(Context(context, autoescape=False))
    lines = [line.rstrip() for line in text.strip().splitlines()]
    # A long programme title must not overflow the subject column; the body keeps it whole.
    subject = Truncator(lines[0].strip()).chars(SUBJECT_MAX_LENGTH)
    body = "\n".join(lines[1:]).strip()
    return RenderedMessage(subject=subject, body=_BLANK_RUNS.sub("\n\n", body))
