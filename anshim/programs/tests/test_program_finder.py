"""참여프로그램: status from dates and seats, filters, detail, API with near-search."""

import datetime

import pytest
from django.utils import timezone

from anshim.catalog.choices import Category
from anshim.programs.models import ProgramKind, ProgramStatus
from anshim.programs.tests.factories import CenterFactory, ProgramFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def programs(today):
    return {
        "open": ProgramFactory(title="집밥 쿠킹클래스", kind=ProgramKind.PROGRAM, category=Category.LONELINESS),
        "full": ProgramFactory(title="마감된 요가", capacity=10, enrolled=10, category=Category.HEALTH),
        "upcoming": ProgramFactory(
            title="반려식물 소모임",
            kind=ProgramKind.GROUP,
            recruit_start=today + 3 * DAY,
            recruit_end=today + 10 * DAY,
        ),
        "past": ProgramFactory(
            title="지난 재무상담",
            kind=ProgramKind.COUNSELING,
            category=Category.ECONOMY,
            recruit_start=today - 40 * DAY,
            recruit_end=today - 20 * DAY,
            starts_on=today - 15 * DAY,
            ends_on=today - 5 * DAY,
        ),
        "mapo": ProgramFactory(
            title="마포 안심귀가 호신술",
            district_id="11440",
            category=Category.SAFETY,
            kind=ProgramKind.EVENT,
            latitude=37.5663,
            longitude=126.9019,
            address="서울특별시 마포구 월드컵로 212",
        ),
    }


def titles(response):
    return {p.title for p in response.context["page_obj"].object_list}


def test_status_follows_dates_and_seats(programs, today):
    assert programs["open"].status_on(today) == ProgramStatus.OPEN
    assert programs["full"].status_on(today) == ProgramStatus.CLOSED
    assert programs["upcoming"].status_on(today) == ProgramStatus.UPCOMING
    assert programs["past"].status_on(today) == ProgramStatus.CLOSED
    assert programs["open"].status_on(programs["open"].recruit_end + DAY) == ProgramStatus.CLOSED


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("OPEN", {"집밥 쿠킹클래스", "마포 안심귀가 호신술"}),
        ("UPCOMING", {"반려식물 소모임"}),
        ("CLOSED", {"마감된 요가", "지난 재무상담"}),
    ],
)
def test_status_filter_matches_the_badge(client, programs, status, expected):
    response = client.get("/programs/", {"status": status})
    assert titles(response) == expected
    assert all(p.status == status for p in response.context["page_obj"].object_list)


def test_district_kind_and_category_filters(client, programs):
    assert titles(client.get("/programs/", {"district": "11440"})) == {"마포 안심귀가 호신술"}
    assert titles(client.get("/programs/", {"kind": "GROUP"})) == {"반려식물 소모임"}
    assert titles(client.get("/programs/", {"category": "ECONOMY"})) == {"지난 재무상담"}


def test_date_range_keeps_programmes_running_in_it(client, programs, today):
    window = {"date_from": str(today - 10 * DAY), "date_to": str(today - 6 * DAY)}
    assert titles(client.get("/programs/", window)) == {"지난 재무상담"}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "2026-02-30"}, "올바른 날짜가 아닙니다"),
        ({"date_from": "2026-05-01", "date_to": "2026-04-01"}, "종료일은 시작일"),
        ({"kind": "PARTY"}, "유형"),
        ({"status": "DONE"}, "모집상태"),
        ({"district": "해운대구"}, "알 수 없는 자치구"),
    ],
)
def test_bad_filters_are_400_with_korean_message(client, programs, params, message):
    response = client.get("/programs/", params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_detail_shows_schedule_place_and_seats(client, programs):
    program = programs["full"]
    html = client.get(f"/programs/{program.pk}/").content.decode()
    assert "잔여 0석 / 정원 10명" in html
    assert program.schedule in html and program.place in html
    assert "마감" in html


def test_detail_of_unpublished_programme_is_404(client):
    hidden = ProgramFactory(is_published=False)
    assert client.get(f"/programs/{hidden.pk}/").status_code == 404
    assert client.get("/programs/987654/").status_code == 404


class TestApi:
    def test_list_with_filters(self, client, programs):
        body = client.get("/api/programs", {"status": "OPEN", "district": "관악구"}).json()
        assert [r["title"] for r in body["results"]] == ["집밥 쿠킹클래스"]
        assert body["results"][0]["status_label"] == "모집중"
        assert body["results"][0]["seats_left"] == 15

    def test_near_orders_by_distance_within_radius(self, client, programs):
        # From 관악구청: the four 관악 programmes sit on it, the 마포 one is ~10 km away.
        body = client.get("/api/programs", {"near": "37.4784,126.9516", "radius": 2000}).json()
        assert body["count"] == 4
        assert all(r["distance_m"] < 1 for r in body["results"])
        wide = client.get("/api/programs", {"near": "37.4784,126.9516", "radius": 15000}).json()
        assert wide["count"] == 5
        assert wide["results"][-1]["title"] == "마포 안심귀가 호신술"
        assert 9000 < wide["results"][-1]["distance_m"] < 12000
        distances = [r["distance_m"] for r in wide["results"]]
        assert distances == sorted(distances)

    @pytest.mark.parametrize(
        ("params", "status", "message"),
        [
            ({"near": "35.1796,129.0756"}, 400, "서울시 밖"),
            ({"near": "abc"}, 422, "위도,경도"),
            ({"near": "37.5,127.0", "radius": "0"}, 422, "radius"),
            ({"near": "37.5,127.0", "radius": "50000"}, 422, "radius"),
            ({"date_from": "2026-13-01"}, 422, "올바른 날짜가 아닙니다"),
            ({"district": "없는구"}, 422, "알 수 없는 자치구"),
        ],
    )
    def test_bad_inputs(self, client, programs, params, status, message):
        response = client.get("/api/programs", params)
        assert response.status_code == status
        assert message in response.json()["detail"]

    def test_detail_and_404(self, client, programs):
        program = programs["upcoming"]
        body = client.get(f"/api/programs/{program.pk}").json()
        assert body["status"] == "UPCOMING" and body["kind_label"] == "소모임"
        assert client.get("/api/programs/424242").status_code == 404

    def test_centers(self, client):
        CenterFactory(name="관악구 1인가구지원센터")
        CenterFactory(name="마포구 1인가구지원센터", district_id="11440", latitude=37.5663, longitude=126.9019)
        names = [c["name"] for c in client.get("/api/centers", {"district": "11440"}).json()]
        assert names == ["마포구 1인가구지원센터"]
        assert len(client.get("/api/centers").json()) == 2


def test_keyword_matches_korean_stems(client, programs):
    assert titles(client.get("/programs/", {"q": "쿠킹 클래스를"})) == {"집밥 쿠킹클래스"}
