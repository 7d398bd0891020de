"""The compute service and command: counts equal the engine's own, stored once per run."""

import datetime

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from anshim.catalog.choices import Category
from anshim.catalog.models import PolicyRule, RuleStatus
from anshim.catalog.tests.factories import PolicyFactory
from anshim.eligibility import Rule, evaluate_population, tally_by_district
from anshim.eligibility.examples import DOORGUARD_2021, YOUTH_RENT
from anshim.eligibility.population import generate_population
from anshim.geo.districts import DISTRICTS
from anshim.operations import services
from anshim.operations.models import GapCount, GapRun, GapRunStatus
from anshim.operations.tests.conftest import REFERENCE_DATE, SEED, SMALL_POPULATION, publish

pytestmark = pytest.mark.django_db


def stored(run, policy):
    rows = GapCount.objects.filter(run=run, policy=policy)
    return {row.district_id: (row.eligible, row.unknown, row.rule_version) for row in rows}


def test_counts_match_the_engine_run_directly(youth_rent, doorguard, django_user_model):
    official = django_user_model.objects.create_user("city", is_staff=True)
    done = services.compute_gap(reference_date=REFERENCE_DATE, size=SMALL_POPULATION, seed=SEED, created_by=official)

    population = generate_population(SMALL_POPULATION, seed=SEED, as_of=REFERENCE_DATE)
    outcomes = evaluate_population(
        {"rent": Rule(YOUTH_RENT.rule), "door": Rule(DOORGUARD_2021.rule)}, population, REFERENCE_DATE
    )
    for policy, key, version in ((youth_rent, "rent", 3), (doorguard, "door", 1)):
        expected = tally_by_district(outcomes[key], population)
        cells = stored(done.run, policy)
        assert set(cells) == {d.code for d in DISTRICTS}  # no 거주지 미상 row: every household has a district
        for index, district in enumerate(DISTRICTS):
            assert cells[district.code] == (int(expected[index, 1]), int(expected[index, 2]), version)
        assert sum(e for e, _, _ in cells.values()) == int((outcomes[key] == 1).sum()) > 0

    run = GapRun.objects.get()
    assert (run.status, run.population_size, run.seed, run.reference_date) == (
        GapRunStatus.DONE,
        SMALL_POPULATION,
        SEED,
        REFERENCE_DATE,
    )
    assert run.created_by == official
    assert run.finished_at >= run.started_at
    assert done.policies == 2
    assert "정책 2개 × 가상 1인가구 20,000가구" in done.summary()


def test_the_same_seed_gives_the_same_counts_and_another_seed_does_not(youth_rent, doorguard):
    first = services.compute_gap(reference_date=REFERENCE_DATE, size=5_000, seed=SEED).run
    second = services.compute_gap(reference_date=REFERENCE_DATE, size=5_000, seed=SEED).run
    other = services.compute_gap(reference_date=REFERENCE_DATE, size=5_000, seed=SEED + 1).run
    assert stored(first, youth_rent) == stored(second, youth_rent)
    assert stored(first, youth_rent) != stored(other, youth_rent)
    assert GapCount.objects.filter(run=first).count() == 2 * len(DISTRICTS)


def test_only_published_rules_of_published_policies_count(youth_rent):
    draft_only = PolicyFactory(code="P-DRAFT", category=Category.HEALTH)
    PolicyRule.objects.create(policy=draft_only, version=1, definition=DOORGUARD_2021.rule, status=RuleStatus.DRAFT)
    hidden = PolicyFactory(code="P-HIDDEN", is_published=False)
    publish(hidden, DOORGUARD_2021.rule)

    run = services.compute_gap(reference_date=REFERENCE_DATE, size=2_000, seed=SEED).run

    assert set(GapCount.objects.filter(run=run).values_list("policy__code", flat=True)) == {"P-SEOUL-001"}


def test_nothing_to_compute_without_published_rules():
    with pytest.raises(services.GapError, match="게시된 자격 규칙이 없어"):
        services.compute_gap(reference_date=REFERENCE_DATE, size=1_000)
    assert not GapRun.objects.exists()


def test_a_date_without_median_income_is_refused_and_recorded_as_failed(youth_rent):
    with pytest.raises(services.GapError, match="사각지대를 계산하지 못했습니다: .*이전에 적용되는 값이 없습니다"):
        services.compute_gap(reference_date=datetime.date(2019, 6, 1), size=1_000)
    run = GapRun.objects.get()
    assert run.status == GapRunStatus.FAILED
    assert "이전에 적용되는 값이 없습니다" in run.error
    assert not GapCount.objects.exists()


def test_population_size_is_bounded(youth_rent):
    with pytest.raises(services.GapError, match="가상 인구는 1가구부터"):
        services.compute_gap(size=0)


def test_command_prints_the_time_taken(youth_rent, doorguard, capsys):
    call_command("compute_gap", "--size", "3000", "--seed", "11", "--date", "2025-06-01")
    out = capsys.readouterr().out
    assert "사각지대를 계산했습니다: 정책 2개 × 가상 1인가구 3,000가구, 기준일 2025-06-01" in out
    assert "초 걸림 (인구 생성" in out
    run = GapRun.objects.get()
    assert (run.seed, run.population_size) == (11, 3000)
    assert GapCount.objects.filter(run=run).count() == 2 * len(DISTRICTS)


def test_command_reports_bad_input_in_korean(youth_rent):
    with pytest.raises(CommandError, match="기준일은 YYYY-MM-DD 형식이어야 합니다"):
        call_command("compute_gap", "--date", "2025-13-01")
    with pytest.raises(CommandError, match="가상 인구는 1가구부터"):
        call_command("compute_gap", "--size", "-5")


def test_unplaced_households_get_their_own_row(youth_rent, monkeypatch):
    """Households without a district (not in the synthetic population, but possible in the model) are kept."""
    real = generate_population

    def without_some_districts(size, **kwargs):
        population = real(size, **kwargs)
        population.missing["district"] = np.arange(population.size) % 10 == 0
        return population

    monkeypatch.setattr(services, "generate_population", without_some_districts)
    run = services.compute_gap(reference_date=REFERENCE_DATE, size=4_000, seed=SEED).run

    population = without_some_districts(4_000, seed=SEED, as_of=REFERENCE_DATE)
    outcome = evaluate_population({"rent": Rule(YOUTH_RENT.rule)}, population, REFERENCE_DATE)["rent"]
    unplaced_rows = population.missing["district"]
    unplaced = GapCount.objects.get(run=run, district=None)
    assert unplaced.eligible == int((outcome[unplaced_rows] == 1).sum()) > 0
    assert unplaced.unknown == int((outcome[unplaced_rows] == 2).sum())
    placed = GapCount.objects.filter(run=run).exclude(district=None)
    assert placed.count() == len(DISTRICTS)
    assert sum(placed.values_list("eligible", flat=True)) == int((outcome[~unplaced_rows] == 1).sum())
