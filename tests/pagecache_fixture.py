"""The page cache in tests: private to the test process, and empty at the start of each test.

Other test runs in the same tree (and `make run`) must not share pages with this one, so the
"pages" cache is moved into this process's memory for the whole session. A test that changes
a setting gets fresh pages too (the settings are not part of the cache's key).
"""

import uuid

import pytest
from django.core.signals import setting_changed
from django.test import override_settings


@pytest.hookimpl(trylast=True)
def pytest_configure(config):
    from django.conf import settings

    private = override_settings(
        CACHES={
            **settings.CACHES,
            "pages": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": f"pages-{uuid.uuid4().hex}",
            },
        }
    )
    private.enable()
    setting_changed.connect(_forget_pages, dispatch_uid="tests.pagecache_fixture")


def _forget_pages(setting, **kwargs):
    from config import pagecache

    pagecache.clear()


@pytest.fixture(autouse=True)
def _empty_page_cache():
    from config import pagecache

    pagecache.clear()
    yield
