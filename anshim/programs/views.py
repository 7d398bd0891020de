from django.http import HttpResponse


def program_list(request, **kwargs):
    return HttpResponse("program_list")


def program_detail(request, **kwargs):
    return HttpResponse("program_detail")
