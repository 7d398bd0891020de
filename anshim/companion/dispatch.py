"""Proposing which companion takes which request: an OR-Tools CP-SAT optimiser and a FCFS baseline.

Plain data in, plain data out (no Django). Times are whole minutes on one clock the caller chooses
(minutes since midnight of the service day in the services and the benchmark).

The model. A companion meets the person at the door at the pick-up time, goes to hospital and back,
and is free at the person's home ``duration`` minutes later. Travel between two points takes
``OVERHEAD_MINUTES`` plus the straight-line distance × ``DETOUR`` at ``SPEED_KMH`` (Seoul's public
transport and taxis door to door), rounded up. A request is served *on time* when its companion is at
the door by the pick-up time; the optimiser proposes only on-time assignments and leaves the rest to
the coordinator. Because every job then starts exactly at its pick-up time and travel obeys the
triangle inequality, a set of jobs fits one companion exactly when every pair of them fits (one can
follow the other with its travel) and each is reachable from where the companion is now and ends
within their shift: ``fits_together``/``allowed`` are those pairwise tests, and ``validate`` checks
a proposal against them.

The optimiser (why CP-SAT): chains of jobs per companion are a multi-depot vehicle-scheduling
problem with skills, which a one-round assignment (scipy's linear_sum_assignment) cannot express —
it would need rounds and lose the look-ahead. CP-SAT takes it directly: one arc variable for
"companion c starts with request j" and for "request j follows request i on the same companion", a
companion label per request that the arcs must agree on (skills and shifts restrict its domain),
served = one incoming arc. The objective is lexicographic — first the number served on time
(weight ``SERVED_WEIGHT`` larger than any day's travel), then the minutes travelled. Arcs are pruned
to the ``NEAREST`` closest companions and the ``NEAREST`` tightest successors of each request, plus
every arc of two greedy plans — FCFS, and pick-up order with the tightest fit — the better of which
is the solver's starting hint. So the proposal serves at least as many requests on time as FCFS, and
within the time limit usually more. Presolve is off: on a full day it alone would eat the limit.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

SPEED_KMH = 20.0
DETOUR = 1.3
OVERHEAD_MINUTES = 5
SERVED_WEIGHT = 1_000_000
NEAREST = 12

WHEELCHAIR = "wheelchair"
SIGN_LANGUAGE = "sign_language"
LANGUAGE_PREFIX = "lang:"


@dataclass(frozen=True)
class Job:
    """Something a companion already does: from the door at ``pickup`` for ``duration`` minutes."""

    pickup: int
    duration: int
    lat: float
    lon: float

    @property
    def end(self) -> int:
        return self.pickup + self.duration


@dataclass(frozen=True)
class Request(Job):
    id: int | str = 0
    needs: frozenset[str] = frozenset()
    order: int = 0  # the order requests were received in, for first-come-first-served


@dataclass(frozen=True)
class Companion:
    id: int | str
    lat: float
    lon: float
    shift_start: int
    shift_end: int
    available_from: int | None = None  # "now" for the dispatcher; defaults to the shift start
    skills: frozenset[str] = frozenset()
    fixed: tuple[Job, ...] = ()

    @property
    def free_from(self) -> int:
        return max(self.shift_start, self.available_from if self.available_from is not None else self.shift_start)


@dataclass
class Plan:
    assignments: dict = field(default_factory=dict)  # request id → companion id
    unassigned: list = field(default_factory=list)
    travel_minutes: int = 0
    method: str = ""
    status: str = ""
    seconds: float = 0.0

    def served(self) -> int:
        return len(self.assignments)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def travel_minutes(lat1: float, lon1: float, lat2: float, lon2: float) -> int:
    return math.ceil(OVERHEAD_MINUTES + distance_km(lat1, lon1, lat2, lon2) * DETOUR / SPEED_KMH * 60)


def follows(a: Job, b: Job) -> bool:
    """Whether ``b`` can come after ``a`` on one companion: done with ``a`` and at ``b``'s door in time."""
    return a.end + travel_minutes(a.lat, a.lon, b.lat, b.lon) <= b.pickup


def fits_together(a: Job, b: Job) -> bool:
    return follows(a, b) or follows(b, a)


