"""Signing in and out (Django's own views) and creating an account."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import login
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from tanacs.core.actors import login_problem
from tanacs.web.views.edge import next_url


class SignupForm(UserCreationForm):  # type: ignore[type-arg]
    def clean_username(self) -> str:
        username = str(super().clean_username())
        problem = login_problem(username)
        if problem:
            raise ValidationError(problem, code="invalid")
        return username


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Create an account, so that a new person can then apply to a council."""
    form: UserCreationForm[Any] = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(next_url(request, "/"))
    status = 400 if request.method == "POST" else 200
    return render(
        request, "web/signup.html", {"form": form, "next": next_url(request, "/")}, status=status
    )
