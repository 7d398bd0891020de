from django.http import Http404
from django.shortcuts import render

from anshim.catalog.choices import Category
from anshim.catalog.selectors import InvalidFilter
from anshim.geo.selectors import all_districts
from anshim.portal.paging import BadPage, paginate, query_without_page
from anshim.programs import selectors
from anshim.programs.models import ProgramKind, ProgramStatus


def program_list(request):
    context = {
        "districts": all_districts(),
        "categories": Category.choices,
        "kinds": ProgramKind.choices,
        "statuses": ProgramStatus.choices,
        "params": request.GET,
    }
    try:
        filters = selectors.ProgramFilters.parse(request.GET)
        page = paginate(request, selectors.programs(filters).order_by("-recruit_start", "pk"))
    except (InvalidFilter, BadPage) as exc:
        context["error"] = str(exc)
        return render(request, "programs/program_list.html", context, status=400)
    context.update(filters=filters, page_obj=page, query=query_without_page(request))
    return render(request, "programs/program_list.html", context)


def program_detail(request, pk: int):
    program = selectors.program_detail(pk)
    if program is None:
        raise Http404("요청한 참여프로그램을 찾을 수 없습니다.")
    return render(
        request,
        "programs/program_detail.html",
        {"program": program, "related_programs": selectors.related_programs(program)},
    )
