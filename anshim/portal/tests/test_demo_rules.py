"""Golden tests of the demo's eligibility rules: every policy has a published rule whose cases pass, and the
city's named policies give the verdicts and reasons a citizen would be told, worked out by hand."""

import datetime

import pytest
from django.utils import timezone

from anshim.catalog import rule_services
from anshim.catalog.models import Policy, PolicyRule, RuleStatus, RuleTestCase
from anshim.catalog.rule_selectors import check_person
from anshim.geo.districts import BY_CODE
from anshim.portal.demo import loader
from anshim.portal.demo.policies import build_policies
from anshim.portal.demo.rules import CITY_RULES, DISTRICT_RULES, build_rules
from anshim.portal.tests.test_demo import NAMED_CITY_POLICIES

pytestmark = pytest.mark.django_db

ANCHOR = datetime.date(2026, 11, 25)
D = datetime.date
IN_2026 = D(2026, 3, 2)
SEOULITE = {"registered_in_seoul": True, "lives_alone": True, "household_size": 1}
MEDIAN_2026 = 2_564_238  # 기준 중위소득, one person, 2026


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def demo(monkeypatch):
    """The demo as seed_demo loads it; the search index is not rebuilt (it only analyses text)."""
    monkeypatch.setattr(loader, "rebuild_search_index", lambda: None)
    loader.load_demo(anchor=ANCHOR)
    return {policy.title: policy for policy in Policy.objects.filter(district__isnull=True)}


def verdict(title, facts, when=IN_2026):
    """The verdict of one named policy for one person, as the citizen's check gives it."""
    outcomes = {o.policy.title: o for o in check_person(facts, when)}
    return outcomes[title]


def test_every_demo_policy_has_a_published_first_version_and_cases_of_both_kinds(demo):
    policies = list(Policy.objects.all())
    assert len(policies) == len(build_policies(loader.DEFAULT_SEED)) == 117

    rules = {rule.policy_id: rule for rule in PolicyRule.objects.all()}
    assert set(rules) == {policy.pk for policy in policies}
    for policy in policies:
        rule = rules[policy.pk]
        assert (rule.version, rule.status, rule.created_by) == (1, RuleStatus.PUBLISHED, None), policy.code
        assert timezone.localtime(rule.published_at).date() == ANCHOR and rule.note, policy.code
        expected = set(RuleTestCase.objects.filter(policy=policy).values_list("expected", flat=True))
        assert {"ELIGIBLE", "INELIGIBLE"} <= expected, policy.code
    assert RuleTestCase.objects.filter(expected="UNKNOWN").values("policy").distinct().count() >= 90


def test_every_demo_test_case_passes_its_rule(demo):
    failures = []
    for rule in PolicyRule.objects.select_related("policy"):
        runs = rule_services.run_test_cases(rule=rule)
        assert len(runs) >= 2, rule.policy.code
        failures += [(rule.policy.title, run.case.name, run.actual_label) for run in runs if not run.passed]

    assert failures == []


def test_every_demo_case_is_valid_input_for_an_official(demo):
    """The demo's cases obey the same checks as a case an official adds in the back office."""
    for case in RuleTestCase.objects.all():
        cleaned = rule_services.clean_test_case(
            name=case.name, facts=case.facts, reference_date=case.reference_date, expected=case.expected
        )
        assert cleaned["facts"] == case.facts, case.name


def test_every_seed_gets_a_rule_for_every_policy():
    for seed in (1, 5, 20210901, 20260101):
        policies = build_policies(seed)
        specs = build_rules(policies)
        assert [spec.policy_code for spec in specs] == [policy.code for policy in policies]
    assert {p.key for p in build_policies(loader.DEFAULT_SEED) if p.district_code is None} == set(CITY_RULES)


def test_named_city_policies_are_all_judged(demo):
    facts = {**SEOULITE, "birth_date": "1998-07-01"}
    judged = {o.policy.title for o in check_person(facts, IN_2026)}

    assert set(NAMED_CITY_POLICIES) <= judged


# --- golden cases, worked out by hand --------------------------------------------------------

YOUTH_GWANAK = {
    **SEOULITE,
    "birth_date": "1998-07-01",  # 만 27세 on 2 March 2026
    "district": "11620",
    "housing_tenure": "MONTHLY_RENT",
    "deposit": 10_000_000,
    "monthly_rent": 450_000,
    "monthly_income": round(MEDIAN_2026 * 1.2),  # 3,077,086원, 120%
    "basic_livelihood": False,
}


