"""The 통합검색 page: ranked results over every kind, with tabs per kind and paging."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from anshim.catalog.models import SearchDocument
from anshim.catalog.search import SearchQueryError, validate_kind, validate_query
from anshim.catalog.search import search as run_search

# Shown when the box is empty: the words people living alone search for most.
SUGGESTED_QUERIES = ("월세", "병원동행", "도어지킴이", "외로움", "건강관리", "1인가구 안전")


def _tabs(query: str, kind: str | None, counts: dict[str, int], total: int) -> list[dict]:
    tabs = [{"label": _("전체"), "count": total, "url": "?" + urlencode({"q": query}), "active": kind is None}]
    for value, label in SearchDocument.Kind.choices:
        tabs.append(
            {
                "label": label,
                "count": counts.get(value, 0),
                "url": "?" + urlencode({"q": query, "kind": value}),
                "active": kind == value,
            }
        )
    return tabs


def search(request):
    raw_query = request.GET.get("q", "")
    context = {"query": raw_query.strip(), "suggestions": SUGGESTED_QUERIES}
    if not raw_query.strip():
        return render(request, "portal/search.html", context)
    try:
        query = validate_query(raw_query)
        kind = validate_kind(request.GET.get("kind"))
    except SearchQueryError as exc:
        context["error"] = str(exc)
        return render(request, "portal/search.html", context, status=400)

    results = run_search(query, kind=kind)
    page = Paginator(results, settings.ANSHIM_PAGE_SIZE).get_page(request.GET.get("page"))
    base = {"q": query, **({"kind": kind} if kind else {})}
    context.update(
        {
            "query": query,
            "kind": kind,
            "results": results,
            "page": page,
            "page_query": urlencode(base),
            "tabs": _tabs(query, kind, results.counts, results.total),
        }
    )
    return render(request, "portal/search.html", context)
