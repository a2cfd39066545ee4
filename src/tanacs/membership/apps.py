from django.apps import AppConfig


class MembershipConfig(AppConfig):
    name = "tanacs.membership"
    label = "membership"
