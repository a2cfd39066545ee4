from django.apps import AppConfig


class DelegationConfig(AppConfig):
    name = "tanacs.delegation"
    label = "delegation"