def reach(companion: Companion, job: Job) -> int:
    return travel_minutes(companion.lat, companion.lon, job.lat, job.lon)


def allowed(companion: Companion, request: Request) -> bool:
    """Skills, shift, reachable on time from where the companion is now, and clear of their fixed jobs."""
    return (
        request.needs <= companion.skills
        and companion.free_from + reach(companion, request) <= request.pickup
        and request.end <= companion.shift_end
        and all(fits_together(job, request) for job in companion.fixed)
    )


def _predecessor(companion: Companion, jobs: Iterable[Job], job: Job) -> tuple[float, float]:
    before = [other for other in jobs if other.pickup < job.pickup]
    if not before:
        return companion.lat, companion.lon
    last = max(before, key=lambda other: other.pickup)
    return last.lat, last.lon


def plan_travel(requests: Sequence[Request], companions: Sequence[Companion], assignments: dict) -> int:
    """Minutes companions travel to reach the proposed requests, each from the job before it (or from where they are)."""
    by_id = {r.id: r for r in requests}
    total = 0
    for companion in companions:
        mine = [by_id[rid] for rid, cid in assignments.items() if cid == companion.id]
        jobs = [*companion.fixed, *mine]
        for job in mine:
            lat, lon = _predecessor(companion, jobs, job)
            total += travel_minutes(lat, lon, job.lat, job.lon)
    return total


def validate(requests: Sequence[Request], companions: Sequence[Companion], assignments: dict) -> list[str]:
    """What is wrong with a proposal (empty when every companion can really do all their jobs on time)."""
    by_id = {r.id: r for r in requests}
    companion_by_id = {c.id: c for c in companions}
    problems = []
    for rid, cid in assignments.items():
        if rid not in by_id or cid not in companion_by_id:
            problems.append(f"unknown request {rid} or companion {cid}")
        elif not allowed(companion_by_id[cid], by_id[rid]):
            problems.append(f"request {rid} is not allowed for companion {cid}")
    for companion in companions:
        mine = sorted((by_id[rid] for rid, cid in assignments.items() if cid == companion.id), key=lambda r: r.pickup)
        for i, a in enumerate(mine):
            for b in mine[i + 1 :]:
                if not follows(a, b):
                    problems.append(f"companion {companion.id}: requests {a.id} and {b.id} overlap")
    return problems


