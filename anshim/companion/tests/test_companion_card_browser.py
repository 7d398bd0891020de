"""The companion card from the 알림톡 link, the resident's status page with the photo, and the photo
upload in the back office, in a real browser at desktop and phone width."""

import io

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from anshim.accounts.models import User
from anshim.accounts.tests.factories import PASSWORD
from anshim.companion import cards, photos, services
from anshim.companion.models import Companion

from .conftest import book_by_phone, book_online, make_companion
from .test_companion_card import jpeg_from_a_phone, upcoming

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
PAGES = ["page", "phone_page"]


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("window.innerWidth")


def shown_image(locator) -> bool:
    return locator.evaluate("img => img.complete && img.naturalWidth > 0")


def portrait(companion: Companion) -> Companion:
    companion.photo.save("x.jpg", ContentFile(photos.placeholder_portrait(companion.pk)), save=True)
    return companion


@pytest.fixture
def phone_booking(agency, coordinator):
    """A phone booking (no account behind the number), assigned to a companion with a photo."""
    booking = book_by_phone(coordinator, pickup_at=upcoming(), now=timezone.now())
    companion = portrait(make_companion(agency, name="정미숙"))
    Companion.objects.filter(pk=companion.pk).update(qualification="요양보호사 1급")
    return services.assign(actor=coordinator, booking=booking, companion=companion)


@pytest.mark.parametrize("which", PAGES)
def test_the_card_from_the_alimtalk_shows_who_comes(request, live_server, phone_booking, assert_accessible, which):
    page = request.getfixturevalue(which)
    page.goto(live_server.url + cards.card_path(phone_booking))

    expect(page.get_by_role("heading", level=1)).to_have_text("동행매니저 사진과 자격 확인")
    expect(page.locator("#companion-name")).to_have_text("정미숙")
    expect(page.locator("#companion-qualification")).to_have_text("요양보호사 1급")
    photo = page.get_by_role("img", name="동행매니저 정미숙 사진")
    expect(photo).to_be_visible()
    assert shown_image(photo)
    expect(page.locator("#card-status")).to_have_text("배정")
    expect(page.locator("#card-booking")).to_contain_text("보라매병원")
    assert fits_the_screen(page)
    assert_accessible(page)
    assert page.js_errors == []


@pytest.mark.parametrize("which", PAGES)
def test_without_a_photo_the_card_shows_a_neutral_placeholder(
    request, live_server, agency, coordinator, assert_accessible, which
):
    page = request.getfixturevalue(which)
    booking = book_by_phone(coordinator, pickup_at=upcoming(), now=timezone.now())
    assignment = services.assign(actor=coordinator, booking=booking, companion=make_companion(agency, name="한동행"))

    page.goto(live_server.url + cards.card_path(assignment))

    placeholder = page.get_by_role("img", name="등록된 사진이 없습니다")
    expect(placeholder).to_be_visible()
    assert shown_image(placeholder)
    assert_accessible(page)


@pytest.mark.parametrize("which", PAGES)
def test_a_broken_or_old_link_is_explained_in_korean(
    request, live_server, agency, coordinator, phone_booking, assert_accessible, which
):
    page = request.getfixturevalue(which)
    response = page.goto(live_server.url + cards.card_path(phone_booking)[:-4] + "/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("열 수 없는 링크입니다")
    assert_accessible(page)

    old = cards.card_path(phone_booking)
    services.assign(actor=coordinator, booking=phone_booking.booking, companion=make_companion(agency))
    response = page.goto(live_server.url + old)
    assert response.status == 410
    expect(page.locator("#card-changed")).to_contain_text("동행매니저 배정이 바뀌었습니다.")
    expect(page.get_by_text("정미숙")).to_have_count(0)
    assert fits_the_screen(page)
    assert_accessible(page)


@pytest.mark.parametrize("which", PAGES)
def test_the_resident_sees_the_companions_photo_on_the_status_page(
    request, live_server, agency, coordinator, resident, assert_accessible, which
):
    page = request.getfixturevalue(which)
    booking = book_online(resident, pickup_at=upcoming(), now=timezone.now())
    services.assign(actor=coordinator, booking=booking, companion=portrait(make_companion(agency, name="윤미경")))
    sign_in(page, live_server, resident)

    page.goto(f"{live_server.url}/companion/my/{booking.pk}/")

    info = page.locator("#companion-info")
    expect(info).to_contain_text("윤미경")
    expect(info.locator("#companion-qualification")).to_have_text("요양보호사")
    photo = info.get_by_role("img", name="동행매니저 윤미경 사진")
    expect(photo).to_be_visible()
    assert shown_image(photo)
    assert fits_the_screen(page)
    assert_accessible(page)
    assert page.js_errors == []


def test_an_official_uploads_a_photo_in_the_back_office(page, live_server, agency):
    companion = make_companion(agency, name="사진등록")
    root = User.objects.create_superuser("root", "root@example.kr", PASSWORD)
    sign_in(page, live_server, root)
    page.goto(live_server.url + reverse("admin:companion_companion_change", args=[companion.pk]))
    expect(page.locator(".field-photo_preview")).to_contain_text("등록된 사진이 없습니다")

    page.locator("input[name=photo]").set_input_files(
        {"name": "camera.jpg", "mimeType": "image/jpeg", "buffer": jpeg_from_a_phone()}
    )
    page.locator("input[name=_continue]").click()

    preview = page.locator(".field-photo_preview img.companion-photo")
    expect(preview).to_be_visible()
    assert shown_image(preview)
    companion.refresh_from_db()
    with companion.photo.storage.open(companion.photo.name, "rb") as handle:
        stored = Image.open(io.BytesIO(handle.read()))
    assert stored.size == (320, 480) and dict(stored.getexif()) == {}

    page.locator("input[name=photo]").set_input_files(
        {"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": b"GIF89a this is not a jpeg"}
    )
    page.locator("input[name=_continue]").click()
    expect(page.locator(".errorlist")).to_contain_text("JPEG 또는 PNG 사진 파일만 올릴 수 있습니다.")
