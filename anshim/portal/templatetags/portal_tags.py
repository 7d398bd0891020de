"""Template helpers shared by the portal's pages: paging links that keep the current filters."""

from django import template
from django.http import QueryDict

register = template.Library()

# Pages shown either side of the current one and at both ends; the rest fold into "…",
# which keeps the row short enough not to overflow a 390 px phone.
ON_EACH_SIDE = 1
ON_ENDS = 1


def _href(path: str, query: str, number: int) -> str:
    params = QueryDict(query, mutable=True)
    params.pop("page", None)
    if number > 1:
        params["page"] = str(number)
    encoded = params.urlencode()
    return f"{path}?{encoded}" if encoded else path


@register.simple_tag(takes_context=True)
def query_without(context, *names: str) -> str:
    """The current query string without the named parameters: ``{% query_without 'page' as query %}``."""
    request = context["request"]
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


@register.simple_tag(takes_context=True)
def page_links(context, page_obj, query: str = "") -> dict:
    """Links for ``portal/_pagination.html``: previous, numbered pages with gaps (``pages``), next."""
    path = context["request"].path
    paginator = page_obj.paginator
    items = []
    for number in paginator.get_elided_page_range(page_obj.number, on_each_side=ON_EACH_SIDE, on_ends=ON_ENDS):
        if number == paginator.ELLIPSIS:
            items.append({"gap": True})
        else:
            items.append({"number": number, "href": _href(path, query, number), "current": number == page_obj.number})
    return {
        "previous": _href(path, query, page_obj.previous_page_number()) if page_obj.has_previous() else None,
        "next": _href(path, query, page_obj.next_page_number()) if page_obj.has_next() else None,
        "pages": items,
    }
