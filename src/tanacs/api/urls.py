from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from tanacs.api import ballots
from tanacs.api.views import (
    auth,
    base,
    broadcast,
    councils,
    docs,
    federations,
    journal,
    memberships,
    seats,
)

app_name = "api"

council = "v1/councils/<int:council_id>/"
seat = f"{council}seats/<int:number>/"
membership = f"{council}memberships/<int:membership_id>/"
federation = "v1/federations/<slug:slug>/"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs.SwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("v1/auth/token/", auth.TokenView.as_view(), name="token"),
    # federations
    path("v1/federations/", federations.FederationListView.as_view(), name="federations"),
    path(federation, federations.FederationDetailView.as_view(), name="federation"),
    path(f"{federation}seat-rule/", federations.SeatRuleView.as_view(), name="seat-rule"),
    path(f"{federation}tree/", federations.TreeView.as_view(), name="tree"),
    path(f"{federation}councils/", councils.CouncilListView.as_view(), name="councils"),
    path(f"{federation}members/import/", memberships.ImportView.as_view(), name="import"),
    path(f"{federation}journal/", journal.JournalView.as_view(), name="journal"),
    path(f"{federation}journal/<int:seq>/", journal.EntryView.as_view(), name="entry"),
    path(f"{federation}journal/head/", journal.HeadView.as_view(), name="journal-head"),
    path(f"{federation}journal/check/", journal.ExtendsView.as_view(), name="journal-check"),
    # councils
    path(council, councils.CouncilDetailView.as_view(), name="council"),
    path(f"{council}move/", councils.MoveView.as_view(), name="move"),
    path(f"{council}vouches-needed/", councils.VouchesNeededView.as_view(), name="vouches"),
    path(f"{council}officers/", councils.OfficerListView.as_view(), name="officers"),
    path(f"{council}officers/<str:username>/", councils.OfficerView.as_view(), name="officer"),
    path(f"{council}members/", councils.MemberListView.as_view(), name="members"),
    path(f"{council}apply/", councils.ApplyView.as_view(), name="apply"),
    # seats
    path(f"{council}seats/", seats.SeatListView.as_view(), name="seats"),
    path(seat, seats.SeatDetailView.as_view(), name="seat"),
    path(f"{seat}unavailable/", seats.UnavailableView.as_view(), name="unavailable"),
    path(f"{seat}available/", seats.AvailableView.as_view(), name="available"),
    path(f"{seat}resign/", seats.ResignView.as_view(), name="resign"),
    # memberships
    path("v1/me/", memberships.MeView.as_view(), name="me"),
    path("v1/me/memberships/", memberships.MyMembershipsView.as_view(), name="my-memberships"),
    path(membership, memberships.MembershipView.as_view(), name="membership"),
    path(f"{membership}vouch/", memberships.VouchView.as_view(), name="vouch"),
    path(f"{membership}admit/", memberships.AdmitView.as_view(), name="admit"),
    path(f"{membership}suspend/", memberships.SuspendView.as_view(), name="suspend"),
    path(f"{membership}reinstate/", memberships.ReinstateView.as_view(), name="reinstate"),
    path(f"{membership}leave/", memberships.LeaveView.as_view(), name="leave"),
    # the public broadcast
    path(f"{federation}public/", broadcast.FederationPublicView.as_view(), name="fed-public"),
    path(f"{council}public/", broadcast.CouncilPublicView.as_view(), name="council-public"),
    path(f"{council}bulletins/", broadcast.CouncilBulletinsView.as_view(), name="bulletins"),
    path(f"{council}bulletins/relay/", broadcast.RelayView.as_view(), name="bulletin-relay"),
    path("v1/bulletins/<int:id>/", broadcast.BulletinView.as_view(), name="bulletin"),
    *ballots.urlpatterns,
    path("v1/", include("tanacs.api.decisions")),
    path("v1/", include("tanacs.api.strikes")),
    path("v1/", include("tanacs.api.negotiations")),
    # Keep last: any other URL under /api/ answers a JSON 404.
    re_path(r"^(?P<path>[\s\S]*)$", base.no_such_endpoint),
]
