from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "tanacs.decisions"
    label = "decisions"
