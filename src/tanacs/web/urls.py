"""The pages. Other subjects add their own ``path("...", include("..."))`` line at the end."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from tanacs.web.views import accounts, broadcast, councils, federations, home, journal

app_name = "web"

urlpatterns = [
    path("", home.home, name="home"),
    path("login/", accounts.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", accounts.signup, name="signup"),
    # Federations
    path("f/new/", federations.federation_new, name="federation-new"),
    path("f/<slug:slug>/", federations.federation, name="federation"),
    path("f/<slug:slug>/councils/new/", federations.council_new, name="council-new"),
    path("f/<slug:slug>/import/", federations.members_import, name="import"),
    path("f/<slug:slug>/journal/", journal.journal, name="journal"),
    path("f/<slug:slug>/journal/check/", journal.journal_check, name="journal-check"),
    # Councils
    path("c/<int:council_id>/", councils.council, name="council"),
    path("c/<int:council_id>/apply/", councils.apply, name="apply"),
    path("c/<int:council_id>/leave/", councils.leave, name="leave"),
    path("c/<int:council_id>/move/", councils.move, name="move"),
    path("c/<int:council_id>/officers/", councils.appoint_officer, name="appoint-officer"),
    path("c/<int:council_id>/m/<int:membership_id>/vouch/", councils.vouch, name="vouch"),
    path("c/<int:council_id>/m/<int:membership_id>/admit/", councils.admit, name="admit"),
    path("c/<int:council_id>/m/<int:membership_id>/suspend/", councils.suspend, name="suspend"),
    path(
        "c/<int:council_id>/m/<int:membership_id>/reinstate/",
        councils.reinstate,
        name="reinstate",
    ),
    path("c/<int:council_id>/seats/<int:number>/", councils.set_seat, name="seat"),
    path(
        "c/<int:council_id>/seats/<int:number>/unavailable/",
        councils.mark_unavailable,
        name="seat-unavailable",
    ),
    path(
        "c/<int:council_id>/seats/<int:number>/available/",
        councils.mark_available,
        name="seat-available",
    ),
    path("", include("tanacs.web.ballots.urls")),
    path("", include("tanacs.web.decisions.urls")),
    path("", include("tanacs.web.strikes.urls")),
    path("", include("tanacs.web.negotiations.urls")),
    # The public broadcast: readable signed out
    path("f/<slug:slug>/public/", broadcast.federation_public, name="federation-public"),
    path("f/<slug:slug>/feed/", broadcast.federation_feed, name="federation-feed"),
    path("c/<int:council_id>/public/", broadcast.council_public, name="council-public"),
    path("c/<int:council_id>/feed/", broadcast.council_feed, name="council-feed"),
    path("c/<int:council_id>/bulletins/", broadcast.council_bulletins, name="council-bulletins"),
    path("c/<int:council_id>/bulletins/relay/", broadcast.relay, name="bulletin-relay"),
    path("bulletins/<int:bulletin_id>/", broadcast.bulletin, name="bulletin"),
]
