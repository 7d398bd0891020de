"""위치정보 in a real browser: polygons, clustered markers, district filter in the URL, near me, phone width."""

import math
import re

import pytest
from playwright.sync_api import expect

from anshim.catalog.choices import Category
from anshim.geo import boundaries
from anshim.geo.nearby import format_distance, haversine_m
from anshim.geo.tests.test_nearby import GWANAK_OFFICE, offset
from anshim.programs.models import ProgramKind
from anshim.programs.tests.factories import CenterFactory, ProgramFactory

pytestmark = pytest.mark.django_db(transaction=True)

MAPO_OFFICE = (37.5663, 126.9019)


def gwanak_view_centre() -> tuple[float, float]:
    """Where the map centres when it fits 관악구: the middle of the district's bounds (Mercator)."""
    min_lon, min_lat, max_lon, max_lat = boundaries.district_shapes()["11620"].polygon.bounds

    def merc(lat):
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    mid = (merc(min_lat) + merc(max_lat)) / 2
    lat = math.degrees(2 * math.atan(math.exp(mid)) - math.pi / 2)
    return lat, (min_lon + max_lon) / 2


@pytest.fixture
def places():
    centre_lat, centre_lon = gwanak_view_centre()
    CenterFactory(
        name="관악구 1인가구지원센터", district_id="11620", latitude=GWANAK_OFFICE[0], longitude=GWANAK_OFFICE[1]
    )
    CenterFactory(name="마포구 1인가구지원센터", district_id="11440", latitude=MAPO_OFFICE[0], longitude=MAPO_OFFICE[1])
    # East of where a click in the middle of the 관악구 view lands, at growing distances.
    for title, metres in [
        ("가까운 요리 교실", 600),
        ("중간 산책 모임", 1200),
        ("먼 상담 창구", 1800),
        ("반경 밖 행사", 2600),
    ]:
        lat, lon = offset(centre_lat, centre_lon, east_m=metres)
        ProgramFactory(title=title, district_id=boundaries.district_at(lat, lon), latitude=lat, longitude=lon)
    ProgramFactory(
        title="안심 귀갓길 소모임",
        category=Category.SAFETY,
        kind=ProgramKind.GROUP,
        district_id="11440",
        latitude=MAPO_OFFICE[0] + 0.003,
        longitude=MAPO_OFFICE[1],
    )
    ProgramFactory(
        title="마포 주거 상담", category=Category.HOUSING, district_id="11440", latitude=37.556, longitude=126.92
    )


def wait_for_map(page):
    expect(page.locator(".leaflet-overlay-pane path.district-shape")).to_have_count(25)
    expect(page.locator("#map-counts")).to_contain_text("참여프로그램")


def click_inside_district(page, code: str) -> None:
    """Click a spot where the district's own polygon is the topmost element (no marker or cluster on it)."""
    page.locator("#map").scroll_into_view_if_needed()
    point = page.evaluate(
        """(code) => {
            const path = document.querySelector(`path.district-shape[data-district="${code}"]`);
            const box = path.getBoundingClientRect();
            for (let fy = 0.5; fy < 1; fy += 0.05) {
              for (const sy of [fy, 1 - fy]) {
                for (let fx = 0.5; fx < 1; fx += 0.05) {
                  for (const sx of [fx, 1 - fx]) {
                    const x = box.left + box.width * sx, y = box.top + box.height * sy;
                    if (document.elementFromPoint(x, y) === path) return { x, y };
                  }
                }
              }
            }
            return null;
        }""",
        code,
    )
    assert point, f"no clickable spot in district {code}"
    page.mouse.click(point["x"], point["y"])


