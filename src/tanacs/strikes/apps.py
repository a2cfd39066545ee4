from django.apps import AppConfig


class StrikesConfig(AppConfig):
    name = "tanacs.strikes"
    label = "strikes"

    def ready(self) -> None:
        from tanacs.strikes.publication import register_publication
        from tanacs.strikes.replay import register_replay
        from tanacs.strikes.subjects import register_all

        register_all()
        register_replay()
        register_publication()
