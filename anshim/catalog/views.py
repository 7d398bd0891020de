from django.http import HttpResponse


def policy_list(request, **kwargs):
    return HttpResponse("policy_list")


def policy_detail(request, **kwargs):
    return HttpResponse("policy_detail")
