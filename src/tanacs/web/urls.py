"""The pages. Other subjects add their own ``path("...", include("..."))`` line below."""

from django.contrib.auth import views as auth_views
from django.urls import path

from tanacs.web.views import accounts, home

app_name = "web"

urlpatterns = [
    path("", home.home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", accounts.signup, name="signup"),
]
