from django.apps import AppConfig


class NegotiationsConfig(AppConfig):
    name = "tanacs.negotiations"
    label = "negotiations"

    def ready(self) -> None:
        from tanacs.negotiations.publication import register_publication
        from tanacs.negotiations.replay import register_replay
        from tanacs.negotiations.subjects import register_all

        register_all()
        register_replay()
        register_publication()
