"""Flood control for every form a person submits (django-ratelimit).

Counted per signed-in user, else per address, over all submits together: one honest person
never sends 30 forms a minute, and a script hammering one form is refused on the others too.
The limit is read from settings at request time so deployments and tests can change it.
"""

from django.conf import settings
from django_ratelimit import UNSAFE
from django_ratelimit.decorators import ratelimit

SUBMIT_GROUP = "anshim-submit"


def submit_rate(group, request) -> str:
    return settings.ANSHIM_SUBMIT_RATE


def limit_submits(view):
    """Refuse POST/PUT/PATCH/DELETE to ``view`` with 429 once the person's submit rate is exceeded."""
    return ratelimit(group=SUBMIT_GROUP, key="user_or_ip", rate=submit_rate, method=UNSAFE, block=True)(view)
