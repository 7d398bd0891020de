"""Sign a browser page in without going through the login form.

Browser tests that are not about signing in start from a signed-in page: a test client logs the
person in and its session cookie is handed to the page's browser context for the live server.
"""

from django.conf import settings
from django.test import Client


def sign_in_fast(page, live_server, user) -> None:
    """Give ``page`` a session signed in as ``user`` on ``live_server`` (no login form, no redirects)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


def fits_a_phone(page, width: int = 390) -> bool:
    """No horizontal scroll on a 390 px phone."""
    return page.evaluate("document.documentElement.scrollWidth") <= width
