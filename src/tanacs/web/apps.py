from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "tanacs.web"
    label = "web"
