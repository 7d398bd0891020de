"""Open API for 알림마당, 알쓸1잡 and the FAQ, with the filters of their pages.

Kinds, themes and topics are declared as literal types built from the models' choices,
so a value the portal does not offer is refused by validation (422, Korean message).
"""

import datetime
from typing import Literal

from django.http import Http404
from ninja import Field, Query, Router, Schema

from anshim.catalog.selectors import parse_keyword
from anshim.content import selectors
from anshim.content.models import Faq, Notice, Tip

router = Router(tags=["알림마당·알쓸1잡"])

MAX_OFFSET = 100_000

NoticeKind = Literal[tuple(Notice.Kind.values)]
TipTheme = Literal[tuple(Tip.Theme.values)]
FaqTopic = Literal[tuple(Faq.Topic.values)]


class ListQuery(Schema):
    q: str | None = Field(None, max_length=100, description="검색어 (100자 이내, 띄어쓰기로 나눈 낱말을 모두 포함)")
    limit: int = Field(20, ge=1, le=100, description="한 번에 받을 개수 (1~100)")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="건너뛸 개수")


class NoticeQuery(ListQuery):
    kind: NoticeKind | None = Field(None, description="구분: NOTICE(공지), RECRUIT(모집), PRESS(보도), EVENT(행사)")


class TipQuery(ListQuery):
    theme: TipTheme | None = Field(
        None,
        description="주제: SAFETY(생활안전), HOUSING(집·계약), FOOD(식생활), HEALTH(건강), MONEY(돈 관리), "
        "HOUSEKEEPING(살림), MIND(마음·관계)",
    )


class FaqQuery(ListQuery):
    topic: FaqTopic | None = Field(
        None, description="분류: PORTAL(포털 이용), POLICY(지원제도), PROGRAM(참여프로그램), CENTER(지원센터)"
    )


class AttachmentOut(Schema):
    id: int
    name: str = Field(description="내려받을 때의 파일 이름")
    extension: str
    size: int | None = Field(description="바이트 수. 보관소에 파일이 없으면 null")
    url: str = Field(description="내려받기 주소")


class NoticeOut(Schema):
    id: int
    title: str
    kind: str
    kind_label: str
    author: str
    pinned: bool
    published_at: datetime.datetime
    attachment_count: int
    detail_url: str


class NoticeDetailOut(NoticeOut):
    body: str
    attachments: list[AttachmentOut]


class NoticePage(Schema):
    count: int
    results: list[NoticeOut]


class TipOut(Schema):
    id: int
    title: str
    theme: str
    theme_label: str
    summary: str
    published_at: datetime.datetime
    detail_url: str


class TipDetailOut(TipOut):
    body: str


class TipPage(Schema):
    count: int
    results: list[TipOut]


class FaqOut(Schema):
    id: int
    topic: str
    topic_label: str
    question: str
    answer: str


class FaqPage(Schema):
    count: int
    results: list[FaqOut]


def _notice_out(request, notice: Notice) -> dict:
    return {
        "id": notice.pk,
        "title": notice.title,
        "kind": notice.kind,
        "kind_label": notice.get_kind_display(),
        "author": notice.author,
        "pinned": notice.pinned,
        "published_at": notice.published_at,
        "attachment_count": notice.attachment_count,
        "detail_url": request.build_absolute_uri(notice.get_absolute_url()),
    }


def _tip_out(request, tip: Tip) -> dict:
    return {
        "id": tip.pk,
        "title": tip.title,
        "theme": tip.theme,
        "theme_label": tip.get_theme_display(),
        "summary": tip.summary,
        "published_at": tip.published_at,
        "detail_url": request.build_absolute_uri(tip.get_absolute_url()),
    }


@router.get("/notices", response=NoticePage, url_name="notice-list", summary="알림마당 목록")
def list_notices(request, params: Query[NoticeQuery]):
    """게시 중인 공지·모집·보도·행사 글. 상단 고정 글이 먼저, 그다음 최신순입니다."""
    filters = selectors.NoticeFilters(kind=params.kind, q=parse_keyword(params.q))
    qs = selectors.notices(filters)
    window = qs[params.offset : params.offset + params.limit]
    return {"count": qs.count(), "results": [_notice_out(request, n) for n in window]}


@router.get("/notices/{notice_id}", response=NoticeDetailOut, url_name="notice-detail", summary="알림마당 상세")
def get_notice(request, notice_id: int):
    """글 하나와 첨부파일 목록(이름, 크기, 내려받기 주소)."""
    notice = selectors.notice_detail(notice_id)
    if notice is None:
        raise Http404
    attachments = [
        {**vars(file), "url": request.build_absolute_uri(file.url)} for file in selectors.attachments_of(notice)
    ]
    return {**_notice_out(request, notice), "body": notice.body, "attachments": attachments}


@router.get("/tips", response=TipPage, url_name="tip-list", summary="알쓸1잡 목록")
def list_tips(request, params: Query[TipQuery]):
    """게시 중인 생활정보, 최신순."""
    filters = selectors.TipFilters(theme=params.theme, q=parse_keyword(params.q))
    qs = selectors.tips(filters)
    window = qs[params.offset : params.offset + params.limit]
    return {"count": qs.count(), "results": [_tip_out(request, t) for t in window]}


@router.get("/tips/{tip_id}", response=TipDetailOut, url_name="tip-detail", summary="알쓸1잡 상세")
def get_tip(request, tip_id: int):
    tip = selectors.tip_detail(tip_id)
    if tip is None:
        raise Http404
    return {**_tip_out(request, tip), "body": tip.body}


@router.get("/faq", response=FaqPage, url_name="faq-list", summary="자주 묻는 질문")
def list_faq(request, params: Query[FaqQuery]):
    """분류 순서(포털 이용, 지원제도, 참여프로그램, 지원센터)와 분류 안의 순서대로."""
    filters = selectors.FaqFilters(topic=params.topic, q=parse_keyword(params.q))
    items = selectors.faqs(filters)
    window = items[params.offset : params.offset + params.limit]
    results = [
        {"id": f.pk, "topic": f.topic, "topic_label": f.get_topic_display(), "question": f.question, "answer": f.answer}
        for f in window
    ]
    return {"count": len(items), "results": results}
