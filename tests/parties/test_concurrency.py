"""Twenty identical applications at the same moment make one organisation (PostgreSQL)."""

import re
import threading

import pytest
from django.db import connection
from django.test import Client

from parties.models import Application, ContactPerson, Organisation

pytestmark = pytest.mark.postgres


@pytest.mark.django_db(transaction=True)
def test_it_keeps_one_record_when_twenty_identical_applications_arrive_at_once(
    require_postgres, application_payload, settings
):
    settings.RATELIMIT_ENABLE = False
    settings.CELERY_TASK_ALWAYS_EAGER = True
    count = 20
    barrier = threading.Barrier(count)
    statuses: list[int] = []
    errors: list[BaseException] = []
    problems: list[str] = []

    def submit():
        try:
            client = Client()
            barrier.wait(timeout=30)
            response = client.post("/anslut/", application_payload)
            statuses.append(response.status_code)
            if response.status_code == 400:
                problems.extend(re.findall(r'id="(id_\w+)_error"', response.content.decode()))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors, errors
    assert sorted(statuses) == [302] + [400] * (count - 1), set(problems)
    assert Organisation.objects.filter(org_number="802400-1235").count() == 1
    assert Application.objects.count() == 1
    assert ContactPerson.objects.count() == 1
