"""The portal's own pages: the home page and 사업소개 (static text from the city's plan)."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from anshim.portal import selectors


@require_safe
def home(request):
    return render(request, "portal/home.html", selectors.home_sections())


@require_safe
def about(request):
    return render(request, "portal/about.html")


def rate_limited(request, exception=None):
    """django-ratelimit's refusal, as a Korean page with 429 Too Many Requests."""
    return render(request, "429.html", status=429)