def test_polygons_markers_and_district_click_filter(live_server, page, places, assert_accessible):
    page.goto(f"{live_server.url}/map/")
    wait_for_map(page)
    expect(page.locator("#map-counts")).to_have_text("지도에 표시된 곳: 1인가구지원센터 2곳, 참여프로그램 6개")
    expect(page.locator(".leaflet-marker-pane .leaflet-marker-icon").first).to_be_visible()
    expect(page.locator("#map-selected-district")).to_have_text("선택한 자치구: 서울시 전체")
    expect(page.locator("#center-list li")).to_have_count(2)
    assert_accessible(page)

    click_inside_district(page, "11440")
    expect(page).to_have_url(re.compile(r"\?district=11440$"))
    expect(page.locator("#map-selected-district")).to_have_text("선택한 자치구: 마포구")
    expect(page.locator("#map-counts")).to_have_text("지도에 표시된 곳: 1인가구지원센터 1곳, 참여프로그램 2개")
    expect(page.locator("#f-district")).to_have_value("11440")
    expect(page.locator("#district-links a[aria-current=true]")).to_have_text("마포구")
    expect(page.locator("#center-list li")).to_have_text(re.compile("마포구 1인가구지원센터"))
    expect(page.get_by_role("link", name="목록으로 보기")).to_have_attribute("href", "/programs/?district=11440")

    page.get_by_label("분야").select_option(label="안전")
    expect(page).to_have_url(re.compile(r"\?district=11440&category=SAFETY$"))
    expect(page.locator("#map-counts")).to_have_text("지도에 표시된 곳: 1인가구지원센터 1곳, 참여프로그램 1개")

    # Back returns to the previous view; the reset control clears everything.
    page.go_back()
    expect(page).to_have_url(re.compile(r"\?district=11440$"))
    expect(page.locator("#map-counts")).to_contain_text("참여프로그램 2개")
    page.get_by_role("link", name="조건 초기화").click()
    expect(page).to_have_url(re.compile(r"/map/$"))
    expect(page.locator("#map-selected-district")).to_have_text("선택한 자치구: 서울시 전체")
    expect(page.locator("#map-counts")).to_contain_text("참여프로그램 6개")
    assert page.js_errors == []


def test_shared_link_and_district_list_apply_the_same_filter(live_server, page, places, assert_accessible):
    page.goto(f"{live_server.url}/map/?district=11620&kind=PROGRAM")
    wait_for_map(page)
    expect(page.locator("#map-selected-district")).to_have_text("선택한 자치구: 관악구")
    expect(page.locator("#map-counts")).to_have_text("지도에 표시된 곳: 1인가구지원센터 1곳, 참여프로그램 4개")
    expect(page.locator("#f-kind")).to_have_value("PROGRAM")
    # Markers are keyboard buttons with a name; Enter opens the popup.
    centre = page.get_by_role("button", name="1인가구지원센터: 관악구 1인가구지원센터")
    centre.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup")
    expect(popup).to_contain_text("서울특별시 관악구 관악로 145")
    expect(popup.get_by_role("button", name="닫기")).to_be_visible()
    assert_accessible(page)
    popup.get_by_role("button", name="닫기").click()
    expect(popup).to_have_count(0)

    page.locator("#district-links").get_by_role("link", name="마포구").click()
    expect(page).to_have_url(re.compile(r"\?district=11440&kind=PROGRAM$"))
    expect(page.locator("#map-counts")).to_contain_text("참여프로그램 1개")
    expect(page.locator("path.district-shape[data-district='11440']")).to_have_attribute("stroke", "#0b50d0")
    assert_accessible(page)
    assert page.js_errors == []


