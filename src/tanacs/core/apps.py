from django.apps import AppConfig
from django.db.models.signals import pre_save


class CoreConfig(AppConfig):
    name = "tanacs.core"
    label = "core"

    def ready(self) -> None:
        from tanacs.core.storage import check_storable

        # Every model, Django's own included: a login or a session is stored alike.
        pre_save.connect(check_storable, dispatch_uid="tanacs.core.storage")
