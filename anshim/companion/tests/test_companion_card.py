"""The companion's photo and the signed card link: checked uploads, a private file, a link that only
opens its own booking until the day after the appointment, and the 알림톡 that carries it."""

from __future__ import annotations

import datetime
import io
import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signing import Signer
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from anshim.accounts.models import User
from anshim.accounts.tests.factories import PASSWORD
from anshim.companion import cards, photos, services
from anshim.companion.models import Companion
from anshim.notifications.models import Notification

from .conftest import RESIDENT_TABLE_ROLES, at, book_by_phone, book_online, make_companion, people_of_other_roles

pytestmark = pytest.mark.django_db


# --- images made in memory ------------------------------------------------------------------


def jpeg_from_a_phone(size=(1200, 800)) -> bytes:
    """A camera JPEG: GPS position, maker, and 'rotate 90°' in its EXIF."""
    image = Image.new("RGB", size, (200, 40, 40))
    exif = Image.Exif()
    exif[0x010F] = "안심카메라"  # Make
    exif[0x0112] = 6  # Orientation: turn 90° clockwise to view
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (37.0, 33.0, 59.0)
    gps[3], gps[4] = "E", (126.0, 58.0, 41.0)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def png_bytes(size=(60, 60), mode="RGBA") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, (20, 120, 60, 128) if mode == "RGBA" else (20, 120, 60)).save(buffer, format="PNG")
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge picture (a decompression bomb's first bytes)."""
    data = bytearray(png_bytes((1, 1), "RGB"))
    struct.pack_into(">II", data, 16, width, height)
    struct.pack_into(">I", data, 29, zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def gif_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("P", (40, 40)).save(buffer, format="GIF")
    return buffer.getvalue()


def stored_image(companion: Companion) -> Image.Image:
    with companion.photo.storage.open(companion.photo.name, "rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
    return image


def next_weekday(days_ahead: int = 2) -> datetime.date:
    day = timezone.localdate() + datetime.timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def upcoming(hour=10) -> datetime.datetime:
    day = next_weekday()
    return at(day.year, day.month, day.day, hour)


def with_photo(companion: Companion, data: bytes | None = None) -> Companion:
    companion.photo.save("x.jpg", ContentFile(photos.normalise(data or png_bytes((300, 300), "RGB"))), save=True)
    return companion


@pytest.fixture
def assigned(agency, coordinator, resident):
    """An online booking in the coming days, assigned to a companion with a photo."""
    booking = book_online(resident, pickup_at=upcoming(), now=timezone.now())
    companion = with_photo(make_companion(agency, name="한동행"))
    assignment = services.assign(actor=coordinator, booking=booking, companion=companion)
    return assignment


# --- the photo on upload ---------------------------------------------------------------------


def test_a_phone_photo_is_turned_shrunk_and_stripped_of_its_exif():
    data = photos.normalise(jpeg_from_a_phone())

    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    # The camera's 'rotate' was applied before the EXIF went: portrait, long side 480 px.
    assert image.size == (320, 480)
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info
    assert b"Exif" not in data and "안심카메라".encode() not in data


def test_a_transparent_png_becomes_a_jpeg_on_white():
    image = Image.open(io.BytesIO(photos.normalise(png_bytes())))
    assert (image.format, image.mode, image.size) == ("JPEG", "RGB", (60, 60))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7\n" + b"0" * 2000, "JPEG 또는 PNG 사진 파일만 올릴 수 있습니다."),
        (gif_bytes(), "JPEG 또는 PNG 사진 파일만 올릴 수 있습니다."),
        (jpeg_from_a_phone()[:400], "JPEG 또는 PNG 사진 파일만 올릴 수 있습니다."),
        (b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024), "사진 파일은 5MB 이하만 올릴 수 있습니다."),
        (png_claiming(8_000, 8_000), "사진의 크기(화소 수)가 너무 큽니다."),
        (png_claiming(20_000, 20_000), "사진의 크기(화소 수)가 너무 큽니다."),
    ],
    ids=["pdf", "gif", "truncated-jpeg", "over-5mb", "64-megapixels", "pixel-bomb"],
)
def test_what_is_not_a_small_jpeg_or_png_is_refused_in_korean(data, message):
    with pytest.raises(ValidationError) as error:
        photos.normalise(data)
    assert error.value.messages == [message]


