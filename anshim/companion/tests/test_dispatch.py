"""The dispatcher's proposals: possible for every companion, skills respected, never behind FCFS."""

from anshim.companion import dispatch, simulation
from anshim.companion.dispatch import Companion, Job, Request

HOME = (37.55, 126.98)
NEAR = (37.552, 126.982)  # a few hundred metres away: 6 minutes' travel


def request(rid, pickup, duration, point=NEAR, needs=(), order=0):
    return Request(
        pickup=pickup, duration=duration, lat=point[0], lon=point[1], id=rid, needs=frozenset(needs), order=order
    )


def companion(cid, skills=(), shift=(7 * 60, 20 * 60), fixed=(), point=HOME):
    return Companion(
        id=cid,
        lat=point[0],
        lon=point[1],
        shift_start=shift[0],
        shift_end=shift[1],
        skills=frozenset(skills),
        fixed=fixed,
    )


def test_travel_time_from_straight_line_distance():
    assert dispatch.travel_minutes(*HOME, *HOME) == dispatch.OVERHEAD_MINUTES
    # Seoul City Hall to Gangnam station: about 8.8 km → 5 + 8.8 × 1.3 / 20 km/h ≈ 40 minutes.
    assert 38 <= dispatch.travel_minutes(37.5663, 126.9779, 37.4979, 127.0276) <= 42


def test_optimiser_serves_more_than_first_come_first_served_on_a_hand_made_day():
    # One companion. The long 10:00 trip arrived first; taking it blocks the 10:30 and 12:00 trips.
    requests = [
        request("long", 10 * 60, 240, order=0),
        request("early", 10 * 60 + 30, 60, order=1),
        request("late", 12 * 60, 60, order=2),
    ]
    people = [companion("a")]
    assert dispatch.fcfs(requests, people).assignments == {"long": "a"}
    plan = dispatch.propose(requests, people, time_limit=1.0)
    assert plan.assignments == {"early": "a", "late": "a"}
    assert plan.unassigned == ["long"]


def test_skills_shift_and_fixed_jobs_are_respected():
    requests = [
        request("wheelchair", 9 * 60, 60, needs={"wheelchair"}),
        request("evening", 17 * 60, 120),
        request("clash", 14 * 60, 60),
    ]
    people = [
        companion("plain", shift=(7 * 60, 16 * 60), fixed=(Job(13 * 60 + 30, 90, *NEAR),)),
        companion("helper", skills={"wheelchair"}, shift=(7 * 60, 12 * 60)),
    ]
    plan = dispatch.propose(requests, people, time_limit=1.0)
    assert plan.assignments == {"wheelchair": "helper"}
    assert sorted(plan.unassigned) == ["clash", "evening"]


def test_no_companion_can_be_late_for_the_first_job():
    people = [companion("far", point=(37.65, 127.10))]
    plan = dispatch.propose([request("soon", 7 * 60 + 10, 60)], people, time_limit=1.0)
    assert plan.assignments == {}


def test_validate_finds_overlapping_jobs():
    requests = [request(1, 10 * 60, 120), request(2, 11 * 60, 60)]
    people = [companion("a")]
    assert dispatch.validate(requests, people, {1: "a", 2: "a"}) == ["companion a: requests 1 and 2 overlap"]
    assert dispatch.validate(requests, people, {1: "a"}) == []


def test_a_simulated_day_is_possible_and_at_least_as_good_as_fcfs():
    requests, people = simulation.day(n_requests=120, n_companions=24, seed=7)
    baseline = dispatch.fcfs(requests, people)
    plan = dispatch.propose(requests, people, time_limit=1.5)
    assert dispatch.validate(requests, people, plan.assignments) == []
    assert dispatch.validate(requests, people, baseline.assignments) == []
    assert plan.served() >= baseline.served()
    by_id = {c.id: c for c in people}
    for r in requests:
        if r.id in plan.assignments:
            assert r.needs <= by_id[plan.assignments[r.id]].skills
    assert set(plan.assignments) | set(plan.unassigned) == {r.id for r in requests}