def test_youth_rent_at_120_percent_in_gwanak_is_eligible(demo):
    outcome = verdict("청년 월세지원", YOUTH_GWANAK)

    assert outcome.result.label == "대상" and outcome.version == 1
    assert outcome.result.sentences == [
        "만 19~39세: 충족 (만 27세)",
        "서울 거주(주민등록): 충족",
        "무주택 월세 거주(고시원 포함): 충족",
        "보증금 5,000만원 이하: 충족 (1,000만원)",
        "월세 60만원 이하: 충족 (45만원)",
        "기준 중위소득 150% 이하: 충족 (약 120%)",
        "1인가구: 충족",
        "기초생활수급자(주거급여) 아님: 충족",
    ]


def test_youth_rent_at_160_percent_is_not_eligible_and_says_why(demo):
    outcome = verdict("청년 월세지원", {**YOUTH_GWANAK, "monthly_income": round(MEDIAN_2026 * 1.6)})

    assert outcome.result.label == "비대상"
    assert "기준 중위소득 150% 이하: 미충족 (약 160%)" in outcome.result.sentences


def test_youth_rent_without_income_asks_for_it(demo):
    facts = {name: value for name, value in YOUTH_GWANAK.items() if name != "monthly_income"}

    outcome = verdict("청년 월세지원", facts)

    assert outcome.result.label == "추가 확인 필요"
    assert outcome.result.missing_facts == ("monthly_income",)


GOLDEN = [
    # (policy, facts, reference date, verdict, sentences the citizen reads)
    (
        "1인가구 도어지킴이",
        {**SEOULITE, "birth_date": "1996-04-01", "housing_tenure": "OWNER", "home_wifi": True},
        IN_2026,
        "비대상",
        ["만 18세 이상: 충족 (만 29세)", "임차 주택 거주(전세·월세·고시원): 미충족 (자가)", "집에 와이파이 있음: 충족"],
    ),
    (
        "1인가구 도어지킴이",
        {**SEOULITE, "birth_date": "1996-04-01", "housing_tenure": "JEONSE", "home_wifi": True},
        IN_2026,
        "대상",
        ["임차 주택 거주(전세·월세·고시원): 충족"],
    ),
    (
        "역세권 청년주택",
        {"birth_date": "1994-01-01", "housing_tenure": "OWNER"},
        IN_2026,
        "비대상",
        ["만 19~39세: 충족 (만 32세)", "무주택(자가 거주 아님): 미충족 (자가)"],
    ),
    (
        "서울형 주택바우처",
        {**SEOULITE, "housing_tenure": "MONTHLY_RENT", "monthly_income": 1_282_119, "basic_livelihood": False},
        IN_2026,
        "대상",
        ["월세 거주(보증부 월세·고시원 포함): 충족", "기준 중위소득 60% 이하: 충족 (약 50%)"],
    ),
    (
        "서울형 주택바우처",
        {**SEOULITE, "housing_tenure": "MONTHLY_RENT", "monthly_income": 1_800_000, "basic_livelihood": False},
        IN_2026,
        "비대상",
        ["기준 중위소득 60% 이하: 미충족 (약 70%)"],
    ),
    (
        "여성1인가구 안심홈세트",
        {**SEOULITE, "birth_date": "1993-05-05", "sex": "M", "housing_tenure": "MONTHLY_RENT"},
        IN_2026,
        "비대상",
        ["여성: 미충족 (남성)", "전세(보증금 2억원 이하) 또는 월세 거주: 충족"],
    ),
    (
        "여성1인가구 안심홈세트",
        {**SEOULITE, "birth_date": "1993-05-05", "sex": "F", "housing_tenure": "JEONSE", "deposit": 210_000_000},
        IN_2026,
        "비대상",
        ["여성: 충족", "보증금 2억원 이하: 미충족 (2억 1,000만원)"],
    ),
    (
        "병원 안심동행",
        {"registered_in_seoul": True, "long_term_care": True, "elderly_care_service": False},
        IN_2026,
        "비대상",
        ["서울 거주(주민등록): 충족", "장기요양 등급 없음: 미충족", "노인맞춤돌봄서비스 미이용: 충족"],
    ),
    (
        "AI·IoT 어르신 건강관리",
        {**SEOULITE, "birth_date": "1961-01-01"},
        IN_2026,
        "대상",
        ["만 65세 이상: 충족 (만 65세)"],
    ),
    (
        "AI·IoT 어르신 건강관리",
        {**SEOULITE, "birth_date": "1966-01-01"},
        IN_2026,
        "비대상",
        ["만 65세 이상: 미충족 (만 60세)"],
    ),
    (
        "찾아가는 동주민센터 방문건강관리",
        {**SEOULITE, "birth_date": "1970-08-15", "basic_livelihood": False, "near_poverty": False},
        IN_2026,
        "대상",
        ["1인가구: 충족", "중장년·어르신(만 50세 이상): 충족 (만 55세)"],
    ),
    (
        "찾아가는 동주민센터 방문건강관리",
        {"registered_in_seoul": True, "lives_alone": False, "birth_date": "1986-08-15", "basic_livelihood": False},
        IN_2026,
        "추가 확인 필요",
        ["차상위계층: 확인 필요 (정보 없음)"],
    ),
    (
        "서울형 기초보장제",
        {
            **SEOULITE,
            "seoul_residence_months": 120,
            "monthly_income": 1_000_000,
            "assets": 140_000_000,
            "basic_livelihood": False,
        },
        D(2021, 6, 1),
        "비대상",
        ["기준 중위소득 46% 이하: 미충족 (약 55%)", "재산 1억 3,500만원 이하: 미충족 (1억 4,000만원)"],
    ),
    (
        "서울형 기초보장제",
        {
            **SEOULITE,
            "seoul_residence_months": 120,
            "monthly_income": 1_000_000,
            "assets": 140_000_000,
            "basic_livelihood": False,
        },
        IN_2026,
        "대상",
        ["기준 중위소득 46% 이하: 충족 (약 39%)", "재산 1억 5,500만원 이하: 충족 (1억 4,000만원)"],
    ),
    (
        "서울형 긴급복지",
        {**SEOULITE, "monthly_income": 2_600_000},
        IN_2026,
        "비대상",
        ["기준 중위소득 100% 이하: 미충족 (약 101%)"],
    ),
    (
        "서울형 긴급복지",
        {"registered_in_seoul": True},
        IN_2026,
        "추가 확인 필요",
        ["기준 중위소득 100% 이하: 확인 필요 (정보 없음)"],
    ),
    ("안심마을 보안관", {"registered_in_seoul": False}, IN_2026, "비대상", ["서울 거주(주민등록): 미충족"]),
    ("사회적관계망 지원", {**SEOULITE}, IN_2026, "대상", ["서울 거주(주민등록): 충족", "1인가구: 충족"]),
    ("마음상담", {"registered_in_seoul": True, "lives_alone": False}, IN_2026, "비대상", ["1인가구: 미충족"]),
    (
        "이웃살피미",
        {**SEOULITE, "birth_date": "1990-01-01"},
        IN_2026,
        "비대상",
        ["중장년·어르신(만 50세 이상): 미충족 (만 36세)"],
    ),
]


