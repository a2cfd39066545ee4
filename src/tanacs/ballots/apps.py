from django.apps import AppConfig


class BallotsConfig(AppConfig):
    name = "tanacs.ballots"
    label = "ballots"
