from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tanacs.core"
    label = "core"
