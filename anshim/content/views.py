from django.http import HttpResponse


def notice_list(request, **kwargs):
    return HttpResponse("notice_list")


def notice_detail(request, **kwargs):
    return HttpResponse("notice_detail")


def notice_attachment(request, **kwargs):
    return HttpResponse("notice_attachment")


def tip_list(request, **kwargs):
    return HttpResponse("tip_list")


def tip_detail(request, **kwargs):
    return HttpResponse("tip_detail")


def faq(request, **kwargs):
    return HttpResponse("faq")
