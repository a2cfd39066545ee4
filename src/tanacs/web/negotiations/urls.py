from django.urls import path

from tanacs.web.negotiations import views

urlpatterns = [
    path("c/<int:council_id>/negotiations/", views.council_negotiations, name="negotiations"),
    path("c/<int:council_id>/negotiations/open/", views.negotiation_open, name="negotiation-open"),
    path("negotiations/<int:negotiation_id>/", views.negotiation, name="negotiation"),
    path(
        "negotiations/<int:negotiation_id>/sent.txt",
        views.negotiation_document,
        name="negotiation-document",
    ),
    path(
        "negotiations/<int:negotiation_id>/<str:step>/",
        views.negotiation_step,
        name="negotiation-step",
    ),
]
