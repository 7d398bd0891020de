"""Open API for 지원제도, with exactly the filters of the policy finder page."""

import datetime

from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from anshim.catalog import selectors

router = Router(tags=["지원제도"])


class DistrictRef(Schema):
    code: str
    name: str


class PolicyOut(Schema):
    id: int
    code: str
    title: str
    category: str
    category_label: str
    district: DistrictRef | None = Field(None, description="제공 자치구. 없으면 서울시 사업")
    provider: str
    department: str
    summary: str
    target: str
    benefit: str
    how_to_apply: str
    where_to_apply: str
    apply_start: datetime.date | None
    apply_end: datetime.date | None
    period_note: str
    contact: str
    url: str
    min_age: int | None
    max_age: int | None
    sex: str
    featured: bool
    detail_url: str

    @staticmethod
    def resolve_category_label(obj) -> str:
        return obj.get_category_display()

    @staticmethod
    def resolve_provider(obj) -> str:
        return obj.provider_name

    @staticmethod
    def resolve_detail_url(obj) -> str:
        return obj.get_absolute_url()


class PolicyPage(Schema):
    count: int
    results: list[PolicyOut]


class PolicyQuery(Schema):
    district: str | None = Field(None, description="자치구 코드(11110)·이름(종로구), 또는 city(서울시 사업만)")
    age: str | None = Field(None, description="연령대: U29(20대 이하), A2039(20~30대), A4059(40~50대), O60(60대 이상)")
    sex: str | None = Field(None, description="성별: F(여성), M(남성)")
    category: str | None = Field(None, description="분야: SAFETY, HOUSING, ECONOMY, LONELINESS, HEALTH")
    q: str | None = Field(None, description="검색어 (100자 이내)")
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=100_000)


def invalid_filter(exc: selectors.InvalidFilter) -> HttpError:
    return HttpError(422, str(exc))


@router.get("", response=PolicyPage, summary="지원제도 목록")
def list_policies(request, params: Query[PolicyQuery]):
    try:
        filters = selectors.PolicyFilters.parse(params.dict())
    except selectors.InvalidFilter as exc:
        raise invalid_filter(exc) from exc
    qs = selectors.policies(filters)
    return {"count": qs.count(), "results": list(qs[params.offset : params.offset + params.limit])}


@router.get("/{policy_id}", response=PolicyOut, summary="지원제도 상세")
def get_policy(request, policy_id: int):
    policy = selectors.policy_detail(policy_id)
    if policy is None:
        raise Http404
    return policy
