from django.apps import AppConfig


class FederationConfig(AppConfig):
    name = "tanacs.federation"
    label = "federation"