@pytest.mark.parametrize(("title", "facts", "when", "label", "sentences"), GOLDEN, ids=[g[0] for g in GOLDEN])
def test_named_policy_golden_case(demo, title, facts, when, label, sentences):
    result = verdict(title, facts, when).result

    assert result.label == label
    # Criteria read as sentences; a labelled group ("전세 … 또는 월세 거주") reads as a heading line.
    readable = {*result.sentences, *(line.text for line in result.lines)}
    for sentence in sentences:
        assert sentence in readable


def test_district_policies_are_for_their_own_residents(demo):
    district_policies = list(Policy.objects.filter(district__isnull=False).select_related("district"))
    assert len(district_policies) == 79
    rules = dict(PolicyRule.objects.values_list("policy_id", "definition"))
    for policy in district_policies:
        outsider = "11110" if policy.district_id != "11110" else "11140"
        result = check_person({**SEOULITE, "district": outsider}, IN_2026, [policy.pk])[0].result
        assert result.label == "비대상", policy.title
        assert f"{policy.district.name} 거주: 미충족 ({BY_CODE[outsider].name})" in result.sentences
        assert {"fact": "district", "op": "eq", "value": policy.district_id} in rules[policy.pk]["all"]


def test_district_rules_follow_each_templates_age_and_sex(demo):
    for policy in Policy.objects.filter(district__isnull=False):
        definition = PolicyRule.objects.get(policy=policy).definition
        ages = [c for c in definition["all"] if c["fact"] == "age"]
        if policy.min_age is None:
            assert ages == [], policy.title
        else:
            low = ages[0]["value"][0] if ages[0]["op"] == "between" else ages[0]["value"]
            assert low == policy.min_age, policy.title
        sexes = [c["value"] for c in definition["all"] if c["fact"] == "sex"]
        assert sexes == ([policy.sex] if policy.sex != "ALL" else []), policy.title
    assert set(DISTRICT_RULES) >= {p.key for p in build_policies(loader.DEFAULT_SEED) if p.district_code}


def test_replace_reloads_rules_and_cases_without_duplicates(demo, django_capture_on_commit_callbacks):
    before = sorted(PolicyRule.objects.values_list("policy__code", "definition", "note"))
    cases = RuleTestCase.objects.count()
    PolicyRule.objects.filter(policy__code="P-SEOUL-001").update(status=RuleStatus.RETIRED)

    with django_capture_on_commit_callbacks(execute=True):
        loader.load_demo(anchor=ANCHOR, replace=True)

    assert sorted(PolicyRule.objects.values_list("policy__code", "definition", "note")) == before
    assert PolicyRule.objects.filter(status=RuleStatus.PUBLISHED).count() == 117
    assert RuleTestCase.objects.count() == cases