def test_the_photo_has_no_public_address(agency):
    companion = with_photo(make_companion(agency))

    stored = Path(companion.photo.path)
    assert stored.is_relative_to(Path(settings.VAR_DIR) / "private")
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT))
    assert companion.photo.name.startswith("companions/") and companion.photo.name.endswith(".jpg")
    with pytest.raises(ValueError):
        companion.photo.url  # noqa: B018


def test_demo_portraits_are_drawn_the_same_every_time():
    first, again, other = (photos.placeholder_portrait(n) for n in (3, 3, 4))
    assert first == again and first != other
    assert Image.open(io.BytesIO(first)).format == "JPEG"


# --- the back office upload ------------------------------------------------------------------


def change_form(companion: Companion, **extra) -> dict:
    data = {
        "partner": companion.partner_id,
        "user": "",
        "name": companion.name,
        "qualification": companion.qualification,
        "skills": "[]",
        "shift_start": "07:00:00",
        "shift_end": "20:00:00",
        "home_lat": companion.home_lat,
        "home_lon": companion.home_lon,
        "current_lat": "",
        "current_lon": "",
        "located_at_0": "",
        "located_at_1": "",
        "active": "on",
    }
    return {**data, **extra}


@pytest.fixture
def staff_coordinator(coordinator):
    coordinator.is_staff = True
    coordinator.save()
    return coordinator


def test_coordinator_uploads_a_photo_in_the_back_office_and_sees_a_preview(client, staff_coordinator, agency):
    companion = make_companion(agency, name="사진등록")
    client.force_login(staff_coordinator)
    url = reverse("admin:companion_companion_change", args=[companion.pk])

    upload = SimpleUploadedFile("camera.jpg", jpeg_from_a_phone(), content_type="image/jpeg")
    response = client.post(url, change_form(companion, photo=upload))

    assert response.status_code == 302, response.content.decode()[:2000]
    companion.refresh_from_db()
    image = stored_image(companion)
    assert (image.format, image.size) == ("JPEG", (320, 480))
    assert dict(image.getexif()) == {}
    page = client.get(url).content.decode()
    preview = reverse("admin:companion_companion_photo", args=[companion.pk])
    assert f'<img class="companion-photo companion-photo--small" src="{preview}"' in page
    assert "/media/" not in page and "style=" not in page.split('id="companion_form"')[1].split("</form>")[0]
    served = client.get(preview)
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert b"".join(served.streaming_content)[:3] == b"\xff\xd8\xff"


def test_a_file_that_is_not_a_photo_is_refused_and_nothing_is_stored(client, staff_coordinator, agency):
    companion = make_companion(agency)
    client.force_login(staff_coordinator)
    url = reverse("admin:companion_companion_change", args=[companion.pk])

    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not a picture at all", content_type="image/jpeg")
    page = client.post(url, change_form(companion, photo=fake))

    assert page.status_code == 200
    assert "JPEG 또는 PNG 사진 파일만 올릴 수 있습니다." in page.content.decode()
    companion.refresh_from_db()
    assert not companion.photo


def test_an_oversized_photo_is_refused(client, staff_coordinator, agency):
    companion = make_companion(agency)
    client.force_login(staff_coordinator)
    url = reverse("admin:companion_companion_change", args=[companion.pk])

    big = SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * (5 * 1024 * 1024 + 1), content_type="image/png")
    page = client.post(url, change_form(companion, photo=big))

    assert "사진 파일은 5MB 이하만 올릴 수 있습니다." in page.content.decode()
    companion.refresh_from_db()
    assert not companion.photo


