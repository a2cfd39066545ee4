from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "tanacs.decisions"
    label = "decisions"

    def ready(self) -> None:
        from tanacs.ballots.hooks import register_cast_check, register_declared
        from tanacs.decisions.voting import PURPOSES, check_bound_vote, on_declared

        for purpose in PURPOSES:
            register_declared(purpose, on_declared)
        register_cast_check("motion", check_bound_vote)
