from django.http import HttpResponse


def home(request, **kwargs):
    return HttpResponse("home")


def about(request, **kwargs):
    return HttpResponse("about")


def search(request, **kwargs):
    return HttpResponse("search")
