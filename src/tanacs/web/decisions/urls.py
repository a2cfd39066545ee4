from django.urls import path

from tanacs.web.decisions import views

urlpatterns = [
    path("c/<int:council_id>/decisions/", views.council_decisions, name="decisions"),
    path("c/<int:council_id>/decision-rules/", views.rules, name="decision-rules"),
    path("c/<int:council_id>/motions/new/", views.motion_new, name="motion-new"),
    path("c/<int:council_id>/programmes/new/", views.programme_new, name="programme-new"),
    path("c/<int:council_id>/elections/new/", views.election_new, name="election-new"),
    path("c/<int:council_id>/recalls/new/", views.recall_new, name="recall-new"),
    path("motions/<int:motion_id>/", views.motion, name="motion"),
    path("motions/<int:motion_id>/mandates/", views.mandates, name="motion-mandates"),
    path("motions/<int:motion_id>/<str:move>/", views.motion_move, name="motion-move"),
    path("amendments/<int:amendment_id>/<str:move>/", views.amendment_move, name="amendment-move"),
    path("programmes/<int:programme_id>/", views.programme, name="programme"),
    path("programmes/<int:programme_id>/<str:move>/", views.programme_move, name="programme-move"),
    path("elections/<int:election_id>/", views.election, name="election"),
    path("elections/<int:election_id>/<str:move>/", views.election_move, name="election-move"),
    path("recalls/<int:petition_id>/", views.recall, name="recall"),
    path("recalls/<int:petition_id>/sign/", views.recall_sign, name="recall-sign"),
    path("decisions/ballots/<int:ballot_id>/close/", views.close_ballot, name="decisions-close"),
    path("decisions/ballots/<int:ballot_id>/resume/", views.resume_ballot, name="decisions-resume"),
]
