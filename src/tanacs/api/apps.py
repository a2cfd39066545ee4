from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "tanacs.api"
    label = "api"
