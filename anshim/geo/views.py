from django.http import HttpResponse


def map_view(request, **kwargs):
    return HttpResponse("map_view")
