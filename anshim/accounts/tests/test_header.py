"""The header on every page: 로그인 / 회원가입 when signed out, 마이페이지 / 로그아웃 when signed in."""

import re

import pytest

from anshim.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def header(client, url="/", **extra) -> str:
    body = client.get(url, **extra).content.decode()
    return body[body.index('<header class="site-header">') : body.index("</header>")]


@pytest.mark.parametrize("url", ["/", "/policies/", "/programs/"])
def test_signed_out_header_offers_sign_in_and_sign_up(client, url):
    html = header(client, url)
    assert '<a class="krds-btn small text" href="/accounts/login/">로그인</a>' in html
    assert '<a class="krds-btn small text" href="/accounts/signup/">회원가입</a>' in html
    assert "마이페이지" not in html and "로그아웃" not in html


def test_signed_in_header_offers_my_page_and_a_sign_out_form(client):
    client.force_login(UserFactory())
    html = header(client)
    assert '<a class="krds-btn small text" href="/mypage/">마이페이지</a>' in html
    form = re.search(r'<form action="/accounts/logout/" method="post">(.*?)</form>', html, re.S)
    assert form, "sign-out is a POST form"
    assert 'name="csrfmiddlewaretoken"' in form.group(1)
    assert ">로그아웃</button>" in form.group(1)
    assert ">로그인<" not in html and ">회원가입<" not in html
    assert "신청자 관리" not in html and "업무 관리" not in html


def test_back_office_staff_get_their_work_pages_in_the_header(client):
    client.force_login(UserFactory(is_staff=True))
    html = header(client)
    assert 'href="/programs/manage/">신청자 관리</a>' in html
    assert 'href="/admin/">업무 관리</a>' in html


def test_signing_out_from_the_header(client):
    client.force_login(UserFactory())
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert ">로그인</a>" in header(client)


def test_header_links_in_english(client):
    html = header(client, HTTP_ACCEPT_LANGUAGE="en")
    assert ">Sign in</a>" in html and ">Sign up</a>" in html
    client.force_login(UserFactory())
    html = header(client, HTTP_ACCEPT_LANGUAGE="en")
    assert ">My page</a>" in html and ">Sign out</button>" in html
