"""A deterministic synthetic population of Seoul's single-person households for the 사각지대 view.

Every draw comes from one seeded NumPy Generator in a fixed order, so a seed always gives the same
people. District totals follow anshim.geo.districts exactly (largest remainder); ages follow the
2020 shape of Seoul's 1인가구 (20s–30s peak, about half aged 50+), tilted younger in student and
young-worker districts and older in the north-east. Income is log-normal by age band and job,
tenure moves from 월세/고시원 when young to 자가 when old, 기초생활수급 grows with age (about 8%).
"""

from __future__ import annotations

import datetime

import numpy as np

from anshim.eligibility.facts import BASE_FACTS, FACTS
from anshim.eligibility.parameters import MEDIAN_INCOME, median_income
from anshim.eligibility.vectorized import Population, enum_index
from anshim.geo.districts import DISTRICTS

SEOUL_SINGLE_HOUSEHOLDS = 1_390_000
DEFAULT_SEED = 20210901
DEFAULT_AS_OF = datetime.date(2021, 9, 1)

# Age bands (inclusive) and their share of single-person households; 50+ sums to 0.50.
BANDS = ((18, 19), (20, 29), (30, 39), (40, 49), (50, 59), (60, 69), (70, 79), (80, 99))
BAND_SHARES = np.array([0.01, 0.21, 0.18, 0.10, 0.15, 0.15, 0.12, 0.08])
FEMALE_SHARE = np.array([0.55, 0.52, 0.42, 0.38, 0.42, 0.55, 0.72, 0.80])
YOUNG_BANDS, OLD_BANDS = (1, 2), (5, 6, 7)
# Districts whose single households are younger (universities, young workers) or older than Seoul's.
YOUNG_TILT = {"11620": 1.6, "11215": 1.3, "11440": 1.25, "11590": 1.2, "11410": 1.2, "11230": 1.15, "11680": 1.15}
OLD_TILT = {"11305": 1.35, "11320": 1.3, "11350": 1.2, "11260": 1.2, "11380": 1.15, "11110": 1.1, "11140": 1.1}

# KRW/month; the log-normal median and spread of earnings by band for someone in work.
INCOME_MEDIAN = np.array([500_000, 2_100_000, 3_000_000, 3_100_000, 2_600_000, 1_600_000, 1_000_000, 800_000])
INCOME_SIGMA = np.array([0.9, 0.6, 0.55, 0.65, 0.75, 0.85, 0.75, 0.7])
EMPLOYMENT_INCOME_FACTOR = np.array([1.0, 0.95, 0.3, 0.6])  # EMPLOYED, SELF_EMPLOYED, UNEMPLOYED, RETIRED
EMPLOYMENT_BY_BAND = np.array(
    [
        [0.55, 0.03, 0.42, 0.00],
        [0.74, 0.05, 0.21, 0.00],
        [0.78, 0.10, 0.12, 0.00],
        [0.72, 0.15, 0.13, 0.00],
        [0.60, 0.18, 0.17, 0.05],
        [0.30, 0.15, 0.13, 0.42],
        [0.08, 0.08, 0.02, 0.82],
        [0.02, 0.02, 0.00, 0.96],
    ]
)
TENURE_BY_BAND = np.array(  # OWNER, JEONSE, MONTHLY_RENT, GOSIWON, OTHER
    [
        [0.02, 0.08, 0.65, 0.20, 0.05],
        [0.04, 0.20, 0.62, 0.10, 0.04],
        [0.12, 0.33, 0.48, 0.04, 0.03],
        [0.25, 0.28, 0.40, 0.04, 0.03],
        [0.35, 0.22, 0.35, 0.05, 0.03],
        [0.45, 0.18, 0.28, 0.05, 0.04],
        [0.55, 0.15, 0.22, 0.03, 0.05],
        [0.60, 0.13, 0.20, 0.02, 0.05],
    ]
)
BASIC_LIVELIHOOD = np.array([0.05, 0.03, 0.04, 0.08, 0.11, 0.12, 0.13, 0.14])
DISABILITY = np.array([0.02, 0.02, 0.03, 0.04, 0.06, 0.08, 0.10, 0.10])
REGISTERED = np.array([0.75, 0.82, 0.97, 0.97, 0.97, 0.97, 0.97, 0.97])
HOME_WIFI = np.array([0.97, 0.96, 0.95, 0.93, 0.88, 0.75, 0.55, 0.35])
FINANCIAL_ASSETS = np.array(
    [1_000_000, 8_000_000, 25_000_000, 40_000_000, 50_000_000, 45_000_000, 35_000_000, 20_000_000]
)
# Share of one's life spent in Seoul ~ Beta(a, b): recent arrivals are common among the young.
RESIDENCE_BETA = np.array(
    [[0.6, 2.0], [0.8, 1.6], [1.0, 1.2], [1.3, 1.0], [1.6, 0.8], [1.6, 0.8], [1.6, 0.8], [1.6, 0.8]]
)
MIN_AGE, MAX_AGE = BANDS[0][0], BANDS[-1][1]


