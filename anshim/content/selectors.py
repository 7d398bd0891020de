"""Reading 알림마당, 알쓸1잡 and the FAQ, shared by the pages, the home page and the API.

A notice or tip is public when it is marked published and its publication time has
come, so an official can schedule one ahead. Filters are parsed here once, with the
same Korean messages as the policy finder (``catalog.selectors``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from anshim.catalog.selectors import parse_choice, parse_keyword
from anshim.content.models import Faq, Notice, NoticeAttachment, Tip

# Ids beyond a 64-bit integer cannot exist, and SQLite refuses to compare with them.
MAX_ID = 2**63 - 1


def _valid_id(pk: int) -> bool:
    return 0 < pk <= MAX_ID


def _keyword_condition(words: str, *fields: str) -> Q:
    condition = Q()
    for word in words.split():
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        condition &= any_field
    return condition


# --- 알림마당 -------------------------------------------------------------------


@dataclass(frozen=True)
class NoticeFilters:
    kind: str | None = None
    q: str = ""

    @classmethod
    def parse(cls, params) -> NoticeFilters:
        """Build filters from a QueryDict-like mapping; raises ``InvalidFilter``."""
        return cls(
            kind=parse_choice("kind", "구분", params.get("kind"), Notice.Kind),
            q=parse_keyword(params.get("q")),
        )


def _public_notices() -> QuerySet[Notice]:
    return Notice.objects.filter(is_published=True, published_at__lte=timezone.now())


def notices(filters: NoticeFilters | None = None) -> QuerySet[Notice]:
    """Public notices, pinned first then newest, each with ``attachment_count``."""
    filters = filters or NoticeFilters()
    qs = _public_notices()
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.q:
        qs = qs.filter(_keyword_condition(filters.q, "title", "body"))
    return qs.annotate(attachment_count=Count("attachments")).order_by("-pinned", "-published_at", "-pk")


def latest_notices(limit: int = 5) -> list[Notice]:
    """The newest public notices regardless of pinning, for the home page."""
    return list(notices().order_by("-published_at", "-pk")[:limit])


def notice_detail(pk: int) -> Notice | None:
    if not _valid_id(pk):
        return None
    return notices().filter(pk=pk).first()


@dataclass(frozen=True)
class AttachmentInfo:
    """What a reader sees of an attachment; ``size`` is None when the file is missing from storage."""

    id: int
    name: str
    extension: str
    size: int | None
    url: str


def download_name(attachment: NoticeAttachment) -> str:
    """The display name, with the stored file's extension added when the name lacks it."""
    extension = PurePosixPath(attachment.file.name).suffix.lower()
    name = attachment.name.strip() or PurePosixPath(attachment.file.name).name
    if extension and not name.lower().endswith(extension):
        name += extension
    return name


def _stored_size(attachment: NoticeAttachment) -> int | None:
    try:
        return attachment.file.storage.size(attachment.file.name)
    except OSError:
        return None


def attachments_of(notice: Notice) -> list[AttachmentInfo]:
    return [
        AttachmentInfo(
            id=attachment.pk,
            name=download_name(attachment),
            extension=PurePosixPath(attachment.file.name).suffix.lstrip(".").upper(),
            size=_stored_size(attachment),
            url=attachment.get_absolute_url(),
        )
        for attachment in notice.attachments.order_by("pk")
    ]


def notice_attachment(notice_pk: int, attachment_pk: int) -> NoticeAttachment | None:
    """The attachment only if it belongs to that notice and the notice is public."""
    if not (_valid_id(notice_pk) and _valid_id(attachment_pk)):
        return None
    return NoticeAttachment.objects.filter(pk=attachment_pk, notice__in=_public_notices().filter(pk=notice_pk)).first()


# --- 알쓸1잡 --------------------------------------------------------------------


@dataclass(frozen=True)
class TipFilters:
    theme: str | None = None
    q: str = ""

    @classmethod
    def parse(cls, params) -> TipFilters:
        """Build filters from a QueryDict-like mapping; raises ``InvalidFilter``."""
        return cls(
            theme=parse_choice("theme", "주제", params.get("theme"), Tip.Theme),
            q=parse_keyword(params.get("q")),
        )


def tips(filters: TipFilters | None = None) -> QuerySet[Tip]:
    """Public tips, newest first."""
    filters = filters or TipFilters()
    qs = Tip.objects.filter(is_published=True, published_at__lte=timezone.now())
    if filters.theme:
        qs = qs.filter(theme=filters.theme)
    if filters.q:
        qs = qs.filter(_keyword_condition(filters.q, "title", "summary", "body"))
    return qs.order_by("-published_at", "-pk")


def tip_counts_by_theme() -> dict[str, int]:
    """How many public tips each theme has, for the theme chips."""
    rows = tips().order_by().values("theme").annotate(n=Count("pk"))
    return {row["theme"]: row["n"] for row in rows}


def latest_tips(limit: int = 4) -> list[Tip]:
    return list(tips()[:limit])


def tip_detail(pk: int) -> Tip | None:
    if not _valid_id(pk):
        return None
    return tips().filter(pk=pk).first()


def related_tips(tip: Tip, limit: int = 4) -> list[Tip]:
    """Other public tips of the same theme, newest first."""
    return list(tips(TipFilters(theme=tip.theme)).exclude(pk=tip.pk)[:limit])


# --- 자주 묻는 질문 ----------------------------------------------------------------


@dataclass(frozen=True)
class FaqFilters:
    topic: str | None = None
    q: str = ""

    @classmethod
    def parse(cls, params) -> FaqFilters:
        """Build filters from a QueryDict-like mapping; raises ``InvalidFilter``."""
        return cls(
            topic=parse_choice("topic", "분류", params.get("topic"), Faq.Topic),
            q=parse_keyword(params.get("q")),
        )


def faqs(filters: FaqFilters | None = None) -> list[Faq]:
    """Questions in the portal's topic order (not alphabetical by code), then by their set order."""
    filters = filters or FaqFilters()
    qs = Faq.objects.all()
    if filters.topic:
        qs = qs.filter(topic=filters.topic)
    if filters.q:
        qs = qs.filter(_keyword_condition(filters.q, "question", "answer"))
    rank = {value: index for index, value in enumerate(Faq.Topic.values)}
    return sorted(qs.order_by("order", "pk"), key=lambda faq: rank.get(faq.topic, len(rank)))


@dataclass(frozen=True)
class FaqGroup:
    topic: str
    label: str
    items: list[Faq]


def faq_groups(filters: FaqFilters | None = None) -> list[FaqGroup]:
    """The questions grouped by topic; topics without questions are left out."""
    by_topic: dict[str, list[Faq]] = {}
    for faq in faqs(filters):
        by_topic.setdefault(faq.topic, []).append(faq)
    return [FaqGroup(topic, str(items[0].get_topic_display()), items) for topic, items in by_topic.items()]
