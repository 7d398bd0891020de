"""Eligibility engine timings (figures, not tests).

Targets (issue #3): one person × all policies p50 ≤ 1 ms in process; 1.39M people × all policies
≤ 20 s wall and ≤ 4 GB peak memory on 2 cores. The 8 example rules are replicated with shifted
thresholds to 90 policies (80 distinct: 병원 안심동행 has no threshold to shift), so caching of
shared criteria cannot collapse them into 8. The population run happens in a child process so
its peak RSS (ru_maxrss) is its own.
"""

from __future__ import annotations

import copy
import datetime
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from anshim.eligibility.evaluate import evaluate_many  # noqa: E402
from anshim.eligibility.examples import EXAMPLES  # noqa: E402
from anshim.eligibility.facts import Facts  # noqa: E402
from anshim.eligibility.rules import Rule  # noqa: E402

POLICIES = 90
REFERENCE_DATE = datetime.date(2025, 6, 1)


def _shift(node, step: int):
    """A variant of a rule: ages moved by `step` years, amounts and ratios scaled by 2% per step."""
    if isinstance(node, list):
        return [_shift(item, step) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _shift(value, step) for key, value in node.items()}
    if "fact" in out and "value" in out and not isinstance(out["value"], dict):
        fact, value = out["fact"], out["value"]
        if fact == "age" and isinstance(value, int):
            out["value"] = value + step
        elif fact == "age" and isinstance(value, list):
            out["value"] = [value[0], value[1] + step]
        elif fact in ("income_ratio", "assets", "deposit", "monthly_rent", "monthly_income") and isinstance(
            value, int | float
        ):
            out["value"] = type(value)(value * (1 + 0.02 * step))
        out.pop("label", None)
    if "parameters" in out:
        for entries in out["parameters"].values():
            for entry in entries:
                entry["value"] = type(entry["value"])(entry["value"] * (1 + 0.02 * step))
    return out


def replicated_rules(count: int = POLICIES) -> dict[str, dict]:
    rules = {}
    for i in range(count):
        example = EXAMPLES[i % len(EXAMPLES)]
        rules[f"{example.key}#{i}"] = _shift(copy.deepcopy(example.rule), i // len(EXAMPLES))
    return rules


def _people(count: int) -> list[Facts]:
    rng = random.Random(3)
    people = []
    for _ in range(count):
        people.append(
            Facts(
                birth_date=datetime.date(rng.randint(1935, 2006), rng.randint(1, 12), rng.randint(1, 28)),
                sex=rng.choice(["F", "M"]),
                district=rng.choice(["11620", "11440", "11305"]),
                lives_alone=True,
                seoul_residence_months=rng.randint(0, 400),
                registered_in_seoul=rng.random() < 0.9,
                household_size=1,
                monthly_income=rng.randint(0, 6_000_000),
                assets=rng.randint(0, 500_000_000),
                housing_tenure=rng.choice(["OWNER", "JEONSE", "MONTHLY_RENT", "GOSIWON"]),
                monthly_rent=rng.randint(0, 900_000),
                deposit=rng.randint(0, 300_000_000),
                basic_livelihood=rng.random() < 0.1,
                # A third of people leave these unanswered, as on the questionnaire's first screens.
                long_term_care=None if rng.random() < 0.33 else rng.random() < 0.1,
                elderly_care_service=None if rng.random() < 0.33 else False,
                home_wifi=None if rng.random() < 0.33 else True,
            )
        )
    return people


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"p50 {p50:.3f} ms, p99 {p99:.3f} ms over {len(ordered)} people"


def single_person() -> None:
    rules = {key: Rule(rule) for key, rule in replicated_rules().items()}
    people = _people(2000)
    criteria = sum(len(rule.plan(REFERENCE_DATE).criteria) for rule in rules.values())
    for person in people[:50]:  # warm-up: plans compiled and cached, as in a running server
        evaluate_many(rules, person, REFERENCE_DATE)
    decide, explain = [], []
    for person in people:
        t = time.perf_counter()
        evaluate_many(rules, person, REFERENCE_DATE)
        decide.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        results = evaluate_many(rules, person, REFERENCE_DATE)
        for result in results.values():
            result.sentences  # noqa: B018  building every reason is part of what is timed
            result.missing_facts  # noqa: B018
        explain.append((time.perf_counter() - t) * 1000)
    print(f"one person × {len(rules)} policies ({criteria} criteria)")
    print(f"  verdicts only:                 {percentiles(decide)}")
    print(f"  verdicts + every reason + missing facts: {percentiles(explain)}")


def population_child(size: int, missing_share: float) -> None:
    from anshim.eligibility.population import generate_population
    from anshim.eligibility.vectorized import evaluate_population

    rules = {key: Rule(rule) for key, rule in replicated_rules().items()}
    t = time.perf_counter()
    population = generate_population(size, missing_share=missing_share)
    generated = time.perf_counter() - t
    t = time.perf_counter()
    outcomes = evaluate_population(rules, population, REFERENCE_DATE)
    evaluated = time.perf_counter() - t
    eligible = sum(int((o == 1).sum()) for o in outcomes.values())
    unknown = sum(int((o == 2).sum()) for o in outcomes.values())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(
        json.dumps(
            {
                "size": population.size,
                "rules": len(rules),
                "generate_s": generated,
                "evaluate_s": evaluated,
                "peak_rss": peak,
                "population_bytes": population.nbytes,
                "eligible": eligible,
                "unknown": unknown,
            }
        )
    )


def population(size: int = 1_390_000, missing_share: float = 0.0) -> None:
    t = time.perf_counter()
    child = subprocess.run(
        [sys.executable, __file__, "--population-child", str(size), str(missing_share)],
        capture_output=True,
        text=True,
        check=True,
    )
    wall = time.perf_counter() - t
    figures = json.loads(child.stdout.strip().splitlines()[-1])
    print(f"{figures['size']:,} people × {figures['rules']} policies (facts unknown: {missing_share:.0%})")
    print(
        f"  generate population:  {figures['generate_s']:.2f} s ({figures['population_bytes'] / 2**20:.0f} MiB of columns)"
    )
    print(f"  evaluate all rules:   {figures['evaluate_s']:.2f} s")
    print(f"  child process wall:   {wall:.2f} s (interpreter start, generation and evaluation)")
    print(f"  peak memory (RSS):    {figures['peak_rss'] / 2**20:.0f} MiB")
    print(f"  verdicts: {figures['eligible']:,} 대상, {figures['unknown']:,} 확인 필요")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--population-child":
        population_child(int(sys.argv[2]), float(sys.argv[3]))
        return
    single_person()
    population()
    population(missing_share=0.1)


if __name__ == "__main__":
    main()
