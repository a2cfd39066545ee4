from django.urls import path

from tanacs.web.ballots import views

urlpatterns = [
    path("c/<int:council_id>/ballots/", views.council_ballots, name="ballots"),
    path("c/<int:council_id>/ballots/new/", views.ballot_new, name="ballot-new"),
    path("b/<int:ballot_id>/", views.ballot, name="ballot"),
    path("b/<int:ballot_id>/vote/", views.vote, name="ballot-vote"),
    path("b/<int:ballot_id>/receipt/", views.receipt, name="ballot-receipt"),
    path("b/<int:ballot_id>/turnout/", views.turnout_page, name="ballot-turnout"),
    path("b/<int:ballot_id>/result/", views.result, name="ballot-result"),
    path("b/<int:ballot_id>/list.csv", views.export_csv, name="ballot-csv"),
    path("b/<int:ballot_id>/list.json", views.export_json, name="ballot-json"),
    path("b/<int:ballot_id>/tally.csv", views.export_tally, name="ballot-tally"),
    path("b/<int:ballot_id>/<str:move>/", views.move, name="ballot-move"),
]
