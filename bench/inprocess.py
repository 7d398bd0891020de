"""Server-side timings without HTTP: near-search over the programmes and Korean search.

Targets (issue #2): near-search over 10,000 programmes ≤ 10 ms; search over 10,000
documents ≤ 20 ms. Prints p50/p99 over repeated queries at varied points and words.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anshim.settings")

import django  # noqa: E402

django.setup()

from anshim.catalog import search  # noqa: E402
from anshim.catalog.models import SearchDocument  # noqa: E402
from anshim.geo.boundaries import random_point_in  # noqa: E402
from anshim.geo.districts import DISTRICTS  # noqa: E402
from anshim.geo.nearby import within_radius  # noqa: E402
from anshim.programs.models import Program  # noqa: E402
from anshim.programs.selectors import programs  # noqa: E402

QUERIES = ["병원동행", "월세", "1인 가구 안전", "요리", "상담", "건강 걷기", "청년 주거", "반려식물", "집수리", "마음"]


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"p50 {p50:.2f} ms, p99 {p99:.2f} ms over {len(ordered)} runs"


def timed(fn, runs: int) -> list[float]:
    out = []
    for i in range(runs):
        t = time.perf_counter()
        fn(i)
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    rng = random.Random(7)
    points = [random_point_in(DISTRICTS[i % 25].code, rng) for i in range(200)]
    db = django.db.connection.vendor
    print(f"database: {db}; programmes: {Program.objects.count()}; search documents: {SearchDocument.objects.count()}")

    def near(i, radius=2000):
        lat, lon = points[i % len(points)]
        within_radius(programs(), lat, lon, radius, limit=30)

    near(0)
    for radius in (1000, 2000, 3000):
        samples = timed(lambda i, r=radius: near(i, r), 400)
        print(f"near-search radius {radius} m: {percentiles(samples)}")

    search.search(QUERIES[0])  # builds the in-process index once
    samples = timed(lambda i: search.search(QUERIES[i % len(QUERIES)]), 500)
    print(f"search ({len(QUERIES)} queries): {percentiles(samples)}")


if __name__ == "__main__":
    main()
