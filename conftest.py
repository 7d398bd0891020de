"""Shared fixtures: a Chromium browser for page tests and an axe accessibility check.

Browser tests drive Debian's Chromium (/usr/bin/chromium) through Playwright's
sync API against pytest-django's live server. Playwright runs an event loop in
the test thread, so Django's async-safety guard is relaxed for the test process.
"""

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("ANSHIM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def _playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(_playwright):
    browser = _playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()


def _new_page(browser, viewport):
    # Reduced motion: no CSS transitions, so axe never measures colours half-way through a fade.
    context = browser.new_context(viewport=viewport, locale="ko-KR", timezone_id="Asia/Seoul", reduced_motion="reduce")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    return context, page


@pytest.fixture
def page(browser):
    """A desktop-sized page; ``page.js_errors`` collects uncaught script errors."""
    context, page = _new_page(browser, DESKTOP)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    """A 390 px wide page, the narrow phone the portal must work on."""
    context, page = _new_page(browser, PHONE)
    yield page
    context.close()


@pytest.fixture
def assert_accessible():
    """Run axe-core on the page and fail on any serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page):
        results = axe.run(page)
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[(n['target'], n.get('failureSummary')) for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v.get("impact") in ("serious", "critical")
        ]
        assert not bad, "axe violations:\n" + "\n".join(bad)

    return check


@pytest.fixture(autouse=True)
def _korean_by_default():
    """Every test starts in Korean: a request in English leaves its language active in
    the thread, which would otherwise leak into whichever test runs next."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters start at zero in every test, whatever ran before on this worker."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _reference_districts(request):
    """Transactional tests (live-server browser tests) flush the database when they end,
    which removes the 25 districts (and the consent texts) the data migrations loaded, also for
    the tests that follow in the same process. Every database test puts them back if they are gone."""
    marker = request.node.get_closest_marker("django_db")
    if marker is not None:
        request.getfixturevalue("_django_db_helper")
    elif "db" in request.fixturenames or "transactional_db" in request.fixturenames:
        request.getfixturevalue("transactional_db" if "transactional_db" in request.fixturenames else "db")
    else:
        return
    from anshim.geo.districts import DISTRICTS
    from anshim.geo.models import District
    from anshim.geo.services import ensure_districts

    if District.objects.count() < len(DISTRICTS):
        ensure_districts()
    # The consent notices (동의서) the accounts data migration loads go with the same flush.
    from anshim.accounts.consent_texts import VERSION_1, ensure_consent_texts
    from anshim.accounts.models import ConsentText

    if ConsentText.objects.filter(purpose__in={t["purpose"] for t in VERSION_1}, version=1).count() < len(VERSION_1):
        ensure_consent_texts()


DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}


def uses_database(item) -> bool:
    """pytest-django refuses database access to a test that did not ask for it, so a test that
    asks for none (marker or fixture, directly or through its fixtures) cannot depend on the database."""
    return item.get_closest_marker("django_db") is not None or bool(DATABASE_FIXTURES & set(item.fixturenames))


def pytest_addoption(parser):
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="Run only the tests that use the database (the second database's run: the others "
        "do not touch it and were already run on the first).",
    )


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "browser" in item.fixturenames or "page" in item.fixturenames or "phone_page" in item.fixturenames:
            item.add_marker(pytest.mark.browser)
    if config.getoption("--database-tests-only"):
        kept = [item for item in items if uses_database(item)]
        config.hook.pytest_deselected(items=[item for item in items if not uses_database(item)])
        items[:] = kept
