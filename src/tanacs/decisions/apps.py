from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "tanacs.decisions"
    label = "decisions"

    def ready(self) -> None:
        from tanacs.ballots.hooks import register_declared
        from tanacs.decisions.voting import PURPOSES, on_declared

        for purpose in PURPOSES:
            register_declared(purpose, on_declared)
