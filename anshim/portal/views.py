"""The portal's own pages: the home page and 사업소개 (static text from the city's plan)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_safe

from anshim.portal import selectors
from anshim.portal.work import work_links


@require_safe
def home(request):
    return render(request, "portal/home.html", selectors.home_sections())


@require_safe
def about(request):
    return render(request, "portal/about.html")


@require_safe
@login_required
def work(request):
    """내 업무: the back-office pages this person works in (403 for someone with none)."""
    links = work_links(request.user)
    if not links:
        raise PermissionDenied
    return render(request, "portal/work.html", {"links": links})


def rate_limited(request, exception=None):
    """django-ratelimit's refusal, as a Korean page with 429 Too Many Requests."""
    return render(request, "429.html", status=429)
