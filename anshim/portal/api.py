"""통합검색 API: the portal's search over policies, programmes, tips and notices."""

from typing import Literal

from ninja import Field, Query, Router, Schema
from pydantic import field_validator

from anshim.catalog.search import KINDS, MAX_QUERY_LENGTH, SearchQueryError, search, validate_kind, validate_query

router = Router(tags=["통합검색"])
# The OpenAPI schema lists the kinds; subscripting with the tuple keeps it in step with the model.
SearchKind = Literal[KINDS]


class SearchParams(Schema):
    q: str = Field(
        ..., min_length=1, max_length=MAX_QUERY_LENGTH, description="검색어. 띄어쓰기와 조사는 달라도 됩니다."
    )
    kind: SearchKind | None = Field(None, description="분류 (비우면 전체)")
    limit: int = Field(12, ge=1, le=50, description="한 번에 받을 결과 수 (1~50)")
    offset: int = Field(0, ge=0, description="건너뛸 결과 수")

    # "before" validators, so a bad value gets this message rather than a generic one.
    @field_validator("q", mode="before")
    @classmethod
    def _query(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        try:
            return validate_query(value)
        except SearchQueryError as exc:
            raise ValueError(str(exc)) from exc

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value: object) -> object:
        if value is not None and not isinstance(value, str):
            return value
        try:
            return validate_kind(value)
        except SearchQueryError as exc:
            raise ValueError(str(exc)) from exc


class SearchHitOut(Schema):
    kind: str = Field(..., description="policy, program, tip, notice")
    id: int = Field(..., description="해당 지원제도·프로그램·글의 번호")
    title: str
    url: str
    snippet: str = Field(..., description="본문 발췌 HTML: 일치한 부분은 <mark>, 나머지는 이스케이프됨")
    score: float
    title_html: str = Field(..., description="제목 HTML: 일치한 부분은 <mark>, 나머지는 이스케이프됨")


class SearchOut(Schema):
    count: int = Field(..., description="조건에 맞는 전체 결과 수")
    results: list[SearchHitOut]


@router.get("", response=SearchOut, summary="통합검색", url_name="search")
def search_api(request, params: Query[SearchParams]):
    """지원제도·참여프로그램·알쓸1잡·알림마당을 한 번에 검색해 관련도 순으로 돌려줍니다."""
    results = search(params.q, kind=params.kind)
    hits = results[params.offset : params.offset + params.limit]
    return {
        "count": results.count(),
        "results": [
            {
                "kind": hit.kind,
                "id": hit.object_id,
                "title": hit.title,
                "url": hit.url,
                "snippet": str(hit.snippet_html),
                "score": hit.score,
                "title_html": str(hit.title_html),
            }
            for hit in hits
        ],
    }
