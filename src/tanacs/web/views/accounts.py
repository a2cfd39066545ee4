"""Signing in and out (Django's own views) and creating an account."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from tanacs.core.actors import login_problem
from tanacs.core.signin import TooManyAttempts, check_sign_in_allowed
from tanacs.web.views.edge import next_url, refused


class SignInForm(AuthenticationForm):
    """Django's sign-in form, which first says so when the account or address is locked out."""

    def clean(self) -> dict[str, Any]:
        if self.request is not None:
            try:
                check_sign_in_allowed(self.request, self.cleaned_data.get("username"))
            except TooManyAttempts as error:
                refused(self.request, error)
                raise ValidationError(error.message, code=error.code) from None
        return super().clean()


class SignInView(auth_views.LoginView):
    authentication_form = SignInForm

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_invalid(form)
        if form.has_error("__all__", code=TooManyAttempts.code):
            response.status_code = TooManyAttempts.http_status
        return response


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
        login(request, user, backend="tanacs.core.signin.ThrottledModelBackend")
        return redirect(next_url(request, "/"))
    status = 400 if request.method == "POST" else 200
    return render(
        request, "web/signup.html", {"form": form, "next": next_url(request, "/")}, status=status
    )
