"""The common settings in local mode, for the test suite and the type checker.

pytest-django and django-stubs load settings before anything else runs, so local mode is
set here, where it is explicit, rather than guessed from who imported the settings.
"""

import os

os.environ["TANACS_LOCAL"] = "1"
os.environ.pop("TANACS_PRODUCTION", None)

# Django's pattern for a settings variant: every setting of the base, then the differences.
from tanacs.config.settings import *  # noqa: F403
