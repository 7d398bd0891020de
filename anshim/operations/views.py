"""사각지대 pages for city officials: the table per policy, the district map and chart, the xlsx
export, recomputing, and the uptake upload.

A page needs a signed-in staff user holding the model permission it names (given by the role's
group, see ``anshim.accounts``); anyone signed out is sent to the back-office login. Scopes: the
table and its export show a 자치구 담당자 only their own district (the filter is fixed to it, and
another district answers 403). The district map compares all 25 districts, and recomputing and
the uptake upload change city-wide figures, so those stay with 서울시 담당자 and superusers.
"""

from __future__ import annotations

from dataclasses import replace
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from anshim.accounts.ratelimits import limit_submits
from anshim.accounts.scoping import district_codes, sees_everything
from anshim.catalog.choices import Category
from anshim.eligibility.population import DEFAULT_SEED, SEOUL_SINGLE_HOUSEHOLDS
from anshim.geo import boundaries
from anshim.geo.districts import DISTRICTS
from anshim.operations import selectors, services, spreadsheets
from anshim.operations.forms import UptakeUploadForm

VIEW_PERMISSION = "operations.view_gapcount"
RECOMPUTE_PERMISSION = "operations.add_gaprun"
UPLOAD_PERMISSION = "operations.add_uptake"


def staff_permission_required(permission: str, *, login_next: str | None = None, city_only: bool = False):
    """Signed out → the back-office login (coming back to `login_next` or this page); signed in
    without staff status or `permission` (or, for a `city_only` page, without a city-wide role) → 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                target = reverse(login_next) if login_next else request.get_full_path()
                return redirect_to_login(target, login_url=reverse("admin:login"))
            if not (user.is_active and user.is_staff and user.has_perm(permission)):
                raise PermissionDenied
            if city_only and not sees_everything(user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _category_labels() -> dict[str, str]:
    return {value: str(label) for value, label in Category.choices}


def _sort_choices(labels: dict[str, str]) -> list[tuple[str, str]]:
    """Both directions of every sortable column, so the select always shows the table's order."""
    choices = []
    for name, label in labels.items():
        if name == "title":
            choices += [
                (name, _("%(label)s 가나다순") % {"label": label}),
                (f"-{name}", _("%(label)s 역순") % {"label": label}),
            ]
        else:
            choices += [
                (f"-{name}", _("%(label)s 큰 순") % {"label": label}),
                (name, _("%(label)s 작은 순") % {"label": label}),
            ]
    return choices


def _filter_context(filters: selectors.GapFilters) -> dict:
    labels = selectors.sort_labels()
    columns = []
    for field_name in ("title", "eligible", "uptake", "gap", "rate"):
        active = filters.sort.removeprefix("-") == field_name
        descending = filters.sort.startswith("-")
        # A first click sorts numbers from the largest and names from ㄱ; a second click flips it.
        first = field_name if field_name == "title" else f"-{field_name}"
        target = (field_name if descending else f"-{field_name}") if active else first
        columns.append(
            {
                "field": field_name,
                "label": labels[field_name],
                "href": "?" + urlencode(filters.query(sort=target)),
                "aria_sort": ("descending" if descending else "ascending") if active else "",
            }
        )
    return {
        "filters": filters,
        "sort_columns": {column["field"]: column for column in columns},
        "sort_choices": _sort_choices(labels),
        "export_query": urlencode(filters.query()),
    }


def _gap_page(request, filters: selectors.GapFilters, *, error: str = "", status: int = 200):
    run = selectors.latest_run()
    table = selectors.gap_table(run) if run else None
    rows = selectors.policy_rows(table, filters) if table else []
    context = {
        "run": run,
        "table": table,
        "rows": rows,
        "error": error,
        "districts": DISTRICTS,
        "categories": Category.choices,
        "selected_district": selectors.district_name(filters.district) if filters.district else "",
        "totals": sum((row.figures for row in rows), selectors.Figures()),
        "uptake_year": run.reference_date.year if run else None,
        # The district map and the upload are the city's; a district official's table links to neither.
        "city_wide": sees_everything(request.user),
        **_filter_context(filters),
    }
    return render(request, "operations/gap.html", context, status=status)


def _parse_filters(request):
    """The filters asked for, held to the person's districts: a district official's table is their own."""
    try:
        filters, error = selectors.GapFilters.parse(request.GET), ""
    except selectors.InvalidGapFilter as exc:
        filters, error = selectors.GapFilters(), str(exc)
    user = request.user
    if sees_everything(user):
        return filters, error
    codes = sorted(district_codes(user))
    if not codes:
        raise PermissionDenied
    if not filters.district:
        filters = replace(filters, district=codes[0])
    elif filters.district not in codes:
        raise PermissionDenied
    return filters, error


@require_GET
@staff_permission_required(VIEW_PERMISSION)
def gap(request):
    """정책별 사각지대: 최근 계산의 대상자 수, 이용자 수, 사각지대와 그 비율."""
    filters, error = _parse_filters(request)
    return _gap_page(request, filters, error=error, status=400 if error else 200)


