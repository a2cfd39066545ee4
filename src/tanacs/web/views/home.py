from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tanacs.federation.selectors import list_federations
from tanacs.web.views.summary import my_councils, waiting_for


def home(request: HttpRequest) -> HttpResponse:
    """Federations, and for a signed-in person what waits for them and the councils they
    belong to or serve."""
    context: dict[str, object] = {"federations": list_federations(), "mine": None}
    if request.user.is_authenticated:
        context["waiting"] = waiting_for(request.user)
        context["mine"] = my_councils(request.user)
    return render(request, "web/home.html", context)
