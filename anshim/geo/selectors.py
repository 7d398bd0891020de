"""Reading districts, and turning a district filter value into something a query can use."""

from anshim.catalog.choices import CITY_WIDE
from anshim.geo.models import District


class UnknownDistrict(ValueError):
    """A district filter value that names no Seoul district."""

    def __init__(self, value: str):
        self.value = value
        super().__init__(
            f"알 수 없는 자치구입니다: '{value}'. 자치구 코드(예: 11110), 자치구명(예: 종로구) 또는 'city'(서울시 사업)를 입력하세요."
        )


_cache: list[District] = []


def all_districts() -> list[District]:
    """The 25 districts, read once per process: they are reference data that only a
    migration changes, and every list page and filter needs them."""
    if not _cache:
        _cache.extend(District.objects.all())
    return list(_cache)


def resolve_district_filter(value: str | None) -> District | str | None:
    """Map a filter value to a District, ``CITY_WIDE`` or None (no filter).

    Accepts a district code (11110), its Korean name (종로구) or slug (jongno),
    so shared links stay readable; anything else raises ``UnknownDistrict``.
    """
    value = (value or "").strip()
    if not value:
        return None
    if value == CITY_WIDE:
        return CITY_WIDE
    if not value.isprintable() or len(value) > 20:
        # Control characters (NUL breaks PostgreSQL text) and long strings name no district.
        raise UnknownDistrict(value[:20].encode("unicode_escape").decode())
    for district in all_districts():
        if value in (district.code, district.name) or value.lower() == district.slug:
            return district
    raise UnknownDistrict(value)
