from django.urls import include, path

urlpatterns = [
    path("api/", include("tanacs.api.urls")),
    path("", include("tanacs.web.urls")),
]
