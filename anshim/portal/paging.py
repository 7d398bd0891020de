"""Paging for list pages: a page number that is not a number is the caller's mistake (400),
one past the end is a page that does not exist (404). Django's ``get_page`` would
silently show page 1 or the last page instead, which hides broken links."""

import re

from django.conf import settings
from django.core.paginator import EmptyPage, Page, Paginator
from django.http import Http404
from django.utils.translation import gettext as _

# ASCII digits only: str.isdigit() also accepts "²" and other digits int() refuses,
# and nine digits keep the number far below any database's integer limit.
_PAGE_NUMBER = re.compile(r"[0-9]{1,9}")


class BadPage(ValueError):
    """The ``page`` parameter is not a positive whole number."""


def page_number(raw: str | None) -> int:
    """The page asked for (1 when absent); raises ``BadPage`` with a Korean message."""
    raw = (raw or "").strip() or "1"
    if not _PAGE_NUMBER.fullmatch(raw) or int(raw) < 1:
        raise BadPage(_("페이지 번호가 올바르지 않습니다. 1 이상의 숫자로 입력하세요."))
    return int(raw)


def paginate(request, object_list, per_page: int | None = None) -> Page:
    """The requested page of ``object_list``; ``BadPage`` for a malformed number, ``Http404`` past the end."""
    number = page_number(request.GET.get("page"))
    paginator = Paginator(object_list, per_page or settings.ANSHIM_PAGE_SIZE)
    try:
        return paginator.page(number)
    except EmptyPage:
        raise Http404(
            _("요청한 페이지가 없습니다. 목록은 %(last)d쪽까지 있습니다.") % {"last": paginator.num_pages}
        ) from None


def query_without_page(request) -> str:
    """The current query string without ``page`` (and without empty values), for paging links."""
    params = request.GET.copy()
    params.pop("page", None)
    for key in [key for key, values in params.lists() if not any(v.strip() for v in values)]:
        del params[key]
    return params.urlencode()
