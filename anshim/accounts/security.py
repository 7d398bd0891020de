"""Who a sign-in attempt was for, as django-axes counts it.

The admin form posts ``username`` and the citizen form posts ``login`` (an email);
both are folded to one lower-case key so case changes cannot dodge the lockout.
"""


def attempted_username(request, credentials=None) -> str:
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username")
    if not value and request is not None:
        value = request.POST.get("login") or request.POST.get("username")
    return (value or "").strip().lower()
