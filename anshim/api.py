"""The open-data API (django-ninja): read endpoints, OpenAPI at /api/docs.

Every error leaves as JSON ``{"detail": <Korean message>, ...}``: validation
problems are 422 with the failing field named, domain errors 400, unknown ids 404.
"""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from anshim.catalog.api import router as catalog_router
from anshim.catalog.eligibility_api import policy_rules_router
from anshim.catalog.eligibility_api import router as eligibility_router
from anshim.catalog.selectors import InvalidFilter
from anshim.content.api import router as content_router
from anshim.geo.api import router as geo_router
from anshim.portal.api import router as search_router
from anshim.programs.api import centers_router
from anshim.programs.api import router as programs_router

api = NinjaAPI(
    title="서울 1인가구 포털 안심 공개 API",
    version="1.0",
    description="서울시와 자치구의 1인가구 지원제도, 참여프로그램, 자치구 경계, 생활정보를 제공하는 공개 API입니다.",
    urls_namespace="api",
)

_FIELD_ERRORS = {
    "missing": "값이 필요합니다.",
    "int_parsing": "정수여야 합니다.",
    "float_parsing": "숫자여야 합니다.",
    "date_from_datetime_parsing": "날짜 형식(YYYY-MM-DD)이 올바르지 않습니다.",
    "date_parsing": "날짜 형식(YYYY-MM-DD)이 올바르지 않습니다.",
    "enum": "허용되지 않는 값입니다.",
    "literal_error": "허용되지 않는 값입니다.",
    "greater_than_equal": "값이 너무 작습니다.",
    "less_than_equal": "값이 너무 큽니다.",
    "greater_than": "값이 너무 작습니다.",
    "less_than": "값이 너무 큽니다.",
    "string_too_long": "값이 너무 깁니다.",
}


def _korean_error(error: dict) -> dict:
    loc = [str(part) for part in error.get("loc", []) if part not in ("query", "path", "body")]
    field = ".".join(loc) or "요청"
    message = _FIELD_ERRORS.get(error.get("type", ""), error.get("msg", "값이 올바르지 않습니다."))
    if error.get("type", "").startswith("value_error") and error.get("msg"):
        message = str(error["msg"]).removeprefix("Value error, ")
    return {"field": field, "message": message}


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    errors = [_korean_error(e) for e in exc.errors]
    summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return api.create_response(
        request, {"detail": f"입력값이 올바르지 않습니다. {summary}", "errors": errors}, status=422
    )


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(InvalidFilter)
def invalid_filter(request, exc: InvalidFilter):
    # Any endpoint whose filters are parsed by the shared selectors refuses bad values alike.
    return api.create_response(
        request, {"detail": str(exc), "errors": [{"field": exc.field, "message": str(exc)}]}, status=422
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "요청한 자료를 찾을 수 없습니다."}, status=404)


api.add_router("/districts", geo_router)
api.add_router("/policies", catalog_router)
api.add_router("/policies", policy_rules_router)
api.add_router("/eligibility", eligibility_router)
api.add_router("/programs", programs_router)
api.add_router("/centers", centers_router)
api.add_router("/", content_router)
api.add_router("/search", search_router)
