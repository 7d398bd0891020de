"""병원 안심동행 dispatch timing (figures, not tests): a simulated day of 300 requests and 60 companions.

Reports the time to propose (target ≤ 2 s, model building included) and the share of requests
served on time by the CP-SAT proposal against first-come-first-served on the same day, over a few
seeded days. Pure computation: no database.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from anshim.companion import dispatch, simulation  # noqa: E402

SEEDS = (2025, 2026, 2027)
REQUESTS, COMPANIONS = 300, 60


def main() -> None:
    print(f"병원 안심동행 dispatch: {REQUESTS} requests, {COMPANIONS} companions, seeds {SEEDS}")
    dispatch.propose(*simulation.day(30, 6, seed=1), time_limit=0.2)  # imports and first-call warm-up
    times, shares, fcfs_shares, travel, fcfs_travel = [], [], [], [], []
    for seed in SEEDS:
        requests, companions = simulation.day(REQUESTS, COMPANIONS, seed=seed)
        started = time.perf_counter()
        baseline = dispatch.fcfs(requests, companions)
        fcfs_seconds = time.perf_counter() - started
        started = time.perf_counter()
        plan = dispatch.propose(requests, companions, time_limit=1.5)
        seconds = time.perf_counter() - started
        problems = dispatch.validate(requests, companions, plan.assignments)
        assert not problems, problems[:3]
        times.append(seconds)
        shares.append(plan.served() / REQUESTS)
        fcfs_shares.append(baseline.served() / REQUESTS)
        travel.append(plan.travel_minutes / max(1, plan.served()))
        fcfs_travel.append(baseline.travel_minutes / max(1, baseline.served()))
        print(
            f"  seed {seed}: propose {seconds:.2f} s ({plan.status}), on time {plan.served()}/{REQUESTS} "
            f"({100 * shares[-1]:.1f}%), travel {travel[-1]:.1f} min/job | FCFS {fcfs_seconds:.2f} s, "
            f"on time {baseline.served()}/{REQUESTS} ({100 * fcfs_shares[-1]:.1f}%), travel {fcfs_travel[-1]:.1f} min/job"
        )
    print(
        f"  mean: propose {statistics.mean(times):.2f} s (max {max(times):.2f} s, target ≤ 2 s); "
        f"on time {100 * statistics.mean(shares):.1f}% vs FCFS {100 * statistics.mean(fcfs_shares):.1f}%; "
        f"travel {statistics.mean(travel):.1f} vs {statistics.mean(fcfs_travel):.1f} min/job"
    )


if __name__ == "__main__":
    main()
