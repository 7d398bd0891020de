"""Gap arithmetic: eligible − uptake per district (never below 0), Seoul as the sum, rates, filters, order."""

import datetime

import pytest
from django.utils import timezone

from anshim.catalog.choices import Category
from anshim.catalog.tests.factories import PolicyFactory
from anshim.geo.districts import DISTRICTS
from anshim.operations import selectors
from anshim.operations.models import GapCount, GapRun, GapRunStatus, Uptake, UptakeSource

pytestmark = pytest.mark.django_db

JONGNO, JUNG, GWANAK = "11110", "11140", "11620"


def make_run(cells, *, reference_date=datetime.date(2025, 6, 1), status=GapRunStatus.DONE, finished_at=None):
    """A run from {policy: {district: (eligible, unknown)}}; districts not given count 0."""
    now = finished_at or timezone.now()
    run = GapRun.objects.create(
        reference_date=reference_date,
        population_size=1000,
        seed=1,
        started_at=now,
        finished_at=now,
        duration_ms=10,
        status=status,
    )
    for policy, by_district in cells.items():
        for district in DISTRICTS:
            eligible, unknown = by_district.get(district.code, (0, 0))
            GapCount.objects.create(
                run=run, policy=policy, district_id=district.code, eligible=eligible, unknown=unknown, rule_version=2
            )
    return run


def uptake(policy, district, count, *, year=2025, source=UptakeSource.IMPORTED):
    return Uptake.objects.create(policy=policy, district_id=district, year=year, count=count, source=source)


def test_gap_is_floored_per_district_and_summed_for_seoul():
    rent = PolicyFactory(code="A", title="청년 월세지원", category=Category.HOUSING)
    run = make_run({rent: {JONGNO: (100, 5), JUNG: (40, 0), GWANAK: (300, 10)}})
    uptake(rent, JONGNO, 30)
    uptake(rent, JONGNO, 10, source=UptakeSource.PLATFORM)  # both channels reach people
    uptake(rent, JUNG, 55)  # more than the model expects: gap 0, not −15
    uptake(rent, GWANAK, 100, year=2024)  # another year does not count for a 2025 run

    table = selectors.gap_table(run)
    jongno = table.figures(rent.pk, JONGNO)
    assert (jongno.eligible, jongno.unknown, jongno.uptake, jongno.gap) == (100, 5, 40, 60)
    assert jongno.rate == pytest.approx(0.6)
    jung = table.figures(rent.pk, JUNG)
    assert (jung.uptake, jung.gap, jung.rate) == (55, 0, 0.0)
    gwanak = table.figures(rent.pk, GWANAK)
    assert (gwanak.uptake, gwanak.gap) == (0, 300)

    seoul = table.figures(rent.pk)
    assert (seoul.eligible, seoul.unknown, seoul.uptake, seoul.gap) == (440, 15, 95, 360)
    assert seoul.rate == pytest.approx(360 / 440)

    [row] = selectors.policy_rows(table, selectors.GapFilters())
    assert (row.policy, row.rule_version, row.figures) == (rent, 2, seoul)
    [jung_row] = selectors.policy_rows(table, selectors.GapFilters(district=JUNG))
    assert jung_row.figures == jung


def test_nobody_eligible_has_no_rate():
    none_eligible = PolicyFactory(code="Z")
    run = make_run({none_eligible: {}})
    figures = selectors.gap_table(run).figures(none_eligible.pk)
    assert (figures.eligible, figures.gap, figures.rate) == (0, 0, None)


def test_rows_filter_by_category_and_sort_by_gap_rate_or_title():
    big = PolicyFactory(code="B", title="가 정책", category=Category.SAFETY)
    small = PolicyFactory(code="S", title="나 정책", category=Category.SAFETY)
    other = PolicyFactory(code="O", title="다 정책", category=Category.HEALTH)
    empty = PolicyFactory(code="E", title="라 정책", category=Category.SAFETY)
    run = make_run({big: {JONGNO: (1000, 0)}, small: {JONGNO: (10, 0)}, other: {JONGNO: (500, 0)}, empty: {}})
    uptake(big, JONGNO, 900)  # gap 100, rate 10%
    table = selectors.gap_table(run)

    def codes(**filters):
        return [row.policy.code for row in selectors.policy_rows(table, selectors.GapFilters(**filters))]

    assert codes() == ["O", "B", "S", "E"]  # gap 500, 100, 10, 0
    assert codes(sort="gap") == ["E", "S", "B", "O"]
    assert codes(sort="-rate") == ["O", "S", "B", "E"]  # 100%, 100%, 10%, then no rate last
    assert codes(sort="rate") == ["B", "O", "S", "E"]
    assert codes(sort="title") == ["B", "S", "O", "E"]
    assert codes(category=Category.SAFETY) == ["B", "S", "E"]
    assert codes(category=Category.SAFETY, district=JUNG) == ["B", "E", "S"]  # all 0: code order


def test_latest_run_is_the_newest_finished_one():
    policy = PolicyFactory()
    old = make_run({policy: {}}, finished_at=timezone.now() - datetime.timedelta(days=1))
    newest = make_run({policy: {}})
    make_run({policy: {}}, status=GapRunStatus.FAILED, finished_at=timezone.now() + datetime.timedelta(minutes=1))
    assert selectors.latest_run() == newest != old


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"district": "99999"}, "district", "알 수 없는 자치구입니다: '99999'"),
        ({"category": "FOOD"}, "category", "알 수 없는 분야입니다: 'FOOD'"),
        ({"sort": "-price"}, "sort", "정렬 기준을 알 수 없습니다: '-price'"),
    ],
)
def test_bad_filters_are_named_in_korean(params, field, message):
    with pytest.raises(selectors.InvalidGapFilter, match=message) as caught:
        selectors.GapFilters.parse(params)
    assert caught.value.field == field


def test_district_view_picks_the_largest_gap_unless_told():
    a = PolicyFactory(code="A")
    b = PolicyFactory(code="B")
    table = selectors.gap_table(make_run({a: {JONGNO: (5, 0)}, b: {JONGNO: (50, 0)}}))
    assert selectors.policy_for_districts(table, "") == b
    assert selectors.policy_for_districts(table, str(a.pk)) == a
    for bad in ("abc", "999999", "²", "-1"):
        with pytest.raises(selectors.InvalidGapFilter, match="최근 계산에 없는 정책입니다"):
            selectors.policy_for_districts(table, bad)
