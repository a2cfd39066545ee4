from django.apps import AppConfig


class BroadcastConfig(AppConfig):
    name = "tanacs.broadcast"
    label = "broadcast"

    def ready(self) -> None:
        from tanacs.broadcast.replay import register_replay
        from tanacs.broadcast.sections import register_all

        register_all()
        register_replay()
