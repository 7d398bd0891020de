"""The Content-Security-Policy holds in a real browser: every public page, the API docs, the back
office and the 사각지대 pages load without a single "Refused to …" report in the console.

One browser page walks them all, so a violation anywhere (an inline style, a CDN script, a
tile host) fails this one test with the page and message named.
"""

import pytest
from django.urls import reverse

from anshim.catalog.tests.factories import PolicyFactory
from anshim.content.tests.factories import FaqFactory, NoticeFactory, TipFactory
from anshim.programs.tests.factories import CenterFactory, ProgramFactory

pytestmark = pytest.mark.django_db(transaction=True)

ADMIN_PASSWORD = "csp-admin-안심-2026"


@pytest.fixture
def content(django_user_model):
    policy = PolicyFactory(title="CSP 시험 지원제도")
    center = CenterFactory()
    program = ProgramFactory(center=center, policy=policy)
    notice = NoticeFactory()
    tip = TipFactory()
    FaqFactory()
    django_user_model.objects.create_superuser("csp-admin", "csp-admin@example.kr", ADMIN_PASSWORD)
    return {"policy": policy, "program": program, "notice": notice, "tip": tip, "center": center}


def public_pages(content) -> list[str]:
    return [
        "/",
        "/about/",
        "/search/?q=1인가구",
        reverse("catalog:policy-list"),
        reverse("catalog:policy-detail", args=[content["policy"].pk]),
        reverse("catalog:match"),
        reverse("programs:program-list"),
        reverse("programs:program-detail", args=[content["program"].pk]),
        reverse("geo:map"),
        reverse("content:notice-list"),
        reverse("content:notice-detail", args=[content["notice"].pk]),
        reverse("content:tip-list"),
        reverse("content:tip-detail", args=[content["tip"].pk]),
        reverse("content:faq"),
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_reset_password"),
        "/api/docs",
    ]


def back_office_pages(content) -> list[str]:
    policy, program = content["policy"], content["program"]
    return [
        reverse("admin:index"),
        reverse("admin:catalog_policy_changelist"),
        reverse("admin:catalog_policy_change", args=[policy.pk]),
        reverse("admin:catalog_policy_rules", args=[policy.pk]),
        reverse("admin:catalog_policy_import"),
        reverse("admin:programs_program_changelist"),
        reverse("admin:programs_program_change", args=[program.pk]),
        reverse("admin:programs_center_add"),
        reverse("admin:content_notice_add"),
        reverse("admin:accounts_user_changelist"),
        reverse("admin:accounts_staffrole_add"),
        reverse("admin:accounts_personaldataaccess_changelist"),
        reverse("operations:gap"),
        reverse("operations:gap-districts"),
        reverse("operations:uptake-upload"),
    ]


def test_no_page_breaks_the_content_security_policy(live_server, page, content):
    violations: list[str] = []
    current = {"url": ""}
    page.on(
        "console",
        lambda message: (
            violations.append(f"{current['url']}: {message.text}")
            if "Refused to" in message.text or "Content Security Policy" in message.text
            else None
        ),
    )

    def visit(path: str):
        current["url"] = path
        response = page.goto(live_server.url + path)
        assert response.status < 400, f"{path} answered {response.status}"
        policy = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy, path
        page.wait_for_load_state("load")

    for path in public_pages(content):
        visit(path)
    # The Swagger UI really rendered from ninja's bundled files (no CDN, no inline script).
    visit("/api/docs")
    page.locator(".swagger-ui .info").wait_for()

    visit(reverse("admin:login"))
    page.get_by_label("사용자 이름").fill("csp-admin")
    page.get_by_label("비밀번호").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="로그인").click()
    page.wait_for_url(live_server.url + reverse("admin:index"))
    for path in back_office_pages(content):
        visit(path)

    assert not violations, "CSP violations:\n" + "\n".join(violations)
    assert not page.js_errors, page.js_errors

    # The listener does hear a violation: an injected inline style is refused and reported.
    current["url"] = "injected <style>"
    page.evaluate("document.head.insertAdjacentHTML('beforeend', '<style>body { color: red }</style>')")
    page.wait_for_timeout(200)
    # (Chromium words it "Refused to …" or "… violates the following Content Security Policy directive".)
    assert violations and "Content Security Policy" in violations[0]