@require_GET
@staff_permission_required(VIEW_PERMISSION)
def gap_export(request):
    """The table as the page shows it (same filters and order) plus a sheet per district."""
    filters, error = _parse_filters(request)
    if error:
        return _gap_page(request, filters, error=error, status=400)
    run = selectors.latest_run()
    if run is None:
        return _gap_page(request, filters, error=_("아직 계산한 결과가 없어 내보낼 것이 없습니다."), status=400)
    data = spreadsheets.gap_workbook(selectors.gap_table(run), filters)
    scope = f"_{selectors.district_name(filters.district)}" if filters.district else ""
    filename = f"사각지대_{run.reference_date.isoformat()}{scope}.xlsx"
    response = HttpResponse(data, content_type=spreadsheets.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_POST
@staff_permission_required(RECOMPUTE_PERMISSION, login_next="operations:gap", city_only=True)
@limit_submits
def gap_recompute(request):
    """지금 다시 계산: every published rule over the whole synthetic population, now, in this request."""
    size = getattr(settings, "ANSHIM_GAP_POPULATION_SIZE", SEOUL_SINGLE_HOUSEHOLDS)
    try:
        done = services.compute_gap(size=size, seed=DEFAULT_SEED, created_by=request.user)
    except services.GapError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done.summary())
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("operations:gap")
    return redirect(target)


@require_GET
@staff_permission_required(VIEW_PERMISSION, city_only=True)
def gap_districts(request):
    """자치구별 사각지대: one policy's gap on the district map, as a bar chart and as a table."""
    run = selectors.latest_run()
    table = selectors.gap_table(run) if run else None
    context = {"run": run, "table": table, "error": "", "city_wide": True}
    status = 200
    if table is None or not table.policies:
        return render(request, "operations/gap_districts.html", context)
    try:
        policy = selectors.policy_for_districts(table, request.GET.get("policy"))
    except selectors.InvalidGapFilter as exc:
        context["error"], status = str(exc), 400
        policy = selectors.policy_for_districts(table, None)
    districts = table.by_district(policy.pk)
    categories = _category_labels()
    grouped = []
    for value, label in Category.choices:
        members = [p for p in table.policies if p.category == value]
        if members:
            grouped.append((label, members))
    bounds = boundaries.SEOUL_BOUNDS
    config = {
        "urls": {"geojson": reverse("api:districts_geojson")},
        "tileUrl": settings.ANSHIM_MAP_TILE_URL,
        "tileAttribution": settings.ANSHIM_MAP_TILE_ATTRIBUTION,
        "seoulBounds": [[bounds["min_lat"], bounds["min_lon"]], [bounds["max_lat"], bounds["max_lon"]]],
        "selected": policy.pk,
        "districts": [{"code": code or "", "name": selectors.district_name(code)} for code, _f in districts],
        "policies": {
            str(p.pk): {
                "code": p.code,
                "title": p.title,
                "category": categories.get(p.category, p.category),
                "figures": [
                    [f.eligible, f.uptake, f.gap, None if f.rate is None else round(f.rate, 4)]
                    for _code, f in table.by_district(p.pk)
                ],
            }
            for p in table.policies
        },
        "messages": {
            "caption": _("자치구별 사각지대: {title}"),
            "selected": _("선택한 정책: {title} ({category})"),
            "tooltip": _("{district}: 사각지대 {gap}명 (대상자 {eligible}명, 이용자 {uptake}명)"),
            "people": _("{value}명"),
            "legendRange": _("{low}~{high}명"),
            "chartLabel": _("사각지대(명)"),
            "chartAlt": _(
                "{title}의 자치구별 사각지대 막대그래프. 가장 큰 곳은 {top}({gap}명)입니다. 같은 내용이 아래 표에 있습니다."
            ),
            "noRate": _("–"),
            "loadFailed": _("자치구 경계를 불러오지 못했습니다. 아래 표에서 같은 내용을 확인하세요."),
            "zoomIn": _("지도 확대"),
            "zoomOut": _("지도 축소"),
        },
    }
    context.update(
        policy=policy,
        policy_category=categories.get(policy.category, policy.category),
        districts=[(selectors.district_name(code), figures) for code, figures in districts],
        grouped_policies=grouped,
        gap_config=config,
    )
    return render(request, "operations/gap_districts.html", context, status=status)


@require_http_methods(["GET", "POST"])
@staff_permission_required(UPLOAD_PERMISSION, city_only=True)
@limit_submits
def uptake_upload(request):
    """이용자 수 올리기: an xlsx/csv of (정책코드, 자치구, 연도, 이용자수); all rows or none are saved."""
    result = None
    status = 200
    if request.method == "POST":
        form = UptakeUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            result = services.import_uptake(data=upload.read(), filename=upload.name)
            if result.ok:
                messages.success(request, result.summary())
                return redirect("operations:uptake-upload")
        status = 400
    else:
        form = UptakeUploadForm()
    context = {
        "city_wide": True,
        "form": form,
        "result": result,
        "columns": spreadsheets.COLUMNS,
        "max_rows": spreadsheets.MAX_ROWS,
        "max_count": spreadsheets.MAX_COUNT,
        "first_year": spreadsheets.FIRST_YEAR,
        "years": selectors.uptake_years(),
    }
    return render(request, "operations/uptake_upload.html", context, status=status)


@require_GET
@staff_permission_required(UPLOAD_PERMISSION, city_only=True)
def uptake_template(request):
    """An empty uptake file to fill in: the four headers only, so no example figure can be uploaded by mistake."""
    response = HttpResponse(spreadsheets.template_bytes(), content_type=spreadsheets.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, "이용자수_양식.xlsx")
    return response
