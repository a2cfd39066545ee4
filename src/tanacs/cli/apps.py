from django.apps import AppConfig


class CliConfig(AppConfig):
    name = "tanacs.cli"
    label = "cli"
