from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "tanacs.journal"
    label = "journal"
