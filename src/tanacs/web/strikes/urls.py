from django.urls import path

from tanacs.web.strikes import views

urlpatterns = [
    path("c/<int:council_id>/strikes/", views.council_strikes, name="strikes"),
    path("c/<int:council_id>/strikes/call/", views.strike_call, name="strike-call"),
    path("strikes/<int:strike_id>/", views.strike, name="strike"),
    path("strikes/<int:strike_id>/report/", views.strike_report, name="strike-report"),
    path("strikes/<int:strike_id>/decide/", views.strike_decide, name="strike-decide"),
    path("strikes/<int:strike_id>/ballot/", views.strike_ballot, name="strike-ballot"),
]
