"""알림마당, 알쓸1잡 and FAQ pages.

A filter value the page does not offer re-renders the page with a Korean message
and status 400; a missing notice, tip, file or page gets a Korean 404 page.
"""

from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from anshim.catalog.selectors import InvalidFilter
from anshim.content import selectors
from anshim.content.models import Faq, Notice, Tip
from anshim.portal.paging import BadPage, paginate, query_without_page

NOTICE_PAGE_SIZE = 10
TIP_PAGE_SIZE = 12


def _choice_links(
    request, name: str, choices, current: str | None, counts: dict[str, int] | None = None, *, valid: bool = True
) -> list[dict]:
    """One link per choice (plus 전체) that keeps the other filters and starts again at page 1.

    ``valid=False`` (the request's value was refused) marks no link as the current one.
    """

    def href(value: str) -> str:
        params = QueryDict(query_without_page(request), mutable=True)
        params.pop(name, None)
        if value:
            params[name] = value
        encoded = params.urlencode()
        return f"{request.path}?{encoded}" if encoded else request.path

    links = [{"value": "", "label": _("전체"), "href": href(""), "current": valid and current is None}]
    for value, label in choices:
        links.append({"value": value, "label": label, "href": href(value), "current": current == value})
    if counts is not None:
        links[0]["count"] = sum(counts.values())
        for link in links[1:]:
            link["count"] = counts.get(link["value"], 0)
    return links


@require_safe
def notice_list(request):
    context = {"kinds": Notice.Kind.choices, "params": request.GET}
    try:
        filters = selectors.NoticeFilters.parse(request.GET)
        page = paginate(request, selectors.notices(filters), NOTICE_PAGE_SIZE)
    except (InvalidFilter, BadPage) as exc:
        context["error"] = str(exc)
        return render(request, "content/notice_list.html", context, status=400)
    context.update(filters=filters, page_obj=page, query=query_without_page(request))
    return render(request, "content/notice_list.html", context)


@require_safe
def notice_detail(request, pk: int):
    notice = selectors.notice_detail(pk)
    if notice is None:
        raise Http404(_("요청한 공지사항을 찾을 수 없습니다. 삭제되었거나 게시가 끝난 글일 수 있습니다."))
    return render(
        request,
        "content/notice_detail.html",
        {"notice": notice, "attachments": selectors.attachments_of(notice)},
    )


@require_safe
def notice_attachment(request, pk: int, file_pk: int):
    attachment = selectors.notice_attachment(pk, file_pk)
    if attachment is None:
        raise Http404(_("요청한 첨부파일을 찾을 수 없습니다. 공지사항에서 첨부파일을 다시 선택해 주세요."))
    try:
        handle = attachment.file.open("rb")
    except OSError:
        raise Http404(_("첨부파일이 보관되어 있지 않습니다. 작성 부서에 문의해 주세요.")) from None
    return FileResponse(handle, as_attachment=True, filename=selectors.download_name(attachment))


@require_safe
def tip_list(request):
    context = {"params": request.GET}
    try:
        filters = selectors.TipFilters.parse(request.GET)
        page = paginate(request, selectors.tips(filters), TIP_PAGE_SIZE)
    except (InvalidFilter, BadPage) as exc:
        context["error"] = str(exc)
        context["theme_links"] = _choice_links(request, "theme", Tip.Theme.choices, None, valid=False)
        return render(request, "content/tip_list.html", context, status=400)
    context.update(
        filters=filters,
        page_obj=page,
        query=query_without_page(request),
        theme_links=_choice_links(request, "theme", Tip.Theme.choices, filters.theme, selectors.tip_counts_by_theme()),
    )
    return render(request, "content/tip_list.html", context)


@require_safe
def tip_detail(request, pk: int):
    tip = selectors.tip_detail(pk)
    if tip is None:
        raise Http404(_("요청한 생활정보를 찾을 수 없습니다. 삭제되었거나 게시가 끝난 글일 수 있습니다."))
    return render(request, "content/tip_detail.html", {"tip": tip, "related": selectors.related_tips(tip)})


@require_safe
def faq(request):
    try:
        filters = selectors.FaqFilters.parse(request.GET)
    except InvalidFilter as exc:
        context = {
            "error": str(exc),
            "topic_links": _choice_links(request, "topic", Faq.Topic.choices, None, valid=False),
        }
        return render(request, "content/faq.html", context, status=400)
    context = {
        "filters": filters,
        "groups": selectors.faq_groups(filters),
        "topic_links": _choice_links(request, "topic", Faq.Topic.choices, filters.topic),
    }
    return render(request, "content/faq.html", context)