def district_counts(size: int) -> np.ndarray:
    """People per district proportional to the census counts, summing exactly to `size`."""
    weights = np.array([d.single_households for d in DISTRICTS], dtype=np.float64)
    exact = weights / weights.sum() * size
    counts = np.floor(exact).astype(np.int64)
    short = size - int(counts.sum())
    counts[np.argsort(-(exact - counts), kind="stable")[:short]] += 1
    return counts


def _age_probabilities(young: float, old: float) -> np.ndarray:
    shares = BAND_SHARES.copy()
    shares[list(YOUNG_BANDS)] *= young
    shares[list(OLD_BANDS)] *= old
    shares /= shares.sum()
    probabilities = np.zeros(MAX_AGE - MIN_AGE + 1)
    for (low, high), share in zip(BANDS, shares, strict=True):
        ages = np.arange(low, high + 1)
        # The oldest band thins out with age; the others are flat within the band.
        weight = 0.88 ** (ages - low) if low >= 80 else np.ones(len(ages))
        probabilities[low - MIN_AGE : high - MIN_AGE + 1] = share * weight / weight.sum()
    return probabilities


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year - years, day=28)


def _birth_dates(rng: np.random.Generator, ages: np.ndarray, as_of: datetime.date) -> np.ndarray:
    """A birth date uniformly among the days that make someone exactly `age` on `as_of`."""
    span = np.arange(MIN_AGE, MAX_AGE + 1)
    latest = [_years_before(as_of, int(age)) for age in span]
    earliest = [_years_before(as_of, int(age) + 1) + datetime.timedelta(days=1) for age in span]
    first = np.array(earliest, dtype="datetime64[D]")
    days = np.array([(hi - lo).days + 1 for lo, hi in zip(earliest, latest, strict=True)])
    index = ages - MIN_AGE
    offset = np.floor(rng.random(len(ages)) * days[index]).astype(np.int64)
    return first[index] + offset.astype("timedelta64[D]")


def _lognormal(
    rng: np.random.Generator, median: np.ndarray | float, sigma: np.ndarray | float, size: int
) -> np.ndarray:
    return np.exp(np.log(median) + sigma * rng.standard_normal(size))


def _pick(rng: np.random.Generator, table: np.ndarray, band: np.ndarray) -> np.ndarray:
    """One category per person from the row of `table` for their band (inverse CDF)."""
    cumulative = np.cumsum(table, axis=1)
    cumulative[:, -1] = 1.0
    draws = rng.random(len(band))
    return (draws[:, None] >= cumulative[band]).sum(axis=1).astype(np.int8)


