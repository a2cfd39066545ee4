from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "tanacs.decisions"
    label = "decisions"

    def ready(self) -> None:
        from tanacs.decisions.replay import register_replay
        from tanacs.decisions.subjects import register_all

        register_all()
        register_replay()