def test_replacing_or_clearing_the_photo_removes_the_old_file(
    client, staff_coordinator, agency, django_capture_on_commit_callbacks
):
    companion = with_photo(make_companion(agency))
    first = Path(companion.photo.path)
    client.force_login(staff_coordinator)
    url = reverse("admin:companion_companion_change", args=[companion.pk])

    upload = SimpleUploadedFile("new.png", png_bytes(), content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, change_form(companion, photo=upload))
    companion.refresh_from_db()
    second = Path(companion.photo.path)
    assert second.exists() and not first.exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, change_form(companion, **{"photo-clear": "on"}))
    companion.refresh_from_db()
    assert not companion.photo and not second.exists()


def test_another_agencys_coordinator_cannot_fetch_the_photo(client, agency, other_coordinator):
    companion = with_photo(make_companion(agency))
    other_coordinator.is_staff = True
    other_coordinator.save()
    client.force_login(other_coordinator)
    response = client.get(reverse("admin:companion_companion_photo", args=[companion.pk]))
    assert response.status_code in (403, 404)
    assert response.get("Content-Type") != "image/jpeg"


# --- the 알림톡 ------------------------------------------------------------------------------


def test_assignment_sends_the_companion_card_by_alimtalk(
    agency, coordinator, settings, django_capture_on_commit_callbacks
):
    settings.ANSHIM_SITE_URL = "https://1in.seoul.example"
    booking = book_by_phone(
        coordinator, pickup_at=at(2025, 3, 4, 10), now=at(2025, 3, 3, 8), client_phone="010-4444-5555"
    )
    companion = make_companion(agency, name="정미숙")
    Companion.objects.filter(pk=companion.pk).update(qualification="요양보호사 1급")
    companion.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        assignment = services.assign(actor=coordinator, booking=booking, companion=companion)

    event = booking.events.get(to_status="ASSIGNED")
    message = Notification.objects.get(idempotency_key=f"companion:{event.pk}")
    assert (message.channel, message.to, message.template) == ("KAKAO", "01044445555", "companion_assigned")
    assert "정미숙" in message.subject
    assert "■ 동행매니저: 정미숙" in message.body
    assert "■ 자격: 요양보호사 1급" in message.body
    assert "■ 진료 예약: 2025. 3. 4.(화) 10:45" in message.body
    assert "■ 병원: 보라매병원" in message.body
    assert "■ 만나는 시각(출발): 2025. 3. 4.(화) 10:00" in message.body
    link = f"https://1in.seoul.example{cards.card_path(assignment)}"
    assert f"동행매니저 사진과 자격 확인: {link}" in message.body


