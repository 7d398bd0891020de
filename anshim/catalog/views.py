from django.http import Http404
from django.shortcuts import render

from anshim.catalog import selectors
from anshim.catalog.choices import CITY_WIDE, AgeGroup, Category, Sex
from anshim.geo.selectors import all_districts
from anshim.portal.paging import BadPage, paginate, query_without_page
from anshim.programs.selectors import programs_for_policy


def policy_list(request):
    context = {
        "districts": all_districts(),
        "age_groups": AgeGroup.choices,
        "sexes": Sex.choices,
        "categories": Category.choices,
        "city_wide": CITY_WIDE,
        "params": request.GET,
    }
    try:
        filters = selectors.PolicyFilters.parse(request.GET)
        page = paginate(request, selectors.policies(filters))
    except (selectors.InvalidFilter, BadPage) as exc:
        context["error"] = str(exc)
        return render(request, "catalog/policy_list.html", context, status=400)
    context.update(filters=filters, page_obj=page, query=query_without_page(request))
    return render(request, "catalog/policy_list.html", context)


def policy_detail(request, pk: int):
    policy = selectors.policy_detail(pk)
    if policy is None:
        raise Http404("요청한 지원제도를 찾을 수 없습니다.")
    return render(
        request,
        "catalog/policy_detail.html",
        {"policy": policy, "related_programs": programs_for_policy(policy)},
    )
