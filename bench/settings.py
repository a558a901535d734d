"""Settings for the load benchmark (bench/load.py): the project's, plus a trivial view.

    DJANGO_SETTINGS_MODULE=bench.settings gunicorn config.wsgi:application

Only the URLconf differs, so the trivial view runs through the same middleware as the
pages it is compared with. Everything else comes from the environment as in production.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