def test_nearby_from_a_clicked_point_lists_programmes_by_distance(live_server, page, places, assert_accessible):
    page.goto(f"{live_server.url}/map/?district=11620")
    wait_for_map(page)
    page.get_by_role("button", name="지도에서 위치 선택").click()
    expect(page.locator("#nearby-pick")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#nearby-status")).to_contain_text("지도에서 위치를 누르세요")
    page.locator("#map").scroll_into_view_if_needed()
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)

    # Picking a point does not change the district filter.
    expect(page).to_have_url(re.compile(r"\?district=11620$"))
    items = page.locator("#nearby-list li")
    expect(items).to_have_count(3)
    expect(items.locator("a")).to_have_text(["가까운 요리 교실", "중간 산책 모임", "먼 상담 창구"])
    expect(page.locator("#nearby-status")).to_contain_text("반경 2.0 km 안의 참여프로그램 3개")
    distances = [
        float(t.split()[0]) * (1000 if t.endswith("km") else 1)
        for t in items.locator(".nearby-distance").all_inner_texts()
    ]
    assert distances == sorted(distances)
    assert distances[0] == pytest.approx(600, abs=80)
    expect(items.first.locator("a")).to_have_attribute("href", re.compile(r"^/programs/\d+/$"))

    page.get_by_label("반경").select_option(label="3.0 km")
    expect(items).to_have_count(4)
    expect(items.last.locator("a")).to_have_text("반경 밖 행사")
    assert_accessible(page)

    items.first.locator("a").click()
    expect(page).to_have_url(re.compile(r"/programs/\d+/$"))
    assert page.js_errors == []


def test_nearby_from_my_location(live_server, page, places):
    page.context.grant_permissions(["geolocation"])
    lat, lon = offset(*MAPO_OFFICE, north_m=-100)
    page.context.set_geolocation({"latitude": lat, "longitude": lon})
    page.goto(f"{live_server.url}/map/")
    wait_for_map(page)
    page.get_by_role("button", name="내 위치에서 찾기").click()
    items = page.locator("#nearby-list li")
    expect(items.locator("a")).to_have_text(["안심 귀갓길 소모임", "마포 주거 상담"])
    expected = [
        format_distance(haversine_m(lat, lon, MAPO_OFFICE[0] + 0.003, MAPO_OFFICE[1])),
        format_distance(haversine_m(lat, lon, 37.556, 126.92)),
    ]
    expect(items.locator(".nearby-distance")).to_have_text(expected)
    expect(page.locator("#nearby-status")).to_contain_text("내 위치(마포구")


def test_denied_geolocation_explains_in_korean(live_server, page, places):
    page.goto(f"{live_server.url}/map/")
    wait_for_map(page)
    page.get_by_role("button", name="내 위치에서 찾기").click()
    expect(page.locator("#nearby-status")).to_contain_text("지도에서 위치 선택")
    expect(page.locator("#nearby-list li")).to_have_count(0)


def test_phone_layout(live_server, phone_page, places, assert_accessible):
    phone_page.goto(f"{live_server.url}/map/?district=11440")
    wait_for_map(phone_page)
    expect(phone_page.locator("#map-counts")).to_contain_text("참여프로그램 2개")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    map_box = phone_page.locator("#map").bounding_box()
    nearby_box = phone_page.locator("#nearby-heading").bounding_box()
    assert 300 <= map_box["height"] <= 500
    assert map_box["width"] <= 390
    assert nearby_box["y"] >= map_box["y"] + map_box["height"]
    assert_accessible(phone_page)
    assert phone_page.js_errors == []


def test_my_location_outside_seoul_is_explained(live_server, page, places):
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 35.1796, "longitude": 129.0756})  # 부산시청
    page.goto(f"{live_server.url}/map/")
    wait_for_map(page)
    page.get_by_role("button", name="내 위치에서 찾기").click()
    expect(page.locator("#nearby-status")).to_contain_text("서울시 밖의 좌표입니다")
    expect(page.locator("#nearby-list li")).to_have_count(0)


def test_bad_filter_in_a_shared_link_shows_korean_message(live_server, page, places):
    response = page.goto(f"{live_server.url}/map/?category=FOOD")
    assert response.status == 400
    expect(page.get_by_role("alert").first).to_contain_text("분야 값 'FOOD'은(는) 선택할 수 없습니다")
    wait_for_map(page)
    expect(page.locator("#map-counts")).to_contain_text("참여프로그램 6개")