def generate_population(
    size: int = SEOUL_SINGLE_HOUSEHOLDS,
    *,
    seed: int = DEFAULT_SEED,
    as_of: datetime.date = DEFAULT_AS_OF,
    missing_share: float = 0.0,
) -> Population:
    """Single-person households of Seoul as of `as_of` (ages are exact at that date).

    `missing_share` leaves that share of every fact but the district unknown, independently per fact,
    to exercise "추가 확인 필요"; the gap view uses 0.
    """
    if size < 1:
        raise ValueError("size는 1 이상이어야 합니다.")
    if not 0.0 <= missing_share < 1.0:
        raise ValueError("missing_share는 0 이상 1 미만이어야 합니다.")
    rng = np.random.default_rng(seed)

    counts = district_counts(size)
    district = np.repeat(np.arange(len(DISTRICTS), dtype=np.int8), counts)
    age = np.empty(size, dtype=np.int16)
    start = 0
    for d, count in zip(DISTRICTS, counts, strict=True):
        p = _age_probabilities(YOUNG_TILT.get(d.code, 1.0), OLD_TILT.get(d.code, 1.0))
        age[start : start + count] = rng.choice(np.arange(MIN_AGE, MAX_AGE + 1), size=count, p=p)
        start += count
    order = rng.permutation(size)
    district, age = district[order], age[order]
    band_of_age = np.zeros(MAX_AGE + 1, dtype=np.int8)
    for i, (low, high) in enumerate(BANDS):
        band_of_age[low : high + 1] = i
    band = band_of_age[age]

    sex_index = enum_index("sex")
    female = rng.random(size) < FEMALE_SHARE[band]
    sex = np.where(female, sex_index["F"], sex_index["M"]).astype(np.int8)

    student_by_age = np.full(MAX_AGE + 1, 0.005)
    for (low, high), share in (
        ((18, 19), 0.75),
        ((20, 22), 0.55),
        ((23, 24), 0.40),
        ((25, 26), 0.22),
        ((27, 29), 0.10),
    ):
        student_by_age[low : high + 1] = share
    student_by_age[30:35], student_by_age[35:40] = 0.04, 0.02
    student = rng.random(size) < student_by_age[age]

    employment = _pick(rng, EMPLOYMENT_BY_BAND, band)
    jobs = enum_index("employment")
    part_time = rng.random(size) < 0.25
    employment[student] = np.where(part_time[student], jobs["EMPLOYED"], jobs["UNEMPLOYED"])

    basic = rng.random(size) < BASIC_LIVELIHOOD[band]
    income = _lognormal(rng, INCOME_MEDIAN[band] * EMPLOYMENT_INCOME_FACTOR[employment], INCOME_SIGMA[band], size)
    recipient_income = np.clip(_lognormal(rng, 550_000, 0.45, size), 0, 900_000)
    income = np.where(basic, recipient_income, income)
    monthly_income = (np.round(income / 1_000) * 1_000).astype(np.int32)

    tenures = enum_index("housing_tenure")
    tenure = _pick(rng, TENURE_BY_BAND, band)
    # Recipients rarely own their home; most rent.
    moved = basic & (tenure == tenures["OWNER"]) & (rng.random(size) < 0.9)
    tenure[moved] = tenures["MONTHLY_RENT"]

    monthly_rent = np.zeros(size, dtype=np.int32)
    deposit = np.zeros(size, dtype=np.int64)
    housing_price = np.zeros(size, dtype=np.int64)
    renting = tenure == tenures["MONTHLY_RENT"]
    rent_draw = np.clip(_lognormal(rng, 550_000, 0.35, size), 150_000, 3_000_000)
    monthly_rent[renting] = np.round(rent_draw[renting], -4)
    rent_deposit = np.clip(_lognormal(rng, 10_000_000, 1.0, size), 1_000_000, 300_000_000)
    deposit[renting] = np.round(rent_deposit[renting], -6)
    gosiwon = tenure == tenures["GOSIWON"]
    room_rent = np.clip(_lognormal(rng, 350_000, 0.25, size), 150_000, 800_000)
    monthly_rent[gosiwon] = np.round(room_rent[gosiwon], -4)
    room_deposit = np.where(rng.random(size) < 0.6, 0, np.round(_lognormal(rng, 1_000_000, 0.5, size), -5))
    deposit[gosiwon] = room_deposit[gosiwon]
    jeonse = tenure == tenures["JEONSE"]
    jeonse_deposit = np.clip(_lognormal(rng, 180_000_000, 0.5, size), 20_000_000, 1_500_000_000)
    deposit[jeonse] = np.round(jeonse_deposit[jeonse], -6)
    owner = tenure == tenures["OWNER"]
    price = np.clip(_lognormal(rng, 500_000_000, 0.6, size), 50_000_000, 5_000_000_000)
    housing_price[owner] = np.round(price[owner], -6)

    financial = _lognormal(rng, np.where(basic, 2_000_000, FINANCIAL_ASSETS[band]), 1.1, size)
    assets = (np.round(financial, -4).astype(np.int64) + deposit + housing_price).astype(np.int64)

    poverty_line = 0.5 * median_income(1, max(as_of, MEDIAN_INCOME[1].first_date))
    near_poverty = ~basic & (monthly_income <= poverty_line) & (rng.random(size) < 0.15)
    disability = rng.random(size) < DISABILITY[band]
    care_share = np.where(age >= 80, 0.22, np.where(age >= 70, 0.07, np.where(age >= 65, 0.03, 0.002)))
    long_term_care = rng.random(size) < care_share
    elderly_care = (age >= 65) & ~long_term_care & (rng.random(size) < np.where(basic | near_poverty, 0.25, 0.05))
    registered = rng.random(size) < REGISTERED[band]
    share_in_seoul = rng.beta(RESIDENCE_BETA[band, 0], RESIDENCE_BETA[band, 1])
    months = np.minimum(np.floor(share_in_seoul * age * 12), FACTS["seoul_residence_months"].maximum)
    home_wifi = rng.random(size) < HOME_WIFI[band]

    columns = {
        "birth_date": _birth_dates(rng, age, as_of),
        "sex": sex,
        "district": district,
        "lives_alone": np.ones(size, dtype=np.bool_),
        "seoul_residence_months": months.astype(np.int16),
        "registered_in_seoul": registered,
        "household_size": np.ones(size, dtype=np.int8),
        "monthly_income": monthly_income,
        "assets": assets,
        "housing_tenure": tenure,
        "monthly_rent": monthly_rent,
        "deposit": deposit,
        "housing_price": housing_price,
        "employment": employment,
        "student": student,
        "disability": disability,
        "basic_livelihood": basic,
        "near_poverty": near_poverty,
        "long_term_care": long_term_care,
        "elderly_care_service": elderly_care,
        "home_wifi": home_wifi,
    }
    missing: dict[str, np.ndarray] = {}
    if missing_share > 0:
        for name in BASE_FACTS:
            if name != "district":
                missing[name] = rng.random(size) < missing_share
    return Population(columns, missing)
