"""A simulated service day for the dispatcher (benchmark and tests): requests and companions in Seoul.

Deterministic for a seed. Demand peaks 09–18 as the seed's survey of existing services found;
each use lasts 2–4 hours door to door (hospital, pharmacy, home); a few people need a wheelchair
helper, sign language or a foreign language. Companions work one of three 9-hour shifts.
"""

from __future__ import annotations

import random

from anshim.companion.dispatch import LANGUAGE_PREFIX, SIGN_LANGUAGE, WHEELCHAIR, Companion, Request

# A box around central Seoul's dense districts (WGS84).
LAT, LON = (37.48, 37.65), (126.85, 127.12)
OPEN, CLOSE = 7 * 60, 20 * 60
SHIFTS = ((7 * 60, 16 * 60), (9 * 60, 18 * 60), (11 * 60, 20 * 60))


def _point(rng: random.Random) -> tuple[float, float]:
    return rng.uniform(*LAT), rng.uniform(*LON)


def _needs(rng: random.Random) -> frozenset[str]:
    needs = set()
    if rng.random() < 0.10:
        needs.add(WHEELCHAIR)
    if rng.random() < 0.03:
        needs.add(SIGN_LANGUAGE)
    draw = rng.random()
    if draw < 0.03:
        needs.add(LANGUAGE_PREFIX + "en")
    elif draw < 0.05:
        needs.add(LANGUAGE_PREFIX + "zh")
    return frozenset(needs)


def day(n_requests: int = 300, n_companions: int = 60, seed: int = 2025) -> tuple[list[Request], list[Companion]]:
    rng = random.Random(seed)
    requests = []
    for index in range(n_requests):
        duration = rng.choice((120, 150, 180, 210, 240))
        peak = rng.random() < 0.8
        pickup = rng.randrange(9 * 60, 17 * 60, 10) if peak else rng.randrange(OPEN, CLOSE - 120, 10)
        pickup = min(pickup, CLOSE - duration)
        lat, lon = _point(rng)
        requests.append(Request(pickup=pickup, duration=duration, lat=lat, lon=lon, id=index, needs=_needs(rng)))
    order = list(range(n_requests))
    rng.shuffle(order)
    requests = [
        Request(pickup=r.pickup, duration=r.duration, lat=r.lat, lon=r.lon, id=r.id, needs=r.needs, order=o)
        for r, o in zip(requests, order, strict=True)
    ]
    companions = []
    for index in range(n_companions):
        skills = set()
        if rng.random() < 0.3:
            skills.add(WHEELCHAIR)
        if rng.random() < 0.1:
            skills.add(SIGN_LANGUAGE)
        if rng.random() < 0.1:
            skills.add(LANGUAGE_PREFIX + "en")
        if rng.random() < 0.05:
            skills.add(LANGUAGE_PREFIX + "zh")
        start, end = SHIFTS[index % len(SHIFTS)]
        lat, lon = _point(rng)
        companions.append(
            Companion(id=f"c{index}", lat=lat, lon=lon, shift_start=start, shift_end=end, skills=frozenset(skills))
        )
    return requests, companions