def test_other_moves_keep_the_plain_status_message(agency, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        booking = book_by_phone(coordinator, pickup_at=at(2025, 3, 4, 10), now=at(2025, 3, 3, 8))
        services.assign(actor=coordinator, booking=booking, companion=make_companion(agency))
        services.cancel(actor=coordinator, booking=booking, reason="병원 일정 변경")
    templates = {
        event.to_status: Notification.objects.get(idempotency_key=f"companion:{event.pk}").template
        for event in booking.events.all()
    }
    assert templates == {"RECEIVED": "status_changed", "ASSIGNED": "companion_assigned", "CANCELLED": "status_changed"}


def test_a_reassignment_sends_a_new_card_with_its_own_key(agency, coordinator, django_capture_on_commit_callbacks):
    booking = book_by_phone(coordinator, pickup_at=at(2025, 3, 4, 10), now=at(2025, 3, 3, 8))
    with django_capture_on_commit_callbacks(execute=True):
        first = services.assign(actor=coordinator, booking=booking, companion=make_companion(agency, name="첫매니저"))
        second = services.assign(actor=coordinator, booking=booking, companion=make_companion(agency, name="둘매니저"))
    sent = list(Notification.objects.filter(template="companion_assigned").order_by("pk"))
    assert len(sent) == 2 and len({n.idempotency_key for n in sent}) == 2
    assert cards.card_path(first) in sent[0].body and "첫매니저" in sent[0].body
    assert cards.card_path(second) in sent[1].body and "둘매니저" in sent[1].body


# --- the card page ---------------------------------------------------------------------------


def test_the_card_shows_the_companion_and_the_appointment_only(client, assigned):
    response = client.get(cards.card_path(assigned))

    page = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "noindex" in response["X-Robots-Tag"]
    assert "한동행" in page and "요양보호사" in page
    assert assigned.booking.hospital_name in page and "배정" in page
    assert cards.photo_path(assigned) in page
    # Nothing of the person beyond what the phone's owner knows: no name, address or phone number.
    assert "김동행" not in page and "관악로" not in page and "2222" not in page


def test_the_photo_is_served_through_the_signed_link(client, assigned):
    response = client.get(cards.photo_path(assigned))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"


def test_a_companion_without_a_photo_shows_the_placeholder(client, agency, coordinator, resident):
    booking = book_online(resident, pickup_at=upcoming(), now=timezone.now())
    assignment = services.assign(actor=coordinator, booking=booking, companion=make_companion(agency))

    page = client.get(cards.card_path(assignment)).content.decode()

    assert "companion/companion-placeholder.svg" in page and "등록된 사진이 없습니다" in page
    assert client.get(cards.photo_path(assignment)).status_code == 404


def tampered(token: str) -> list[str]:
    value, signature = token.rsplit(":", 1)
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    return [
        f"{value}:{flipped}",
        token[:-3],
        token + "x",
        "not-a-token",
        Signer(salt="another.purpose").sign_object(Signer(salt=cards.SALT).unsign_object(token)),
    ]


def test_a_tampered_link_is_a_korean_404(client, assigned):
    for token in tampered(cards.make_token(assigned)):
        for name in ("companion:companion-card", "companion:companion-card-photo"):
            response = client.get(reverse(name, args=[token]))
            assert response.status_code == 404, (name, token)
        assert "열 수 없는 링크입니다" in client.get(reverse("companion:companion-card", args=[token])).content.decode()


def test_another_booking_cannot_be_reached_by_guessing_numbers(client, agency, coordinator, resident, assigned):
    other_booking = book_by_phone(coordinator, pickup_at=upcoming(14), now=timezone.now())
    other = services.assign(actor=coordinator, booking=other_booking, companion=with_photo(make_companion(agency)))
    mine = cards.make_token(assigned)
    value, signature = mine.rsplit(":", 1)
    # The other booking's numbers under my signature, and mine mixed with theirs under a valid one.
    guesses = [
        f"{Signer(salt=cards.SALT).sign_object([other.booking_id, other.pk]).rsplit(':', 1)[0]}:{signature}",
        Signer(salt=cards.SALT).sign_object([assigned.booking_id, other.pk]),
        Signer(salt=cards.SALT).sign_object([other.booking_id, assigned.pk]),
    ]
    for token in guesses:
        assert client.get(reverse("companion:companion-card", args=[token])).status_code == 404
        assert client.get(reverse("companion:companion-card-photo", args=[token])).status_code == 404


def test_the_link_ends_the_day_after_the_appointment(client, agency, coordinator):
    booking = book_by_phone(coordinator, pickup_at=at(2025, 3, 4, 10), now=at(2025, 3, 3, 8))
    assignment = services.assign(actor=coordinator, booking=booking, companion=with_photo(make_companion(agency)))
    token = cards.make_token(assignment)

    assert cards.expires_at(booking) == at(2025, 3, 6)
    assert cards.read_token(token, now=at(2025, 3, 5, 23, 59)) is not None
    assert cards.read_token(token, now=at(2025, 3, 6)) is None
    # Today is long after 2025-03-05: the page and the photo are gone.
    response = client.get(cards.card_path(assignment))
    assert response.status_code == 404 and "열 수 없는 링크입니다" in response.content.decode()
    assert client.get(cards.photo_path(assignment)).status_code == 404


def test_a_reassigned_booking_says_the_assignment_changed(client, agency, coordinator, assigned):
    old_link = cards.card_path(assigned)
    services.assign(actor=coordinator, booking=assigned.booking, companion=make_companion(agency, name="새매니저"))

    response = client.get(old_link)

    page = response.content.decode()
    assert response.status_code == 410
    assert "동행매니저 배정이 바뀌었습니다." in page
    assert "한동행" not in page and "새매니저" not in page
    assert client.get(cards.photo_path(assigned)).status_code == 404


def test_a_cancelled_booking_says_so_and_shows_nobody(client, coordinator, assigned):
    services.cancel(actor=coordinator, booking=assigned.booking, reason="이용자 요청")

    page = client.get(cards.card_path(assigned)).content.decode()

    assert "취소된 예약입니다." in page and "한동행" not in page
    assert client.get(cards.photo_path(assigned)).status_code == 404


# --- the resident's own status page ----------------------------------------------------------


def test_the_status_page_shows_the_companions_photo_and_qualification(client, resident, assigned):
    client.force_login(resident)
    for name in ("companion:booking-status", "companion:booking-live"):
        page = client.get(reverse(name, args=[assigned.booking_id])).content.decode()
        assert cards.photo_path(assigned) in page
        assert "한동행" in page and '<span id="companion-qualification">요양보호사</span>' in page


# --- who may open what: the card is the token's, the stored file the agency's -----------------

ROLES = RESIDENT_TABLE_ROLES
# The back-office photo: city-wide staff and the agency's own coordinators (given /admin/ access);
# other back-office staff are refused (403), everyone else is sent to the admin sign-in (302).
ADMIN_PHOTO = {
    "city": 200,
    "superuser": 200,
    "coordinator": 200,
    "coordinator_other": 403,
    "district": 403,
    "district_other": 403,
    "center": 403,
}


@pytest.fixture
def people(agency, other_coordinator, coordinator, resident) -> dict[str, User | None]:
    users: dict[str, User | None] = {"anonymous": None, "owner": resident, **people_of_other_roles()}
    users["superuser"] = User.objects.create_superuser("root", "root@example.kr", PASSWORD)
    # Agency staff reach /admin/ only where the accounts app makes them staff; here it is set by hand.
    for name, user in (("coordinator", coordinator), ("coordinator_other", other_coordinator)):
        User.objects.filter(pk=user.pk).update(is_staff=True)
        users[name] = User.objects.get(pk=user.pk)
    return users


def _as(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_the_card_link_opens_the_same_for_everyone_and_a_bad_one_for_no_one(client, people, assigned, role):
    client = _as(client, people[role])
    assert client.get(cards.card_path(assigned)).status_code == 200
    assert client.get(cards.photo_path(assigned)).status_code == 200
    bad = cards.make_token(assigned)[:-2]
    assert client.get(reverse("companion:companion-card", args=[bad])).status_code == 404
    assert client.get(reverse("companion:companion-card-photo", args=[bad])).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_the_stored_photo_in_the_back_office(client, people, assigned, role):
    client = _as(client, people[role])
    response = client.get(reverse("admin:companion_companion_photo", args=[assigned.companion_id]))
    expected = ADMIN_PHOTO.get(role, 302)
    assert response.status_code == expected
    assert (response.get("Content-Type") == "image/jpeg") == (expected == 200)


def test_the_card_says_until_when_it_opens(client, assigned):
    last_day = timezone.localtime(assigned.booking.appointment_at).date() + datetime.timedelta(days=1)
    page = client.get(cards.card_path(assigned)).content.decode()
    assert f"이 링크는 {last_day.year}. {last_day.month}. {last_day.day}." in page