class _Day:
    """Travel and fit tables for one set of requests and companions (NumPy, computed once)."""

    def __init__(self, requests: Sequence[Request], companions: Sequence[Companion]):
        self.requests, self.companions = requests, companions
        lat = np.radians([r.lat for r in requests])
        lon = np.radians([r.lon for r in requests])
        clat = np.radians([c.lat for c in companions])
        clon = np.radians([c.lon for c in companions])
        self.between = self._minutes(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
        self.from_companion = self._minutes(clat[:, None], clon[:, None], lat[None, :], lon[None, :])
        pickup = np.array([r.pickup for r in requests])
        end = np.array([r.end for r in requests])
        # follows[i, j]: request j can come after request i on one companion.
        self.follows = end[:, None] + self.between <= pickup[None, :]
        self.fits = self.follows | self.follows.T
        free_from = np.array([c.free_from for c in companions])
        shift_end = np.array([c.shift_end for c in companions])
        reach_ok = free_from[:, None] + self.from_companion <= pickup[None, :]
        needs_sets = sorted({r.needs for r in requests}, key=sorted)
        fit_by_needs = {needs: np.array([needs <= c.skills for c in companions]) for needs in needs_sets}
        skills_ok = np.stack([fit_by_needs[r.needs] for r in requests], axis=1)
        self.allowed = reach_ok & skills_ok & (end[None, :] <= shift_end[:, None])
        for k, companion in enumerate(companions):
            for job in companion.fixed:
                for j in np.flatnonzero(self.allowed[k]):
                    if not fits_together(job, requests[j]):
                        self.allowed[k, j] = False

    @staticmethod
    def _minutes(lat1, lon1, lat2, lon2):
        a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
        km = 2 * 6371.0 * np.arcsin(np.minimum(1.0, np.sqrt(a)))
        return np.ceil(OVERHEAD_MINUTES + km * DETOUR / SPEED_KMH * 60 - 1e-9).astype(int)

    def arrive_from(self, k: int, chain: list[int], j: int) -> tuple[int, int]:
        """(travel to j, the time the companion is free before j) given the jobs already on ``chain``."""
        companion, request = self.companions[k], self.requests[j]
        before = [i for i in chain if self.requests[i].pickup < request.pickup]
        fixed_before = [job for job in companion.fixed if job.pickup < request.pickup]
        last = max(before, key=lambda i: self.requests[i].pickup, default=None)
        last_fixed = max(fixed_before, key=lambda job: job.pickup, default=None)
        if last is not None and (last_fixed is None or self.requests[last].pickup > last_fixed.pickup):
            return int(self.between[last, j]), self.requests[last].end
        if last_fixed is not None:
            return travel_minutes(last_fixed.lat, last_fixed.lon, request.lat, request.lon), last_fixed.end
        return int(self.from_companion[k, j]), companion.free_from

    def greedy(self, order: Sequence[int], *, best_fit: bool) -> list[int | None]:
        """Each request in ``order`` to an on-time companion it fits: the least travel, or with ``best_fit``
        the least idle time before it (keeps companions' days tight), travel breaking ties."""
        chains: list[list[int]] = [[] for _ in self.companions]
        chosen: list[int | None] = [None] * len(self.requests)
        for j in order:
            best = None
            for k in map(int, self.allowed[:, j].nonzero()[0]):
                if not all(self.fits[i, j] for i in chains[k]):
                    continue
                travel, free = self.arrive_from(k, chains[k], j)
                idle = self.requests[j].pickup - free - travel
                key = (idle, travel) if best_fit else (travel, idle)
                if best is None or key < best[0]:
                    best = (key, k)
            if best is not None:
                chains[best[1]].append(j)
                chosen[j] = best[1]
        return chosen

    def plan(self, chosen: Sequence[int | None], *, method: str, status: str, started: float) -> Plan:
        assignments = {self.requests[j].id: self.companions[k].id for j, k in enumerate(chosen) if k is not None}
        return Plan(
            assignments=assignments,
            unassigned=[r.id for r, k in zip(self.requests, chosen, strict=True) if k is None],
            travel_minutes=plan_travel(self.requests, self.companions, assignments),
            method=method,
            status=status,
            seconds=time.perf_counter() - started,
        )


def fcfs(requests: Sequence[Request], companions: Sequence[Companion]) -> Plan:
    """First come, first served: each request in the order received goes to the companion who can be at
    its door on time with the least travel from their job before it (or from where they are)."""
    started = time.perf_counter()
    if not requests or not companions:
        return Plan(unassigned=[r.id for r in requests], method="fcfs", status="EMPTY")
    day = _Day(requests, companions)
    order = sorted(range(len(requests)), key=lambda j: (requests[j].order, requests[j].pickup))
    return day.plan(day.greedy(order, best_fit=False), method="fcfs", status="GREEDY", started=started)


def propose(
    requests: Sequence[Request],
    companions: Sequence[Companion],
    *,
    time_limit: float = 1.5,
    workers: int = 2,
    seed: int = 0,
) -> Plan:
    """The assignment serving the most requests on time, then with the least travel (CP-SAT, see module doc)."""
    from ortools.sat.python import cp_model

    started = time.perf_counter()
    n = len(requests)
    if not requests or not companions:
        return Plan(unassigned=[r.id for r in requests], method="cp-sat", status="EMPTY")
    day = _Day(requests, companions)
    by_receipt = day.greedy(sorted(range(n), key=lambda j: (requests[j].order, requests[j].pickup)), best_fit=False)
    by_time = day.greedy(sorted(range(n), key=lambda j: (requests[j].pickup, requests[j].order)), best_fit=True)
    greedy_plans = [by_receipt, by_time]
    hint = max(greedy_plans, key=lambda chosen: sum(k is not None for k in chosen))

    must_start: dict[int, set[int]] = defaultdict(set)  # request → companions it may start with
    must_follow: dict[int, set[int]] = defaultdict(set)  # request → requests that may follow it
    hint_start: set[tuple[int, int]] = set()
    hint_next: set[tuple[int, int]] = set()
    for chosen in greedy_plans:
        for k in range(len(companions)):
            chain = sorted((j for j in range(n) if chosen[j] == k), key=lambda j: requests[j].pickup)
            if chain:
                must_start[chain[0]].add(k)
                for a, b in zip(chain, chain[1:], strict=False):
                    must_follow[a].add(b)
                if chosen is hint:
                    hint_start.add((k, chain[0]))
                    hint_next.update(zip(chain, chain[1:], strict=False))

    model = cp_model.CpModel()
    incoming: list[list] = [[] for _ in range(n)]
    outgoing: list[list] = [[] for _ in range(n)]
    by_companion: list[list] = [[] for _ in companions]
    costs = []
    labels: list = []
    domains = [list(map(int, day.allowed[:, j].nonzero()[0])) for j in range(n)]
    # Travel to a first job: from where the companion is, or from their fixed job before it.
    start_costs = day.from_companion.copy()
    for k, companion in enumerate(companions):
        if companion.fixed:
            for j in range(n):
                start_costs[k, j] = day.arrive_from(k, [], j)[0]
    for j, domain in enumerate(domains):
        if not domain:
            labels.append(None)
            continue
        labels.append(model.new_int_var_from_domain(cp_model.Domain.from_values(domain), f"label{j}"))
        ranked = sorted(domain, key=lambda k: start_costs[k, j])[:NEAREST]
        for k in sorted(set(ranked) | must_start[j]):
            var = model.new_bool_var(f"s{k}_{j}")
            model.add(labels[j] == k).only_enforce_if(var)
            incoming[j].append(var)
            by_companion[k].append(var)
            costs.append((int(start_costs[k, j]), var))
            model.add_hint(var, (k, j) in hint_start)

    pickups = np.array([r.pickup for r in requests])
    ends = np.array([r.end for r in requests])
    for i in range(n):
        if labels[i] is None:
            continue
        candidates = [int(j) for j in day.follows[i].nonzero()[0] if labels[j] is not None]
        domain_i = set(domains[i])
        candidates = [j for j in candidates if domain_i.intersection(domains[j])]
        candidates.sort(key=lambda j: pickups[j] - ends[i])
        for j in sorted(set(candidates[:NEAREST]) | must_follow[i]):
            var = model.new_bool_var(f"y{i}_{j}")
            model.add(labels[i] == labels[j]).only_enforce_if(var)
            incoming[j].append(var)
            outgoing[i].append(var)
            costs.append((int(day.between[i, j]), var))
            model.add_hint(var, (i, j) in hint_next)
    served = []
    for j in range(n):
        if labels[j] is None:
            continue
        is_served = model.new_bool_var(f"served{j}")
        model.add(sum(incoming[j]) == is_served)
        model.add(sum(outgoing[j]) <= is_served)
        served.append(is_served)
        model.add_hint(is_served, hint[j] is not None)
        model.add_hint(labels[j], hint[j] if hint[j] is not None else domains[j][0])
    for starts in by_companion:
        if len(starts) > 1:
            model.add_at_most_one(starts)
    model.maximize(
        cp_model.LinearExpr.weighted_sum(
            served + [var for _cost, var in costs], [SERVED_WEIGHT] * len(served) + [-cost for cost, _var in costs]
        )
    )

    solver = cp_model.CpSolver()
    # The solver gets what is left of the limit, but never so little that it cannot even take the hint.
    solver.parameters.max_time_in_seconds = max(0.3, time_limit - (time.perf_counter() - started))
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    # Presolve alone would take most of the time limit on a full day; the greedy hint is the start.
    solver.parameters.cp_model_presolve = False
    status = solver.solve(model)
    fallback = day.plan(hint, method="cp-sat", status="GREEDY", started=started)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        fallback.status = f"GREEDY ({solver.status_name(status)})"
        return fallback
    chosen = [
        solver.value(labels[j]) if labels[j] is not None and any(solver.boolean_value(v) for v in incoming[j]) else None
        for j in range(n)
    ]
    plan = day.plan(chosen, method="cp-sat", status=solver.status_name(status), started=started)
    if plan.served() < fallback.served() or validate(requests, companions, plan.assignments):
        # Never worse than the greedy plans, and never an impossible plan.
        fallback.status = "GREEDY (fallback)"
        return fallback
    return plan
